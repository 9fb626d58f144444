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
	fs := cli.NewFlagSet("kubelet", stderr)
	o := options{driver: runtime.CgroupSystemd}
	fs.StringVar(&o.version, "kubernetes", kubelet.DefaultVersion.String(), "target Kubernetes `VERSION` (1.24 to 1.37)")
	fs.StringVar(&o.endpoint, "runtime-endpoint", runtime.ContainerdEndpoint, "the runtime's CRI socket `URL`")
	fs.Var(&o.driver, "cgroup-driver", "cgroup driver, systemd or cgroupfs; must match the runtime's")
	fs.Var(&o.labels, "node-label", "node label `KEY=VALUE` (repeatable)")
	fs.StringVar(&o.nodeIP, "node-ip", "", "the node's `IP`, or IPv4,IPv6 for a dual-stack node")
	out := fs.String("out", "", "write the files under `DIR` instead of printing them")
	if code, ok := cli.Parse(fs, args, stderr); !ok {
		return code
	}

	plan, err := o.plan()
	return cli.Finish(stdout, stderr, *out, plan, nil, err)
}

// options are the command line's settings of the kubelet.
type options struct {
	version, endpoint string
	driver            runtime.CgroupDriver
	labels            cli.Strings
	nodeIP            string
}

// plan is the plan of o, or every problem of o; malformed -node-label
// values alone, since the labels the installer would check are not known.
func (o options) plan() (*runtime.Plan, error) {
	var errs field.ErrorList
	labelMap := map[string]string{}
	for i, s := range o.labels {
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
		return nil, errs
	}
	var ips []string
	if o.nodeIP != "" {
		ips = strings.Split(o.nodeIP, ",")
	}
	installer, err := kubelet.NewInstaller(
		kubelet.WithVersion(o.version),
		kubelet.WithCgroupDriver(o.driver),
		kubelet.WithRuntime(runtimeUnit(o.endpoint), o.endpoint),
		kubelet.WithNodeLabels(labelMap),
		kubelet.WithNodeIPs(ips),
	)
	if err != nil {
		return nil, err
	}
	return installer.Plan(context.Background())
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
