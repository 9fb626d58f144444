// Command node writes everything one Kubernetes node needs for its
// container runtime and kubelet: the runtime's configuration and units,
// crictl.yaml, and the kubelet's config, unit and flags, all from one
// description, so that they agree with each other.
//
//	go run ./examples/node                                   # a containerd node for the newest Kubernetes, as txtar
//	go run ./examples/node -runtime docker -kubernetes 1.33 -out /tmp/node
//	go run ./examples/node -runtime crio -cgroup-driver cgroupfs -format cloud-init
//	go run ./examples/node -out /tmp/node -dry-run           # what a run would change there
//
// Without -out it prints the plan as a txtar archive (or, with -format, as
// a shell script, a cloud-config, an Ignition config or a tar archive).
// With -out it applies the plan under that directory (a second run changes
// nothing), or writes the -format rendering into it. Invalid input prints
// every problem, exits 1 and writes nothing.
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

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/render"
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
	fs.StringVar(&o.format, "format", "", "`FORMAT` of the output: dir, shell, cloud-init, ignition or tar (default: txtar, or dir with -out)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print what applying under -out (default /) would change, and change nothing")
	fs.BoolVar(&o.binaries, "binaries", false, "add the runtime's and the kubelet's release binaries to the plan (needs full versions, e.g. -kubernetes 1.35.2)")
	fs.StringVar(&o.releaseMirror, "release-mirror", "", "with -binaries: download every release file from `URL` instead of each project's site")
	fs.StringVar(&o.arch, "arch", "amd64", "with -binaries: the node's `ARCH`, amd64 or arm64")
	fs.Var(&o.sha256, "sha256", "with -binaries: pin a release file's digest, `FILE=HEX` (repeatable; required for Docker's and cri-dockerd's archives)")
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
	warnings, err := node.Validate()
	errs = append(errs, field.AsList(err)...)
	if len(errs) > 0 {
		return nil, "", nil, errs
	}
	plan, err := node.Plan(context.Background())
	return plan, format, warnings, err
}

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
	case format == "":
		return cli.Emit(stdout, plan, "")
	case format == render.FormatDir && o.out == "":
		return errors.New("-format dir needs -out DIR")
	case format == render.FormatDir:
		res, err := o.applyUnder(plan, progressLine(stderr))
		if err != nil {
			return err
		}
		return res.Report(stdout)
	}
	data, err := render.Render(plan, format)
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
		return apply.Apply(context.Background(), plan, apply.Options{Root: root, DryRun: true})
	}
	return apply.Apply(context.Background(), plan, apply.Options{Root: o.out, Progress: progress})
}

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
