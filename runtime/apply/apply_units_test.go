package apply_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// fakeManager records calls and keeps unit states like systemd would.
type fakeManager struct {
	calls   []string
	active  map[string]bool
	enabled map[string]bool
	fail    map[string]error
}

func newFakeManager() *fakeManager {
	return &fakeManager{active: map[string]bool{}, enabled: map[string]bool{}, fail: map[string]error{}}
}

func (m *fakeManager) call(c string) error {
	m.calls = append(m.calls, c)
	return m.fail[c]
}

func (m *fakeManager) Reload(context.Context) error { return m.call("daemon-reload") }
func (m *fakeManager) Enable(_ context.Context, units []string) error {
	for _, u := range units {
		m.enabled[u] = true
	}
	return m.call("enable " + strings.Join(units, " "))
}
func (m *fakeManager) Start(_ context.Context, u string) error {
	m.active[u] = true
	return m.call("start " + u)
}
func (m *fakeManager) Restart(_ context.Context, u string) error {
	m.active[u] = true
	return m.call("restart " + u)
}
func (m *fakeManager) State(_ context.Context, u string) (runtime.UnitState, error) {
	return runtime.UnitState{Active: m.active[u], Enabled: m.enabled[u]}, nil
}

var _ runtime.Manager = (*fakeManager)(nil)

func TestApplyUnitSteps(t *testing.T) {
	root := t.TempDir()
	m := newFakeManager()
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: root, Manager: m})
	assert.Equal(t, []string{"daemon-reload", "enable containerd.service", "start containerd.service"}, m.calls, "first apply")
	assert.Len(t, res.Units, 3)

	tests := []struct {
		name   string
		change func(*runtime.Plan)
		want   []string
	}{
		{"nothing changed", func(*runtime.Plan) {}, nil},
		{"hosts.toml restarts nothing", func(p *runtime.Plan) {
			p.Files[2].Content = []byte("server = \"https://mirror.example\"\n")
		}, nil},
		{"crictl.yaml restarts nothing", func(p *runtime.Plan) { p.Files[3].Content = []byte("timeout: 5\n") }, nil},
		{"config.toml restarts containerd, no reload", func(p *runtime.Plan) {
			p.Files[1].Content = []byte("version = 3\n# pause changed\n")
		}, []string{"restart containerd.service"}},
		{"unit file: one reload, one restart", func(p *runtime.Plan) {
			p.Files[0].Content = []byte("[Service]\nExecStart=/usr/bin/containerd --log-level debug\n")
			p.Files[1].Content = []byte("version = 3\n# and config\n")
		}, []string{"daemon-reload", "restart containerd.service"}},
		{"drop-in: reload and restart of its unit", func(p *runtime.Plan) {
			p.Files = append(p.Files, runtime.File{Path: "/etc/systemd/system/containerd.service.d/10-limits.conf", Mode: 0o644, Content: []byte("[Service]\nLimitNOFILE=1048576\n")})
		}, []string{"daemon-reload", "restart containerd.service"}},
		{"a running daemon outside the plan restarts too", func(p *runtime.Plan) {
			p.Files = append(p.Files, runtime.File{Path: "/var/lib/kubelet/config.yaml", Mode: 0o644, Content: []byte("kind: KubeletConfiguration\n"), RestartUnits: []string{"kubelet.service", "stopped.service"}})
		}, []string{"restart kubelet.service"}},
	}
	m.active["kubelet.service"] = true
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plansample.NodePlan()
			tt.change(p)
			m.calls = nil
			res := mustApply(t, p, apply.Options{Root: root, Manager: m})
			assert.Equal(t, tt.want, m.calls)
			assert.Len(t, res.Units, len(tt.want))
			// Put the tree back for the next case.
			m.calls = nil
			mustApply(t, plansample.NodePlan(), apply.Options{Root: root, Manager: m})
		})
	}
}

func TestApplyStartsWhatIsNotRunning(t *testing.T) {
	root := t.TempDir()
	m := newFakeManager()
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root, Manager: m})
	m.active["containerd.service"] = false
	m.calls = nil
	mustApply(t, plansample.NodePlan(), apply.Options{Root: root, Manager: m})
	assert.Equal(t, []string{"start containerd.service"}, m.calls)

	// A restart action alone restarts only on change, and never starts.
	p := plansample.NodePlan()
	p.Units[1].Action = runtime.ActionRestart
	m.active["containerd.service"] = false
	m.calls = nil
	mustApply(t, p, apply.Options{Root: root, Manager: m})
	assert.Empty(t, m.calls)
	p.Files[1].Content = []byte("version = 2\n")
	mustApply(t, p, apply.Options{Root: root, Manager: m})
	assert.Equal(t, []string{"restart containerd.service"}, m.calls)
}

func TestApplyDryRunOnlyAsksTheManager(t *testing.T) {
	m := newFakeManager()
	m.active["containerd.service"] = true
	m.enabled["containerd.service"] = true
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: t.TempDir(), Manager: m, DryRun: true})
	assert.Empty(t, m.calls, "a dry run changes nothing")
	assert.Equal(t, []apply.UnitStep{
		{Action: runtime.ActionReload},
		{Unit: "containerd.service", Action: runtime.ActionRestart},
	}, res.Units)
}

func TestApplyReportsFailedUnitStep(t *testing.T) {
	m := newFakeManager()
	boom := errors.New("job failed")
	m.fail["start containerd.service"] = boom
	res, err := apply.Apply(context.Background(), plansample.NodePlan(), apply.Options{Root: t.TempDir(), Manager: m})
	assert.ErrorIs(t, err, boom)
	require.NotNil(t, res, "the files were written; the result says so")
	assert.Equal(t, apply.ChangeCreated, res.Files[0].Change)
}

// skipper is a Manager for a root that is not booted.
type skipper struct{ fakeManager }

func (s *skipper) Start(context.Context, string) error   { return runtime.ErrSkipped }
func (s *skipper) Restart(context.Context, string) error { return runtime.ErrSkipped }

func TestApplyRecordsSkippedSteps(t *testing.T) {
	s := &skipper{*newFakeManager()}
	res := mustApply(t, plansample.NodePlan(), apply.Options{Root: t.TempDir(), Manager: s})
	assert.Equal(t, []apply.UnitStep{
		{Action: runtime.ActionReload},
		{Unit: "containerd.service", Action: runtime.ActionEnable},
		{Unit: "containerd.service", Action: runtime.ActionStart, Skipped: true},
	}, res.Units)
}

func TestUnitOfPath(t *testing.T) {
	for p, want := range map[string]string{
		"/etc/systemd/system/containerd.service":                "containerd.service",
		"/usr/lib/systemd/system/docker.socket":                 "docker.socket",
		"/etc/systemd/system/kubelet.service.d/10-kubeadm.conf": "kubelet.service",
		"/lib/systemd/system/cri-docker.service":                "cri-docker.service",
		"/etc/systemd/system/multi-user.target.wants/x.service": "",
		"/etc/containerd/config.toml":                           "",
		"/etc/systemd/system/kubelet.service.d/notes.txt":       "",
		"/etc/systemd/system/not-a-unit.d/x.conf":               "",
		"/etc/systemd/system/containerd.service.d/sub/x.conf":   "",
		"/etc/systemd/system.conf":                              "",
	} {
		assert.Equal(t, want, runtime.UnitOfPath(p), p)
	}
}
