// Package cli holds what every example program shares: the repeatable
// -mirror flag, the settings of a container runtime, writing a plan under
// -out or printing it as txtar, and printing every problem of a refused
// input one per line.
package cli

import (
	"errors"
	"flag"
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

// Settings are what a container runtime's example takes from its command
// line: the release, the cgroup driver, the pause image and the mirrors.
type Settings struct {
	Version      string
	CgroupDriver runtime.CgroupDriver
	SandboxImage string
	Mirrors      Mirrors
}

// Finish prints what an example's plan function returned and returns the
// exit status: the warnings, then every problem of err (status 1), or else
// the plan as [Emit] does (status 0).
func Finish(stdout, stderr io.Writer, outDir string, plan *runtime.Plan, warnings field.ErrorList, err error) int {
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	if err != nil {
		return Report(stderr, err)
	}
	if err := Emit(stdout, plan, outDir); err != nil {
		return Report(stderr, err)
	}
	return 0
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

// NewFlagSet returns a flag set for the program name that prints its
// errors and usage on stderr and returns them instead of exiting.
func NewFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// ParseFlags parses args into fs. When the program must stop it returns
// ok false and the exit code: 0 after -help, 2 for a bad flag.
func ParseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// Parse is ParseFlags for a program that takes no arguments besides its
// flags: one left over is named on stderr and exits 2.
func Parse(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	if code, ok := ParseFlags(fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "error: unexpected arguments: %v\n", fs.Args())
		return 2, false
	}
	return 0, true
}
