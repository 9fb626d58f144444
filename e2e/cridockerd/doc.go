// Package cridockerd checks package cridockerd's output with the real
// programs: cri-dockerd v0.4.0, built from its module source by
// .ci/install.d/docker.sh, parses the rendered flags; systemd-analyze
// verify accepts the units composed with docker's; started on the dockerd
// 28.5 docker.sh builds, it runs a pod sandbox whose RuntimeClass handler
// names a runtime of daemon.json with that runtime, and on Debian's dockerd
// 20.10 it does not start, where cri-dockerd v0.4.3 (of the 0.3 branch)
// serves the CRI.
package cridockerd
