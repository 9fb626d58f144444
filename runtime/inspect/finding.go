package inspect

import (
	"cmp"
	"slices"

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

// Finding is one problem found in a node's files.
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
	// why. A long value is quoted by its prefix and its length, as
	// field.Error prints it (field.Quote): a finding stays small whatever
	// the file holds, and Err keeps the whole value.
	Message string
	// Err is the underlying problem as its validator reported it: errors.Is
	// matches its sentinel (field.ErrRemoved, field.ErrConflict, ...).
	Err *field.Error
}

// NewFinding is the Finding of one problem in file, at the path the
// problem names.
func NewFinding(sev Severity, file string, e *field.Error) Finding {
	return Finding{Severity: sev, File: file, Path: DisplayPath(e.Path), Message: Message(e), Err: e}
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

// Message is a problem without its path, which a Finding keeps apart.
func Message(e *field.Error) string {
	return (&field.Error{Type: e.Type, BadValue: e.BadValue, Detail: e.Detail}).Error()
}

// DisplayPath prints a problem's path for a Finding: a unit path loses its
// leading file name, which Finding.File already gives.
func DisplayPath(p *field.Path) string {
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

// SortFindings orders findings as Lint reports them: by file, then path,
// message and severity, keeping the order of equal ones.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Message, b.Message), cmp.Compare(a.Severity, b.Severity))
	})
}
