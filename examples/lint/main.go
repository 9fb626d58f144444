// Command lint reads the container runtime and kubelet files of an
// existing node and prints what is wrong with them: what each component's
// validator finds, judged for the given releases, and what is wrong between
// components (cgroup drivers, pause images, CRI sockets, unit ordering).
//
//	go run ./examples/lint /                                  # this machine
//	go run ./examples/lint -kubernetes 1.31 -containerd 1.7.22 -docker 26.1.4 -cri-dockerd 0.3.15 testdata/seednode
//
// ROOT is the directory holding the node's / (an image root, a chroot, or
// / itself). It prints one finding per line,
//
//	error FILE: PATH: MESSAGE
//	warning FILE: PATH: MESSAGE
//
// where FILE is the node path (/etc/containerd/config.toml) and PATH the key
// in the file's own syntax. A release not given is inferred from the files
// or taken as the newest kubenode supports, and a warning says so. It exits
// 1 when there is an error, 0 otherwise, and 2 for a usage error.
//
// With -host it lints nothing and prints the facts of the host at ROOT
// instead (/ when no ROOT is given): cgroup mode, swap, kernel modules, the
// sysctls a node needs, oom_score_adj, user namespace, one "NAME: VALUE"
// per line (see runtime/host), and exits 0.
//
//	go run ./examples/lint -host
//
// With -verify it asks the running node instead of reading its files
// (package verify): the CRI runtime on the socket the kubelet of the node
// talks to, the kubelet's healthz and, with -kubeconfig, the Node object.
// The node is described as examples/node describes it: -containerd,
// -docker with -cri-dockerd, or -crio gives the runtime and its release
// (containerd when none is given), -kubernetes the kubelet's, and
// -cgroup-driver and -sandbox-image what they were written with. ROOT (/
// when not given) is where the node's / is seen from here (/proc/PID/root
// of a node in a mount namespace); -endpoint asks a socket moved
// elsewhere, -netns (/proc/PID/ns/net) reaches a kubelet and API server on
// a namespace's loopback, -no-kubelet leaves the kubelet out. It prints
// one finding per line, as above (a drift names both values: what the
// node was planned with and what it really runs), and exits 1 when there
// is an error.
//
//	go run ./examples/lint -verify -containerd 2.2.9
//	go run ./examples/lint -verify -kubeconfig /etc/kubernetes/admin.conf -node-name node-1
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/host"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := cli.NewFlagSet("lint", stderr)
	var t kubenode.Targets
	fs.StringVar(&t.Kubernetes, "kubernetes", "", "Kubernetes `VERSION` of the kubelet (default: the newest kubenode supports)")
	fs.StringVar(&t.Containerd, "containerd", "", "containerd `VERSION` (default: from config.toml's version)")
	fs.StringVar(&t.Docker, "docker", "", "Docker Engine `VERSION` (default: the newest kubenode knows)")
	fs.StringVar(&t.CRIDockerd, "cri-dockerd", "", "cri-dockerd `VERSION` (default: kubenode's default)")
	fs.StringVar(&t.CRIO, "crio", "", "CRI-O `VERSION` (default: the minor of -kubernetes)")
	hostFacts := fs.Bool("host", false, "print the host facts of ROOT (default /) instead of linting")
	var v verifyFlags
	v.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: lint [-kubernetes V] [-containerd V] [-docker V] [-cri-dockerd V] [-crio V] ROOT")
		fmt.Fprintln(stderr, "       lint -host [ROOT]")
		fmt.Fprintln(stderr, "       lint -verify [-kubernetes V] [-containerd V | -docker V [-cri-dockerd V] | -crio V] [-endpoint E] [-kubeconfig F] [ROOT]")
		fs.PrintDefaults()
	}
	if code, ok := cli.ParseFlags(fs, args); !ok {
		return code
	}
	if v.verify {
		return v.run(fs, t, *hostFacts, stdout, stderr)
	}
	if *hostFacts && fs.NArg() <= 1 {
		root := "/"
		if fs.NArg() == 1 {
			root = fs.Arg(0)
		}
		return printHost(root, stdout, stderr)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "error: give exactly one ROOT, the directory holding the node's /")
		fs.Usage()
		return 2
	}
	findings, err := kubenode.LintDir(fs.Arg(0), t)
	if err != nil {
		if field.AsList(err) != nil {
			cli.Report(stderr, err)
		} else {
			fmt.Fprintf(stderr, "error: %v\n", err)
		}
		return 2
	}
	code := 0
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
		if f.Severity == kubenode.SeverityError {
			code = 1
		}
	}
	return code
}

// printHost prints the facts of the host at root, exiting 2 when root
// cannot be opened.
func printHost(root string, stdout, stderr io.Writer) int {
	facts, err := host.Read(root)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 2
	}
	if _, err := facts.WriteTo(stdout); err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 2
	}
	return 0
}
