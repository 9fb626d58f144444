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
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime/field"
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
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: lint [-kubernetes V] [-containerd V] [-docker V] [-cri-dockerd V] [-crio V] ROOT")
		fs.PrintDefaults()
	}
	if code, ok := cli.ParseFlags(fs, args); !ok {
		return code
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
