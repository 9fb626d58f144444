// Package node checks whole nodes with the real programs: for containerd
// (Debian's 1.6, 2.2.9 and 2.4.2), Docker Engine 28.5.2 with cri-dockerd
// 0.4.0, Debian's Docker Engine 20.10 with cri-dockerd 0.4.3 (cut from the
// 0.3 branch: 0.4.0 needs Engine 23.0), and CRI-O 1.34, each with both
// cgroup drivers, it plans a kubenode.Node and hands every file of the
// plan to the program that reads it (through package realcheck, the same
// checks the component packages run), checks that what those programs
// report agrees across the node, and that kubenode.LintDir finds no error
// in the node as written.
package node
