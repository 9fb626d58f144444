package kubenode_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
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

func TestLintSeedNode(t *testing.T) {
	got, err := kubenode.Lint(seedNode(t), seedTargets)
	require.NoError(t, err)

	var lines strings.Builder
	for _, f := range got {
		lines.WriteString(f.String())
		lines.WriteByte('\n')
	}
	plantest.GoldenBytes(t, "testdata/lint/seednode.findings", []byte(lines.String()), *update)

	const (
		configToml = "/etc/containerd/config.toml"
		dockerSvc  = "/etc/systemd/system/docker.service"
		criSvc     = "/usr/lib/systemd/system/cri-docker.service"
		kubeletSvc = "/usr/lib/systemd/system/kubelet.service"
	)
	// The guide's mistakes, each where a person fixes it.
	requireFindings(t, got,
		// "Otherwise crictl cannot reach containerd", says the guide, and
		// sets the shim containerd 1.4 deprecated and 2.0 removed.
		want{kubenode.SeverityWarning, field.ErrDeprecated, configToml,
			`plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.runtime_type`},
		// docker.service After=cri-docker.service, cri-docker.service
		// After=docker.service: systemd drops a start job at boot.
		want{kubenode.SeverityError, field.ErrConflict, dockerSvc, "[Unit] After[2]"},
		// cri-docker.service requires cri-docker.socket but lets
		// cri-dockerd bind the path itself (no --container-runtime-endpoint fd://).
		want{kubenode.SeverityError, field.ErrInvalid, criSvc, "[Service] ExecStart"},
		// The unquoted heredoc ate $MAINPID: reload signals nothing.
		want{kubenode.SeverityError, field.ErrInvalid, dockerSvc, "[Service] ExecReload[0]"},
		want{kubenode.SeverityError, field.ErrInvalid, criSvc, "[Service] ExecReload[0]"},
		// The start limits belong in [Unit].
		want{kubenode.SeverityWarning, field.ErrDeprecated, dockerSvc, "[Service] StartLimitBurst"},
		want{kubenode.SeverityWarning, field.ErrDeprecated, dockerSvc, "[Service] StartLimitInterval"},
		want{kubenode.SeverityWarning, field.ErrDeprecated, criSvc, "[Service] StartLimitBurst"},
		want{kubenode.SeverityWarning, field.ErrDeprecated, criSvc, "[Service] StartLimitInterval"},
		// The 1.31 kubelet wants the endpoint in its config file.
		want{kubenode.SeverityWarning, field.ErrDeprecated, kubeletSvc, "kubelet --container-runtime-endpoint"},
		// Found beyond the list: the kubelet's unit has no Restart=, so a
		// kubelet that exits once (its runtime not up yet, which the
		// ordering cycle above makes likely at boot) stays down.
		want{kubenode.SeverityWarning, field.ErrRequired, kubeletSvc, "[Service] Restart"},
	)

	// And nothing on what the guide gets right.
	for _, f := range got {
		for _, right := range []string{"/etc/docker/daemon.json", "/etc/systemd/system/docker.socket", "/usr/lib/systemd/system/cri-docker.socket", "/etc/crictl.yaml", "/etc/kubernetes/kubelet-conf.yml"} {
			assert.NotEqual(t, right, f.File, "a false alarm: %v", f)
		}
		assert.NotContains(t, f.Message, "cgroup driver", "the guide's cgroup drivers all say systemd: %v", f)
	}
}

// Without the tarball's containerd.service, the units that require it are
// warned about: systemd would not start them.
func TestLintSeedNodeWithoutContainerdUnit(t *testing.T) {
	got, err := kubenode.LintDir("testdata/seednode", seedTargets)
	require.NoError(t, err)
	var missing []string
	for _, f := range got {
		if f.Path == "[Unit] Requires[1]" {
			missing = append(missing, f.File)
			assert.Equal(t, kubenode.SeverityWarning, f.Severity)
		}
	}
	assert.Equal(t, []string{"/etc/systemd/system/docker.service", "/usr/lib/systemd/system/kubelet.service"}, missing)
}
