package verify

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// planned is what the node's plan says the running node does, each value
// located in the file the plan writes it to: what Node compares the
// answers with.
type planned struct {
	kind       kubenode.Runtime
	version    runtime.Version // the runtime's release (Docker Engine's for Docker)
	kubernetes runtime.Version

	// endpoint is the CRI endpoint the kubelet talks to.
	endpoint inspect.Located
	// config is the runtime's main file, where a problem of the runtime as
	// a whole goes.
	config       string
	cgroupDriver inspect.Located
	pauseImage   inspect.Located
	// handlers are the runtime handlers the node asked for, beside runc,
	// and handlerAt where the plan writes one: its table in the runtime's
	// file.
	handlers  []string
	handlerAt func(name string) (file string, p *field.Path)
	// containerd is containerd's merged config, with where each key is
	// written; nil for other runtimes.
	containerd *containerd.Loaded

	// healthz is the kubelet's healthz URL, "" when its config turns
	// healthz off.
	healthz string
	// nodeName is the kubelet's --hostname-override, or "".
	nodeName string
}

// plan plans n and reads back what its files say, as Lint reads a node.
func plan(ctx context.Context, n *kubenode.Node) (*planned, error) {
	p, err := n.Plan(ctx)
	if err != nil {
		return nil, err
	}
	files := fstest.MapFS{}
	for _, f := range p.Files {
		files[strings.TrimPrefix(f.Path, "/")] = &fstest.MapFile{Data: f.Content, Mode: f.Mode}
	}
	node := inspect.NewNode(files)
	t := n.Targets()
	out := &planned{}
	if out.kubernetes, err = runtime.ParseVersion(t.Kubernetes); err != nil {
		return nil, fmt.Errorf("verify: kubernetes %q: %w", t.Kubernetes, err)
	}
	given := func(s string) (inspect.Target, error) {
		v, err := runtime.ParseVersion(s)
		if err != nil {
			return inspect.Target{}, fmt.Errorf("verify: release %q: %w", s, err)
		}
		return inspect.Target{Version: v, Kubernetes: out.kubernetes, Given: true}, nil
	}
	var server *inspect.Server
	switch {
	case t.Containerd != "":
		out.kind = kubenode.Containerd
		tt, err := given(t.Containerd)
		if err != nil {
			return nil, err
		}
		out.version = tt.Version
		server = containerd.Inspect(node, tt).Server
		if out.containerd, err = containerd.Load(node, containerd.ConfigFile, tt.Version); err != nil {
			return nil, fmt.Errorf("verify: the planned %s: %w", containerd.ConfigFile, err)
		}
		loaded := out.containerd
		out.handlerAt = func(name string) (string, *field.Path) {
			p := pathsFor(loaded.Config.Version).runtimeKey(name)
			return loaded.FileOf(p), p
		}
	case t.Docker != "":
		// cri-dockerd serves the CRI, and answers with Docker Engine's
		// release: that is the release compared.
		out.kind = kubenode.Docker
		tt, err := given(t.Docker)
		if err != nil {
			return nil, err
		}
		out.version = tt.Version
		ct, err := given(t.CRIDockerd)
		if err != nil {
			return nil, err
		}
		server = cridockerd.Inspect(node, ct).Server
		daemonJSON := docker.DaemonPath
		if d := docker.Load(node); d != nil {
			out.cgroupDriver = d.CgroupDriver
			daemonJSON = d.ConfigFile
		}
		// cri-dockerd offers Docker's runtimes as handlers.
		out.handlerAt = func(name string) (string, *field.Path) {
			return daemonJSON, field.NewPath("runtimes").Key(name)
		}
	case t.CRIO != "":
		out.kind = kubenode.CRIO
		tt, err := given(t.CRIO)
		if err != nil {
			return nil, err
		}
		out.version = tt.Version
		server = crio.Inspect(node, tt).Server
		if server != nil {
			file := server.Config
			out.handlerAt = func(name string) (string, *field.Path) {
				return file, field.NewTOMLPath("crio", "runtime", "runtimes", name)
			}
		}
	}
	if server == nil {
		return nil, fmt.Errorf("verify: the plan of %s runs no CRI runtime kubenode can read back", cmp.Or(string(out.kind), "the node"))
	}
	out.config = server.Config
	out.pauseImage = server.PauseImage
	if out.kind != kubenode.Docker {
		out.cgroupDriver = server.CgroupDriver
	}
	if len(server.Endpoints) > 0 {
		out.endpoint = server.Endpoints[0]
	}
	for _, h := range n.RuntimeHandlers {
		out.handlers = append(out.handlers, h.Name)
	}
	kl := kubelet.Inspect(node, inspect.Target{Version: out.kubernetes, Kubernetes: out.kubernetes, Given: true})
	if c := kl.Client; c != nil {
		if len(c.Endpoints) > 0 && c.Endpoints[0].Value != "" {
			out.endpoint = c.Endpoints[0]
		}
		out.healthz = healthzOf(node, c.File)
	}
	out.nodeName = n.Kubelet.HostnameOverride
	return out, nil
}

// healthzOf is the kubelet's healthz URL from its config file:
// healthzBindAddress and healthzPort, each defaulting as the kubelet's do;
// "" when healthzPort is 0, which turns healthz off.
func healthzOf(node *inspect.Node, file string) string {
	data, err := node.Read(file)
	if err != nil {
		return DefaultKubeletHealthz
	}
	cfg, err := kubelet.Parse(data)
	if err != nil {
		return DefaultKubeletHealthz
	}
	host, port := "127.0.0.1", "10248"
	if cfg.HealthzBindAddress != "" {
		host = cfg.HealthzBindAddress
	}
	if cfg.HealthzPort != nil {
		if *cfg.HealthzPort == 0 {
			return ""
		}
		port = strconv.Itoa(int(*cfg.HealthzPort))
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		// Bound to every address: its loopback answers.
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
