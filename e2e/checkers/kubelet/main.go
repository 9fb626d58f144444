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
//	kubelet-checker credential-provider CONFIG BINDIR
//
// registers the image credential provider plugins as the kubelet does at
// start with --image-credential-provider-config=CONFIG and
// --image-credential-provider-bin-dir=BINDIR: its strict decode and
// validation of CONFIG, and an executable in BINDIR named as each
// provider; it exits 1 where the kubelet would stop.
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
	case "credential-provider":
		os.Exit(checkCredentialProvider(os.Args[2:]))
	case "kubelet":
		cmd := app.NewKubeletCommand(context.Background())
		cmd.SetArgs(os.Args[2:])
		os.Exit(cli.Run(cmd))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: kubelet-checker config FILE [--dropin-dir DIR]\n       kubelet-checker credential-provider CONFIG BINDIR\n       kubelet-checker kubelet FLAGS... --version")
	os.Exit(2)
}
