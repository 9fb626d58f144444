package kubenode_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// seedTargets are the releases section 2 of the seed guide installs.
var seedTargets = kubenode.Targets{Kubernetes: "1.31", Containerd: "1.7.22", Docker: "26.1.4", CRIDockerd: "0.3.15"}

// seedNode is testdata/seednode, the node section 2 of the seed guide sets
// up by hand, plus the one file of it the guide does not write itself: the
// containerd.service that `tar zxvf cri-containerd-cni-1.7.22-linux-amd64.tar.gz
// -C /` puts in /etc/systemd/system (here as kubenode renders that unit).
// docker.service and kubelet.service require it.
func seedNode(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("testdata/seednode")
	require.NoError(t, fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	}))
	unit, err := containerd.Service(containerd.DefaultBinaryPath).Render()
	require.NoError(t, err)
	m["etc/systemd/system/containerd.service"] = &fstest.MapFile{Data: unit, Mode: 0o644}
	return m
}

// The paths of the seed guide's units.
const (
	seedDockerSvc  = "/etc/systemd/system/docker.service"
	seedCRISvc     = "/usr/lib/systemd/system/cri-docker.service"
	seedKubeletSvc = "/usr/lib/systemd/system/kubelet.service"
)

// seedFindings are the seed guide's mistakes, each where a person fixes it.
var seedFindings = []inspecttest.Want{
	// "Otherwise crictl cannot reach containerd", says the guide, and
	// sets the shim containerd 1.4 deprecated and 2.0 removed.
	inspecttest.Warning(configToml, field.ErrDeprecated, `plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.runtime_type`),
	// docker.service After=cri-docker.service, cri-docker.service
	// After=docker.service: systemd drops a start job at boot.
	inspecttest.Error(seedDockerSvc, field.ErrConflict, "docker.service [Unit] After[2]"),
	// cri-docker.service requires cri-docker.socket but lets
	// cri-dockerd bind the path itself (no --container-runtime-endpoint fd://).
	inspecttest.Error(seedCRISvc, field.ErrInvalid, "cri-docker.service [Service] ExecStart"),
	// The unquoted heredoc ate $MAINPID: reload signals nothing.
	inspecttest.Error(seedDockerSvc, field.ErrInvalid, "docker.service [Service] ExecReload[0]"),
	inspecttest.Error(seedCRISvc, field.ErrInvalid, "cri-docker.service [Service] ExecReload[0]"),
	// The start limits belong in [Unit].
	inspecttest.Warning(seedDockerSvc, field.ErrDeprecated, "docker.service [Service] StartLimitBurst"),
	inspecttest.Warning(seedDockerSvc, field.ErrDeprecated, "docker.service [Service] StartLimitInterval"),
	inspecttest.Warning(seedCRISvc, field.ErrDeprecated, "cri-docker.service [Service] StartLimitBurst"),
	inspecttest.Warning(seedCRISvc, field.ErrDeprecated, "cri-docker.service [Service] StartLimitInterval"),
	// The 1.31 kubelet wants the endpoint in its config file.
	inspecttest.Warning(seedKubeletSvc, field.ErrDeprecated, "kubelet --container-runtime-endpoint"),
	// Found beyond the list: the kubelet's unit has no Restart=, so a
	// kubelet that exits once (its runtime not up yet, which the
	// ordering cycle above makes likely at boot) stays down.
	inspecttest.Warning(seedKubeletSvc, field.ErrRequired, "kubelet.service [Service] Restart"),
}

func TestLintSeedNode(t *testing.T) {
	got, err := kubenode.Lint(seedNode(t), seedTargets)
	require.NoError(t, err)

	var lines strings.Builder
	for _, f := range got {
		lines.WriteString(f.String())
		lines.WriteByte('\n')
	}
	plantest.GoldenBytes(t, "testdata/lint/seednode.findings", []byte(lines.String()), *update)

	inspecttest.RequireFindings(t, got, seedFindings...)
	// And nothing on what the guide gets right: its daemon.json, sockets,
	// crictl.yaml and kubelet config, and its cgroup drivers, which all
	// say systemd, are in none of the findings above, which are all.
}

// Without the tarball's containerd.service, the units that require it are
// warned about, and nothing else changes: systemd would not start them.
func TestLintSeedNodeWithoutContainerdUnit(t *testing.T) {
	got, err := kubenode.LintDir("testdata/seednode", seedTargets)
	require.NoError(t, err)
	inspecttest.RequireFindings(t, got, append(seedFindings,
		inspecttest.Warning(seedDockerSvc, field.ErrInvalid, "docker.service [Unit] Requires[1]"),
		inspecttest.Warning(seedKubeletSvc, field.ErrInvalid, "kubelet.service [Unit] Requires[1]"))...)
}
