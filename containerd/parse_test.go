package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// Every release's own `containerd config default` parses, validates for
// that release without a problem, and round-trips byte-stably.
func TestParseReferenceDefaults(t *testing.T) {
	for _, ref := range references {
		t.Run(ref.file, func(t *testing.T) {
			c, err := containerd.Parse(readFile(t, "reference/"+ref.file))
			require.NoError(t, err)
			assert.Equal(t, ref.configVersion, c.Version)
			assert.Equal(t, "runc", c.Runtime.DefaultRuntimeName)
			assert.Equal(t, containerd.RuntimeTypeRuncV2, c.Runtime.Runtimes["runc"].Type)
			assert.Equal(t, []string{"/opt/cni/bin"}, c.Runtime.CNI.BinDirs)
			assert.Equal(t, "/etc/cni/net.d", c.Runtime.CNI.ConfDir)
			assert.Equal(t, "overlayfs", c.Images.Snapshotter)
			assert.Contains(t, c.Images.SandboxImage, "registry.k8s.io/pause:")
			assert.Equal(t, "/var/lib/containerd", c.Root)
			assert.Equal(t, "/run/containerd/containerd.sock", c.GRPCAddress)
			assert.NotEmpty(t, c.Extra, "unmodelled keys are kept")

			warnings, err := c.Validate(v(ref.target))
			assertNoProblems(t, warnings, err)

			out, err := c.Render(v(ref.target))
			require.NoError(t, err)
			back, err := containerd.Parse(out)
			require.NoError(t, err)
			again, err := back.Render(v(ref.target))
			require.NoError(t, err)
			assert.Equal(t, string(out), string(again))
			assert.Equal(t, c, back, "parse(render(parse(default))) == parse(default)")
		})
	}
}

func TestParseKeepsUnknownKeysInExtra(t *testing.T) {
	c, err := containerd.Parse([]byte(lines(
		`version = 3`,
		`oom_score = -999`,
		`[plugins."io.containerd.cri.v1.runtime"]`,
		`  enable_selinux = true`,
		`  [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.kata]`,
		`    runtime_type = "io.containerd.kata.v2"`,
		`    pod_annotations = ["io.katacontainers.*"]`,
		`    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.kata.options]`,
		`      ConfigPath = "/etc/kata/configuration.toml"`,
		`[plugins."io.containerd.snapshotter.v1.stargz"]`,
		`  root_path = "/var/lib/stargz"`,
	)))
	require.NoError(t, err)
	kata := c.Runtime.Runtimes["kata"]
	assert.Equal(t, "io.containerd.kata.v2", kata.Type)
	assert.Equal(t, []string{"io.katacontainers.*"}, kata.PodAnnotations)
	assert.Equal(t, "/etc/kata/configuration.toml", kata.ConfigPath)
	assert.Equal(t, map[string]any{
		"oom_score": int64(-999),
		"plugins": map[string]any{
			"io.containerd.cri.v1.runtime": map[string]any{
				"enable_selinux": true,
			},
			"io.containerd.snapshotter.v1.stargz": map[string]any{"root_path": "/var/lib/stargz"},
		},
	}, c.Extra)

	warnings, err := c.Validate(v("2.2"))
	require.NoError(t, err)
	require.Len(t, warnings, 1, "only the plugin containerd does not have is unknown: %v", warnings)
	fieldtest.RequireProblem(t, warnings.Err(), field.ErrUnknown, `plugins."io.containerd.snapshotter.v1.stargz".root_path`)

	out, err := c.Render(v("2.2"))
	require.NoError(t, err)
	back, err := containerd.Parse(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)
}

func TestParseReadsV2Layout(t *testing.T) {
	c, err := containerd.Parse([]byte(lines(
		`version = 2`,
		`[grpc]`,
		`  address = "/run/k/containerd.sock"`,
		`[plugins."io.containerd.grpc.v1.cri"]`,
		`  sandbox_image = "registry.k8s.io/pause:3.9"`,
		`  max_concurrent_downloads = 10`,
		`  image_pull_progress_timeout = "2m"`,
		`  [plugins."io.containerd.grpc.v1.cri".containerd]`,
		`    snapshotter = "native"`,
		`    discard_unpacked_layers = true`,
		`    default_runtime_name = "crun"`,
		`    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]`,
		`      runtime_type = "io.containerd.runc.v2"`,
		`      sandbox_mode = "podsandbox"`,
		`      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun.options]`,
		`        BinaryName = "/usr/bin/crun"`,
		`        SystemdCgroup = true`,
		`  [plugins."io.containerd.grpc.v1.cri".cni]`,
		`    bin_dir = "/usr/libexec/cni"`,
		`  [plugins."io.containerd.grpc.v1.cri".registry]`,
		`    config_path = "/etc/containerd/certs.d"`,
		`[plugins."io.containerd.nri.v1.nri"]`,
		`  disable = false`,
	)))
	require.NoError(t, err)
	no := false
	assert.Equal(t, &containerd.Config{
		Version:     2,
		GRPCAddress: "/run/k/containerd.sock",
		Runtime: containerd.CRIRuntime{
			DefaultRuntimeName: "crun",
			Runtimes: map[string]containerd.Runtime{"crun": {
				Type: containerd.RuntimeTypeRuncV2, Sandboxer: "podsandbox",
				Options: containerd.RuncOptions{SystemdCgroup: true, BinaryName: "/usr/bin/crun"},
			}},
			CNI: containerd.CNI{BinDirs: []string{"/usr/libexec/cni"}},
		},
		Images: containerd.CRIImages{
			Snapshotter: "native", SandboxImage: "registry.k8s.io/pause:3.9", ConfigPath: "/etc/containerd/certs.d",
			MaxConcurrentDownloads: 10, ImagePullProgressTimeout: "2m", DiscardUnpackedLayers: true,
		},
		DisableNRI: &no,
	}, c)
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name string
		data string
		want fieldtest.Matcher
	}{
		{"config version 1", "root = \"/x\"\n", fieldtest.Match(field.ErrRemoved, "version")},
		{"unknown config version", "version = 5\n", fieldtest.Match(field.ErrNotSupported, "version")},
		{"version as a string", "version = \"3\"\n", fieldtest.Match(field.ErrInvalid, "version")},
		{"root as a number", "version = 3\nroot = 1\n", fieldtest.Match(field.ErrInvalid, "root")},
		{"imports not strings", "version = 3\nimports = [1]\n", fieldtest.Match(field.ErrInvalid, "imports[0]")},
		{"SystemdCgroup as a string", lines(`version = 3`,
			`[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]`, `SystemdCgroup = "true"`),
			fieldtest.Match(field.ErrInvalid, runcKey(v3Runtime, "options.SystemdCgroup"))},
		{"runtime not a table", lines(`version = 2`, `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes]`, `runc = "io.containerd.runc.v2"`),
			fieldtest.Match(field.ErrInvalid, v2CRI+".containerd.runtimes.runc")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := containerd.Parse([]byte(tt.data))
			fieldtest.Require(t, err, tt.want)
		})
	}
	_, err := containerd.Parse([]byte("version = 3\n[plugins\n"))
	assert.Error(t, err, "a TOML syntax error")
}

func TestParseCollectsEveryTypeError(t *testing.T) {
	_, err := containerd.Parse([]byte(lines(`version = 3`, `root = 1`, `state = false`,
		`[plugins."io.containerd.cri.v1.images".pinned_images]`, `sandbox = 3`)))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "root"), fieldtest.Match(field.ErrInvalid, "state"),
		fieldtest.Match(field.ErrInvalid, v3Images+".pinned_images.sandbox"))
}

// The seed guide's config: containerd 1.7's default with SystemdCgroup =
// true, the aliyun pause image and runtime type io.containerd.runtime.v1.linux.
func TestSeedConfig(t *testing.T) {
	seed, err := containerd.Parse(readFile(t, "testdata/seed-v2.toml"))
	require.NoError(t, err)
	assert.Equal(t, 2, seed.Version)
	assert.Equal(t, "registry.aliyuncs.com/google_containers/pause:3.9", seed.Images.SandboxImage)
	runc := seed.Runtime.Runtimes["runc"]
	assert.True(t, runc.Options.SystemdCgroup)
	assert.Equal(t, containerd.RuntimeTypeLinuxV1, runc.Type)

	// containerd 1.7 still runs the v1 runtime, deprecated.
	warnings, err := seed.Validate(v("1.7"))
	require.NoError(t, err)
	fieldtest.RequireProblem(t, warnings.Err(), field.ErrDeprecated, runcKey(v2CRI, "runtime_type"))

	// containerd 2.x removed it: an error at the key of the file Render
	// would write.
	for target, path := range map[string]string{
		"2.2": runcKey(v3Runtime, "runtime_type"),
		"2.4": runcKey(v3Runtime, "runtime_type"),
	} {
		_, err := seed.Validate(v(target))
		fieldtest.RequireProblem(t, err, field.ErrRemoved, path)
		_, err = seed.Render(v(target))
		fieldtest.RequireProblem(t, err, field.ErrRemoved, path)
	}

	// Fixed, the seed renders for every release.
	runc.Type = containerd.RuntimeTypeRuncV2
	seed.Runtime.Runtimes["runc"] = runc
	for _, target := range []string{"1.7", "2.2", "2.4"} {
		_, err := seed.Validate(v(target))
		require.NoError(t, err, target)
		_, err = seed.Render(v(target))
		require.NoError(t, err, target)
	}
}
