package verify

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Node asks the running node n describes whether it runs as n plans it,
// and reports every difference as a finding (see the package doc for what
// is asked and where each finding is placed). The whole call is bounded by
// WithTimeout. A runtime, kubelet or API server that does not answer is a
// finding naming the address asked, as is every drift; err is non-nil only
// when n does not plan (the problems Node.Plan returns) or an option is
// invalid.
func Node(ctx context.Context, n *kubenode.Node, opts ...Option) (*Report, error) {
	if n == nil {
		return nil, errors.New("verify: no Node")
	}
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	p, err := plan(ctx, n)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	v := &verifier{settings: s, plan: p, report: &Report{}}
	v.runtime(ctx)
	if !s.skipKubelet {
		v.kubelet(ctx)
	}
	if s.kubeconfig != "" {
		v.nodeObject(ctx)
	}
	inspect.SortFindings(v.report.Findings)
	return v.report, nil
}

// verifier holds one Node call's settings, plan and report.
type verifier struct {
	settings
	plan   *planned
	report *Report
	// sandboxNotPulled: the runtime holds no copy of the planned pause
	// image yet (containerd 2.x, see pinnedSandbox).
	sandboxNotPulled bool
}

// add records a problem as an error in file.
func (v *verifier) add(file string, e *field.Error) {
	v.report.Findings = append(v.report.Findings, inspect.NewFinding(inspect.SeverityError, file, e))
}

// warn records a problem as a warning in file.
func (v *verifier) warn(file string, e *field.Error) {
	v.report.Findings = append(v.report.Findings, inspect.NewFinding(inspect.SeverityWarning, file, e))
}

// drift records that the running node uses running where the plan wrote
// want (a value located in the planned files), in that file at its path, or
// on fallback as a whole when the plan leaves it to the program's default.
func (v *verifier) drift(want inspect.Located, fallback, running, detail string) {
	file, p := want.At(fallback)
	v.add(file, &field.Error{Type: ErrDrift, Path: p, BadValue: Drift{Planned: want.Value, Running: running}, Detail: detail})
}

// underRoot is a node path as this process reaches it.
func (v *verifier) underRoot(nodePath string) string {
	if v.root == "/" || v.root == "" {
		return nodePath
	}
	return filepath.Join(v.root, strings.TrimPrefix(nodePath, "/"))
}
