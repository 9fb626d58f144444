package containerd

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/tomltree"
)

// fullConfig sets every typed field, with runtimes of every shape: runc,
// a shim with a config file and annotations, and one that sets nothing.
func fullConfig() *Config {
	no := false
	return &Config{
		Root: "/data/containerd", State: "/run/ctrd",
		GRPCAddress: "/run/ctrd/ctrd.sock", TTRPCAddress: "/run/ctrd/ttrpc.sock",
		DisabledPlugins: []string{"io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.btrfs"},
		Imports:         []string{"/etc/containerd/conf.d/*.toml"},
		Runtime: CRIRuntime{
			DefaultRuntimeName: "crun",
			Runtimes: map[string]Runtime{
				"runc": {Type: RuntimeTypeRuncV2, Options: RuncOptions{SystemdCgroup: true}},
				"crun": {Type: RuntimeTypeRuncV2, BaseRuntimeSpec: "/etc/spec.json", PrivilegedWithoutHostDevices: true,
					Snapshotter: "native", Sandboxer: "shim", Options: RuncOptions{SystemdCgroup: true, BinaryName: "/usr/bin/crun"}},
				"kata":  {Type: "io.containerd.kata.v2", ConfigPath: "/etc/kata.toml", PodAnnotations: []string{"io.katacontainers.*"}},
				"empty": {},
			},
			CNI:                 CNI{BinDirs: []string{"/opt/cni/bin", "/usr/lib/cni"}, ConfDir: "/etc/cni/net.d"},
			RestrictOOMScoreAdj: true,
		},
		Images: CRIImages{
			Snapshotter: "overlayfs", SandboxImage: DefaultSandboxImage, ConfigPath: DefaultConfigPath,
			MaxConcurrentDownloads: 5, ImagePullProgressTimeout: "5m0s", DiscardUnpackedLayers: true,
		},
		DisableNRI: &no,
	}
}

// oneField are Configs that set one field each (or one way of a field),
// so that every field is seen left out next to the others and alone.
func oneField() map[string]*Config {
	yes := true
	return map[string]*Config{
		"nothing":            {},
		"root":               {Root: "/data"},
		"state":              {State: "/run/x"},
		"grpc":               {GRPCAddress: "/run/x.sock"},
		"ttrpc":              {TTRPCAddress: "/run/x.ttrpc"},
		"disabled plugins":   {DisabledPlugins: []string{"io.containerd.snapshotter.v1.zfs"}},
		"imports":            {Imports: []string{"/etc/a.toml", "b.toml"}},
		"default runtime":    {Runtime: CRIRuntime{DefaultRuntimeName: "runc"}},
		"restrict oom":       {Runtime: CRIRuntime{RestrictOOMScoreAdj: true}},
		"empty runtime only": {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {}}}},
		"runtime type":       {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {Type: "io.containerd.runc.v2"}}}},
		"systemd cgroup":     {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {Options: RuncOptions{SystemdCgroup: true}}}}},
		"binary name":        {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {Options: RuncOptions{BinaryName: "crun"}}}}},
		"shim config":        {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {ConfigPath: "/etc/x.toml"}}}},
		"snapshotter alone":  {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {Snapshotter: "native"}}}},
		"sandboxer alone":    {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {Sandboxer: "podsandbox"}}}},
		"annotations":        {Runtime: CRIRuntime{Runtimes: map[string]Runtime{"x": {PodAnnotations: []string{"a.*"}}}}},
		"one bin dir":        {Runtime: CRIRuntime{CNI: CNI{BinDirs: []string{"/opt/cni/bin"}}}},
		"conf dir":           {Runtime: CRIRuntime{CNI: CNI{ConfDir: "/etc/cni/net.d"}}},
		"image snapshotter":  {Images: CRIImages{Snapshotter: "overlayfs"}},
		"sandbox image":      {Images: CRIImages{SandboxImage: DefaultSandboxImage}},
		"config path":        {Images: CRIImages{ConfigPath: DefaultConfigPath}},
		"downloads":          {Images: CRIImages{MaxConcurrentDownloads: 1}},
		"pull timeout":       {Images: CRIImages{ImagePullProgressTimeout: "1m"}},
		"discard layers":     {Images: CRIImages{DiscardUnpackedLayers: true}},
		"nri on":             {DisableNRI: new(bool)},
		"nri off":            {DisableNRI: &yes},
		"full":               fullConfig(),
		"full, ttrpc derived": func() *Config {
			c := fullConfig()
			c.TTRPCAddress = ""
			return c
		}(),
	}
}

func encodeTOML(t *testing.T, doc any) string {
	t.Helper()
	data, err := tomltree.Encode(doc)
	require.NoError(t, err)
	return string(data)
}

// The typed document is the tree typedTree builds, byte for byte, for every
// field alone and all together, for every supported release: whatever a
// layout or a release changes in one must be changed in the other.
func TestTypedDocumentIsTheTree(t *testing.T) {
	for _, target := range SupportedVersions {
		cv, err := ConfigVersion(target)
		require.NoError(t, err)
		l := layouts[cv]
		for name, c := range oneField() {
			tree := c.typedTree(target, l)
			tree["version"] = int64(cv)
			require.Equal(t, encodeTOML(t, tree), encodeTOML(t, c.typedDocument(target, l)), "%s for %s", name, target)
		}
	}
}
