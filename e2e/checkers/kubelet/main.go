// Command kubelet-checker judges kubenode's kubelet files with the kubelet's
// own code from k8s.io/kubernetes, in process, without starting a kubelet.
//
//	kubelet-checker config FILE [--dropin-dir DIR]
//
// decodes FILE strictly (an unknown or duplicate field is an error; the
// kubelet itself only logs those), loads it with the kubelet's
// configfiles.NewFsLoader, merges the *.conf drop-ins of DIR the way
// --config-dir does, sets the feature gates the file names, validates it
// with ValidateKubeletConfiguration and prints the loaded, defaulted
// configuration as v1beta1 JSON on stdout.
//
//	kubelet-checker kubelet FLAGS... --version
//
// runs the real kubelet command (cmd/kubelet/app.NewKubeletCommand), so the
// kubelet's own flag set parses FLAGS; with --version it stops right after
// parsing and exits 0, and an unknown or malformed flag exits 1.
package main

import (
	"context"
	"fmt"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register" // the kubelet binary registers the json log format
	"k8s.io/kubernetes/cmd/kubelet/app"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "config":
		os.Exit(checkConfig(os.Args[2:]))
	case "kubelet":
		cmd := app.NewKubeletCommand(context.Background())
		cmd.SetArgs(os.Args[2:])
		os.Exit(cli.Run(cmd))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: kubelet-checker config FILE [--dropin-dir DIR]\n       kubelet-checker kubelet FLAGS... --version")
	os.Exit(2)
}
