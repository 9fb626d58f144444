// Command capi-checker judges kubenode's Cluster API renderings with
// Cluster API's own types (sigs.k8s.io/cluster-api/api v1.14.2), in
// process, without a management cluster.
//
//	capi-checker check FILE
//
// reads FILE, a YAML stream of Secrets, KubeadmConfigTemplates and
// KubeadmControlPlanes, decodes every object strictly with a scheme of
// Cluster API's bootstrap and control-plane types and core/v1 (an unknown
// or duplicate field is an error; a v1beta1 object is then converted to
// v1beta2 by Cluster API's own conversions), and runs on each what Cluster
// API runs before it stores one: the bounds of its CRD schema and the
// checks of its KubeadmConfig(Template) validating webhook (webhook.go,
// written from reading cluster-api's bootstrap/kubeadm/webhooks/admission,
// whose module needs controller-runtime), and checks that every
// contentFrom.secret names a key of a Secret of the stream. It prints
// every problem and exits 1 when there is one.
//
//	capi-checker write-files FILE ROOT
//
// writes the files of FILE's first KubeadmConfigTemplate or
// KubeadmControlPlane under ROOT as Cluster API's cloud-init user data
// makes cloud-init write them (contentFrom resolved from the stream's
// Secret, the content passed through the YAML literal block Cluster API
// writes it in, decoded by its encoding, given its permissions and, as
// root, its owner), and prints its preKubeadmCommands as a JSON list.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch {
	case os.Args[1] == "check" && len(os.Args) == 3:
		os.Exit(check(os.Args[2]))
	case os.Args[1] == "write-files" && len(os.Args) == 4:
		os.Exit(writeFiles(os.Args[2], os.Args[3]))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: capi-checker check FILE\n       capi-checker write-files FILE ROOT")
	os.Exit(2)
}
