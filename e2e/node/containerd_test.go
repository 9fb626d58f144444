package node_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
)

// checkContainerd starts the real containerd on the node's config.toml,
// relocated under a temp dir (root, state, sockets, CNI and opt dirs, NRI
// off) and otherwise as the node wrote it, with the node's hosts.toml files
// under a temp config_path, and asks it through crictl, configured by the
// node's crictl.yaml, for its cgroup driver and pause image; pulls go to
// the node's mirrors.
func (n *nodeUnderTest) checkContainerd(t *testing.T, bin string) {
	before := realcheck.ContainerdHostState()
	target := runtime.MustParseVersion(n.node.RuntimeVersion)
	written := n.file(t, containerd.ConfigFile)
	n.seen.runtimeUnit = containerd.UnitName

	// The socket the node's file gives containerd, as containerd reads it.
	asWritten := filepath.Join(t.TempDir(), "config.toml")
	require.NoError(t, os.WriteFile(asWritten, written, 0o644))
	dumped := realcheck.ContainerdDump(t, bin, asWritten)
	n.seen.runtimeSocket = reading{"unix://" + dumped.GRPCAddress, "containerd config dump of the node's config.toml"}

	sb := realcheck.NewContainerdSandbox(t)
	cfg, err := containerd.Parse(written)
	require.NoError(t, err)
	certs := cfg.Images.ConfigPath
	require.NotEmpty(t, certs, "the node sets registry.config_path")
	sb.Pin(cfg)
	cfg.Images.ConfigPath = sb.CertsDir()
	_, err = cfg.Validate(target)
	require.NoError(t, err)
	relocated, err := cfg.Render(target)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(sb.ConfigPath(), relocated, 0o644))
	var hosts int
	for _, f := range n.plan.Files {
		if rel, ok := strings.CutPrefix(f.Path, certs+"/"); ok {
			writeFile(t, filepath.Join(sb.CertsDir(), rel), f.Content)
			hosts++
		}
	}
	assert.Equal(t, len(n.node.Mirrors), hosts, "a hosts.toml per mirrored registry")

	crictl := n.relocatedCrictl(t, n.seen.runtimeSocket.value, sb)
	d := sb.Start(t, bin)
	info := crictl.WaitForInfo(t, d)
	info.RequireRuntimeReady(t)
	realcheck.RequireNoDeprecations(t, info)
	runc, ok := info.Config.Containerd.Runtimes["runc"]
	require.True(t, ok, "the CRI has no runc runtime")
	assert.Equal(t, containerd.RuntimeTypeRuncV2, runc.RuntimeType)
	systemdCgroup := runc.Options["SystemdCgroup"] == true
	if driver, err := crictl.CgroupDriver(t); err == nil {
		n.seen.runtimeDriver = reading{string(driver), "crictl runtime-config (the CRI RuntimeConfig call)"}
		assert.Equal(t, driver == runtime.CgroupSystemd, systemdCgroup, "runc's SystemdCgroup in crictl info")
	} else {
		// RuntimeConfig came with containerd 2.0 (1.7.35 answers Unimplemented).
		require.True(t, target.Before(runtime.NewVersion(2, 0)), "containerd %s has the RuntimeConfig call: %v", target, err)
		n.seen.runtimeDriver = reading{string(driverOf(systemdCgroup)), "crictl info (runc's SystemdCgroup; containerd 1.6 has no RuntimeConfig call)"}
	}

	// A pod makes containerd pull its pause image, through the node's
	// registry.k8s.io mirror: the mirror sees which image that is.
	require.Error(t, crictl.RunPodSandbox(t, 30*time.Second), "the test mirrors refuse every pull")
	pulled := pulledImages(n.k8sMirror.Requests())
	require.NotEmpty(t, pulled, "containerd did not pull its pause image through the node's mirror; log:\n%s", d.Log())
	n.seen.pauseImage = reading{pulled[0], "containerd's pull of the sandbox image for crictl runp, at the node's registry.k8s.io mirror"}
	if info.Config.SandboxImage != "" {
		assert.Equal(t, pulled[0], info.Config.SandboxImage, "crictl info's sandboxImage (containerd 1.x)")
	}
	// And docker.io's hosts.toml sends pulls to the node's docker.io mirror.
	_, err = crictl.Run(t, 30*time.Second, "pull", "docker.io/library/busybox:1.36")
	require.Error(t, err, "the test mirrors refuse every pull")
	assert.Contains(t, pulledImages(n.hubMirror.Requests()), "docker.io/library/busybox:1.36", "log:\n%s", d.Log())

	d.Stop()
	realcheck.RequireCleanContainerdLog(t, d.Log())
	realcheck.RequireHostUntouched(t, before)
}

// relocatedCrictl is crictl on the node's crictl.yaml with its endpoints,
// which must be the node's socket, moved to the sandbox's.
func (n *nodeUnderTest) relocatedCrictl(t *testing.T, nodeSocket string, sb *realcheck.ContainerdSandbox) realcheck.Crictl {
	t.Helper()
	cc, err := crictl.Parse(n.file(t, crictl.Path))
	require.NoError(t, err)
	require.True(t, runtime.SameSocket(cc.RuntimeEndpoint, nodeSocket), "crictl.yaml's runtime-endpoint %s", cc.RuntimeEndpoint)
	require.True(t, runtime.SameSocket(cc.ImageEndpoint, nodeSocket), "crictl.yaml's image-endpoint %s", cc.ImageEndpoint)
	cc.RuntimeEndpoint, cc.ImageEndpoint = sb.Endpoint(), sb.Endpoint()
	data, err := cc.Render()
	require.NoError(t, err)
	path := sb.Path("crictl.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return realcheck.Crictl{Config: path}
}

// manifestRequest is a registry's manifest request as containerd makes it
// to a mirror: the repository, the tag and the registry mirrored (ns).
var manifestRequest = regexp.MustCompile(`^/v2/(.+)/manifests/([^/?]+)\?ns=([^&]+)$`)

// pulledImages turns a mirror's manifest requests into the images pulled,
// in order, each once.
func pulledImages(requests []string) []string {
	var out []string
	for _, r := range requests {
		m := manifestRequest.FindStringSubmatch(r)
		if m == nil {
			continue
		}
		image := m[3] + "/" + m[1] + ":" + m[2]
		if len(out) == 0 || out[len(out)-1] != image {
			out = append(out, image)
		}
	}
	return out
}

func driverOf(systemdCgroup bool) runtime.CgroupDriver {
	if systemdCgroup {
		return runtime.CgroupSystemd
	}
	return runtime.CgroupCgroupfs
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}
