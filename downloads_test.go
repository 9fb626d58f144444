package kubenode_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

const digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func downloadNode(r kubenode.Runtime) *kubenode.Node {
	n := &kubenode.Node{Kubernetes: "1.35.2", Runtime: r, Downloads: &kubenode.Downloads{Mirror: "https://releases.example.com"}}
	switch r {
	case kubenode.Containerd:
		n.RuntimeVersion = "2.2.9"
	case kubenode.Docker:
		n.RuntimeVersion, n.CRIDockerdVersion = "28.5.2", "0.4.0"
		n.Downloads.SHA256 = map[string]string{"docker-28.5.2.tgz": digest, "cri-dockerd-0.4.0.amd64.tgz": digest}
	case kubenode.CRIO:
		n.RuntimeVersion = "1.34"
		n.Kubernetes = "1.34.1"
	}
	return n
}

func TestNodeDownloadsGolden(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			plan, err := downloadNode(r).Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, "testdata/node-"+string(r)+"-downloads.txtar", plan, *update)
		})
	}
}

func TestNodeDownloadsInstallWhatTheUnitsStart(t *testing.T) {
	plan, err := downloadNode(kubenode.Docker).Plan(context.Background())
	require.NoError(t, err)
	installed := map[string]bool{}
	for _, a := range plan.Artifacts {
		for _, m := range a.Members {
			installed[m.Path] = true
		}
	}
	for _, unit := range []string{"docker.service", "cri-docker.service", "kubelet.service"} {
		u := unitFile(t, plan, unit)
		argv0 := u.Service.ExecStart[len(u.Service.ExecStart)-1].Argv[0]
		assert.True(t, installed[argv0], "%s starts %s, which no artifact installs", unit, argv0)
	}
	assert.Nil(t, plan.File("/etc/systemd/system/containerd.service"))
	assert.NotContains(t, unitFile(t, plan, "docker.service").Unit.Requires, "containerd.service",
		"with Docker's static archive dockerd runs its own containerd")
}

// A binary or file that changes restarts only units the node has: on a
// Docker node from the static archive, dockerd runs its own containerd and
// there is no containerd.service to restart.
func TestNodeDownloadsRestartOnlyUnitsTheNodeRuns(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			plan, err := downloadNode(r).Plan(context.Background())
			require.NoError(t, err)
			managed := map[string]bool{}
			for _, u := range plan.Units {
				managed[u.Unit] = true
			}
			for _, f := range plan.Files {
				for _, u := range f.RestartUnits {
					assert.True(t, managed[u], "%s restarts %s, which the node does not run", f.Path, u)
				}
			}
			for _, a := range plan.Artifacts {
				for _, m := range a.Members {
					for _, u := range m.RestartUnits {
						assert.True(t, managed[u], "%s restarts %s, which the node does not run", m.Path, u)
					}
				}
			}
		})
	}
}

func TestNodeDownloadsValidate(t *testing.T) {
	tests := []struct {
		name     string
		node     func() *kubenode.Node
		sentinel error
		path     string
	}{
		{"kubernetes without patch", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.Kubernetes = "1.35"
			return n
		}, field.ErrInvalid, "kubernetes"},
		{"containerd without patch", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.RuntimeVersion = "2.2"
			return n
		}, field.ErrInvalid, "runtimeVersion"},
		{"docker without pin", func() *kubenode.Node {
			n := downloadNode(kubenode.Docker)
			delete(n.Downloads.SHA256, "docker-28.5.2.tgz")
			return n
		}, field.ErrRequired, `downloads.sha256."docker-28.5.2.tgz"`},
		{"arch", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.Downloads.Arch = "riscv64"
			return n
		}, field.ErrNotSupported, "downloads.arch"},
		{"mirror", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.Downloads.Mirror = "ftp://releases.example.com"
			return n
		}, field.ErrNotSupported, "downloads.mirror"},
		{"pin one letter off", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.Downloads.SHA256 = map[string]string{"kubelett": digest}
			return n
		}, field.ErrNotSupported, `downloads.sha256.kubelett`},
		{"pin for a file another runtime downloads", func() *kubenode.Node {
			n := downloadNode(kubenode.CRIO)
			n.Downloads.SHA256 = map[string]string{"docker-28.5.2.tgz": digest}
			return n
		}, field.ErrNotSupported, `downloads.sha256."docker-28.5.2.tgz"`},
		{"binary elsewhere", func() *kubenode.Node {
			n := downloadNode(kubenode.Containerd)
			n.Binaries.Kubelet = "/opt/bin/kubelet"
			return n
		}, field.ErrForbidden, "binaries.kubelet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fieldtest.RequireProblem(t, validErr(tt.node()), tt.sentinel, tt.path)
		})
	}
}

// A pin that names a file of the node is used, for whichever component
// downloads it.
func TestNodeDownloadsUsePins(t *testing.T) {
	n := downloadNode(kubenode.Containerd)
	n.Downloads.SHA256 = map[string]string{"kubelet": digest, "runc.amd64": digest}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	pinned := map[string]string{}
	for _, a := range plan.Artifacts {
		pinned[a.FileName()] = a.SHA256
	}
	assert.Equal(t, digest, pinned["kubelet"])
	assert.Equal(t, digest, pinned["runc.amd64"])
	assert.Empty(t, pinned["crictl-v1.35.0-linux-amd64.tar.gz"], "verified by its checksum file")
}

func TestNodeWithoutDownloadsHasNoArtifacts(t *testing.T) {
	plan, err := fullNode(kubenode.Containerd, runtime.CgroupSystemd).Plan(context.Background())
	require.NoError(t, err)
	assert.Empty(t, plan.Artifacts)
}
