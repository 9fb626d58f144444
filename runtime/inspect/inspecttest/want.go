package inspecttest

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Want is one finding a test expects: its severity, the node path of its
// file, and its problem.
type Want struct {
	Severity inspect.Severity
	File     string
	Problem  fieldtest.Matcher
}

// Error wants an error in file: the problem with the sentinel at the path
// ("" for the file as a whole).
func Error(file string, sentinel error, path string) Want {
	return Want{Severity: inspect.SeverityError, File: file, Problem: fieldtest.Match(sentinel, path)}
}

// Warning wants a warning in file: the problem with the sentinel at the
// path ("" for the file as a whole).
func Warning(file string, sentinel error, path string) Want {
	return Want{Severity: inspect.SeverityWarning, File: file, Problem: fieldtest.Match(sentinel, path)}
}

// Value returns w that also requires the problem's bad value to equal v.
func (w Want) Value(v any) Want {
	w.Problem = w.Problem.Value(v)
	return w
}

// Matches reports whether f is the finding w describes.
func (w Want) Matches(f inspect.Finding) bool {
	return f.Severity == w.Severity && f.File == w.File && w.Problem.Matches(f.Err)
}

// String describes w for a failure message.
func (w Want) String() string {
	return fmt.Sprintf("%s in %s: %s", w.Severity, w.File, w.Problem)
}
