package verify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/systemd"
	"github.com/kubenode/kubenode/verify"
)

// TestDockerRunsAsPlanned starts the dockerd a Docker Node is planned for
// on the node's daemon.json (in a sandbox whose flags stand in for
// docker.service's), and the node's cri-dockerd with the flags of its
// cri-docker.service: Verify finds cri-dockerd answering as docker with
// the Engine's release, Docker's cgroup driver and the planned pause
// image. Debian's Docker 20.10 takes cri-dockerd 0.4.3 (the 0.3 branch),
// which still speaks its API; 28.5.2 is built from moby's source.
func TestDockerRunsAsPlanned(t *testing.T) {
	tests := []struct {
		engine, criDockerd string
		sandbox            func(t testing.TB) *realcheck.DockerSandbox
	}{
		{realcheck.DockerVersion, realcheck.CRIDockerdBranch03Version, realcheck.NewDockerSandbox},
		{realcheck.BuiltDockerdVersion, realcheck.CRIDockerdVersion, realcheck.NewBuiltDockerdSandbox},
	}
	for _, tt := range tests {
		t.Run(tt.engine, func(t *testing.T) {
			n := &kubenode.Node{Runtime: kubenode.Docker, RuntimeVersion: tt.engine, CRIDockerdVersion: tt.criDockerd}
			plan, err := n.Plan(context.Background())
			require.NoError(t, err)
			files := map[string][]byte{}
			for _, f := range plan.Files {
				files[f.Path] = f.Content
			}
			sb := tt.sandbox(t)
			d := sb.Start(t, files[docker.DaemonPath])
			sb.Info(t, d)
			unit, err := systemd.ParseUnitFile(cridockerd.ServiceName, files["/etc/systemd/system/"+cridockerd.ServiceName])
			require.NoError(t, err)
			flags, err := cridockerd.ServiceFlags(unit)
			require.NoError(t, err)
			cd := sb.StartCRIDockerd(t, tt.criDockerd, *flags)
			cd.WaitServing(t)

			rep, err := verify.Node(context.Background(), n, verify.WithEndpoint(cd.Endpoint), verify.WithoutKubelet())
			require.NoError(t, err)
			require.NotNil(t, rep.Runtime, "%v\n%s", rep.Findings, cd.Log())
			recordCRI(t, socketOf(cd.Endpoint), "cridockerd-"+tt.criDockerd+"-dockerd-"+tt.engine)
			inspecttest.RequireFindings(t, rep.Findings,
				inspecttest.Warning("/run/cri-dockerd.sock", verify.ErrNotReady, "status.conditions.NetworkReady"))
			assert.Equal(t, "docker", rep.Runtime.Name)
			assert.Equal(t, string(runtime.CgroupSystemd), rep.Runtime.CgroupDriver)
			assert.Equal(t, flags.PodInfraContainerImage, rep.Runtime.SandboxImage)
		})
	}
}

// socketOf is a unix:// endpoint's path.
func socketOf(endpoint string) string { return endpoint[len("unix://"):] }
