package apply_test

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// What a node operator feels of a re-run is not its speed but its
// disruption: a file rewritten or a daemon restarted for nothing perturbs
// every pod on the node. These tests count what Apply does to the root
// (apply.WithFSObserver) and asks of systemd (manager.Recorder): an
// unchanged plan touches nothing, and one changed setting writes only the
// files that hold it and restarts only the daemon that reads them.

// fsOp is one change Apply made under the root, its path relative to it.
type fsOp struct{ op, name string }

// fsLog records the changes Apply makes under a root.
type fsLog struct {
	mu  sync.Mutex
	ops []fsOp
}

func (l *fsLog) observe(op, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ops = append(l.ops, fsOp{op, name})
}

// names lists the paths of the changes of one kind, in order.
func (l *fsLog) names(op string) []string {
	var out []string
	for _, o := range l.ops {
		if o.op == op {
			out = append(out, o.name)
		}
	}
	return out
}

// applyCounted applies plan under root with rec as the service manager,
// recording every change to the root and only this run's systemd calls.
func applyCounted(t *testing.T, root string, plan *runtime.Plan, rec *manager.Recorder) (*apply.Result, *fsLog) {
	t.Helper()
	log := &fsLog{}
	rec.Reset()
	ctx := apply.WithFSObserver(context.Background(), log.observe)
	res, err := apply.Apply(ctx, plan, apply.Options{Root: root, Manager: rec})
	require.NoError(t, err)
	return res, log
}

func nodePlanOf(t testing.TB, n *kubenode.Node) *runtime.Plan {
	t.Helper()
	p, err := n.Plan(context.Background())
	require.NoError(t, err)
	return p
}

func TestReapplyingAnUnchangedPlanTouchesNothing(t *testing.T) {
	s := releasetest.NewServer(t)
	plans := map[string]func(t *testing.T) *runtime.Plan{
		"files and units": func(*testing.T) *runtime.Plan { return plansample.NodePlan() },
		"release binaries": func(t *testing.T) *runtime.Plan {
			return serveRelease(t, s, newRelease(t, "v1"))
		},
	}
	for _, r := range kubenode.Runtimes {
		plans[string(r)+" node"] = func(t *testing.T) *runtime.Plan {
			n := plansample.ContainerdNode()
			n.Runtime = r
			if r != kubenode.Containerd {
				n.Mirrors = n.Mirrors[:1]
			}
			if r == kubenode.CRIO {
				n.RuntimeVersion = "1.34" // the newest CRI-O kubenode knows
				n.Kubernetes = "1.34"
			}
			return nodePlanOf(t, n)
		}
	}
	for name, plan := range plans {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			rec := manager.NewRecorder()
			p := plan(t)
			_, first := applyCounted(t, root, p, rec)
			require.NotEmpty(t, first.names("write"), "the first apply writes the node")

			res, log := applyCounted(t, root, p, rec)
			assert.Empty(t, log.ops, "no write, fsync, rename, link, mkdir, chmod or remove")
			assert.Empty(t, rec.Calls, "no daemon-reload, enable, start or restart")
			assert.False(t, res.Changed())
			assert.Empty(t, res.BackupDir)
		})
	}
}

func TestChangingOneSettingDisruptsOnlyItsDaemon(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*kubenode.Node)
		// files are the node paths that change; calls what systemd is
		// asked.
		files, calls []string
	}{{
		name:   "an IPv6 node IP no more: the host's IPv6 forwarding goes",
		change: func(n *kubenode.Node) { n.NodeIPs = []string{"192.168.1.31"} },
		files:  []string{"/etc/sysctl.d/99-kubenode.conf", "/var/lib/kubelet/kubeadm-flags.env"},
		calls:  []string{"restart systemd-sysctl.service", "restart kubelet.service"},
	}, {
		name:   "pause image",
		change: func(n *kubenode.Node) { n.PauseImage = "registry.example.com/pause:3.10.1" },
		files:  []string{"/etc/containerd/config.toml"},
		calls:  []string{"restart containerd.service"},
	}, {
		name:   "mirror, which containerd reads on every pull",
		change: func(n *kubenode.Node) { n.Mirrors[0].URL = "https://other-mirror.example.com" },
		files:  []string{"/etc/containerd/certs.d/docker.io/hosts.toml"},
		calls:  nil,
	}, {
		name:   "kubelet flag",
		change: func(n *kubenode.Node) { n.NodeIPs = []string{"192.168.1.32", "2001:db8::32"} },
		files:  []string{"/var/lib/kubelet/kubeadm-flags.env"},
		calls:  []string{"restart kubelet.service"},
	}, {
		name: "kubelet config",
		change: func(n *kubenode.Node) {
			n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.MaxPods = 150 }
		},
		files: []string{"/var/lib/kubelet/config.yaml"},
		calls: []string{"restart kubelet.service"},
	}, {
		name:   "cgroup driver, which the runtime and the kubelet share",
		change: func(n *kubenode.Node) { n.CgroupDriver = runtime.CgroupCgroupfs },
		files:  []string{"/etc/containerd/config.toml", "/var/lib/kubelet/config.yaml"},
		calls:  []string{"restart containerd.service", "restart kubelet.service"},
	}, {
		name:   "a unit",
		change: func(n *kubenode.Node) { n.Binaries.Containerd = "/usr/bin/containerd" },
		files:  []string{"/etc/systemd/system/containerd.service"},
		calls:  []string{"daemon-reload", "restart containerd.service"},
	}, {
		name: "two units and a drop-in, reloaded once",
		change: func(n *kubenode.Node) {
			n.Binaries.Containerd = "/usr/bin/containerd"
			n.Binaries.Kubelet = "/usr/local/bin/kubelet"
		},
		files: []string{"/etc/systemd/system/containerd.service", "/etc/systemd/system/kubelet.service", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"},
		calls: []string{"daemon-reload", "restart containerd.service", "restart kubelet.service"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			rec := manager.NewRecorder()
			applyCounted(t, root, nodePlanOf(t, plansample.ContainerdNode()), rec)

			n := plansample.ContainerdNode()
			tc.change(n)
			res, log := applyCounted(t, root, nodePlanOf(t, n), rec)

			var changed []string
			for _, f := range res.Files {
				if f.Change != apply.ChangeUnchanged {
					changed = append(changed, f.Path)
				}
			}
			assert.Equal(t, tc.files, changed, "the files that hold the setting")
			assert.Equal(t, tc.calls, rec.Calls, "what systemd is asked")

			// Each file is replaced once: a temp file beside it, written and
			// fsynced, renamed over it; nothing else is written.
			var want []string
			for _, f := range tc.files {
				want = append(want, f[1:])
			}
			assert.Equal(t, want, log.names("rename"), "renamed into place")
			writes := log.names("write")
			require.Len(t, writes, len(tc.files), "one temp file per changed file")
			for i, w := range writes {
				dir, base := path.Split(want[i])
				assert.True(t, strings.HasPrefix(w, dir+"."+base+".kubenode-"), "%s is a temp file beside %s", w, want[i])
			}
			for _, s := range log.names("fsync") {
				assert.True(t, slices.Contains(writes, s) || isDirOf(s, want) || underBackup(s, res.BackupDir),
					"fsync of %s: a temp file, the directory of a changed file or the backup", s)
			}
			// The replaced files are kept, as hard links, in the backup.
			for _, l := range log.names("link") {
				assert.True(t, underBackup(l, res.BackupDir), "link %s", l)
			}
			for _, o := range log.ops {
				switch o.op {
				case "write", "fsync", "rename", "link":
				case "mkdir", "chmod":
					assert.True(t, underBackup(o.name, res.BackupDir), "%s %s: only the backup's directories are made", o.op, o.name)
				default:
					t.Errorf("unexpected %s %s", o.op, o.name)
				}
			}
		})
	}
}

// isDirOf reports whether dir holds one of the files.
func isDirOf(dir string, files []string) bool {
	for _, f := range files {
		if path.Dir(f) == dir {
			return true
		}
	}
	return false
}

// underBackup reports whether a path relative to the root is the backup
// directory (a node path), in it, or one of the directories above it that
// making it creates.
func underBackup(name, backupDir string) bool {
	b := strings.TrimPrefix(backupDir, "/")
	return b != "" && (name == b || strings.HasPrefix(name, b+"/") || strings.HasPrefix(b, name+"/"))
}

// A proxy change rewrites the proxy drop-ins alone and restarts exactly
// the units that read them: the runtime, and the kubelet when the proxy is
// its too.
func TestProxyChangeRestartsOnlyItsUnits(t *testing.T) {
	for _, kubelet := range []bool{false, true} {
		t.Run(fmt.Sprintf("kubelet=%v", kubelet), func(t *testing.T) {
			node := func(proxy string) *kubenode.Node {
				n := plansample.ContainerdNode()
				n.Proxy = &runtime.Proxy{HTTPS: proxy, Kubelet: kubelet}
				return n
			}
			root := t.TempDir()
			rec := manager.NewRecorder()
			applyCounted(t, root, nodePlanOf(t, node("http://proxy-a.example.com:3128")), rec)
			rec.Calls = nil
			res, _ := applyCounted(t, root, nodePlanOf(t, node("http://proxy-b.example.com:3128")), rec)
			var changed []string
			for _, f := range res.Files {
				if f.Change != apply.ChangeUnchanged {
					changed = append(changed, f.Path)
				}
			}
			files := []string{"/etc/systemd/system/containerd.service.d/" + kubenode.ProxyDropIn}
			calls := []string{"daemon-reload", "restart containerd.service"}
			if kubelet {
				files = append(files, "/etc/systemd/system/kubelet.service.d/"+kubenode.ProxyDropIn)
				calls = append(calls, "restart kubelet.service")
			}
			assert.Equal(t, files, changed)
			assert.Equal(t, calls, rec.Calls)
		})
	}
}

// A registry's CA or hosts.toml changes without a restart: containerd reads
// both on every pull.
func TestRegistryFilesChangeRestartsNothing(t *testing.T) {
	node := func(ca string, mirror string) *kubenode.Node {
		n := plansample.ContainerdNode()
		pki := testpki.New(t, ca)
		n.Registries = []runtime.Registry{{Host: "registry.corp.example", CA: pki.CA, Mirrors: []runtime.RegistryMirror{{URL: mirror}}}}
		return n
	}
	root := t.TempDir()
	rec := manager.NewRecorder()
	applyCounted(t, root, nodePlanOf(t, node("ca-1", "https://cache-a.corp.example")), rec)
	rec.Calls = nil
	res, _ := applyCounted(t, root, nodePlanOf(t, node("ca-2", "https://cache-b.corp.example")), rec)
	var changed []string
	for _, f := range res.Files {
		if f.Change != apply.ChangeUnchanged {
			changed = append(changed, f.Path)
		}
	}
	assert.Equal(t, []string{
		"/etc/containerd/certs.d/registry.corp.example/hosts.toml",
		"/etc/containerd/certs.d/registry.corp.example/ca.crt",
	}, changed)
	assert.Empty(t, rec.Calls, "nothing restarts")
}
