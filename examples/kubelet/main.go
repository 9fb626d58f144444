// Command kubelet prints, or writes under -out, the files a Kubernetes node
// needs to run the kubelet of a given release on a CRI runtime: its
// KubeletConfiguration, kubelet.service with kubeadm's 10-kubeadm.conf
// drop-in, and kubeadm-flags.env with the node's own flags.
//
//	go run ./examples/kubelet -kubernetes 1.37 \
//		-runtime-endpoint unix:///run/containerd/containerd.sock \
//		-cgroup-driver systemd -node-label node.kubernetes.io/node= \
//		-node-ip 192.168.1.31,2408:822a:245:8c01::fab [-out DIR]
//
// The runtime's unit, which the kubelet wants and starts after, follows
// from the endpoint: containerd.service, cri-docker.service or crio.service.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kubelet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	version := fs.String("kubernetes", kubelet.DefaultVersion.String(), "target Kubernetes `VERSION` (1.24 to 1.37)")
	endpoint := fs.String("runtime-endpoint", runtime.ContainerdEndpoint, "the runtime's CRI socket `URL`")
	driver := runtime.CgroupSystemd
	fs.Var(&driver, "cgroup-driver", "cgroup driver, systemd or cgroupfs; must match the runtime's")
	var labels cli.Strings
	fs.Var(&labels, "node-label", "node label `KEY=VALUE` (repeatable)")
	nodeIP := fs.String("node-ip", "", "the node's `IP`, or IPv4,IPv6 for a dual-stack node")
	out := fs.String("out", "", "write the files under `DIR` instead of printing them")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "error: unexpected arguments: %v\n", fs.Args())
		return 2
	}

	var errs field.ErrorList
	labelMap := map[string]string{}
	for i, s := range labels {
		l, err := kubelet.ParseLabel(s)
		switch {
		case err != nil:
			errs = append(errs, field.Invalid(field.NewFlagPath("kubelet").Child("-node-label").Index(i), s, "want KEY=VALUE"))
		case hasKey(labelMap, l.Key):
			errs = append(errs, field.Duplicate(field.NewFlagPath("kubelet").Child("-node-label").Index(i), l.Key))
		default:
			labelMap[l.Key] = l.Value
		}
	}
	if len(errs) > 0 {
		return cli.Report(stderr, errs)
	}
	var ips []string
	if *nodeIP != "" {
		ips = strings.Split(*nodeIP, ",")
	}
	installer, err := kubelet.NewInstaller(
		kubelet.WithVersion(*version),
		kubelet.WithCgroupDriver(driver),
		kubelet.WithRuntime(runtimeUnit(*endpoint), *endpoint),
		kubelet.WithNodeLabels(labelMap),
		kubelet.WithNodeIPs(ips),
	)
	if err != nil {
		return cli.Report(stderr, err)
	}
	plan, err := installer.Plan(context.Background())
	if err != nil {
		return cli.Report(stderr, err)
	}
	if err := cli.Emit(stdout, plan, *out); err != nil {
		return cli.Report(stderr, err)
	}
	return 0
}

// runtimeUnit names the unit that serves a CRI endpoint, or "" for a socket
// this example does not know (the kubelet then waits for the network only).
func runtimeUnit(endpoint string) string {
	switch {
	case runtime.SameSocket(endpoint, runtime.ContainerdEndpoint):
		return "containerd.service"
	case runtime.SameSocket(endpoint, runtime.CRIDockerdEndpoint):
		return "cri-docker.service"
	case runtime.SameSocket(endpoint, runtime.CRIOEndpoint):
		return "crio.service"
	}
	return ""
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}
