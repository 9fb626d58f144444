package apply_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// debianVersion is the release of the containerd the namespaced systemd
// runs: Debian 12's (realcheck.DebianContainerdPath).
const debianVersion = "1.6"

// containerdPlan is the node plan the containerd package makes for
// Debian's containerd with the systemd cgroup driver, a pause image and a
// docker.io mirror, plus a group, so that Apply's groupadd runs too.
func containerdPlan(t *testing.T, pause string) *runtime.Plan {
	t.Helper()
	cfg, err := containerd.New(containerd.WithVersion(debianVersion), containerd.WithSandboxImage(pause),
		containerd.WithCgroupDriver(runtime.CgroupSystemd), containerd.WithNRI(false))
	require.NoError(t, err)
	in, err := containerd.NewInstaller(containerd.WithConfig(cfg), containerd.WithVersion(debianVersion), containerd.WithBinary(realcheck.DebianContainerdPath),
		containerd.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}))
	require.NoError(t, err)
	p, err := in.Plan(context.Background())
	require.NoError(t, err)
	// containerd reads config.toml only at start. Should the installer not
	// say so, say it here, so the test checks Apply and not the installer.
	if f := p.File("/etc/containerd/config.toml"); f != nil && len(f.RestartUnits) == 0 {
		restartNote.Do(func() {
			t.Log("note: the containerd installer sets no RestartUnits on config.toml; adding containerd.service")
		})
		f.RestartUnits = []string{"containerd.service"}
	}
	p.Groups = append(p.Groups, "kubenode-e2e")
	return p
}

var restartNote sync.Once

// applyInNamespace runs Apply inside the namespaced systemd, as the test
// binary copied into its root, with the D-Bus manager (socket "" for
// manager.NewDBus, a path for manager.NewDBusAt).
func applyInNamespace(t *testing.T, s *harness.Systemd, plan *runtime.Plan, socket string) *apply.Result {
	t.Helper()
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(s.Path("/run/kubenode-e2e-plan.json"), data, 0o600))
	out := runHelper(t, s, []string{helperEnv + "=apply", helperPlanEnv + "=/run/kubenode-e2e-plan.json", helperSocketEnv + "=" + socket})
	var res apply.Result
	require.NoError(t, json.Unmarshal(out, &res), "%s", out)
	return &res
}

// propsInNamespace reads a unit's state and properties over D-Bus, from
// inside the namespace.
func propsInNamespace(t *testing.T, s *harness.Systemd, unit string) unitProps {
	t.Helper()
	out := runHelper(t, s, []string{helperEnv + "=props", helperSocketEnv + "=/run/systemd/private"}, unit)
	var p unitProps
	require.NoError(t, json.Unmarshal(out, &p), "%s", out)
	return p
}

// helperPath is where the test binary is copied in the namespace's root.
const helperPath = "/usr/local/libexec/kubenode-e2e/apply.test"

func runHelper(t *testing.T, s *harness.Systemd, env []string, args ...string) []byte {
	t.Helper()
	if _, err := os.Stat(s.Path(helperPath)); err != nil {
		self, err := os.Executable()
		require.NoError(t, err)
		copyFile(t, self, s.Path(helperPath), 0o755)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := s.Command(ctx, append([]string{helperPath}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr stringsBuilder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "helper %v: %s\nstdout: %s", env, stderr.String(), out)
	return out
}

type stringsBuilder struct{ b []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) { s.b = append(s.b, p...); return len(p), nil }
func (s *stringsBuilder) String() string              { return string(s.b) }

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
