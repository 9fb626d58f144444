// Package docker checks package docker's files with the real programs:
// Debian's dockerd 20.10 started on a rendered daemon.json (and refusing the
// files Validate refuses), and systemd-analyze verify on docker.service and
// docker.socket.
package docker
