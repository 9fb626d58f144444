package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/verify"
)

// verifyFlags are the flags of -verify.
type verifyFlags struct {
	verify                         bool
	cgroupDriver, sandboxImage     string
	endpoint, kubeconfig, nodeName string
	healthz, netns                 string
	noKubelet                      bool
	timeout                        time.Duration
}

func (v *verifyFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&v.verify, "verify", false, "ask the running node whether it runs as described, instead of reading its files")
	fs.StringVar(&v.cgroupDriver, "cgroup-driver", "", "with -verify: the node's cgroup `DRIVER` (default systemd)")
	fs.StringVar(&v.sandboxImage, "sandbox-image", "", "with -verify: the node's pause `IMAGE` (default kubeadm's for -kubernetes)")
	fs.StringVar(&v.endpoint, "endpoint", "", "with -verify: ask the runtime on this unix:// `ENDPOINT` instead of the node's")
	fs.StringVar(&v.kubeconfig, "kubeconfig", "", "with -verify: also check the Node object through this kubeconfig `FILE`")
	fs.StringVar(&v.nodeName, "node-name", "", "with -verify: the Node object's `NAME` (default this host's name)")
	fs.StringVar(&v.healthz, "healthz", "", "with -verify: the kubelet's healthz `URL` (default the node's kubelet config's)")
	fs.StringVar(&v.netns, "netns", "", "with -verify: reach the kubelet and the API server from this network namespace `FILE`")
	fs.BoolVar(&v.noKubelet, "no-kubelet", false, "with -verify: leave the kubelet's healthz out")
	fs.DurationVar(&v.timeout, "timeout", verify.DefaultTimeout, "with -verify: how long to ask for at most")
}

// run is lint -verify: the node the flags describe, asked at ROOT.
func (v *verifyFlags) run(fs *flag.FlagSet, t kubenode.Targets, host bool, stdout, stderr io.Writer) int {
	usage := func(msg string) int {
		fmt.Fprintln(stderr, "error: "+msg)
		fs.Usage()
		return 2
	}
	if host || fs.NArg() > 1 {
		return usage("-verify takes at most one ROOT and no -host")
	}
	n := &kubenode.Node{Kubernetes: t.Kubernetes, CgroupDriver: runtime.CgroupDriver(v.cgroupDriver), PauseImage: v.sandboxImage}
	set := 0
	if t.Containerd != "" {
		n.Runtime, n.RuntimeVersion, set = kubenode.Containerd, t.Containerd, set+1
	}
	if t.Docker != "" || t.CRIDockerd != "" {
		n.Runtime, n.RuntimeVersion, n.CRIDockerdVersion, set = kubenode.Docker, t.Docker, t.CRIDockerd, set+1
	}
	if t.CRIO != "" {
		n.Runtime, n.RuntimeVersion, set = kubenode.CRIO, t.CRIO, set+1
	}
	if set > 1 {
		return usage("-verify checks one runtime: give one of -containerd, -docker (with -cri-dockerd), -crio")
	}
	opts := []verify.Option{verify.WithTimeout(v.timeout)}
	if fs.NArg() == 1 {
		opts = append(opts, verify.WithRoot(fs.Arg(0)))
	}
	for _, o := range []struct {
		value string
		opt   func(string) verify.Option
	}{
		{v.endpoint, verify.WithEndpoint}, {v.kubeconfig, verify.WithKubeconfig}, {v.nodeName, verify.WithNodeName},
		{v.healthz, verify.WithKubeletHealthz}, {v.netns, verify.WithNetworkNamespace},
	} {
		if o.value != "" {
			opts = append(opts, o.opt(o.value))
		}
	}
	if v.noKubelet {
		opts = append(opts, verify.WithoutKubelet())
	}
	rep, err := verify.Node(context.Background(), n, opts...)
	if err != nil {
		cli.Report(stderr, err)
		return 2
	}
	code := 0
	for _, f := range rep.Findings {
		fmt.Fprintln(stdout, f)
		if f.Severity == kubenode.SeverityError {
			code = 1
		}
	}
	return code
}
