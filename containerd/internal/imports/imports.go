// Package imports follows the files a containerd config.toml imports and
// merges them by the rules of containerd's own loader; package containerd's
// Load decides, per release, how each file is migrated first.
package imports

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// Files reads a node's files by their node paths; *inspect.Node is one.
type Files interface {
	Read(nodePath string) ([]byte, error)
	Glob(pattern string) []string
}

// Set is a config file and the files it imports, recursively, in the order
// containerd merges them.
type Set struct {
	// Files are the files read, the config file first.
	Files []string
	// Docs are their trees, as go-toml decodes them.
	Docs []tomltree.Tree
	// Findings are the imports containerd would not start with: missing,
	// unreadable or not TOML, each in the file that names or is it.
	Findings []inspect.Finding
	// keys are the keys each file sets, as their paths print; Merge
	// records them.
	keys []map[string]bool
}

// importsPath names the imports key in findings.
var importsPath = field.NewTOMLPath("imports")

// Read follows the imports of file, whose tree is doc, breadth first as
// containerd does: a relative import is relative to the importing file's
// directory, one holding "*" is a glob, any other must exist; each file is
// read once.
func Read(files Files, file string, doc tomltree.Tree) *Set {
	s := &Set{Files: []string{file}, Docs: []tomltree.Tree{doc}}
	seen := map[string]bool{file: true}
	for queue := importsOf(files, file, doc); len(queue) > 0; queue = queue[1:] {
		imp := queue[0]
		if seen[imp.path] {
			continue
		}
		seen[imp.path] = true
		data, err := files.Read(imp.path)
		switch {
		case errors.Is(err, inspect.ErrMasked):
			continue // /dev/null reads as an empty file
		case errors.Is(err, fs.ErrNotExist):
			s.problem(imp.by, field.Invalid(importsPath, imp.path, "no such file: containerd refuses to start"))
			continue
		case err != nil:
			s.problem(imp.by, field.Invalid(importsPath, imp.path, "cannot read: "+err.Error()))
			continue
		}
		next, problem := Decode(data)
		if problem != nil {
			s.problem(imp.path, problem)
			continue
		}
		s.Files = append(s.Files, imp.path)
		s.Docs = append(s.Docs, next)
		queue = append(queue, importsOf(files, imp.path, next)...)
	}
	return s
}

// Decode decodes a file containerd reads, within tomltree.Decode's limits,
// or returns its problem for the file as a whole: the limit's
// field.ErrTooLong, or ErrInvalid for a file that is no TOML.
func Decode(data []byte) (tomltree.Tree, *field.Error) {
	doc, err := tomltree.Decode(data)
	if err == nil {
		return doc, nil
	}
	if limit, ok := errors.AsType[*field.Error](err); ok {
		return nil, limit
	}
	return nil, field.Invalid(nil, nil, "not TOML: "+err.Error())
}

func (s *Set) problem(file string, e *field.Error) {
	s.Findings = append(s.Findings, inspect.NewFinding(inspect.SeverityError, file, e))
}

// imp is an import to read and the file that names it.
type imp struct{ path, by string }

func importsOf(files Files, file string, doc tomltree.Tree) []imp {
	list, _ := doc["imports"].([]any)
	var out []imp
	for _, x := range list {
		p, ok := x.(string)
		if !ok || p == "" {
			continue // the config's validation reports it
		}
		if !path.IsAbs(p) {
			p = path.Join(path.Dir(file), p)
		}
		p = path.Clean(p)
		if !strings.Contains(p, "*") {
			out = append(out, imp{p, file})
			continue
		}
		for _, m := range files.Glob(p) {
			out = append(out, imp{m, file})
		}
	}
	return out
}
