package docker_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// validateVersion is the release line of realcheck.BuiltDockerdVersion,
// the target the files are planned for.
const validateVersion = "28.5"

// TestDockerd28ValidatesRenderedConfig feeds `dockerd --validate` the
// daemon.json the Installer plans for 28.5 with issue 15's settings: shim
// and runc-kind runtime handlers with a default, insecure registries, a
// Docker Hub mirror and a data root.
func TestDockerd28ValidatesRenderedConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []docker.InstallerOption
	}{
		{"default", nil},
		{"handlers-registries-data-root", []docker.InstallerOption{
			docker.WithRuntimeHandlers([]runtime.RuntimeHandler{
				{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
				{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/opt/kata/share/defaults/kata-containers/configuration.toml"},
				{Name: "gvisor", Kind: runtime.HandlerShim, Shim: "io.containerd.runsc.v1"},
			}),
			docker.WithRegistryHosts([]runtime.Registry{
				{Host: "dev-registry.corp.example:5000", PlainHTTP: true},
				{Host: "self-signed.example", SkipVerify: true},
				{Host: "docker.io", Mirrors: []runtime.RegistryMirror{{URL: "https://hub.mirror.example/v2-cache"}}},
			}),
			docker.WithDataRoot("/data/docker"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := docker.NewInstaller(append([]docker.InstallerOption{docker.WithVersion(validateVersion)}, tc.opts...)...)
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			content := plan.File(docker.DaemonPath).Content
			out, err := realcheck.DockerdValidate(t, content)
			require.NoError(t, err, "dockerd %s refused:\n%s\n%s", realcheck.BuiltDockerdVersion, content, out)
			assert.Contains(t, out, "configuration OK")
			t.Logf("dockerd %s --validate accepted:\n%s", realcheck.BuiltDockerdVersion, content)
		})
	}
}

// TestDockerd28RefusesWhatValidateRefuses shows the check can fail: files
// Validate refuses for 28.5, which dockerd --validate refuses too.
func TestDockerd28RefusesWhatValidateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(c *docker.DaemonConfig)
		sentinel error
		path     string
		log      string
	}{
		{"unknown key", func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"kubenode-unknown": json.RawMessage(`true`)}
		}, field.ErrUnknown, "kubenode-unknown", "the following directives don't match any configuration option: kubenode-unknown"},
		{"removed key", func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"graph": json.RawMessage(`"/var/lib/docker"`)}
		}, field.ErrRemoved, "graph", "graph"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := docker.New(docker.WithVersion(validateVersion))
			require.NoError(t, err)
			tc.edit(cfg)
			_, verr := cfg.Validate(runtime.MustParseVersion(validateVersion), nil)
			fieldtest.Require(t, verr, fieldtest.Match(tc.sentinel, tc.path))

			content, err := cfg.Render()
			require.NoError(t, err)
			out, err := realcheck.DockerdValidate(t, content)
			require.Error(t, err, "dockerd accepted:\n%s\n%s", content, out)
			assert.Contains(t, out, tc.log)
		})
	}
}
