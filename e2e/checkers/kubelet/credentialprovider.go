package main

import (
	"flag"
	"fmt"
	"os"

	"k8s.io/kubernetes/pkg/credentialprovider/plugin"
)

// checkCredentialProvider runs the credential-provider mode and returns
// the exit status: the kubelet's own registration of its image credential
// provider plugins, as it runs at start with
// --image-credential-provider-config and
// --image-credential-provider-bin-dir. That reads the file with the
// kubelet's strict decoder (an unknown or duplicate field is an error),
// validates it with the feature gates' defaults, and requires the
// directory and an executable named as each provider in it; any problem
// stops the kubelet. The plugins are not run.
func checkCredentialProvider(args []string) int {
	fset := flag.NewFlagSet("credential-provider", flag.ContinueOnError)
	if err := fset.Parse(args); err != nil || fset.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: kubelet-checker credential-provider CONFIG BINDIR")
		return 2
	}
	if err := plugin.RegisterCredentialProviderPlugins(fset.Arg(0), fset.Arg(1), nil, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("registered")
	return 0
}
