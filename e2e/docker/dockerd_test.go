package docker_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// nodeConfig is daemon.json as the docker Installer plans it for 20.10,
// with the keys the sandbox's flags set taken out, validated against those
// flags.
func nodeConfig(t *testing.T, s *realcheck.DockerSandbox, opts ...docker.InstallerOption) []byte {
	t.Helper()
	in, err := docker.NewInstaller(append([]docker.InstallerOption{docker.WithVersion(realcheck.DockerVersion)}, opts...)...)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	return s.ForFlags(t, plan.File(docker.DaemonPath).Content)
}

func TestDockerdStartsOnRenderedConfig(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      []docker.InstallerOption
		cgroup    string
		logDriver string
		check     func(t *testing.T, info map[string]any)
	}{
		// dockerd 20.10 checks native.cgroupdriver=systemd only when it
		// creates a container, so it comes up here without systemd as
		// PID 1 and reports the driver it will use.
		{"systemd-json-file", nil, "systemd", "json-file", nil},
		{"cgroupfs-local", []docker.InstallerOption{
			docker.WithCgroupDriver(runtime.CgroupCgroupfs),
			docker.WithLogDriver("local"),
			docker.WithLogOpts(map[string]string{"max-size": "20m", "max-file": "5"}),
			docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
		}, "cgroupfs", "local", nil},
		// Issue 15: a runtime handler as the default runtime (20.10 reads
		// runc-kind handlers only), and registries: a plain-HTTP one and a
		// Docker Hub mirror.
		{"handlers-registries", []docker.InstallerOption{
			docker.WithCgroupDriver(runtime.CgroupCgroupfs),
			docker.WithRuntimeHandlers([]runtime.RuntimeHandler{
				{Name: "sandboxed", Kind: runtime.HandlerRunc, Binary: "/usr/sbin/runc", Default: true},
				{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime"},
			}),
			docker.WithRegistryHosts([]runtime.Registry{
				{Host: "dev-registry.corp.example:5000", PlainHTTP: true},
				{Host: "self-signed.example", SkipVerify: true},
				{Host: "docker.io", Mirrors: []runtime.RegistryMirror{{URL: "https://hub.mirror.example"}}},
			}),
		}, "cgroupfs", "json-file", func(t *testing.T, info map[string]any) {
			assert.Equal(t, "sandboxed", info["DefaultRuntime"])
			runtimes, _ := info["Runtimes"].(map[string]any)
			assert.Contains(t, runtimes, "sandboxed")
			assert.Contains(t, runtimes, "nvidia")
			reg, _ := info["RegistryConfig"].(map[string]any)
			indexes, _ := reg["IndexConfigs"].(map[string]any)
			for _, host := range []string{"dev-registry.corp.example:5000", "self-signed.example"} {
				index, _ := indexes[host].(map[string]any)
				assert.Equal(t, false, index["Secure"], "%s is insecure: %v", host, reg)
			}
			hub, _ := indexes["docker.io"].(map[string]any)
			assert.Equal(t, []any{"https://hub.mirror.example/"}, hub["Mirrors"])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := realcheck.NewDockerSandbox(t)
			content := nodeConfig(t, s, tc.opts...)
			d := s.Start(t, content)
			info := s.Info(t, d)
			assert.Equal(t, tc.cgroup, info["CgroupDriver"], "cgroup driver")
			assert.Equal(t, tc.logDriver, info["LoggingDriver"], "logging driver")
			assert.Equal(t, "overlay2", info["Driver"], "storage driver")
			assert.Equal(t, s.DataRoot(), info["DockerRootDir"])
			if tc.check != nil {
				tc.check(t, info)
			}
			t.Logf("dockerd %v accepted:\n%s", info["ServerVersion"], content)
		})
	}
}

func TestDockerdRefusesWhatValidateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(c *docker.DaemonConfig, s *realcheck.DockerSandbox)
		sentinel error
		path     string
		log      string
	}{
		{"unknown key", func(c *docker.DaemonConfig, s *realcheck.DockerSandbox) {
			c.Extra = map[string]json.RawMessage{"kubenode-unknown": json.RawMessage(`true`)}
		}, field.ErrUnknown, "kubenode-unknown", "don't match any configuration option"},
		{"flag and file conflict", func(c *docker.DaemonConfig, s *realcheck.DockerSandbox) {
			c.Containerd = s.Containerd
		}, field.ErrConflict, "containerd", "specified both as a flag and in the configuration file"},
		{"bad cgroup driver", func(c *docker.DaemonConfig, s *realcheck.DockerSandbox) {
			c.ExecOpts = []string{"native.cgroupdriver=kubenode"}
		}, field.ErrNotSupported, "exec-opts[0]", "native.cgroupdriver option kubenode not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := realcheck.NewDockerSandbox(t)
			cfg, err := docker.Parse(nodeConfig(t, s, docker.WithCgroupDriver(runtime.CgroupCgroupfs)))
			require.NoError(t, err)
			tc.edit(cfg, s)

			_, verr := cfg.Validate(runtime.MustParseVersion(realcheck.DockerVersion), s.Flags())
			require.Error(t, verr, "Validate must refuse it first")
			var found bool
			for _, e := range field.AsList(verr) {
				if errors.Is(e, tc.sentinel) && e.Path.String() == tc.path {
					found = true
				}
			}
			assert.True(t, found, "want %v at %s, got:\n%v", tc.sentinel, tc.path, verr)

			content, err := cfg.Render()
			require.NoError(t, err)
			d := s.Start(t, content)
			err = d.WaitUntil(60*time.Second, func() error { return errors.New("still running") })
			exited, werr := d.Exited()
			require.True(t, exited, "dockerd started on:\n%s\nlog:\n%s", content, d.Log())
			assert.Error(t, werr, "dockerd must exit with a failure")
			assert.Contains(t, d.Log(), tc.log)
		})
	}
}

// TestDockerdDefersLogOptValues shows why Validate checks log-opts values:
// dockerd 20.10 starts on max-size "abc" and refuses only each container
// it later creates, which on a node is every pod.
func TestDockerdDefersLogOptValues(t *testing.T) {
	s := realcheck.NewDockerSandbox(t)
	cfg, err := docker.Parse(nodeConfig(t, s, docker.WithCgroupDriver(runtime.CgroupCgroupfs)))
	require.NoError(t, err)
	cfg.LogOpts["max-size"] = "abc"
	_, verr := cfg.Validate(runtime.MustParseVersion(realcheck.DockerVersion), s.Flags())
	var found bool
	for _, e := range field.AsList(verr) {
		found = found || (errors.Is(e, field.ErrInvalid) && e.Path.String() == "log-opts.max-size")
	}
	assert.True(t, found, "Validate must refuse max-size abc, got %v", verr)

	content, err := cfg.Render()
	require.NoError(t, err)
	d := s.Start(t, content)
	info := s.Info(t, d)
	assert.Equal(t, "json-file", info["LoggingDriver"], "dockerd came up on a file whose log-opts every container will refuse")
}
