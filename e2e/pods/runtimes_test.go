package pods_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
)

// containerd is the case of a containerd release built by
// .ci/install.d/containerd.sh, with the runc shim of the same release
// (.ci/install.d/pods.sh) where containerd's unit finds it in its PATH, as
// containerd's release archive installs it beside the daemon: a shim must
// match its daemon (2.4 cannot start Debian's 1.6 shim).
func containerd(version string) runtimeCase {
	var shim string
	return runtimeCase{
		name: "containerd-" + version,
		node: func(t *testing.T, n *kubenode.Node) {
			shim = harness.Tool(t, "containerd-shim-runc-v2-"+version+"/containerd-shim-runc-v2")
			n.Runtime = kubenode.Containerd
			n.RuntimeVersion = version
			n.Binaries.Containerd = harness.Tool(t, "containerd-"+version+"/containerd")
		},
		prepare: func(t *testing.T, s *harness.Systemd) {
			copyInto(t, s, shim, "/usr/local/bin/containerd-shim-runc-v2")
		},
		dataDirs: []string{"/var/lib/containerd"},
	}
}

// debianContainerd is Debian 12's containerd 1.6 (containerd.apt) with
// its own runc shim, on a config planned for 1.6 (version 2) and
// Kubernetes 1.37: outside containerd's own matrix (a warning), but the
// 1.37 kubelet still runs its pods, falling back to its own cgroupDriver
// since containerd 1.x has no RuntimeConfig call (that fallback goes in
// 1.38).
func debianContainerd() runtimeCase {
	return runtimeCase{
		name: "containerd-1.6-debian",
		node: func(t *testing.T, n *kubenode.Node) {
			n.Runtime = kubenode.Containerd
			n.RuntimeVersion = "1.6"
			n.Binaries.Containerd = "/usr/bin/containerd"
		},
		dataDirs: []string{"/var/lib/containerd"},
	}
}

// oomWrapHandler is the runtime handler of testdata/oomwrap, the OCI
// runtime that raises a negative oom_score_adj to 0 before it execs runc:
// on this machine no process may lower its oom_score_adj, and Docker and
// CRI-O, unlike containerd, cannot be told to leave it. It is the node's
// default handler, set through the Node's RuntimeHandlers, so the pods'
// sandboxes (-998 from the kubelet) run.
var oomWrapHandler = runtime.RuntimeHandler{
	Name: "kubenode-e2e-oom", Kind: runtime.HandlerRunc, Binary: oomWrapPath, Default: true,
}

// oomWrapPath is where the namespace's root holds oomwrap.
const oomWrapPath = "/usr/local/bin/kubenode-e2e-oomwrap"

// prepareOOMWrap builds oomwrap and puts it at oomWrapPath.
func prepareOOMWrap(t *testing.T, s *harness.Systemd) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "oomwrap")
	buildTo(t, "oomwrap", out)
	copyInto(t, s, out, oomWrapPath)
}

// docker is Docker Engine 28.5.2 (.ci/install.d/docker.sh) with
// cri-dockerd 0.4.0, on Debian's containerd (the packaged
// containerd.service dockerd wants). Docker mirrors only docker.io, so
// its images are named by the registry's address, a plain-HTTP registry
// of the Node (daemon.json insecure-registries).
func docker() runtimeCase {
	return runtimeCase{
		name: "docker-28.5.2",
		node: func(t *testing.T, n *kubenode.Node) {
			n.Runtime = kubenode.Docker
			n.RuntimeVersion = "28.5.2"
			n.CRIDockerdVersion = "0.4.0"
			n.Binaries.Dockerd = harness.Tool(t, "dockerd-28.5.2/dockerd")
			n.Binaries.CRIDockerd = harness.Tool(t, "cri-dockerd-0.4.0/cri-dockerd")
			n.RuntimeHandlers = []runtime.RuntimeHandler{oomWrapHandler}
		},
		prepare:  prepareOOMWrap,
		dataDirs: []string{"/var/lib/docker", "/var/lib/containerd"},
		direct:   true,
	}
}

// crioVersion is the CRI-O release .ci/install.d/crio-daemon.sh builds.
const crioVersion = "1.34.0"

// crioUnit is the crio.service CRI-O's packages install (the Node plans
// CRI-O's configuration, not its unit), in the vendor unit directory.
const crioUnit = `[Unit]
Description=Container Runtime Interface for OCI (CRI-O)
Wants=network-online.target
Before=kubelet.service
After=network-online.target

[Service]
Type=notify
ExecStart=%s
ExecReload=/bin/kill -s HUP $MAINPID
TasksMax=infinity
LimitNOFILE=1048576
LimitNPROC=1048576
LimitCORE=infinity
OOMScoreAdjust=-999
TimeoutStartSec=0
Restart=on-failure
RestartSec=10

[Install]
WantedBy=multi-user.target
`

// policyJSON is the containers signature policy CRI-O's packages ship
// (/etc/containers/policy.json): CRI-O pulls nothing without one.
const policyJSON = `{"default": [{"type": "insecureAcceptAnything"}]}` + "\n"

// crio is CRI-O 1.34 built from the Go module proxy, with conmon and runc
// from Debian. CRI-O 1.34 defaults to crun, which is not installed: the
// node's default handler is oomwrap, a runc.
func crio() runtimeCase {
	var crioBin, pinns string
	return runtimeCase{
		name: "crio-" + crioVersion,
		node: func(t *testing.T, n *kubenode.Node) {
			crioBin = harness.Tool(t, "crio-"+crioVersion+"/crio")
			pinns = harness.Tool(t, "crio-"+crioVersion+"/pinns")
			n.Runtime = kubenode.CRIO
			n.RuntimeVersion = crioVersion
			n.RuntimeHandlers = []runtime.RuntimeHandler{oomWrapHandler}
		},
		prepare: func(t *testing.T, s *harness.Systemd) {
			prepareOOMWrap(t, s)
			// crio finds pinns and conmon in its PATH. crio itself is copied
			// in too: a tools dir under /tmp is hidden by the namespace's
			// own /tmp.
			copyInto(t, s, pinns, "/usr/local/bin/pinns")
			copyInto(t, s, crioBin, "/usr/local/bin/crio")
			writeInto(t, s, "/usr/lib/systemd/system/crio.service", fmt.Sprintf(crioUnit, "/usr/local/bin/crio"), 0o644)
			writeInto(t, s, "/etc/containers/policy.json", policyJSON, 0o644)
			s.Run(t, "systemctl", "daemon-reload")
		},
		dataDirs: []string{"/var/lib/containers/storage"},
	}
}

// runtimeCases are the runtimes a pod is proved on, in the order they
// run.
func runtimeCases() []runtimeCase {
	return []runtimeCase{
		containerd("2.2.9"),
		containerd("2.4.2"),
		debianContainerd(),
		docker(),
		crio(),
	}
}

func TestPods(t *testing.T) {
	for _, rc := range runtimeCases() {
		t.Run(rc.name, func(t *testing.T) { provePods(t, rc) })
	}
}
