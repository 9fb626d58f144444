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

func TestValidGoldenValues(t *testing.T) {
	for _, u := range []*systemd.UnitFile{dockerService(), dockerSocket(), kubeletService(), pruneService(), pruneTimer()} {
		err := u.Validate()
		assert.True(t, err == nil, "%s: %v", u.Name, err)
	}
	err := kubeadmDropIn().Validate()
	assert.True(t, err == nil, "%v", err)
}

// oneProblem changes one thing of a valid unit file or drop-in and names
// the one problem that brings.
type oneProblem[T any] struct {
	name   string
	mutate func(T)
	want   error
	path   string
}

// requireOneProblem applies each case to a fresh valid value: Validate
// reports exactly its problem, and Render refuses with it.
func requireOneProblem[T interface {
	Validate() error
	Render() ([]byte, error)
}](t *testing.T, valid func() T, tests []oneProblem[T]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			tt.mutate(v)
			m := fieldtest.Match(tt.want, tt.path)
			fieldtest.RequireExactly(t, v.Validate(), m)
			out, err := v.Render()
			fieldtest.RequireExactly(t, err, m)
			assert.Nil(t, out)
		})
	}
}

func TestValidateUnitFile(t *testing.T) {
	long := strings.Repeat("x", systemd.LineMax+1-len("Description=\n"))
	requireOneProblem(t, dockerService, []oneProblem[*systemd.UnitFile]{
		// Values written verbatim.
		{"description with newline", func(u *systemd.UnitFile) { u.Unit.Description = "Docker\nExecStartPre=/bin/evil" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"description with carriage return", func(u *systemd.UnitFile) { u.Unit.Description = "Docker\rx" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"description with NUL", func(u *systemd.UnitFile) { u.Unit.Description = "Docker\x00x" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"description with trailing backslash", func(u *systemd.UnitFile) { u.Unit.Description = `Docker\` }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"description with leading space", func(u *systemd.UnitFile) { u.Unit.Description = " Docker" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"description not UTF-8", func(u *systemd.UnitFile) { u.Unit.Description = "Docker \xff" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"unknown specifier", func(u *systemd.UnitFile) { u.Unit.Description = "Docker on %z" }, field.ErrInvalid, "docker.service [Unit] Description"},
		{"2049-byte line", func(u *systemd.UnitFile) { u.Unit.Description = long }, field.ErrTooLong, "docker.service [Unit] Description"},
		{"After element with two units", func(u *systemd.UnitFile) { u.Unit.After[1] = "firewalld.service docker.socket" }, field.ErrInvalid, "docker.service [Unit] After[1]"},
		{"After element not a unit", func(u *systemd.UnitFile) { u.Unit.After[0] = "network-online" }, field.ErrInvalid, "docker.service [Unit] After[0]"},
		{"Requires element with newline", func(u *systemd.UnitFile) { u.Unit.Requires[1] = "containerd.service\nExecStart=/bin/sh" }, field.ErrInvalid, "docker.service [Unit] Requires[1]"},
		{"Documentation not a URI", func(u *systemd.UnitFile) { u.Unit.Documentation[0] = "docs.docker.com" }, field.ErrInvalid, "docker.service [Unit] Documentation[0]"},
		{"relative condition path", func(u *systemd.UnitFile) { u.Unit.ConditionPathExists = []string{"", "!etc/docker"} }, field.ErrInvalid, "docker.service [Unit] ConditionPathExists[1]"},
		{"bad StartLimitIntervalSec", func(u *systemd.UnitFile) { u.Unit.StartLimitIntervalSec = "60 seconds later" }, field.ErrInvalid, "docker.service [Unit] StartLimitIntervalSec"},
		{"negative StartLimitBurst", func(u *systemd.UnitFile) { u.Unit.StartLimitBurst = ptr(-1) }, field.ErrInvalid, "docker.service [Unit] StartLimitBurst"},

		// Commands.
		{"ExecStart argument with newline", func(u *systemd.UnitFile) { u.Service.ExecStart[0].Argv[2] = "fd://\nExecStartPre=/bin/evil" }, field.ErrInvalid, "docker.service [Service] ExecStart[0][2]"},
		{"ExecStart argument with NUL", func(u *systemd.UnitFile) { u.Service.ExecStart[0].Argv[1] = "-H\x00" }, field.ErrInvalid, "docker.service [Service] ExecStart[0][1]"},
		{"ExecStart argument with bad specifier", func(u *systemd.UnitFile) { u.Service.ExecStart[0].Argv[2] = "unix://%z/docker.sock" }, field.ErrInvalid, "docker.service [Service] ExecStart[0][2]"},
		{"relative exec path", func(u *systemd.UnitFile) { u.Service.ExecStart[0].Argv[0] = "dockerd" }, field.ErrInvalid, "docker.service [Service] ExecStart[0][0]"},
		{"exec path naming a directory", func(u *systemd.UnitFile) { u.Service.ExecReload[0].Argv[0] = "/bin/" }, field.ErrInvalid, "docker.service [Service] ExecReload[0][0]"},
		{"command without program", func(u *systemd.UnitFile) { u.Service.ExecReload[0] = systemd.Command{IgnoreFailure: true} }, field.ErrRequired, "docker.service [Service] ExecReload[0]"},
		{"dash as Prefix", func(u *systemd.UnitFile) { u.Service.ExecReload[0].Prefix = "-" }, field.ErrInvalid, "docker.service [Service] ExecReload[0]"},
		{"plus and bang", func(u *systemd.UnitFile) { u.Service.ExecReload[0].Prefix = "+!" }, field.ErrInvalid, "docker.service [Service] ExecReload[0]"},
		{"at without argv0", func(u *systemd.UnitFile) {
			u.Service.ExecReload[0] = systemd.Command{Prefix: "@", Argv: []string{"/bin/kill"}}
		}, field.ErrRequired, "docker.service [Service] ExecReload[0]"},
		{"ExecStart reset only", func(u *systemd.UnitFile) { u.Service.ExecStart = []systemd.Command{{}} }, field.ErrRequired, "docker.service [Service] ExecStart"},
		{"two ExecStart for notify", func(u *systemd.UnitFile) {
			u.Service.ExecStart = append(u.Service.ExecStart, systemd.NewCommand("/usr/bin/true"))
		}, field.ErrForbidden, "docker.service [Service] ExecStart[1]"},

		// Environment.
		{"Environment value with newline", func(u *systemd.UnitFile) {
			u.Service.Environment = []systemd.Env{{Name: "DOCKER_OPTS", Value: "a\nExecStartPre=/bin/evil"}}
		}, field.ErrInvalid, "docker.service [Service] Environment[0]"},
		{"Environment name not a variable", func(u *systemd.UnitFile) {
			u.Service.Environment = []systemd.Env{{}, {Name: "1X", Value: "a"}}
		}, field.ErrInvalid, "docker.service [Service] Environment[1]"},
		{"Environment without name", func(u *systemd.UnitFile) { u.Service.Environment = []systemd.Env{{Value: "a"}} }, field.ErrRequired, "docker.service [Service] Environment[0]"},
		{"Environment bad specifier", func(u *systemd.UnitFile) {
			u.Service.Environment = []systemd.Env{{Name: "A", Value: "%z"}}
		}, field.ErrInvalid, "docker.service [Service] Environment[0]"},
		{"relative EnvironmentFile", func(u *systemd.UnitFile) {
			u.Service.EnvironmentFile = []systemd.EnvironmentFile{{Path: "etc/default/docker"}}
		}, field.ErrInvalid, "docker.service [Service] EnvironmentFile[0]"},
		{"optional EnvironmentFile without path", func(u *systemd.UnitFile) {
			u.Service.EnvironmentFile = []systemd.EnvironmentFile{{Optional: true}}
		}, field.ErrRequired, "docker.service [Service] EnvironmentFile[0]"},

		// Enums and typed values.
		{"bad Type", func(u *systemd.UnitFile) { u.Service.Type = "notifyy" }, field.ErrNotSupported, "docker.service [Service] Type"},
		{"bad Restart", func(u *systemd.UnitFile) { u.Service.Restart = "sometimes" }, field.ErrNotSupported, "docker.service [Service] Restart"},
		{"bad KillMode", func(u *systemd.UnitFile) { u.Service.KillMode = "all" }, field.ErrNotSupported, "docker.service [Service] KillMode"},
		{"bad Timespan", func(u *systemd.UnitFile) { u.Service.RestartSec = "2x" }, field.ErrInvalid, "docker.service [Service] RestartSec"},
		{"Timespan with dangling dot", func(u *systemd.UnitFile) { u.Service.TimeoutSec = "5." }, field.ErrInvalid, "docker.service [Service] TimeoutSec"},
		{"bad Limit", func(u *systemd.UnitFile) { u.Service.LimitNOFILE = "lots" }, field.ErrInvalid, "docker.service [Service] LimitNOFILE"},
		{"size suffix on a count limit", func(u *systemd.UnitFile) { u.Service.LimitNPROC = "64K" }, field.ErrInvalid, "docker.service [Service] LimitNPROC"},
		{"soft above hard", func(u *systemd.UnitFile) { u.Service.LimitCORE = "2G:1G" }, field.ErrInvalid, "docker.service [Service] LimitCORE"},
		{"zero TasksMax", func(u *systemd.UnitFile) { u.Service.TasksMax = "0" }, field.ErrInvalid, "docker.service [Service] TasksMax"},
		{"OOMScoreAdjust out of range", func(u *systemd.UnitFile) { u.Service.OOMScoreAdjust = ptr(-1001) }, field.ErrInvalid, "docker.service [Service] OOMScoreAdjust"},
		{"user with space", func(u *systemd.UnitFile) { u.Service.User = "docker user" }, field.ErrInvalid, "docker.service [Service] User"},
		{"relative WorkingDirectory", func(u *systemd.UnitFile) { u.Service.WorkingDirectory = "var/lib/docker" }, field.ErrInvalid, "docker.service [Service] WorkingDirectory"},
		{"Slice not a slice", func(u *systemd.UnitFile) { u.Service.Slice = "runtime.service" }, field.ErrInvalid, "docker.service [Service] Slice"},
		{"Alias of another type", func(u *systemd.UnitFile) { u.Install = &systemd.Install{Alias: []string{"dockerd.socket"}} }, field.ErrInvalid, "docker.service [Install] Alias[0]"},

		// Raw options and sections.
		{"extra option name with space", func(u *systemd.UnitFile) { u.Service.Extra = []systemd.Option{{Name: "Bad Name", Value: "1"}} }, field.ErrInvalid, "docker.service [Service] Extra[0]"},
		{"extra option name with equals", func(u *systemd.UnitFile) { u.Service.Extra = []systemd.Option{{Name: "A=B", Value: "1"}} }, field.ErrInvalid, "docker.service [Service] Extra[0]"},
		{"extra option value with newline", func(u *systemd.UnitFile) {
			u.Service.Extra = []systemd.Option{{Name: "Nice", Value: "1\nExecStartPre=/bin/evil"}}
		}, field.ErrInvalid, "docker.service [Service] Nice"},
		{"extra option that fits its typed field", func(u *systemd.UnitFile) { u.Service.Extra = []systemd.Option{{Name: "User", Value: "root"}} }, field.ErrForbidden, "docker.service [Service] User"},
		{"extra list option that fits its typed field", func(u *systemd.UnitFile) {
			u.Unit.Extra = []systemd.Option{{Name: "After", Value: "time-set.target"}}
		}, field.ErrForbidden, "docker.service [Unit] After"},
		{"extra section named like a typed one", func(u *systemd.UnitFile) { u.Extra = []systemd.Section{{Name: "Install"}} }, field.ErrForbidden, "docker.service [Install]"},
		{"extra section of another unit type", func(u *systemd.UnitFile) {
			u.Extra = []systemd.Section{{Name: "Timer", Options: []systemd.Option{{Name: "OnCalendar", Value: "daily"}}}}
		}, field.ErrForbidden, "docker.service [Timer]"},
		{"extra section twice", func(u *systemd.UnitFile) { u.Extra = []systemd.Section{{Name: "X-A"}, {Name: "X-A"}} }, field.ErrDuplicate, "docker.service [X-A]"},
		{"extra section name with bracket", func(u *systemd.UnitFile) { u.Extra = []systemd.Section{{Name: "X]\n[Service"}} }, field.ErrInvalid, "docker.service [Extra][0]"},
		{"Socket section in a .service", func(u *systemd.UnitFile) {
			u.Socket = &systemd.Socket{ListenStream: []string{"/run/docker.sock"}}
		}, field.ErrForbidden, "docker.service [Socket]"},

		// The file.
		{"name without suffix", func(u *systemd.UnitFile) { u.Name = "docker" }, field.ErrInvalid, "docker"},
		{"name with unknown suffix", func(u *systemd.UnitFile) { u.Name = "docker.conf" }, field.ErrInvalid, "docker.conf"},
		{"name with slash", func(u *systemd.UnitFile) { u.Name = "../docker.service" }, field.ErrInvalid, "../docker.service"},
		{"no name", func(u *systemd.UnitFile) { u.Name = "" }, field.ErrRequired, ""},
		{"no section", func(u *systemd.UnitFile) { u.Name, u.Sections = "docker.target", systemd.Sections{} }, field.ErrRequired, "docker.target"},
	})
}

func TestValidateSocket(t *testing.T) {
	requireOneProblem(t, dockerSocket, []oneProblem[*systemd.UnitFile]{
		{"Service section in a .socket", func(u *systemd.UnitFile) {
			u.Service = &systemd.Service{ExecStart: []systemd.Command{systemd.NewCommand("/usr/bin/dockerd")}}
		}, field.ErrForbidden, "docker.socket [Service]"},
		{"mode not octal", func(u *systemd.UnitFile) { u.Socket.SocketMode = "0668" }, field.ErrInvalid, "docker.socket [Socket] SocketMode"},
		{"mode above 0777", func(u *systemd.UnitFile) { u.Socket.SocketMode = "1777" }, field.ErrInvalid, "docker.socket [Socket] SocketMode"},
		{"relative socket path", func(u *systemd.UnitFile) { u.Socket.ListenStream[0] = "docker.sock" }, field.ErrInvalid, "docker.socket [Socket] ListenStream[0]"},
		{"port zero", func(u *systemd.UnitFile) { u.Socket.ListenStream[0] = "127.0.0.1:0" }, field.ErrInvalid, "docker.socket [Socket] ListenStream[0]"},
		{"nothing to listen on", func(u *systemd.UnitFile) { u.Socket.ListenStream = []string{""} }, field.ErrRequired, "docker.socket [Socket] ListenStream"},
		{"Service not a service", func(u *systemd.UnitFile) { u.Socket.Service = "docker" }, field.ErrInvalid, "docker.socket [Socket] Service"},
		{"group with colon", func(u *systemd.UnitFile) { u.Socket.SocketGroup = "docker:root" }, field.ErrInvalid, "docker.socket [Socket] SocketGroup"},
	})
}

// A legal file name whose drop-in does not fit: 255 bytes is the most a
// file name may have, and <unit>.d adds two.
var (
	longDropIn = strings.Repeat("d", 295) + ".conf"
	longUnit   = strings.Repeat("k", 246) + ".service"
)

func TestValidateDropIn(t *testing.T) {
	requireOneProblem(t, kubeadmDropIn, []oneProblem[*systemd.DropIn]{
		{"Environment value with newline", func(d *systemd.DropIn) {
			d.Service.Environment[1].Value = "--config=/var/lib/kubelet/config.yaml\nExecStartPre=/bin/evil"
		}, field.ErrInvalid, "kubelet.service.d/10-kubeadm.conf [Service] Environment[1]"},
		{"ExecStart argument with newline", func(d *systemd.DropIn) {
			d.Service.ExecStart[1].Argv[1] = "$KUBELET_KUBECONFIG_ARGS\n"
		}, field.ErrInvalid, "kubelet.service.d/10-kubeadm.conf [Service] ExecStart[1][1]"},
		{"name without .conf", func(d *systemd.DropIn) { d.Name = "10-kubeadm" }, field.ErrInvalid, "kubelet.service.d/10-kubeadm"},
		{"name with slash", func(d *systemd.DropIn) { d.Name = "x/10-kubeadm.conf" }, field.ErrInvalid, "kubelet.service.d/x/10-kubeadm.conf"},
		{"unit without suffix", func(d *systemd.DropIn) { d.Unit = "kubelet" }, field.ErrInvalid, "kubelet.d/10-kubeadm.conf"},
		// Issue 20, item 8: accepted, then Apply failed "file name too long".
		{"300-byte name", func(d *systemd.DropIn) { d.Name = longDropIn }, field.ErrTooLong, "kubelet.service.d/" + longDropIn},
		{"unit whose .d directory is too long", func(d *systemd.DropIn) { d.Unit = longUnit }, field.ErrTooLong, longUnit + ".d/10-kubeadm.conf"},
		{"Socket section for a service", func(d *systemd.DropIn) {
			d.Socket = &systemd.Socket{ListenStream: []string{"/run/kubelet.sock"}}
		}, field.ErrForbidden, "kubelet.service.d/10-kubeadm.conf [Socket]"},
		{"reset of After=, which systemd ignores", func(d *systemd.DropIn) {
			d.Sections.Unit = &systemd.Unit{After: []string{"", "crio.service"}}
		}, field.ErrForbidden, "kubelet.service.d/10-kubeadm.conf [Unit] After[0]"},
		{"reset of Wants=, which systemd ignores", func(d *systemd.DropIn) {
			d.Sections.Unit = &systemd.Unit{Wants: []string{""}}
		}, field.ErrForbidden, "kubelet.service.d/10-kubeadm.conf [Unit] Wants[0]"},
		{"2049-byte ExecStart", func(d *systemd.DropIn) {
			d.Service.ExecStart[1].Argv = append(d.Service.ExecStart[1].Argv, "--x="+strings.Repeat("y", 2000))
		}, field.ErrTooLong, "kubelet.service.d/10-kubeadm.conf [Service] ExecStart[1]"},
	})
}

// A drop-in may hold a single command without a reset (for a oneshot unit,
// or a unit without one): only whole unit files are checked for that.
func TestDropInNeedsNoExecStart(t *testing.T) {
	d := &systemd.DropIn{Unit: "containerd.service", Name: "50-limits.conf", Sections: systemd.Sections{
		Service: &systemd.Service{LimitNOFILE: "1048576", LimitMEMLOCK: "64M:infinity"},
	}}
	assert.NoError(t, d.Validate())
}

func TestValidateCollectsEveryProblem(t *testing.T) {
	u := dockerService()
	u.Unit.Description = "a\nb"
	u.Service.Type = "bogus"
	u.Service.ExecStart[0].Argv[0] = "dockerd"
	u.Service.RestartSec = "soon"
	u.Install.WantedBy = []string{"multi user.target"}
	fieldtest.RequireExactly(t, u.Validate(),
		fieldtest.Match(field.ErrInvalid, "docker.service [Unit] Description").Value("a\nb"),
		fieldtest.Match(field.ErrNotSupported, "docker.service [Service] Type").Value("bogus"),
		fieldtest.Match(field.ErrInvalid, "docker.service [Service] ExecStart[0][0]").Value("dockerd"),
		fieldtest.Match(field.ErrInvalid, "docker.service [Service] RestartSec").Value("soon"),
		fieldtest.Match(field.ErrInvalid, "docker.service [Install] WantedBy[0]").Value("multi user.target"),
	)
}

func TestValidateDoesNotMutate(t *testing.T) {
	u := pruneService()
	u.Service.Extra = append(u.Service.Extra, systemd.Option{Name: "ExecStart", Value: "/usr/bin/true"})
	before := pruneService()
	before.Service.Extra = append(before.Service.Extra, systemd.Option{Name: "ExecStart", Value: "/usr/bin/true"})
	fieldtest.RequireExactly(t, u.Validate(), fieldtest.Match(field.ErrForbidden, "kubenode-image-prune.service [Service] ExecStart"))
	assert.Equal(t, before, u)
}

func TestLineOfExactlyLineMaxBytes(t *testing.T) {
	u := dockerService()
	u.Unit.Description = strings.Repeat("x", systemd.LineMax-len("Description=\n"))
	out, err := u.Render()
	require.NoError(t, err)
	assert.Contains(t, string(out), "\nDescription="+u.Unit.Description+"\n")
	parsed, err := systemd.ParseUnitFile(u.Name, out)
	require.NoError(t, err)
	assert.Equal(t, u, parsed)
}

func TestValidTypedValues(t *testing.T) {
	u := dockerService()
	for _, ts := range []systemd.Timespan{"60s", "5min", "1h 30min", "1h30min", "infinity", "0", "100ms", "5", "1.5h", ".5s", "2 w", "1y", "5µs", "3 d 4h", "12.34 .56"} {
		u.Service.TimeoutStopSec = ts
		assert.NoError(t, u.Validate(), ts)
	}
	u = dockerService()
	for _, l := range []systemd.Limit{"infinity", "1048576", "1024:524288", "1024:infinity"} {
		u.Service.LimitNOFILE = l
		assert.NoError(t, u.Validate(), l)
	}
	for _, l := range []systemd.Limit{"0", "64M", "1G 512M", "8K:64M", "1.5G", "infinity:infinity"} {
		u.Service.LimitMEMLOCK = l
		assert.NoError(t, u.Validate(), l)
	}
	for _, tm := range []string{"infinity", "4096", "50%", "12.5%"} {
		u.Service.TasksMax = tm
		assert.NoError(t, u.Validate(), tm)
	}
	for _, typ := range systemd.ServiceTypes {
		u.Service.Type = typ
		if typ == systemd.TypeOneshot {
			continue
		}
		assert.NoError(t, u.Validate(), typ)
	}
	u = dockerService()
	u.Unit.Description = "100% of %n on %H, 20%"
	u.Unit.ConditionPathExists = []string{"|!/etc/docker/disabled", "%E/docker"}
	u.Service.ExecStartPre = []systemd.Command{{IgnoreFailure: true, Prefix: "+", Argv: []string{"/sbin/modprobe", "overlay"}}}
	u.Service.ExecStopPost = []systemd.Command{{Prefix: "@:", Argv: []string{"/bin/sh", "cleanup", "-c", "echo $$HOME; echo %%"}}}
	u.Service.WorkingDirectory = "-~"
	u.Service.Slice = "runtime.slice"
	u.Unit.After = append(u.Unit.After, "%i.service", `dev-disk-by\x2duuid.device`)
	assert.NoError(t, u.Validate())
}
