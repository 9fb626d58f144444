package kubenode_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/runtime/render"
)

// hostRoot writes a fake host root: the /proc and /sys files runtime/host
// reads, as a cgroup v1 host with swap on, forwarding off and no
// br_netfilter has them (or, fixed, as a host that is ready).
func hostRoot(t *testing.T, fixed bool) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"proc/sys/kernel/osrelease":                  "6.1.0-kubenode\n",
		"lib/modules/6.1.0-kubenode/modules.builtin": "kernel/fs/overlayfs/overlay.ko\n",
		"proc/modules":                               "nf_nat 49152 1 - Live 0x0000000000000000\n",
		"proc/swaps":                                 "Filename\tType\tSize\tUsed\tPriority\n/dev/sda2 partition 1048572 0 -2\n",
		"proc/sys/net/ipv4/ip_forward":               "0\n",
		"sys/fs/cgroup/memory/tasks":                 "",
		"sys/fs/cgroup/unified/cgroup.controllers":   "",
	}
	if fixed {
		files["proc/swaps"] = "Filename\tType\tSize\tUsed\tPriority\n"
		files["proc/sys/net/ipv4/ip_forward"] = "1\n"
		files["proc/modules"] = "br_netfilter 32768 0 - Live 0x0000000000000000\n"
		files["proc/sys/net/bridge/bridge-nf-call-iptables"] = "1\n"
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

// writeNode writes n's plan into root, enabling its units as systemctl
// enable would (the links of their [Install] sections).
func writeNode(t *testing.T, n *kubenode.Node, root string) {
	t.Helper()
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	require.NoError(t, render.WriteDir(plan, root))
	wants := filepath.Join(root, "etc/systemd/system/multi-user.target.wants")
	require.NoError(t, os.MkdirAll(wants, 0o755))
	for _, u := range []string{"containerd.service", "kubelet.service"} {
		require.NoError(t, os.Symlink("/etc/systemd/system/"+u, filepath.Join(wants, u)))
	}
}

func TestLintDirPreflight(t *testing.T) {
	root := hostRoot(t, false)
	writeNode(t, &kubenode.Node{Kubernetes: "1.37", RuntimeVersion: "2.4.0"}, root)
	require.NoError(t, os.Remove(filepath.Join(root, "etc/systemd/system/multi-user.target.wants/containerd.service")))
	findings, err := kubenode.LintDir(root, preflightTargets)
	require.NoError(t, err)
	inspecttest.RequireFindings(t, findings,
		inspecttest.Error("/proc/sys/net/ipv4/ip_forward", field.ErrInvalid, "net.ipv4.ip_forward"),
		inspecttest.Error("/proc/modules", field.ErrRequired, "br_netfilter"),
		inspecttest.Error(kubeletYAML, field.ErrInvalid, "failSwapOn"),
		inspecttest.Error(kubeletYAML, field.ErrInvalid, "failCgroupV1"),
		inspecttest.Warning(containerdSv, field.ErrRequired, "Install"),
	)

	// The same node planned for this host, accepting v1 and swap: only
	// the host's own settings are left to fix.
	root = hostRoot(t, false)
	writeNode(t, &kubenode.Node{Kubernetes: "1.37", RuntimeVersion: "2.4.0", Host: kubenode.Host{AcceptCgroupV1: true, Swap: kubenode.SwapAllowed}}, root)
	findings, err = kubenode.LintDir(root, preflightTargets)
	require.NoError(t, err)
	inspecttest.RequireFindings(t, findings,
		inspecttest.Error("/proc/sys/net/ipv4/ip_forward", field.ErrInvalid, "net.ipv4.ip_forward"),
		inspecttest.Error("/proc/modules", field.ErrRequired, "br_netfilter"),
	)

	// A ready host: nothing.
	root = hostRoot(t, true)
	writeNode(t, &kubenode.Node{Kubernetes: "1.37", RuntimeVersion: "2.4.0", Host: kubenode.Host{AcceptCgroupV1: true}}, root)
	findings, err = kubenode.LintDir(root, preflightTargets)
	require.NoError(t, err)
	inspecttest.RequireFindings(t, findings)
}

// preflightTargets are the releases of the nodes TestLintDirPreflight
// writes.
var preflightTargets = kubenode.Targets{Kubernetes: "1.37", Containerd: "2.4.0"}
