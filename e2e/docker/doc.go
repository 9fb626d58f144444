// Package docker checks package docker's files with the real programs:
// Debian's dockerd 20.10 started on a rendered daemon.json (and refusing the
// files Validate refuses), dockerd 28.5 (built by .ci/install.d/docker.sh)
// --validate on the daemon.json planned for 28.5, and systemd-analyze
// verify on docker.service and docker.socket.
package docker
