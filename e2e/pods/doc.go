// Package pods proves a node kubenode plans: for each runtime (containerd
// 2.2 and 2.4, Debian's containerd 1.6, Docker Engine with cri-dockerd,
// CRI-O) a Node planned through the public API only is applied with
// apply.Apply, through the D-Bus manager, into a real systemd booted in
// namespaces of its own (network included); the real runtime and the real
// kubelet 1.37 start as its units, the kubelet joins a real control plane
// (etcd and kube-apiserver in the same network namespace), the node goes
// Ready on the bridge network the Node writes, and a pod created through
// the API pulls its image through the registry settings the Node wrote (a
// mirror of registry.k8s.io served by the test on the namespace's own
// address) and runs. Re-applying a changed Node restarts exactly the units
// the plan says, and the running pod keeps its container.
//
// The package holds only tests; run them with
//
//	cd e2e && CI=true go test -count=1 ./pods/
package pods
