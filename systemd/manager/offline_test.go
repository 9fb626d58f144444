package manager_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

func writeUnit(t *testing.T, root, p, content string) {
	t.Helper()
	full := filepath.Join(root, p)
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
}

// links lists the symlinks under root/etc/systemd/system and their targets.
func links(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	base := filepath.Join(root, "etc/systemd/system")
	_ = filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			rel, _ := filepath.Rel(base, p)
			out[rel] = target
		}
		return nil
	})
	return out
}

func TestOfflineEnable(t *testing.T) {
	root := t.TempDir()
	writeUnit(t, root, "etc/systemd/system/x.service", "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\nRequiredBy=foo.target\nAlias=xx.service\nAlso=y.service\n")
	writeUnit(t, root, "usr/lib/systemd/system/y.service", "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=sockets.target\n")
	writeUnit(t, root, "usr/lib/systemd/system/static.service", "[Service]\nExecStart=/bin/true\n")
	m := manager.Offline{Root: root}
	ctx := context.Background()

	st, err := m.State(ctx, "x.service")
	require.NoError(t, err)
	assert.False(t, st.Enabled)
	require.NoError(t, m.Enable(ctx, []string{"x.service", "static.service"}))
	// What `systemctl --root=ROOT enable x.service` makes (systemd 252);
	// e2e/apply checks against the real systemctl.
	assert.Equal(t, map[string]string{
		"multi-user.target.wants/x.service": "/etc/systemd/system/x.service",
		"foo.target.requires/x.service":     "/etc/systemd/system/x.service",
		"xx.service":                        "/etc/systemd/system/x.service",
		"sockets.target.wants/y.service":    "/usr/lib/systemd/system/y.service",
	}, links(t, root))
	st, err = m.State(ctx, "x.service")
	require.NoError(t, err)
	assert.Equal(t, runtime.UnitState{Enabled: true}, st)
	require.NoError(t, m.Enable(ctx, []string{"x.service"}), "enabling twice is fine")

	assert.ErrorIs(t, m.Start(ctx, "x.service"), runtime.ErrSkipped)
	assert.ErrorIs(t, m.Restart(ctx, "x.service"), runtime.ErrSkipped)
	assert.ErrorIs(t, m.Reload(ctx), runtime.ErrSkipped)
}

func TestOfflineHonoursListReset(t *testing.T) {
	root := t.TempDir()
	// WantedBy= empties the list, as systemctl reads it: only the target
	// after it gets a link.
	writeUnit(t, root, "etc/systemd/system/x.service", "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=graphical.target\nWantedBy=\nWantedBy=multi-user.target\n")
	require.NoError(t, manager.Offline{Root: root}.Enable(context.Background(), []string{"x.service"}))
	assert.Equal(t, map[string]string{
		"multi-user.target.wants/x.service": "/etc/systemd/system/x.service",
	}, links(t, root))
}

func TestOfflineRefuses(t *testing.T) {
	root := t.TempDir()
	writeUnit(t, root, "etc/systemd/system/x.service", "[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/systemd/system/multi-user.target.wants"), 0o755))
	require.NoError(t, os.Symlink("/elsewhere", filepath.Join(root, "etc/systemd/system/multi-user.target.wants/x.service")))
	m := manager.Offline{Root: root}
	assert.Error(t, m.Enable(context.Background(), []string{"x.service"}), "a conflicting link is not replaced")
	assert.ErrorIs(t, m.Enable(context.Background(), []string{"missing.service"}), fs.ErrNotExist)
	assert.Error(t, m.Enable(context.Background(), []string{"tmpl@.service"}))
}

func containerdPlan() *runtime.Plan {
	return &runtime.Plan{
		Files: []runtime.File{
			{Path: "/etc/systemd/system/containerd.service", Mode: 0o644, Content: []byte("[Service]\nExecStart=/usr/bin/containerd\n\n[Install]\nWantedBy=multi-user.target\n"), RestartUnits: []string{"containerd.service"}},
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("version = 3\n"), RestartUnits: []string{"containerd.service"}},
		},
		Units: []runtime.UnitAction{
			{Unit: "containerd.service", Action: runtime.ActionEnable},
			{Unit: "containerd.service", Action: runtime.ActionStart},
		},
	}
}

func TestApplyWithOffline(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	res, err := apply.Apply(ctx, containerdPlan(), apply.Options{Root: root, Manager: manager.Offline{Root: root}})
	require.NoError(t, err)
	assert.Equal(t, []apply.UnitStep{
		{Action: runtime.ActionReload, Skipped: true},
		{Unit: "containerd.service", Action: runtime.ActionEnable},
		{Unit: "containerd.service", Action: runtime.ActionStart, Skipped: true},
	}, res.Units)
	assert.Equal(t, map[string]string{"multi-user.target.wants/containerd.service": "/etc/systemd/system/containerd.service"}, links(t, root))

	res, err = apply.Apply(ctx, containerdPlan(), apply.Options{Root: root, Manager: manager.Offline{Root: root}})
	require.NoError(t, err)
	assert.Equal(t, []apply.UnitStep{{Unit: "containerd.service", Action: runtime.ActionStart, Skipped: true}}, res.Units,
		"enabled already; nothing runs offline, so start is asked and skipped")
}
