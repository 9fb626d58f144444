package runtime_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func validPlan() *runtime.Plan {
	return &runtime.Plan{
		Files: []runtime.File{
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("version = 3\n")},
			{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("timeout: 10\n")},
		},
		Groups: []string{"docker"},
		Units:  []runtime.UnitAction{{Unit: "containerd.service", Action: runtime.ActionEnable}},
	}
}

func TestPlanValidate(t *testing.T) {
	require.NoError(t, validPlan().Validate())
	tests := []struct {
		name     string
		mutate   func(*runtime.Plan)
		sentinel error
		path     string
	}{
		{"relative path", func(p *runtime.Plan) { p.Files[0].Path = "etc/x" }, field.ErrInvalid, "files[0].path"},
		{"dot dot", func(p *runtime.Plan) { p.Files[0].Path = "/etc/../x" }, field.ErrInvalid, "files[0].path"},
		{"trailing slash", func(p *runtime.Plan) { p.Files[0].Path = "/etc/x/" }, field.ErrInvalid, "files[0].path"},
		{"empty path", func(p *runtime.Plan) { p.Files[1].Path = "" }, field.ErrRequired, "files[1].path"},
		{"root path", func(p *runtime.Plan) { p.Files[0].Path = "/" }, field.ErrInvalid, "files[0].path"},
		{"newline in path", func(p *runtime.Plan) { p.Files[0].Path = "/etc/a\nb" }, field.ErrInvalid, "files[0].path"},
		{"duplicate path", func(p *runtime.Plan) { p.Files[1].Path = p.Files[0].Path }, field.ErrDuplicate, "files[1].path"},
		{"setuid mode", func(p *runtime.Plan) { p.Files[0].Mode = 0o4755 | os.ModeSetuid }, field.ErrInvalid, "files[0].mode"},
		{"world writable", func(p *runtime.Plan) { p.Files[0].Mode = 0o666 }, field.ErrForbidden, "files[0].mode"},
		{"bad owner", func(p *runtime.Plan) { p.Files[0].Owner = "Root User" }, field.ErrInvalid, "files[0].owner"},
		{"bad group name", func(p *runtime.Plan) { p.Groups[0] = "dock er" }, field.ErrInvalid, "groups[0]"},
		{"duplicate group", func(p *runtime.Plan) { p.Groups = append(p.Groups, "docker") }, field.ErrDuplicate, "groups[1]"},
		{"unit without suffix", func(p *runtime.Plan) { p.Units[0].Unit = "containerd" }, field.ErrInvalid, "units[0].unit"},
		{"unknown action", func(p *runtime.Plan) { p.Units[0].Action = "reboot" }, field.ErrNotSupported, "units[0].action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPlan()
			tt.mutate(p)
			fieldtest.RequireProblem(t, p.Validate(), tt.sentinel, tt.path)
		})
	}
}

func TestPlanValidateCollectsEveryProblem(t *testing.T) {
	p := validPlan()
	p.Files[0].Path = "relative"
	p.Files[1].Mode = 0o777
	p.Units[0].Action = "x"
	assert.Len(t, field.AsList(p.Validate()), 3)
}

type fakeInstaller struct {
	name string
	plan *runtime.Plan
	err  error
}

func (f fakeInstaller) Name() string                                { return f.name }
func (f fakeInstaller) Plan(context.Context) (*runtime.Plan, error) { return f.plan, f.err }

func TestCompose(t *testing.T) {
	a := fakeInstaller{name: "containerd", plan: &runtime.Plan{
		Files: []runtime.File{
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("a\n")},
			{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("x\n")},
		},
		Units: []runtime.UnitAction{{Unit: "containerd.service", Action: runtime.ActionEnable}},
	}}
	b := fakeInstaller{name: "kubelet", plan: &runtime.Plan{
		Files: []runtime.File{
			{Path: "/etc/crictl.yaml", Mode: 0o644, Owner: "root", Content: []byte("x\n")},
			{Path: "/var/lib/kubelet/config.yaml", Mode: 0o644, Content: []byte("b\n")},
		},
		Groups: []string{"docker"},
		Units: []runtime.UnitAction{
			{Unit: "containerd.service", Action: runtime.ActionEnable},
			{Unit: "kubelet.service", Action: runtime.ActionEnable},
		},
	}}
	got, err := runtime.Compose(context.Background(), a, b)
	require.NoError(t, err)
	paths := []string{}
	for _, f := range got.Files {
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"/etc/containerd/config.toml", "/etc/crictl.yaml", "/var/lib/kubelet/config.yaml"}, paths)
	assert.Equal(t, []string{"docker"}, got.Groups)
	assert.Equal(t, []runtime.UnitAction{
		{Unit: "containerd.service", Action: runtime.ActionEnable},
		{Unit: "kubelet.service", Action: runtime.ActionEnable},
	}, got.Units)
}

func TestComposeRefusesConflictNamingBoth(t *testing.T) {
	a := fakeInstaller{name: "containerd", plan: &runtime.Plan{Files: []runtime.File{{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("a\n")}}}}
	b := fakeInstaller{name: "crio", plan: &runtime.Plan{Files: []runtime.File{{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("b\n")}}}}
	_, err := runtime.Compose(context.Background(), a, b)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, `files."/etc/crictl.yaml"`).Value([]string{"containerd", "crio"}))

	// Same content, different mode: still a conflict.
	b.plan.Files[0] = runtime.File{Path: "/etc/crictl.yaml", Mode: 0o600, Content: []byte("a\n")}
	_, err = runtime.Compose(context.Background(), a, b)
	fieldtest.RequireProblem(t, err, field.ErrConflict, `files."/etc/crictl.yaml"`)
}

func TestComposeReportsInstallerError(t *testing.T) {
	bad := fakeInstaller{name: "docker", err: field.ErrorList{field.Invalid(field.NewPath("exec-opts").Index(0), "x", "")}}
	_, err := runtime.Compose(context.Background(), bad)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "exec-opts[0]")
	var ie *runtime.InstallerError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "docker", ie.Installer)
}

func TestComposeValidatesMergedPlan(t *testing.T) {
	rel := fakeInstaller{name: "x", plan: &runtime.Plan{Files: []runtime.File{{Path: "etc/x", Mode: 0o644}}}}
	_, err := runtime.Compose(context.Background(), rel)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[0].path")
}

func TestInstalledPlan(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{{Path: "/etc/a", Mode: 0o644, Content: []byte("a")}}}
	got, err := runtime.InstalledPlan(context.Background(), plan, "x")
	require.NoError(t, err)
	got.Files[0].Content[0] = 'b'
	assert.Equal(t, "a", string(plan.Files[0].Content), "the caller changes its own copy")

	_, err = runtime.InstalledPlan(context.Background(), nil, "x")
	assert.ErrorIs(t, err, field.ErrRequired)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = runtime.InstalledPlan(ctx, plan, "x")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEnableAndStart(t *testing.T) {
	assert.Equal(t, []runtime.UnitAction{
		{Unit: "a.socket", Action: runtime.ActionEnable}, {Unit: "a.socket", Action: runtime.ActionStart},
		{Unit: "a.service", Action: runtime.ActionEnable}, {Unit: "a.service", Action: runtime.ActionStart},
	}, runtime.EnableAndStart("a.socket", "a.service"))
}

func TestHasDotDot(t *testing.T) {
	for v, want := range map[string]bool{
		"..": true, "../x": true, "x/..": true, "/a/../b": true, "a/b/../": true,
		"": false, "...": false, "a..b": false, "/a/..b/c": false, "..x/y": false, "/a/b": false,
	} {
		assert.Equal(t, want, runtime.HasDotDot(v), v)
	}
}

func TestNewPlan(t *testing.T) {
	p, err := runtime.NewPlan(*validPlan())
	require.NoError(t, err)
	assert.Equal(t, validPlan(), p)
	bad := validPlan()
	bad.Files[0].Path = "relative"
	_, err = runtime.NewPlan(*bad)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[0].path")
}

// TestCloneFilesDoNotShareRoom holds Clone's one-buffer copy to a deep
// copy: appending to one cloned file's content or restart units must not
// reach the next file's, nor the original's.
func TestCloneFilesDoNotShareRoom(t *testing.T) {
	p := validPlan()
	p.Files[0].RestartUnits = []string{"containerd.service"}
	p.Files[1].RestartUnits = []string{"kubelet.service"}
	c := p.Clone()
	require.Equal(t, p, c)
	c.Files[0].Content = append(c.Files[0].Content, "XX"...)
	c.Files[0].RestartUnits = append(c.Files[0].RestartUnits, "other.service")
	assert.Equal(t, "timeout: 10\n", string(c.Files[1].Content))
	assert.Equal(t, []string{"kubelet.service"}, c.Files[1].RestartUnits)
	c.Files[1].Content[0] = 'X'
	assert.Equal(t, "version = 3\n", string(p.Files[0].Content))
	assert.Equal(t, "timeout: 10\n", string(p.Files[1].Content))
	assert.Equal(t, []string{"containerd.service"}, p.Files[0].RestartUnits)
}
