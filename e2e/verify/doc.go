// Package verify holds end-to-end tests: verify_test checks verify.Node
// against the real runtimes. Each containerd a Node plans for (Debian's
// 1.6, 1.7.35, 2.2.9, 2.4.2), started as containerd.service by a systemd
// booted in its own namespaces from the files Apply wrote, CRI-O 1.34
// started in such a namespace on the node's drop-in, and Docker Engine
// (Debian's 20.10, and 28.5.2) with cri-dockerd on the node's daemon.json
// and cri-docker.service flags, is asked over CRI and found running as
// planned. Debian's containerd 1.6 handed the config a Node plans for
// containerd 2.2 (which it starts with, silently running on its own
// defaults) is found out, each setting at its path with both values. A
// kubelet healthz on the node's own loopback is reached through its
// network namespace. With -record the runtimes' answers are written to the
// library's verify/testdata, which its unit tests replay.
package verify
