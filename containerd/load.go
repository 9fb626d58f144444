package containerd

import (
	"github.com/kubenode/kubenode/containerd/internal/imports"
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// NodeFiles reads a node's files by their node paths, as Load needs them;
// *inspect.Node is one, and inspect.NewNode makes one of an fs.FS rooted
// at the node's /.
type NodeFiles = imports.Files

// Loaded is a config.toml merged with the files its imports name.
type Loaded struct {
	// Config is the merged file, parsed; nil when it does not parse.
	Config *Config
	// Files are the files merged, in containerd's order.
	Files []string
	// Findings are the imports containerd would not start with.
	Findings []inspect.Finding
	set      *imports.Set
}

// FileOf returns the file that set the key at p (in the merged file's
// layout): the last of Files that sets it, a key below it or a table above
// it, or the config file when none of the imports does.
func (l *Loaded) FileOf(p *field.Path) string { return l.set.FileOf(p) }

// Load reads the config file at a node path (ConfigFile) and every file its
// imports name, and merges them as the target release's containerd does
// (see the package's Load section). It returns the config file's read
// error as it is (fs.ErrNotExist, inspect.ErrMasked), or the merged file's
// problems as a field.ErrorList whose paths FileOf places, next to what it
// loaded. A config file past tomltree.Decode's limits is one
// field.ErrTooLong problem, and nothing is loaded.
func Load(files NodeFiles, file string, target runtime.Version) (*Loaded, error) {
	data, err := files.Read(file)
	if err != nil {
		return nil, err
	}
	doc, problem := imports.Decode(data)
	if problem != nil {
		return nil, problem
	}
	return load(files, file, doc, target)
}

// load is Load of a config file already decoded into doc. A lone file
// keeps its own layout; files merged follow the target's, as containerd
// migrates them: each before merging from 2.3, the merged whole (from the
// last file's version) before.
func load(files NodeFiles, file string, doc tree, target runtime.Version) (*Loaded, error) {
	set := imports.Read(files, file, doc)
	l := &Loaded{Files: set.Files, Findings: set.Findings, set: set}
	cv, _ := ConfigVersion(target)
	if len(set.Docs) > 1 && target.AtLeast(v2_3) {
		for _, d := range set.Docs {
			migrateFile(d, cv)
		}
	}
	merged := set.Merge(target.Before(v2_0))
	if len(set.Docs) > 1 && target.AtLeast(v2_0) {
		migrateFile(merged, cv)
	}
	cfg, err := parseTree(merged)
	l.Config = cfg
	return l, err
}

// migrateFile migrates a file's tree, typed keys included, to config
// version to. A file without version is taken as version 2: kubenode does
// not rename the short plugin names of version 1.
func migrateFile(doc tree, to int) {
	from, _ := doc["version"].(int64)
	for v := max(int(from), 2); v < to; v++ {
		switch v {
		case 2:
			moveKey(doc, layouts[2].sandboxImage, layouts[3].sandboxImage)
		case 3:
			// Version 4 no longer derives the ttrpc socket from the grpc one.
			grpc, _ := tomltree.Get(doc, layouts[3].grpcAddress)
			_, set := tomltree.Get(doc, layouts[3].ttrpcAddress)
			if s, ok := grpc.(string); ok && s != "" && !set {
				_ = tomltree.Set(doc, layouts[3].ttrpcAddress, s+".ttrpc")
			}
			moveKey(doc, layouts[3].grpcAddress, layouts[4].grpcAddress)
			moveKey(doc, layouts[3].ttrpcAddress, layouts[4].ttrpcAddress)
		}
		migrations[v](doc)
	}
	if int(from) < to {
		doc["version"] = int64(to)
	}
}

// moveKey moves the value at from to to, unless to is set already.
func moveKey(doc tree, from, to key) {
	v, ok := tomltree.Take(doc, from)
	if _, set := tomltree.Get(doc, to); ok && !set {
		_ = tomltree.Set(doc, to, v) // a value in the way is Parse's to report
	}
}
