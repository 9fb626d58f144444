package kubenode

import (
	"errors"
	"io/fs"
	"os"
	"sort"

	"github.com/kubenode/kubenode/runtime/field"
)

// Severity says whether a Finding stops something from working (an error)
// or is unwise, deprecated or assumed (a warning).
type Severity string

// The severities of a Finding.
const (
	// SeverityError is a problem that stops a daemon, fails a unit or
	// breaks pods: the node does not work as written.
	SeverityError Severity = "error"
	// SeverityWarning is a problem that does not stop the node today: a
	// deprecated key, a setting a daemon ignores, an assumption Lint made.
	SeverityWarning Severity = "warning"
)

// Finding is one problem Lint found on a node.
type Finding struct {
	// Severity is error or warning.
	Severity Severity
	// File is the node path of the file the problem is in, such as
	// /etc/containerd/config.toml.
	File string
	// Path is the key in the file's own syntax (exec-opts[0],
	// plugins."io.containerd.grpc.v1.cri".sandbox_image, [Unit] After[2],
	// kubelet --node-ip), or "" for the file as a whole.
	Path string
	// Message says what is wrong: the kind of problem, the bad value and
	// why.
	Message string
	// Err is the underlying problem as its validator reported it: errors.Is
	// matches its sentinel (field.ErrRemoved, field.ErrConflict, ...).
	Err *field.Error
}

// String prints the finding as "error FILE: PATH: MESSAGE", without "PATH: "
// for a whole file.
func (f Finding) String() string {
	s := string(f.Severity) + " "
	if f.File != "" {
		s += f.File + ": "
	}
	if f.Path != "" {
		s += f.Path + ": "
	}
	return s + f.Message
}

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
// component's own validator finds in its files, judged for the target
// releases, and what is wrong between components.
//
// It reads /etc/containerd/config.toml with its imports and the hosts.toml
// files under its registry.config_path; /etc/docker/daemon.json (or the
// dockerd --config-file of docker.service); /etc/crio/crio.conf and
// /etc/crio/crio.conf.d/*.conf in lexical order, and on a CRI-O node
// /etc/containers/registries.conf and registries.conf.d/*.conf;
// /etc/crictl.yaml; and the units containerd,
// docker, docker.socket, cri-docker, cri-docker.socket, crio and kubelet as
// systemd loads them: the first unit file found along systemd's search path
// (/etc/systemd/system, /run/systemd/system, /usr/local/lib/systemd/system,
// /usr/lib/systemd/system, /lib/systemd/system) with every drop-in applied
// in systemd's order. The kubelet's command line is its effective
// ExecStart= with Environment= and EnvironmentFile= variables (kubeadm's
// kubeadm-flags.env, /etc/default/kubelet) substituted; its --config file
// and --config-dir drop-ins are read from there. Symbolic links are followed
// inside fsys when it implements fs.ReadLinkFS (os.DirFS does), so an
// absolute link resolves in the node's root, not the host's.
//
// Between components it reports a kubelet or crictl endpoint no runtime on
// the node serves (unix:///var/run/x and unix:///run/x are one socket),
// cgroup drivers that differ between the kubelet and the runtime it talks to
// (an error unless the kubelet takes the runtime's driver over CRI, as
// KubeletCgroupDriverFromCRI does from 1.31 with containerd 2.0, CRI-O 1.28
// and cri-dockerd 0.3.17 and later), pause images that differ between the
// runtime and the kubelet's --pod-infra-container-image, a socket unit whose
// service ignores the socket, ordering cycles among the units read (once per
// cycle, naming its units), Requires=/BindsTo= units that are not on the
// node (a warning: a package may bring them), and a containerd or CRI-O
// release outside what it supports for the kubelet's (when both are given).
// A component's complaint that matters only to the runtime the kubelet uses
// (containerd's CRI plugin disabled) is left out when the kubelet uses
// another (Docker's own containerd).
//
// Findings come sorted by file, path and message. A file that does not
// parse is a finding; err is non-nil only when fsys cannot be read at all,
// or when a target does not parse or is not supported (a field.ErrorList).
func Lint(fsys fs.FS, t Targets) ([]Finding, error) {
	if _, err := fs.Stat(fsys, "."); err != nil {
		return nil, err
	}
	targets, err := resolveTargets(t)
	if err != nil {
		return nil, err
	}
	l := &linter{node: nodeFS{fsys: fsys}, targets: targets}
	l.run()
	return l.result(), nil
}

// LintDir is Lint of the node whose / is the directory root: "/" for the
// machine it runs on, or an image or chroot directory.
func LintDir(root string, t Targets) ([]Finding, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "lint", Path: root, Err: errors.New("not a directory")}
	}
	return Lint(os.DirFS(root), t)
}

// linter holds what Lint has read so far and the findings.
type linter struct {
	node     nodeFS
	targets  targets
	findings []Finding

	units    map[string]*nodeUnit
	servers  []*criServer
	kubelet  *kubeletView
	crictl   *crictlView
	dockerd  *dockerView
	replaced []Finding // component findings a finding of Lint's own states better
}

// run reads every component, then checks them against each other.
func (l *linter) run() {
	l.readUnits()
	l.lintContainerd()
	l.lintDocker()
	l.lintCRIDockerd()
	l.lintCRIO()
	l.lintCrictl()
	l.lintKubelet()
	l.reportAssumptions()
	l.checkEndpoints()
	l.checkCgroupDriver()
	l.checkPauseImage()
	l.checkReleases()
	l.checkSocketActivation()
	l.checkOrderingCycles()
	l.checkRequiredUnits()
}

// result returns the findings without duplicates and without those a
// finding of Lint's own replaced, sorted.
func (l *linter) result() []Finding {
	drop := map[string]bool{}
	for _, f := range l.replaced {
		drop[f.String()] = true
	}
	seen := map[string]bool{}
	out := make([]Finding, 0, len(l.findings))
	for _, f := range l.findings {
		k := f.String()
		if seen[k] || drop[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Severity < b.Severity
	})
	return out
}

// add records one problem in file, at the path the problem names (a unit
// path without its file name, which File already says).
func (l *linter) add(sev Severity, file string, e *field.Error) {
	l.findings = append(l.findings, Finding{Severity: sev, File: file, Path: displayPath(e.Path), Message: message(e), Err: e})
}

// addList records every problem behind err, as errors, and the warnings.
func (l *linter) addList(file string, warnings field.ErrorList, err error) {
	for _, w := range warnings {
		l.add(SeverityWarning, file, w)
	}
	l.addErr(file, err)
}

// addErr records every problem behind err as an error; an error that is no
// field problem is one for the whole file.
func (l *linter) addErr(file string, err error) {
	if err == nil {
		return
	}
	list := field.AsList(err)
	if list == nil {
		list = field.ErrorList{field.Invalid(nil, nil, err.Error())}
	}
	for _, e := range list {
		l.add(SeverityError, file, e)
	}
}

// message is the problem without its path.
func message(e *field.Error) string {
	return (&field.Error{Type: e.Type, BadValue: e.BadValue, Detail: e.Detail}).Error()
}

// displayPath prints a problem's path for a Finding: a unit path loses its
// leading file name, which Finding.File already gives.
func displayPath(p *field.Path) string {
	s := p.String()
	if p.Syntax() == field.Unit {
		root := p.Root()
		if s == root {
			return ""
		}
		return s[len(root)+1:]
	}
	return s
}
