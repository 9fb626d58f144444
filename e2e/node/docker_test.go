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

// checkDocker starts Debian's dockerd on the node's daemon.json, in a
// sandbox whose flags stand in for docker.service's (-H fd:// needs
// systemd's socket, --containerd the host's containerd), and reads back
// the cgroup driver, logging and storage drivers and mirrors it runs with;
// then it gives cri-dockerd the flags of the node's cri-docker.service.
func (n *nodeUnderTest) checkDocker(t *testing.T) {
	written := n.file(t, docker.DaemonPath)
	cfg, err := docker.Parse(written)
	require.NoError(t, err)
	sb := realcheck.NewDockerSandbox(t)
	assert.JSONEq(t, string(written), string(sb.ForFlags(t, written)), "the node's daemon.json sets nothing the sandbox's flags move")
	d := sb.Start(t, written)
	info := sb.Info(t, d)
	driver, _ := info["CgroupDriver"].(string)
	n.seen.runtimeDriver = reading{driver, "docker info (dockerd " + realcheck.DockerVersion + ")"}
	assert.Equal(t, cfg.LogDriver, info["LoggingDriver"])
	assert.Equal(t, cfg.StorageDriver, info["Driver"])
	registry, _ := info["RegistryConfig"].(map[string]any)
	var mirrors []string
	for _, m := range cfg.RegistryMirrors {
		mirrors = append(mirrors, strings.TrimSuffix(m, "/")+"/")
	}
	assert.ElementsMatch(t, mirrors, registry["Mirrors"], "dockerd's registry mirrors")

	// cri-dockerd serves the CRI on systemd's socket, with the pause image
	// of its flags: it parses them here; it reports neither without a
	// running Docker behind systemd's socket, so both are read from the
	// units cri-dockerd and systemd would read.
	service := n.unit(t, cridockerd.ServiceName)
	require.Len(t, service.Service.ExecStart, 1)
	out, err := realcheck.CRIDockerdFlags(t, service.Service.ExecStart[0].Argv[1:])
	require.NoError(t, err, "cri-dockerd refused the flags of cri-docker.service:\n%s", out)
	assert.Contains(t, out, realcheck.CRIDockerdVersion)
	flags, err := cridockerd.ServiceFlags(service)
	require.NoError(t, err)
	assert.Equal(t, cridockerd.SocketActivated, flags.ContainerRuntimeEndpoint, "cri-dockerd serves the socket systemd hands it")
	n.seen.pauseImage = reading{flags.PodInfraContainerImage, "cri-docker.service's --pod-infra-container-image, which cri-dockerd accepted"}
	socket := n.unit(t, cridockerd.SocketName)
	require.Len(t, socket.Socket.ListenStream, 1)
	// %t is /run for the system manager.
	n.seen.runtimeSocket = reading{"unix://" + strings.Replace(socket.Socket.ListenStream[0], "%t", "/run", 1), "cri-docker.socket's ListenStream="}
	n.seen.runtimeUnit = cridockerd.ServiceName
}
