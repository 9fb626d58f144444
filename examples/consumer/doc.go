// Package consumer is how an installer built on kubenode (the way kops'
// nodeup, kubekey or an in-house provisioner would use it) keeps its own
// node types and pins what kubenode makes of them in its own golden files.
//
// # Keep your own vocabulary
//
// [WorkerSpec] is what this installer's users write: a pool name, an IPv4
// and an optional IPv6 address, a GPU switch, a Docker Hub mirror.
// [WorkerSpec.Node] translates it into a kubenode.Node, once, in one place;
// kubenode's defaults fill the rest, and its validation reports every
// problem at a kubenode path (nodeIPs[0], mirrors[0].url), which the
// installer can report as its own or map back to its spec.
//
// # Pin the plan in your golden files
//
// The installer's tests pin the whole plan, byte for byte, in txtar files
// under its own testdata/, with runtime/plantest. The test file declares its
// own flag, since plantest registers none:
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
//	func TestWorkerPlans(t *testing.T) {
//		plan, err := spec.Plan(context.Background())
//		require.NoError(t, err)
//		plantest.Golden(t, "testdata/worker-containerd.txtar", plan, *update)
//	}
//
// A plan renders to the same bytes on every run and on every machine, so a
// golden file changes only when the spec, the translation or kubenode
// changes. Pin the versions (Kubernetes, the runtime) in the spec or the
// test rather than relying on kubenode's defaults: the defaults move with
// kubenode releases, and a golden file should move only when a version is
// bumped on purpose.
//
// # Review kubenode upgrades as node changes
//
// After go get github.com/kubenode/kubenode@latest, a failing golden test
// shows the diff of every file that changes on the nodes. Review it, accept
// it with
//
//	go test ./... -update
//
// and commit the golden files with the upgrade: the review of the upgrade
// is the review of what changes on the nodes.
package consumer
