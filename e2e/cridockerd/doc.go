// Package cridockerd checks package cridockerd's output with the real
// programs: cri-dockerd v0.4.0, built from its module source by
// .ci/install.d/docker.sh, parses the rendered flags; systemd-analyze
// verify accepts the units composed with docker's.
package cridockerd
