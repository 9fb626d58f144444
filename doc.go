// Package kubenode turns one description of a Kubernetes node's container
// runtime into the exact files and systemd actions that node needs, checks
// them the way the real daemons will, and renders them byte for byte
// deterministic.
//
// Every installer of Kubernetes nodes (kops nodeup, minikube, kubekey, k3s,
// k0s, EKS nodeadm, kubespray) used to keep its own text templates for
// containerd's config.toml, Docker's daemon.json, cri-dockerd's units and
// the kubelet's flags, and each shipped the same bugs: a containerd 2 node
// handed a config version it cannot read, SystemdCgroup disagreeing with the
// kubelet's cgroup driver, a pause image set in one place and not the
// other, --network-plugin passed to a kubelet that no longer has it. kubenode
// models those files as typed Go values instead.
//
// The packages:
//
//   - runtime: the shared vocabulary — a Plan of files, groups and unit
//     actions; the Installer interface; Compose; Version; crictl.yaml.
//   - runtime/field: field paths in each file's own syntax and errors that
//     errors.Is matches.
//   - runtime/plantest: golden-file helpers for kubenode's tests and yours.
//   - systemd: typed unit files and drop-ins.
//
// Each component package (containerd, docker, cridockerd, crio, kubelet)
// offers validating builders, Validate against a target version, Render,
// Parse and an Installer whose Plan holds every file it needs.
//
// A consumer pins kubenode's output in its own golden tests:
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
//	func TestNode(t *testing.T) {
//		plan, err := installer.Plan(context.Background())
//		require.NoError(t, err)
//		plantest.Golden(t, "testdata/node.txtar", plan, *update)
//	}
package kubenode
