package node_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/realcheck"
)

// checkDocker starts the dockerd the node is planned for on the node's
// daemon.json, in a sandbox whose flags stand in for docker.service's
// (-H fd:// needs systemd's socket, --containerd the host's containerd),
// and reads back the logging and storage drivers and mirrors it runs with;
// dockerd 28 first loads the file as written with --validate. Then it
// starts the node's cri-dockerd release on that dockerd with the flags of
// the node's cri-docker.service, and asks it through the CRI, as the
// kubelet does, for its cgroup driver: cri-dockerd reports Docker's.
func (n *nodeUnderTest) checkDocker(t *testing.T) {
	written := n.file(t, docker.DaemonPath)
	cfg, err := docker.Parse(written)
	require.NoError(t, err)
	var sb *realcheck.DockerSandbox
	switch n.node.RuntimeVersion {
	case realcheck.BuiltDockerdVersion:
		out, err := realcheck.DockerdValidate(t, written)
		require.NoError(t, err, "dockerd %s --validate refused the node's daemon.json:\n%s", realcheck.BuiltDockerdVersion, out)
		assert.Contains(t, out, "configuration OK")
		sb = realcheck.NewBuiltDockerdSandbox(t)
	case realcheck.DockerVersion:
		sb = realcheck.NewDockerSandbox(t)
	default:
		t.Fatalf("no dockerd %s to start: realcheck has %s and %s", n.node.RuntimeVersion, realcheck.DockerVersion, realcheck.BuiltDockerdVersion)
	}
	assert.JSONEq(t, string(written), string(sb.ForFlags(t, written)), "the node's daemon.json sets nothing the sandbox's flags move")
	d := sb.Start(t, written)
	info := sb.Info(t, d)
	serverVersion, _ := info["ServerVersion"].(string)
	assert.True(t, strings.HasPrefix(serverVersion, sb.Version), "dockerd %s is the node's Docker Engine %s", serverVersion, sb.Version)
	dockerDriver, _ := info["CgroupDriver"].(string)
	assert.Equal(t, cfg.LogDriver, info["LoggingDriver"])
	assert.Equal(t, cfg.StorageDriver, info["Driver"])
	registry, _ := info["RegistryConfig"].(map[string]any)
	var mirrors []string
	for _, m := range cfg.RegistryMirrors {
		mirrors = append(mirrors, strings.TrimSuffix(m, "/")+"/")
	}
	assert.ElementsMatch(t, mirrors, registry["Mirrors"], "dockerd's registry mirrors")

	// cri-dockerd parses the flags of cri-docker.service, then runs with
	// them on that dockerd (serving the CRI on a socket of the test's
	// instead of systemd's): it stops at start on a Docker Engine whose API
	// is too old for it.
	version := n.node.CRIDockerdVersion
	service := n.unit(t, cridockerd.ServiceName)
	require.Len(t, service.Service.ExecStart, 1)
	out, err := realcheck.CRIDockerdFlags(t, version, service.Service.ExecStart[0].Argv[1:])
	require.NoError(t, err, "cri-dockerd refused the flags of cri-docker.service:\n%s", out)
	assert.Contains(t, out, "cri-dockerd "+version)
	flags, err := cridockerd.ServiceFlags(service)
	require.NoError(t, err)
	assert.Equal(t, cridockerd.SocketActivated, flags.ContainerRuntimeEndpoint, "cri-dockerd serves the socket systemd hands it")
	cd := sb.StartCRIDockerd(t, version, *flags)
	cd.WaitServing(t)
	crictl := realcheck.CrictlFor(t, cd.Endpoint)
	crictl.WaitForInfo(t, cd.Daemon).RequireRuntimeReady(t)
	driver, err := crictl.CgroupDriver(t)
	require.NoError(t, err, "cri-dockerd %s answers the CRI RuntimeConfig call", version)
	assert.Equal(t, dockerDriver, string(driver), "cri-dockerd's cgroup driver is docker info's")
	n.seen.runtimeDriver = reading{string(driver), "crictl runtime-config (the CRI RuntimeConfig call) to cri-dockerd " + version + " on dockerd " + serverVersion}

	// cri-dockerd reports neither the pause image of its flags nor
	// systemd's socket: both are read from the units cri-dockerd and
	// systemd would read.
	n.seen.pauseImage = reading{flags.PodInfraContainerImage, "cri-docker.service's --pod-infra-container-image, with which cri-dockerd " + version + " ran"}
	socket := n.unit(t, cridockerd.SocketName)
	require.Len(t, socket.Socket.ListenStream, 1)
	// %t is /run for the system manager.
	n.seen.runtimeSocket = reading{"unix://" + strings.Replace(socket.Socket.ListenStream[0], "%t", "/run", 1), "cri-docker.socket's ListenStream="}
	n.seen.runtimeUnit = cridockerd.ServiceName
}
