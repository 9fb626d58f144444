// Package containerd_test feeds what package containerd renders to real
// containerd daemons: Debian's 1.6 and 2.2.9 and 2.4.2 built from the Go
// module proxy (.ci/install.d/containerd.sh), and checks through crictl and
// `containerd config dump` that they read it as meant.
package containerd_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// The Installer's files for each release, with two docker.io mirrors, run a
// containerd whose CRI is up with SystemdCgroup, the pinned pause image and
// config_path, which pulls through the mirrors in the order given, and which
// logs nothing about its config.
func TestInstallerConfigRunsCRI(t *testing.T) {
	for _, tg := range realcheck.ContainerdReleases {
		t.Run(tg.Version, func(t *testing.T) {
			bin := tg.Binary(t)
			before := realcheck.ContainerdHostState()
			n := newNode(t)
			// The first mirror answers 404, so containerd goes on to the
			// second. Named localhost, the first sorts after the second
			// (127.0.0.1): only a file that keeps the order asks it first.
			first, second := realcheck.NewMirror(t, http.StatusNotFound), realcheck.NewMirror(t, http.StatusForbidden)
			cfg := n.nodeConfig(t, tg)
			n.writePlan(t, tg, cfg, []runtime.Mirror{
				{Registry: "docker.io", URL: strings.Replace(first.URL, "127.0.0.1", "localhost", 1)},
				{Registry: "docker.io", URL: second.URL},
			})

			d := n.Start(t, bin)
			info := n.crictl().WaitForInfo(t, d)
			info.RequireRuntimeReady(t)
			runc, ok := info.Config.Containerd.Runtimes["runc"]
			require.True(t, ok, "the CRI has no runc runtime")
			assert.Equal(t, containerd.RuntimeTypeRuncV2, runc.RuntimeType)
			assert.Equal(t, true, runc.Options["SystemdCgroup"], "the CRI runs runc with systemd cgroups")
			realcheck.RequireNoDeprecations(t, info)

			dumped := realcheck.ContainerdDump(t, bin, n.ConfigPath())
			assert.Equal(t, containerd.DefaultSandboxImage, dumped.Images.SandboxImage)
			assert.Equal(t, n.CertsDir(), dumped.Images.ConfigPath)
			assert.Equal(t, n.Path("root"), dumped.Root)

			// A pull goes to the mirrors of docker.io's hosts.toml, in order.
			_, err := n.crictl().Run(t, 30*time.Second, "pull", "docker.io/library/busybox:1.36")
			require.Error(t, err, "the test mirrors refuse every pull")
			manifest := "/v2/library/busybox/manifests/1.36?ns=docker.io"
			assert.Contains(t, first.Requests(), manifest, "containerd did not ask the first mirror; daemon log:\n%s", d.Log())
			assert.Contains(t, second.Requests(), manifest, "containerd did not ask the second mirror; daemon log:\n%s", d.Log())

			d.Stop()
			realcheck.RequireCleanContainerdLog(t, d.Log())
			realcheck.RequireHostUntouched(t, before)
		})
	}
}

// registry.mirrors next to config_path: Validate refuses it, and the real
// daemons prove why: they start, log one warning and run without the CRI.
func TestMirrorsWithConfigPathLeaveCRIDown(t *testing.T) {
	for _, tg := range realcheck.ContainerdReleases {
		t.Run(tg.Version, func(t *testing.T) {
			bin := tg.Binary(t)
			before := realcheck.ContainerdHostState()
			n := newNode(t)
			cfg := n.nodeConfig(t, tg)
			n.writePlan(t, tg, cfg, nil)

			mirrors := map[string]any{"docker.io": map[string]any{"endpoint": []any{"https://mirror.example"}}}
			cv, err := containerd.ConfigVersion(runtime.MustParseVersion(tg.Version))
			require.NoError(t, err)
			registry := []string{"plugins", "io.containerd.cri.v1.images", "registry"}
			if cv == 2 {
				registry = []string{"plugins", "io.containerd.grpc.v1.cri", "registry"}
			}
			bad := cfg.Clone()
			setIn(bad.Extra, append(registry, "mirrors"), mirrors)
			_, err = bad.Validate(runtime.MustParseVersion(tg.Version))
			require.ErrorIs(t, err, field.ErrConflict)
			assert.Equal(t, tomlPath(append(registry, "mirrors")), field.AsList(err)[0].Path.String())

			// Write the refused file anyway, through go-toml.
			good, err := cfg.Render(runtime.MustParseVersion(tg.Version))
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, toml.Unmarshal(good, &doc))
			setIn(doc, append(registry, "mirrors"), mirrors)
			data, err := toml.Marshal(doc)
			require.NoError(t, err)
			writeFile(t, n.ConfigPath(), data)

			d := n.Start(t, bin)
			err = d.WaitUntil(30*time.Second, func() error {
				if !strings.Contains(d.Log(), "`mirrors` cannot be set when `config_path` is provided") {
					return errors.New("no warning yet")
				}
				return nil
			})
			require.NoError(t, err, "log:\n%s", d.Log())
			// The daemon is up, its socket answers, yet the CRI does not.
			require.Eventually(t, func() bool { return socketAnswers(n.Socket()) }, 30*time.Second, 200*time.Millisecond)
			for range 3 {
				_, err := n.crictl().Info(t)
				require.Error(t, err, "the CRI must be down")
				time.Sleep(time.Second)
			}
			exited, _ := d.Exited()
			assert.False(t, exited, "containerd keeps running without its CRI")
			d.Stop()
			realcheck.RequireHostUntouched(t, before)
		})
	}
}

// `containerd config default` of each release parses, validates for that
// release without a problem, and round-trips byte-stably.
func TestConfigDefaultParsesAndValidates(t *testing.T) {
	for _, tg := range realcheck.ContainerdReleases {
		t.Run(tg.Version, func(t *testing.T) {
			bin := tg.Binary(t)
			out, err := exec.Command(bin, "config", "default").Output()
			require.NoError(t, err)
			c, err := containerd.Parse(out)
			require.NoError(t, err)
			target := runtime.MustParseVersion(tg.Version)
			cv, _ := containerd.ConfigVersion(target)
			assert.Equal(t, cv, c.Version)

			warnings, err := c.Validate(target)
			require.NoError(t, err)
			assert.Empty(t, warnings)
			rendered, err := c.Render(target)
			require.NoError(t, err)
			back, err := containerd.Parse(rendered)
			require.NoError(t, err)
			again, err := back.Render(target)
			require.NoError(t, err)
			assert.Equal(t, string(rendered), string(again))
			assert.Equal(t, c, back)
		})
	}
}

// containerd 1.6's default config, migrated by kubenode to each later release's layout,
// starts that containerd with its CRI up and no word about migration,
// unknown keys or deprecations.
func TestMigratedDefaultIsAcceptedWithoutWarning(t *testing.T) {
	old := realcheck.DebianContainerd(t)
	out, err := exec.Command(old, "config", "default").Output()
	require.NoError(t, err)
	for _, tg := range realcheck.ContainerdReleases[1:] {
		t.Run(tg.Version, func(t *testing.T) {
			bin := tg.Binary(t)
			before := realcheck.ContainerdHostState()
			v16, err := containerd.Parse(out)
			require.NoError(t, err)
			require.Equal(t, 2, v16.Version)
			target := runtime.MustParseVersion(tg.Version)
			cv, _ := containerd.ConfigVersion(target)
			migrated, err := v16.Migrate(cv)
			require.NoError(t, err)

			n := newNode(t)
			n.Pin(migrated)
			warnings, err := migrated.Validate(target)
			require.NoError(t, err)
			require.Empty(t, warnings)
			n.writePlan(t, tg, migrated, nil)

			d := n.Start(t, bin)
			info := n.crictl().WaitForInfo(t, d)
			info.RequireRuntimeReady(t)
			realcheck.RequireNoDeprecations(t, info)
			assert.Equal(t, "registry.k8s.io/pause:3.6", realcheck.ContainerdDump(t, bin, n.ConfigPath()).Images.SandboxImage,
				"sandbox_image became pinned_images.sandbox")
			d.Stop()
			realcheck.RequireCleanContainerdLog(t, d.Log())
			realcheck.RequireHostUntouched(t, before)
		})
	}
}

// containerd.service, as the Installer plans it, passes systemd-analyze
// verify, with upstream's binary path and with Debian's.
func TestServicePassesSystemdAnalyze(t *testing.T) {
	for _, bin := range []string{"", "/usr/bin/containerd"} {
		f, err := containerd.Service(bin).PlanFile(systemd.SystemDir)
		require.NoError(t, err)
		harness.VerifyUnits(t, []runtime.File{f})
	}
}

func setIn(doc map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := doc[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			doc[p] = next
		}
		doc = next
	}
	doc[path[len(path)-1]] = v
}

func tomlPath(path []string) string {
	return field.NewTOMLPath(path[0], path[1:]...).String()
}

// socketAnswers reports whether a daemon accepts connections on sock.
func socketAnswers(sock string) bool {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}
