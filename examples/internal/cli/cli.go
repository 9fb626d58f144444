// Package cli holds what every example program shares: the repeatable
// -mirror flag, writing a plan under -out or printing it as txtar, and
// printing every problem of a refused input one per line.
package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/render"
)

// Mirrors is a repeatable -mirror REGISTRY=URL flag.
type Mirrors []runtime.Mirror

// String implements flag.Value.
func (m *Mirrors) String() string {
	if m == nil {
		return ""
	}
	s := make([]string, len(*m))
	for i, x := range *m {
		s[i] = x.Registry + "=" + x.URL
	}
	return strings.Join(s, ",")
}

// Set implements flag.Value: each -mirror adds one.
func (m *Mirrors) Set(s string) error {
	x, err := runtime.ParseMirror(s)
	if err != nil {
		return err
	}
	*m = append(*m, x)
	return nil
}

// Strings is a repeatable flag of plain values, such as -node-label K=V.
type Strings []string

// String implements flag.Value.
func (s *Strings) String() string {
	if s == nil {
		return ""
	}
	return strings.Join(*s, ",")
}

// Set implements flag.Value: each use adds one.
func (s *Strings) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// Emit writes the plan's files under outDir, or prints the plan as txtar to
// stdout when outDir is empty.
func Emit(stdout io.Writer, plan *runtime.Plan, outDir string) error {
	if outDir == "" {
		data, err := plan.Txtar()
		if err != nil {
			return err
		}
		_, err = stdout.Write(data)
		return err
	}
	if err := render.WriteDir(plan, outDir); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "wrote %d files under %s\n", len(plan.Files), outDir)
	return err
}

// Report prints every problem behind err to stderr, one per line
// ("error: PATH: MESSAGE"), and returns the exit status 1.
func Report(stderr io.Writer, err error) int {
	list := field.AsList(err)
	if len(list) == 0 {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	for _, e := range list {
		fmt.Fprintf(stderr, "error: %v\n", e)
	}
	return 1
}
