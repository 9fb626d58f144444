// Command node writes everything one Kubernetes node needs for its
// container runtime and kubelet: the runtime's configuration and units,
// crictl.yaml, and the kubelet's config, unit and flags, all from one
// description, so that they agree with each other.
//
//	go run ./examples/node                                   # a containerd node for the newest Kubernetes, as txtar
//	go run ./examples/node -runtime docker -kubernetes 1.33 -out /tmp/node
//	go run ./examples/node -runtime crio -cgroup-driver cgroupfs -format cloud-init
//	go run ./examples/node -out /tmp/node -dry-run           # what a run would change there
//	go run ./examples/node -format capi -name gpu-workers    # a Cluster API KubeadmConfigTemplate (-capi-version v1beta1 for the older API)
//	go run ./examples/node -format kubeadm -out /tmp/node    # the files of a node kubeadm joins
//
// Without -out it prints the plan as a txtar archive (or, with -format, as
// a shell script, a cloud-config, an Ignition config, a tar archive, a
// Cluster API KubeadmConfigTemplate with its Secret, or a
// KubeadmControlPlane's kubeadmConfigSpec). With -out it applies the plan
// under that directory (a second run changes nothing), or writes the
// -format rendering into it. -format kubeadm is the plan of a node that
// runs `kubeadm join --config /etc/kubernetes/kubeadm-join.yaml` itself:
// printed as txtar, or applied under -out. Invalid input prints every
// problem, exits 1 and writes nothing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/render"
	"github.com/kubenode/kubenode/systemd/manager"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// options are the command line, kept as written until the node validates
// them all at once.
type options struct {
	runtime, kubernetes                  string
	containerd, docker, criDockerd, crio string
	cgroupDriver, sandboxImage, nodeIPs  string
	mirrors, labels                      cli.Strings
	out, format                          string
	dryRun                               bool
	binaries                             bool
	releaseMirror, arch                  string
	sha256                               cli.Strings
	noHostPrep, allowSwap, acceptV1      bool
	forHost                              string
	timeout                              time.Duration
	registryCAs, insecureRegistries      cli.Strings
	handlers                             cli.Strings
	proxy, noProxy                       string
	name, namespace, capiVersion         string
	// kubeadm is what kubeadm takes from the node, for the kubeadm and
	// Cluster API formats (set by plan).
	kubeadm render.Kubeadm
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	plan, format, warnings, err := o.plan()
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	if err != nil {
		return cli.Report(stderr, err)
	}
	if err := emit(stdout, stderr, plan, o, format); err != nil {
		return cli.Report(stderr, err)
	}
	return 0
}

// parse reads the command line into options; its error, a usage error,
// is printed already.
func parse(args []string, stderr io.Writer) (options, error) {
	fs := cli.NewFlagSet("node", stderr)
	var o options
	fs.StringVar(&o.runtime, "runtime", string(kubenode.Containerd), "container `RUNTIME`: containerd, docker or crio")
	fs.StringVar(&o.kubernetes, "kubernetes", kubenode.DefaultKubernetes, "Kubernetes `VERSION` of the kubelet")
	fs.StringVar(&o.containerd, "containerd", "", "containerd `VERSION` (default: the newest containerd recommends for -kubernetes)")
	fs.StringVar(&o.docker, "docker", "", "Docker Engine `VERSION`, with -runtime docker")
	fs.StringVar(&o.criDockerd, "cri-dockerd", "", "cri-dockerd `VERSION`, with -runtime docker")
	fs.StringVar(&o.crio, "crio", "", "CRI-O `VERSION` (default: the minor of -kubernetes)")
	fs.StringVar(&o.cgroupDriver, "cgroup-driver", string(runtime.CgroupSystemd), "cgroup `DRIVER` of the runtime and the kubelet: systemd or cgroupfs")
	fs.StringVar(&o.sandboxImage, "sandbox-image", "", "pause `IMAGE` (default: the one kubeadm pins for -kubernetes)")
	fs.Var(&o.mirrors, "mirror", "registry mirror `REGISTRY=URL` (repeatable; _default for every registry)")
	fs.StringVar(&o.nodeIPs, "node-ip", "", "the kubelet's node `IP[,IP]` (an IPv4 and an IPv6 address for dual-stack)")
	fs.Var(&o.labels, "node-label", "node label `KEY=VALUE` (repeatable)")
	fs.StringVar(&o.out, "out", "", "apply the plan under `DIR` (or write the -format rendering into it)")
	fs.StringVar(&o.format, "format", "", "`FORMAT` of the output: dir, shell, cloud-init, ignition, tar, capi, capi-control-plane or kubeadm (default: txtar, or dir with -out)")
	fs.StringVar(&o.name, "name", "", "with -format capi or capi-control-plane: the objects' `NAME` (default kubenode; the Secret is NAME-files)")
	fs.StringVar(&o.namespace, "namespace", "", "with -format capi or capi-control-plane: the objects' `NAMESPACE`")
	fs.StringVar(&o.capiVersion, "capi-version", "", "with -format capi or capi-control-plane: Cluster API's API `VERSION`, v1beta2 (default) or v1beta1 (deprecated, still served)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print what applying under -out (default /) would change, and change nothing")
	fs.BoolVar(&o.binaries, "binaries", false, "add the runtime's and the kubelet's release binaries to the plan (needs full versions, e.g. -kubernetes 1.35.2)")
	fs.StringVar(&o.releaseMirror, "release-mirror", "", "with -binaries: download every release file from `URL` instead of each project's site")
	fs.StringVar(&o.arch, "arch", "amd64", "with -binaries: the node's `ARCH`, amd64 or arm64")
	fs.Var(&o.sha256, "sha256", "with -binaries: pin a release file's digest, `FILE=HEX` (repeatable; required for Docker's and cri-dockerd's archives)")
	fs.BoolVar(&o.noHostPrep, "no-host-prep", false, "leave out the kernel modules and sysctls file the node needs (load and set them yourself)")
	fs.BoolVar(&o.allowSwap, "allow-swap", false, "let the kubelet run on a host with swap (failSwapOn: false); by default the node allows no swap")
	fs.BoolVar(&o.acceptV1, "accept-cgroup-v1", false, "let a 1.35+ kubelet run on a cgroup v1 host (failCgroupV1: false)")
	fs.Var(&o.registryCAs, "registry-ca", "trust the CA bundle in `HOST=FILE` for registry HOST (repeatable)")
	fs.Var(&o.insecureRegistries, "insecure-registry", "pull from registry `HOST` over plain HTTP (repeatable)")
	fs.Var(&o.handlers, "runtime-handler", "a RuntimeClass handler, `NAME=/BINARY` (runc-compatible) or NAME=SHIM (io.containerd.kata.v2), ,default to make it the default (repeatable)")
	fs.StringVar(&o.proxy, "proxy", "", "the runtime's HTTP and HTTPS proxy `URL`")
	fs.StringVar(&o.noProxy, "no-proxy", "", "hosts, domains and CIDRs reached without the proxy, `LIST` comma-separated (the node IPs and localhost are added)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "give up applying after `DURATION` (waiting for another apply's lock, downloading)")
	fs.StringVar(&o.forHost, "for-host", "", "plan for the host whose root is `DIR` (/ for this machine): its cgroup version, swap and limits decide")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected arguments: %v", fs.Args())
		fmt.Fprintf(stderr, "error: %v\n", err)
		return o, err
	}
	return o, nil
}

// plan is the plan of the node o describes, in the output format o asks
// for, with the node's warnings; or every problem of o.
func (o *options) plan() (*runtime.Plan, render.Format, field.ErrorList, error) {
	node, errs := o.node()
	format, err := o.outputFormat()
	if err != nil {
		errs = append(errs, field.Invalid(field.NewFlagPath("node").Child("-format"), o.format, err.Error()))
	}
	if (o.name != "" || o.namespace != "" || o.capiVersion != "") && format != render.FormatCAPI && format != render.FormatCAPIControlPlane {
		errs = append(errs, field.Forbidden(field.NewFlagPath("node").Child("-name"), o.name+"/"+o.namespace+"/"+o.capiVersion,
			"-name, -namespace and -capi-version go with -format capi or capi-control-plane"))
	}
	warnings, err := node.Validate()
	errs = append(errs, field.AsList(err)...)
	if len(errs) > 0 {
		return nil, "", nil, errs
	}
	plan, err := node.Plan(context.Background())
	if err != nil || !kubeadmFormats[format] {
		return plan, format, warnings, err
	}
	k, err := node.Kubeadm()
	if err != nil {
		return nil, "", nil, err
	}
	k.Name, k.Namespace, k.CAPIVersion = o.name, o.namespace, o.capiVersion
	o.kubeadm = k
	if format == render.FormatKubeadm {
		// The node's files for kubeadm: printed or applied like any plan.
		plan, err = render.KubeadmPlan(plan, render.WithKubeadm(k))
	}
	return plan, format, warnings, err
}

// kubeadmFormats are the formats that need what kubeadm takes from the
// node (Node.Kubeadm).
var kubeadmFormats = map[render.Format]bool{render.FormatCAPI: true, render.FormatCAPIControlPlane: true, render.FormatKubeadm: true}

// node builds the Node from the flags. Malformed repeatable values are
// reported here; everything else is left for Node.Validate, so one run
// prints every problem.
func (o *options) node() (*kubenode.Node, field.ErrorList) {
	n := &kubenode.Node{
		Kubernetes:        o.kubernetes,
		Runtime:           kubenode.Runtime(o.runtime),
		CRIDockerdVersion: o.criDockerd,
		CgroupDriver:      runtime.CgroupDriver(o.cgroupDriver),
		PauseImage:        o.sandboxImage,
	}
	var errs field.ErrorList
	flags := field.NewFlagPath("node")
	versions := []struct {
		runtime kubenode.Runtime
		version string
	}{{kubenode.Containerd, o.containerd}, {kubenode.Docker, o.docker}, {kubenode.CRIO, o.crio}}
	for _, rv := range versions {
		r, v := rv.runtime, rv.version
		switch {
		case v == "":
		case r == n.Runtime:
			n.RuntimeVersion = v
		default:
			errs = append(errs, field.Forbidden(flags.Child("-"+string(r)), v, "the node's runtime is "+o.runtime))
		}
	}
	for _, m := range o.mirrors {
		reg, url, ok := strings.Cut(m, "=")
		if !ok {
			errs = append(errs, field.Invalid(flags.Child("-mirror"), m, "want REGISTRY=URL"))
			continue
		}
		n.Mirrors = append(n.Mirrors, runtime.Mirror{Registry: reg, URL: url})
	}
	errs = append(errs, o.downloads(n)...)
	errs = append(errs, o.host(n)...)
	errs = append(errs, o.registries(n)...)
	errs = append(errs, o.runtimeHandlers(n)...)
	if o.proxy != "" || o.noProxy != "" {
		n.Proxy = &runtime.Proxy{HTTP: o.proxy, HTTPS: o.proxy}
		if o.noProxy != "" {
			n.Proxy.NoProxy = strings.Split(o.noProxy, ",")
		}
	}
	if o.nodeIPs != "" {
		n.NodeIPs = strings.Split(o.nodeIPs, ",")
	}
	for _, l := range o.labels {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			errs = append(errs, field.Invalid(flags.Child("-node-label"), l, "want KEY=VALUE"))
			continue
		}
		if n.NodeLabels == nil {
			n.NodeLabels = map[string]string{}
		}
		n.NodeLabels[k] = v
	}
	return n, errs
}

// host sets the node's Host from -no-host-prep, -allow-swap,
// -accept-cgroup-v1 and -for-host.
func (o *options) host(n *kubenode.Node) field.ErrorList {
	n.Host = kubenode.Host{OmitModules: o.noHostPrep, OmitSysctls: o.noHostPrep, AcceptCgroupV1: o.acceptV1}
	if o.allowSwap {
		n.Host.Swap = kubenode.SwapAllowed
	}
	if o.forHost == "" {
		return nil
	}
	facts, err := host.Read(o.forHost)
	if err != nil {
		return field.ErrorList{field.Invalid(field.NewFlagPath("node").Child("-for-host"), o.forHost, err.Error())}
	}
	n.Host.Facts = facts
	return nil
}

// registries sets the node's Registries from -registry-ca and
// -insecure-registry, one entry per host.
func (o *options) registries(n *kubenode.Node) field.ErrorList {
	var errs field.ErrorList
	flags := field.NewFlagPath("node")
	index := map[string]int{}
	entry := func(host string) *runtime.Registry {
		if i, ok := index[host]; ok {
			return &n.Registries[i]
		}
		index[host] = len(n.Registries)
		n.Registries = append(n.Registries, runtime.Registry{Host: host})
		return &n.Registries[len(n.Registries)-1]
	}
	for _, v := range o.registryCAs {
		host, file, ok := strings.Cut(v, "=")
		if !ok {
			errs = append(errs, field.Invalid(flags.Child("-registry-ca"), v, "want HOST=FILE"))
			continue
		}
		ca, err := os.ReadFile(file)
		if err != nil {
			errs = append(errs, field.Invalid(flags.Child("-registry-ca"), v, err.Error()))
			continue
		}
		entry(host).CA = ca
	}
	for _, host := range o.insecureRegistries {
		entry(host).PlainHTTP = true
	}
	return errs
}

// runtimeHandlers sets the node's RuntimeHandlers from -runtime-handler:
// NAME=/BINARY is a runc-compatible binary, NAME=SHIM a shim's runtime
// type; ",default" makes it the default.
func (o *options) runtimeHandlers(n *kubenode.Node) field.ErrorList {
	var errs field.ErrorList
	for _, v := range o.handlers {
		name, what, ok := strings.Cut(v, "=")
		if !ok {
			errs = append(errs, field.Invalid(field.NewFlagPath("node").Child("-runtime-handler"), v, "want NAME=/BINARY or NAME=SHIM"))
			continue
		}
		what, isDefault := strings.CutSuffix(what, ",default")
		h := runtime.RuntimeHandler{Name: name, Kind: runtime.HandlerShim, Shim: what, Default: isDefault}
		if strings.HasPrefix(what, "/") {
			h = runtime.RuntimeHandler{Name: name, Kind: runtime.HandlerRunc, Binary: what, Default: isDefault}
		}
		n.RuntimeHandlers = append(n.RuntimeHandlers, h)
	}
	return errs
}

// downloads sets the node's Downloads from -binaries and the flags that go
// with it.
func (o *options) downloads(n *kubenode.Node) field.ErrorList {
	flags := field.NewFlagPath("node")
	if !o.binaries {
		var errs field.ErrorList
		if o.releaseMirror != "" {
			errs = append(errs, field.Forbidden(flags.Child("-release-mirror"), o.releaseMirror, "goes with -binaries"))
		}
		if len(o.sha256) > 0 {
			errs = append(errs, field.Forbidden(flags.Child("-sha256"), o.sha256.String(), "goes with -binaries"))
		}
		return errs
	}
	n.Downloads = &kubenode.Downloads{Arch: o.arch, Mirror: o.releaseMirror}
	var errs field.ErrorList
	for _, pin := range o.sha256 {
		file, digest, ok := strings.Cut(pin, "=")
		if !ok {
			errs = append(errs, field.Invalid(flags.Child("-sha256"), pin, "want FILE=HEX"))
			continue
		}
		if n.Downloads.SHA256 == nil {
			n.Downloads.SHA256 = map[string]string{}
		}
		n.Downloads.SHA256[file] = digest
	}
	return errs
}

// outputFormat is -format, or txtar ("") without -out and dir with it.
func (o *options) outputFormat() (render.Format, error) {
	if o.format == "" {
		if o.out == "" {
			return "", nil
		}
		return render.FormatDir, nil
	}
	return render.ParseFormat(o.format)
}

// renderedNames are the files -out receives for the one-document formats.
var renderedNames = map[render.Format]string{
	render.FormatShell:     "node.sh",
	render.FormatCloudInit: "cloud-config.yaml",
	render.FormatIgnition:  "node.ign",
	render.FormatTar:       "node.tar",
	render.FormatCAPI:      "kubeadm-config-template.yaml",
	// The fragment to merge into the cluster's KubeadmControlPlane.
	render.FormatCAPIControlPlane: "kubeadm-control-plane.yaml",
}

func emit(stdout, stderr io.Writer, plan *runtime.Plan, o options, format render.Format) error {
	if o.dryRun {
		res, err := o.applyUnder(plan, nil)
		if err != nil {
			return err
		}
		return res.Report(stdout)
	}
	switch {
	case format == "", format == render.FormatKubeadm && o.out == "":
		return cli.Emit(stdout, plan, "")
	case format == render.FormatDir && o.out == "":
		return errors.New("-format dir needs -out DIR")
	case format == render.FormatDir, format == render.FormatKubeadm:
		res, err := o.applyUnder(plan, progressLine(stderr))
		if err != nil {
			return err
		}
		return res.Report(stdout)
	}
	renderOpts := []render.Option{render.WithKubeadm(o.kubeadm)}
	if o.crossHostRedirects() {
		renderOpts = append(renderOpts, render.AllowCrossHostRedirects())
	}
	data, err := render.Render(plan, format, renderOpts...)
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = stdout.Write(data)
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(o.out, renderedNames[format])
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %s\n", path)
	return err
}

// applyUnder applies the plan under -out, or with -dry-run says what doing
// so (under / without -out) would change.
func (o *options) applyUnder(plan *runtime.Plan, progress func(apply.ArtifactProgress)) (*apply.Result, error) {
	if o.dryRun {
		root := o.out
		if root == "" {
			root = "/"
		}
		ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
		defer cancel()
		return apply.Apply(ctx, plan, apply.Options{Root: root, DryRun: true, AllowCrossHostRedirects: o.crossHostRedirects()})
	}
	// The directory is an image root, not a booted node: units are
	// enabled by their [Install] links, as systemctl --root does, and
	// nothing is started.
	// A bounded wait: another apply holding the root's lock, or a stalled
	// download, ends in an error that says so.
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	return apply.Apply(ctx, plan, apply.Options{Root: o.out, Progress: progress, Manager: manager.Offline{Root: o.out},
		AllowCrossHostRedirects: o.crossHostRedirects()})
}

// crossHostRedirects is whether downloads may follow a redirect to another
// host: the projects' own release sites redirect to their CDNs (every
// file is still checked against its digest), a -release-mirror must not.
func (o *options) crossHostRedirects() bool { return o.binaries && o.releaseMirror == "" }

// progressLine shows each download's progress on one terminal line, or
// nothing when stderr is not a terminal (a log, a pipe, a test).
func progressLine(stderr io.Writer) func(apply.ArtifactProgress) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(p apply.ArtifactProgress) {
		const mb = 1 << 20
		if p.Total > 0 {
			fmt.Fprintf(f, "\r\033[K%s %.1f/%.1f MB", p.Name, float64(p.Done)/mb, float64(p.Total)/mb)
		} else {
			fmt.Fprintf(f, "\r\033[K%s %.1f MB", p.Name, float64(p.Done)/mb)
		}
		if p.Total > 0 && p.Done >= p.Total {
			fmt.Fprintln(f)
		}
	}
}
