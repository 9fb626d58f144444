// Package cridockerd models cri-dockerd, the CRI shim that lets the kubelet
// (1.24 and later, without dockershim) run pods on Docker Engine: its
// command-line [Flags], the cri-docker.service and cri-docker.socket units,
// crictl.yaml, and an [Installer] that composes with package docker's.
//
// cri-dockerd has no configuration file; everything is a flag on the unit's
// ExecStart= line. [Flags] types every flag of cri-dockerd 0.3 and 0.4
// (read from its cmd/cri/options and config packages), [Flags.Args] renders
// them as "--name=value" words, and [ParseFlags] reads a command line back,
// keeping flags it does not model in Extra.
//
// The packaged units are socket activated: systemd listens on
// %t/cri-dockerd.sock (/run/cri-dockerd.sock) and hands the socket to
// "cri-dockerd --container-runtime-endpoint fd://". A unit that requires the
// socket but lets cri-dockerd bind its default endpoint itself (as the seed
// guide's does) fights systemd over one path; [ValidateService] refuses it.
package cridockerd
