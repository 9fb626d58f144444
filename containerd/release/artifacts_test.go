package release_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/containerd/release"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// releaseVersions are the newest patch releases of each supported
// containerd line kubenode knows.
var releaseVersions = []string{"1.6.36", "1.7.35", "2.0.14", "2.1.9", "2.2.9", "2.3.7", "2.4.2"}

// TestArtifactsGolden pins the URLs, checksum files and member maps of
// every supported containerd line, for both architectures.
func TestArtifactsGolden(t *testing.T) {
	releasetest.Golden(t, "testdata/artifacts.txtar", *update, releaseVersions, release.Artifacts)
}

func TestArtifactsRefuse(t *testing.T) {
	releasetest.RequireRefusals(t, release.Artifacts,
		releasetest.Refusal{Name: "release line only", Version: "2.2", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "containerd.version"},
		releasetest.Refusal{Name: "not a version", Version: "latest", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "containerd.version"},
		releasetest.Refusal{Name: "unsupported line", Version: "1.5.18", Arch: "amd64", Sentinel: field.ErrNotSupported, Path: "containerd.version"},
		releasetest.Refusal{Name: "pre-release", Version: "2.2.0-rc.1", Arch: "amd64", Sentinel: field.ErrInvalid, Path: "containerd.version"},
		releasetest.Refusal{Name: "unknown arch", Version: "2.2.9", Arch: "x86_64", Sentinel: field.ErrNotSupported, Path: "containerd.arch"},
	)
	_, err := release.Runc("2.0.0", "amd64")
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "runc.version")
	_, err = release.CNIPlugins("1.9", "arm64")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "cni-plugins.version")
}

func TestArtifactsPinnedAndMirrored(t *testing.T) {
	arts, err := release.Artifacts("2.2.9", "arm64",
		upstream.WithMirror("https://mirror.example.com/gh"),
		upstream.WithSHA256("runc.arm64", releasetest.Pin))
	require.NoError(t, err)
	assert.Equal(t, "https://mirror.example.com/gh/containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-arm64.tar.gz", arts[0].URL)
	assert.Equal(t, "https://mirror.example.com/gh/opencontainers/runc/releases/download/v1.3.6/runc.arm64", arts[1].URL)
	assert.Equal(t, releasetest.Pin, arts[1].SHA256)
	assert.Empty(t, arts[1].ChecksumURL)
	assert.Equal(t, "https://mirror.example.com/gh/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-arm64-v1.9.1.tgz.sha256", arts[2].ChecksumURL)
	assert.Equal(t, "1.5.2", release.DefaultRuncVersion(runtime.MustParseVersion("2.4.0")))
	assert.Empty(t, release.DefaultRuncVersion(runtime.MustParseVersion("1.5.0")))
}

// TestArtifactsInstallFromUpstreamLayout serves, from 127.0.0.1 as a
// mirror, archives laid out the way the projects pack them (containerd's
// `tar -C releases/<name> bin`, runc's bare binaries with one
// runc.sha256sum, the CNI plugins' `tar -C bin .`), written here from the
// projects' build files rather than from the member maps, and applies the
// artifacts: every binary lands where the unit and config expect it.
func TestArtifactsInstallFromUpstreamLayout(t *testing.T) {
	files := map[string][]byte{}
	sum := releasetest.SHA256

	ctd := targz(t, "bin/", "bin/ctr", "bin/containerd", "bin/containerd-stress", "bin/containerd-shim-runc-v2")
	files["/containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz"] = ctd
	files["/containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz.sha256sum"] = []byte(sum(ctd) + "  containerd-2.2.9-linux-amd64.tar.gz\n")

	runcAMD, runcARM := []byte("runc amd64\n"), []byte("runc arm64\n")
	files["/opencontainers/runc/releases/download/v1.3.6/runc.amd64"] = runcAMD
	files["/opencontainers/runc/releases/download/v1.3.6/runc.sha256sum"] = []byte(sum(runcAMD) + "  runc.amd64\n" + sum(runcARM) + "  runc.arm64\n" + sum([]byte("src")) + "  runc.tar.xz\n")

	plugins := []string{"./"}
	for _, p := range []string{"bandwidth", "firewall", "portmap", "sbr", "tuning", "vrf", "bridge", "dummy", "host-device", "ipvlan", "loopback", "macvlan", "ptp", "tap", "vlan", "dhcp", "host-local", "static"} {
		plugins = append(plugins, "./"+p)
	}
	cni := targz(t, plugins...)
	files["/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz"] = cni
	files["/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz.sha256"] = []byte(sum(cni) + "  cni-plugins-linux-amd64-v1.9.1.tgz\n")

	url := releasetest.Serve(t, files)

	arts, err := release.Artifacts("2.2.9", "amd64", upstream.WithMirror(url))
	require.NoError(t, err)
	root := releasetest.Install(t, arts, map[string]string{
		containerd.DefaultBinaryPath:             "bin/containerd\n",
		"/usr/local/bin/containerd-shim-runc-v2": "bin/containerd-shim-runc-v2\n",
		"/usr/local/bin/ctr":                     "bin/ctr\n",
		release.RuncBinaryPath:                   "runc amd64\n",
		release.CNIBinDir + "/bridge":            "./bridge\n",
		release.CNIBinDir + "/tap":               "./tap\n",
	})
	entries, _ := os.ReadDir(filepath.Join(root, release.CNIBinDir))
	assert.Len(t, entries, 18)
}

// targz packs names the way tar packs a directory (see
// releasetest.TarGz), each executable holding its own name.
func targz(t *testing.T, names ...string) []byte {
	t.Helper()
	return releasetest.TarGz(t, func(name string) string { return name + "\n" }, names...)
}

var update = flag.Bool("update", false, "rewrite golden files")
