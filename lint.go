package kubenode

import (
	"errors"
	"io/fs"
	"os"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Severity says whether a Finding stops something from working (an error)
// or is unwise, deprecated or assumed (a warning).
type Severity = inspect.Severity

// The severities of a Finding.
const (
	// SeverityError is a problem that stops a daemon, fails a unit or
	// breaks pods: the node does not work as written.
	SeverityError = inspect.SeverityError
	// SeverityWarning is a problem that does not stop the node today: a
	// deprecated key, a setting a daemon ignores, an assumption Lint made.
	SeverityWarning = inspect.SeverityWarning
)

// Finding is one problem Lint found on a node: its severity, the file and
// the path in the file's own syntax, the message, and the problem as its
// validator reported it (errors.Is matches its sentinel).
type Finding = inspect.Finding

// Targets are the releases a node's files are judged for. An empty field
// is inferred where the files tell (containerd's config version 2 means
// 1.7, version 3 means 2.2 and version 4 means 2.4; CRI-O follows the
// Kubernetes minor release) and is otherwise the newest release kubenode
// supports (DefaultKubernetes, Docker Engine 29.7, cri-dockerd 0.4). Every
// such assumption is reported as a warning on the file it applies to, so
// nobody mistakes a judgement for another release for one of theirs.
type Targets struct {
	// Kubernetes is the kubelet's release, "1.31" or "v1.31.4".
	Kubernetes string
	// Containerd is containerd's release, "1.7.22".
	Containerd string
	// Docker is Docker Engine's release, "26.1.4".
	Docker string
	// CRIDockerd is cri-dockerd's release, "0.3.15".
	CRIDockerd string
	// CRIO is CRI-O's release, "1.34".
	CRIO string
}

// Lint reads the container runtime and kubelet files of an existing node,
// whose / is fsys, and reports every problem with them: what each
// component's Inspect finds in its own files, judged for the target
// releases, and what is wrong between components (see "# Lint" in the
// package doc for what is read and checked). Findings come sorted by file,
// path and message. A file that does not parse is a finding; err is
// non-nil only when fsys cannot be read at all, or when a target does not
// parse or is not supported (a field.ErrorList).
func Lint(fsys fs.FS, t Targets) ([]Finding, error) {
	return lint(fsys, t, nil)
}

// lint is Lint, with the host's facts when they are known.
func lint(fsys fs.FS, t Targets, facts *host.Facts) ([]Finding, error) {
	if _, err := fs.Stat(fsys, "."); err != nil {
		return nil, err
	}
	targets, err := resolveTargets(t)
	if err != nil {
		return nil, err
	}
	l := &linter{node: inspect.NewNode(fsys), targets: targets}
	l.run()
	l.checkHost(facts)
	return l.result(), nil
}

// LintDir is Lint of the node whose / is the directory root: "/" for the
// machine it runs on, or an image or chroot directory. It also reads the
// host's facts from root (runtime/host) and reports what of the host will
// break the node: the preflight checks of "# Lint" in the package doc. An
// image root has no /proc or /sys, so those checks find nothing there.
func LintDir(root string, t Targets) ([]Finding, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "lint", Path: root, Err: errors.New("not a directory")}
	}
	facts, err := host.Read(root)
	if err != nil {
		return nil, err
	}
	// Read through os.Root without blocking: a FIFO planted in the tree
	// after a file's type was checked cannot hang Lint.
	fsys, err := inspect.OpenDirFS(root)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return lint(fsys, t, facts)
}

// linter holds what Lint has read so far; its Report collects every
// finding.
type linter struct {
	inspect.Report
	node    *inspect.Node
	targets targets

	// units are the units Lint read, by name.
	units map[string]*inspect.Unit
	// servers are the CRI servers on the node, in the order read.
	servers []*inspect.Server
	// kubelet and crictl are the CRI clients' reports; a nil Client is one
	// Lint could not read.
	kubelet, crictl *inspect.Report
	// kubeServer is the runtime serving the kubelet's endpoint, or nil.
	kubeServer *inspect.Server
	dockerd    *docker.Daemon
	replaced   []Finding // component findings a finding of Lint's own states better
}

// targets are the parsed Targets, each with the kubelet's release.
type targets struct {
	kube, containerd, docker, criDockerd, crio inspect.Target
}

// resolveTargets parses the targets that are given and checks each is a
// release kubenode supports, asking each component's builder, so kubenode
// keeps one list of releases per component.
func resolveTargets(t Targets) (targets, error) {
	var errs field.ErrorList
	parse := func(name, s string, check func(p *field.Path, v runtime.Version) field.ErrorList) inspect.Target {
		if s == "" {
			return inspect.Target{}
		}
		p := field.NewPath(name)
		v, err := runtime.ParseVersion(s)
		if err != nil {
			errs = append(errs, field.Invalid(p, s, err.Error()))
			return inspect.Target{}
		}
		if e := check(p, v); len(e) > 0 {
			errs = append(errs, e...)
			return inspect.Target{}
		}
		return inspect.Target{Version: v, Given: true}
	}
	var out targets
	out.kube = parse("kubernetes", t.Kubernetes, kubelet.ValidateVersion)
	out.containerd = parse("containerd", t.Containerd, containerd.ValidateVersion)
	out.docker = parse("docker", t.Docker, docker.ValidateVersion)
	out.criDockerd = parse("criDockerd", t.CRIDockerd, cridockerd.ValidateVersion)
	out.crio = parse("crio", t.CRIO, crio.ValidateVersion)
	if len(errs) > 0 {
		return targets{}, errs
	}
	for _, c := range []*inspect.Target{&out.kube, &out.containerd, &out.docker, &out.criDockerd, &out.crio} {
		c.Kubernetes = out.kube.Version
	}
	return out, nil
}

// run reads every component, then checks them against each other.
func (l *linter) run() {
	l.readUnits()
	t := l.targets
	ctrd := l.merge(containerd.Inspect(l.node, t.containerd))
	l.merge(docker.Inspect(l.node, t.docker))
	l.dockerd = docker.Load(l.node)
	criDockerd := l.merge(cridockerd.Inspect(l.node, t.criDockerd))
	if criDockerd.Server != nil && l.dockerd != nil {
		// cri-dockerd runs pods with dockerd's cgroup driver.
		criDockerd.Server.CgroupDriver = l.dockerd.CgroupDriver
	}
	crioReport := l.merge(crio.Inspect(l.node, t.crio))
	l.crictl = l.merge(crictl.Inspect(l.node, inspect.Target{}))
	l.kubelet = l.merge(kubelet.Inspect(l.node, t.kube))
	for _, r := range []*inspect.Report{ctrd, criDockerd, crioReport} {
		if r.Server != nil {
			l.servers = append(l.servers, r.Server)
		}
	}
	l.Findings = append(l.Findings, l.node.Findings()...)
	l.checkEndpoints()
	l.checkCgroupDriver()
	l.checkPauseImage()
	l.checkReleases()
	l.checkSocketActivation()
	l.checkOrderingCycles()
	l.checkRequiredUnits()
}

// merge adds a component's findings to Lint's and returns its report.
func (l *linter) merge(r *inspect.Report) *inspect.Report {
	l.Findings = append(l.Findings, r.Findings...)
	return r
}

// result returns the findings without duplicates and without those a
// finding of Lint's own replaced, sorted.
func (l *linter) result() []Finding {
	drop := map[string]bool{}
	for _, f := range l.replaced {
		drop[f.String()] = true
	}
	seen := map[string]bool{}
	out := make([]Finding, 0, len(l.Findings))
	for _, f := range l.Findings {
		k := f.String()
		if seen[k] || drop[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	inspect.SortFindings(out)
	return out
}
