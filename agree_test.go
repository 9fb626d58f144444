package kubenode_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/systemd"
)

// nodeView is what each component's own file says about the values that
// cross components, read back with that component's parser.
type nodeView struct {
	runtimeUnit                      string
	runtimeDriver, kubeletDriver     runtime.CgroupDriver
	pauseImage                       string
	runtimeEndpoint, kubeletEndpoint string
	crictlEndpoint                   string
	kubeletWants, kubeletAfter       []string
}

func fileContent(t *testing.T, plan *runtime.Plan, path string) []byte {
	t.Helper()
	f := plan.File(path)
	require.NotNil(t, f, "the plan has no %s", path)
	return f.Content
}

func unitFile(t *testing.T, plan *runtime.Plan, name string) *systemd.UnitFile {
	t.Helper()
	u, err := systemd.ParseUnitFile(name, fileContent(t, plan, systemd.SystemDir+"/"+name))
	require.NoError(t, err)
	return u
}

func readNode(t *testing.T, plan *runtime.Plan) nodeView {
	t.Helper()
	var v nodeView
	crictl, err := crictl.Parse(fileContent(t, plan, crictl.Path))
	require.NoError(t, err)
	v.crictlEndpoint = crictl.RuntimeEndpoint

	kc, err := kubelet.Parse(fileContent(t, plan, "/var/lib/kubelet/config.yaml"))
	require.NoError(t, err)
	v.kubeletDriver = runtime.CgroupDriver(kc.CgroupDriver)
	v.kubeletEndpoint = kc.ContainerRuntimeEndpoint
	ku := unitFile(t, plan, "kubelet.service")
	v.kubeletWants, v.kubeletAfter = ku.Unit.Wants, ku.Unit.After

	switch {
	case plan.File(containerd.ConfigFile) != nil:
		cfg, err := containerd.Parse(fileContent(t, plan, containerd.ConfigFile))
		require.NoError(t, err)
		v.runtimeUnit = containerd.UnitName
		v.runtimeDriver = driverOf(cfg.Runtime.Runtimes["runc"].Options.SystemdCgroup)
		v.pauseImage = cfg.Images.SandboxImage
		addr := cfg.GRPCAddress
		if addr == "" {
			addr = containerd.DefaultGRPCAddress
		}
		v.runtimeEndpoint = "unix://" + addr
	case plan.File(docker.DaemonPath) != nil:
		cfg, err := docker.Parse(fileContent(t, plan, docker.DaemonPath))
		require.NoError(t, err)
		v.runtimeUnit = "cri-docker.service"
		v.runtimeDriver = cfg.CgroupDriver()
		flags, err := cridockerd.ServiceFlags(unitFile(t, plan, "cri-docker.service"))
		require.NoError(t, err)
		v.pauseImage = flags.PodInfraContainerImage
		sock := unitFile(t, plan, "cri-docker.socket")
		v.runtimeEndpoint = "unix://" + strings.Replace(sock.Socket.ListenStream[0], "%t", "/run", 1)
	default:
		cfg, err := crio.Parse(fileContent(t, plan, crio.DropInDir+"/"+crio.DefaultDropInName))
		require.NoError(t, err)
		v.runtimeUnit = crio.UnitName
		v.runtimeDriver = cfg.Runtime.CgroupManager
		v.pauseImage = cfg.Image.PauseImage
		v.runtimeEndpoint = runtime.CRIOEndpoint
		if cfg.API.Listen != "" {
			v.runtimeEndpoint = "unix://" + cfg.API.Listen
		}
	}
	return v
}

func driverOf(systemdCgroup bool) runtime.CgroupDriver {
	if systemdCgroup {
		return runtime.CgroupSystemd
	}
	return runtime.CgroupCgroupfs
}
