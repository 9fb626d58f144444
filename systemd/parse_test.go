package systemd_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

// seedKubelet is the guide's kubelet.service (section 2.3) as the heredoc
// writes it: a comment, continuation lines with stray spaces, a trailing
// space, and blank lines.
const seedKubelet = `# kubelet for the docker runtime

[Unit]
Description=Kubernetes Kubelet
Documentation=https://github.com/kubernetes/kubernetes
After=network-online.target firewalld.service cri-docker.service docker.socket containerd.service
Wants=network-online.target
Requires=docker.socket containerd.service

[Service]
ExecStart=/usr/local/bin/kubelet \
    --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.kubeconfig  \
    --kubeconfig=/etc/kubernetes/kubelet.kubeconfig \
    --config=/etc/kubernetes/kubelet-conf.yml \
    --container-runtime-endpoint=unix:///run/cri-dockerd.sock  \
    --node-labels=node.kubernetes.io/node= 


[Install]
WantedBy=multi-user.target
`

func TestParseSeedKubeletWithContinuations(t *testing.T) {
	u, err := systemd.ParseUnitFile("kubelet.service", []byte(seedKubelet))
	require.NoError(t, err)
	want := &systemd.UnitFile{
		Name: "kubelet.service",
		Sections: systemd.Sections{
			Unit: &systemd.Unit{
				Description:   "Kubernetes Kubelet",
				Documentation: []string{"https://github.com/kubernetes/kubernetes"},
				Requires:      []string{"docker.socket", "containerd.service"},
				Wants:         []string{"network-online.target"},
				After:         []string{"network-online.target", "firewalld.service", "cri-docker.service", "docker.socket", "containerd.service"},
			},
			Service: &systemd.Service{
				ExecStart: []systemd.Command{systemd.NewCommand(
					"/usr/local/bin/kubelet",
					"--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.kubeconfig",
					"--kubeconfig=/etc/kubernetes/kubelet.kubeconfig",
					"--config=/etc/kubernetes/kubelet-conf.yml",
					"--container-runtime-endpoint=unix:///run/cri-dockerd.sock",
					"--node-labels=node.kubernetes.io/node=",
				)},
			},
			Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
		},
	}
	assert.Equal(t, want, u)

	out, err := u.Render()
	require.NoError(t, err)
	assert.Contains(t, string(out), "\nExecStart=/usr/local/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.kubeconfig --kubeconfig=/etc/kubernetes/kubelet.kubeconfig --config=/etc/kubernetes/kubelet-conf.yml --container-runtime-endpoint=unix:///run/cri-dockerd.sock --node-labels=node.kubernetes.io/node=\n")
	again, err := systemd.ParseUnitFile("kubelet.service", out)
	require.NoError(t, err)
	assert.Equal(t, u, again)
}

func TestParseContinuationOfRawValue(t *testing.T) {
	// systemd replaces the backslash by a space and appends the next line as
	// it is, leading whitespace included.
	u, err := systemd.ParseUnitFile("a.service", []byte("[Unit]\nDescription=one \\\n  two\\\nthree\n[X-A]\nK=a\\\n\n"))
	require.NoError(t, err)
	assert.Equal(t, "one    two three", u.Unit.Description)
	assert.Equal(t, []systemd.Section{{Name: "X-A", Options: []systemd.Option{{Name: "K", Value: "a"}}}}, u.Extra)
}

func TestParseComments(t *testing.T) {
	data := `# leading comment
; another
[Service]
  # indented comment \
ExecStart=/bin/a
Environment=A=1 \
# a comment inside a continued line is skipped, as systemd does
; so is this one
  B=2
Type=oneshot # not a comment: part of the value
`
	u, err := systemd.ParseUnitFile("a.service", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []systemd.Command{systemd.NewCommand("/bin/a")}, u.Service.ExecStart)
	assert.Equal(t, []systemd.Env{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}, u.Service.Environment)
	assert.Equal(t, systemd.ServiceType("oneshot # not a comment: part of the value"), u.Service.Type)
}

func TestParseQuotedArguments(t *testing.T) {
	data := `[Service]
ExecStart=/bin/sh -c "echo 'hello world' \"quoted\" \\ done" 'single $HOME' a"b c"d "" "\x41\101\u00e9\ttab"
`
	u, err := systemd.ParseUnitFile("a.service", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []systemd.Command{systemd.NewCommand(
		"/bin/sh", "-c", `echo 'hello world' "quoted" \ done`, "single $HOME", "ab cd", "", "AAé\ttab",
	)}, u.Service.ExecStart)

	out, err := u.Render()
	require.NoError(t, err)
	assert.Equal(t, `[Service]
ExecStart=/bin/sh -c "echo 'hello world' \"quoted\" \\ done" "single $HOME" "ab cd" "" "AAé\ttab"
`, string(out))
}

func TestParseCommandPrefixesAndSeparators(t *testing.T) {
	data := `[Service]
Type=oneshot
ExecStartPre=-+/sbin/modprobe overlay ; /bin/echo \; ";" end
ExecStart=@/bin/sh kubenode-sh -c true
ExecStop=!!/bin/stop
ExecStopPost=:-/bin/echo $HOME
`
	u, err := systemd.ParseUnitFile("a.service", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []systemd.Command{
		{IgnoreFailure: true, Prefix: "+", Argv: []string{"/sbin/modprobe", "overlay"}},
		systemd.NewCommand("/bin/echo", ";", ";", "end"),
	}, u.Service.ExecStartPre)
	assert.Equal(t, []systemd.Command{{Prefix: "@", Argv: []string{"/bin/sh", "kubenode-sh", "-c", "true"}}}, u.Service.ExecStart)
	assert.Equal(t, []systemd.Command{{Prefix: "!!", Argv: []string{"/bin/stop"}}}, u.Service.ExecStop)
	assert.Equal(t, []systemd.Command{{IgnoreFailure: true, Prefix: ":", Argv: []string{"/bin/echo", "$HOME"}}}, u.Service.ExecStopPost)

	out, err := u.Render()
	require.NoError(t, err)
	assert.Equal(t, `[Service]
Type=oneshot
ExecStartPre=-+/sbin/modprobe overlay
ExecStartPre=/bin/echo ";" ";" end
ExecStart=@/bin/sh kubenode-sh -c true
ExecStop=!!/bin/stop
ExecStopPost=-:/bin/echo $HOME
`, string(out))
}

func TestParseSeveralAssignmentsOnOneLine(t *testing.T) {
	data := "[Service]\nEnvironment=\"A=1 2\" B=3 'C=x\\ty' D=\nEnvironment=\nEnvironment=E=%n\n"
	d, err := systemd.ParseDropIn("a.service", "10-env.conf", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []systemd.Env{
		{Name: "A", Value: "1 2"}, {Name: "B", Value: "3"}, {Name: "C", Value: "x\ty"}, {Name: "D"},
		{},
		{Name: "E", Value: "%n"},
	}, d.Service.Environment)

	out, err := d.Render()
	require.NoError(t, err)
	assert.Equal(t, "[Service]\nEnvironment=\"A=1 2\"\nEnvironment=B=3\nEnvironment=\"C=x\\ty\"\nEnvironment=D=\nEnvironment=\nEnvironment=E=%n\n", string(out))
}

func TestParseKeepsUnknownKeysInOrder(t *testing.T) {
	data := `[Unit]
Description=x
X-Origin=guide
StartLimitInterval=60s

[Service]
FooBar=1
Type=notify
ProtectSystem=full
Delegate=cpu memory
ExecStart=/usr/bin/dockerd
Delegate=yes
StartLimitBurst=3
Type=simple

[X-Kubenode]
A=1

[Unit]
After=a.service
`
	u, err := systemd.ParseUnitFile("docker.service", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, &systemd.Unit{
		Description: "x",
		After:       []string{"a.service"},
		Extra:       []systemd.Option{{Name: "X-Origin", Value: "guide"}, {Name: "StartLimitInterval", Value: "60s"}},
	}, u.Unit)
	assert.Equal(t, systemd.TypeNotify, u.Service.Type)
	assert.Nil(t, u.Service.Delegate, "a later Delegate= must stay behind the raw one it follows")
	assert.Equal(t, []systemd.Option{
		{Name: "FooBar", Value: "1"},
		{Name: "ProtectSystem", Value: "full"},
		{Name: "Delegate", Value: "cpu memory"},
		{Name: "Delegate", Value: "yes"},
		{Name: "StartLimitBurst", Value: "3"},
		{Name: "Type", Value: "simple"},
	}, u.Service.Extra)

	out, err := u.Render()
	require.NoError(t, err)
	assert.Equal(t, `[Unit]
Description=x
After=a.service
X-Origin=guide
StartLimitInterval=60s

[Service]
Type=notify
ExecStart=/usr/bin/dockerd
FooBar=1
ProtectSystem=full
Delegate=cpu memory
Delegate=yes
StartLimitBurst=3
Type=simple

[X-Kubenode]
A=1
`, string(out))
	again, err := systemd.ParseUnitFile("docker.service", out)
	require.NoError(t, err)
	assert.Equal(t, u, again)
}

func TestParseResets(t *testing.T) {
	data := "[Unit]\nDocumentation=\nDocumentation=man:b(8)\n[Service]\nExecStart=\nExecStart=/bin/b\nEnvironmentFile=\nEnvironmentFile=-/etc/default/b\n"
	d, err := systemd.ParseDropIn("b.service", "override.conf", []byte(data))
	require.NoError(t, err)
	assert.Equal(t, []string{"", "man:b(8)"}, d.Sections.Unit.Documentation)
	assert.Equal(t, []systemd.Command{{}, systemd.NewCommand("/bin/b")}, d.Service.ExecStart)
	assert.Equal(t, []systemd.EnvironmentFile{{}, {Path: "/etc/default/b", Optional: true}}, d.Service.EnvironmentFile)
	out, err := d.Render()
	require.NoError(t, err)
	unit := "[Unit]\nDocumentation=\nDocumentation=man:b(8)\n"
	assert.Equal(t, unit+"\n"+data[len(unit):], string(out))
}

// An empty After= line is kept as read, and refused when written back:
// systemd ignores it, so it does not reset what the unit orders after.
func TestParseKeepsIgnoredDependencyReset(t *testing.T) {
	d, err := systemd.ParseDropIn("b.service", "override.conf", []byte("[Unit]\nAfter=\nAfter=b.service\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"", "b.service"}, d.Sections.Unit.After)
	_, err = d.Render()
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrForbidden, "b.service.d/override.conf [Unit] After[0]").Value(""))
}

func TestParseValuesThatDoNotFit(t *testing.T) {
	data := `[Service]
ExecStart=/bin/sh -c "unbalanced
ExecStart=/bin/after
Environment=NOT_AN_ASSIGNMENT
OOMScoreAdjust=low
Delegate=true
Accept=maybe
[Socket]
Accept=on
`
	u, err := systemd.ParseUnitFile("a.service", []byte(data))
	require.NoError(t, err)
	assert.Nil(t, u.Service.ExecStart)
	assert.Nil(t, u.Service.Environment)
	assert.Nil(t, u.Service.OOMScoreAdjust)
	assert.Equal(t, ptr(true), u.Service.Delegate)
	assert.Equal(t, []systemd.Option{
		{Name: "ExecStart", Value: `/bin/sh -c "unbalanced`},
		{Name: "ExecStart", Value: "/bin/after"},
		{Name: "Environment", Value: "NOT_AN_ASSIGNMENT"},
		{Name: "OOMScoreAdjust", Value: "low"},
		{Name: "Accept", Value: "maybe"},
	}, u.Service.Extra)
	assert.Equal(t, &systemd.Socket{Accept: ptr(true)}, u.Socket)
}

func TestParseLineEndingsAndEscapedBackslash(t *testing.T) {
	data := "[Unit]\r\nDescription=a\\\\\r\nAfter=b.service\r\n"
	u, err := systemd.ParseUnitFile("a.target", []byte(data))
	require.NoError(t, err)
	// An escaped backslash does not continue the line.
	assert.Equal(t, `a\\`, u.Unit.Description)
	assert.Equal(t, []string{"b.service"}, u.Unit.After)
}

func TestParseErrors(t *testing.T) {
	for name, data := range map[string]string{
		"line too long":            "[Unit]\nDescription=" + strings.Repeat("x", 3000) + "\n",
		"garbage after section":    "[Unit] x\nDescription=a\n",
		"unterminated section":     "[Unit\n",
		"option name with newline": "[Unit]\nDescription\n=x\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := systemd.ParseUnitFile("a.service", []byte(data))
			assert.Error(t, err)
			_, err = systemd.ParseDropIn("a.service", "x.conf", []byte(data))
			assert.Error(t, err)
		})
	}
}

func TestParseEmpty(t *testing.T) {
	u, err := systemd.ParseUnitFile("a.service", nil)
	require.NoError(t, err)
	assert.Equal(t, &systemd.UnitFile{Name: "a.service"}, u)
}
