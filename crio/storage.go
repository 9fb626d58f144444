package crio

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// WithStorage sets root and runroot in [crio]: where CRI-O keeps images
// and container layers, and where it keeps the state of running
// containers (containers-storage's defaults are /var/lib/containers/storage
// and /run/containers/storage). Each must be an absolute node path, and
// neither may lie inside the other; an empty argument leaves that key to
// earlier files and containers-storage.conf(5). CRI-O reads both at start,
// so a change restarts crio.service; it does not move what is already
// stored.
func WithStorage(root, runRoot string) ConfigOption {
	return ConfigOption{Name: "WithStorage", Set: func(b *builder) error {
		c := &Config{Root: root, RunRoot: runRoot}
		v := &validator{}
		v.storage(c)
		if len(v.errs) > 0 {
			return v.errs.Err()
		}
		b.cfg.Root, b.cfg.RunRoot = root, runRoot
		return nil
	}}
}

// storage checks root and runroot: absolute, clean, and apart, since
// containers-storage would otherwise keep layers and run state in one
// tree and wipe one with the other.
func (v *validator) storage(c *Config) {
	rootPath, runPath := crioPath.Child("root"), crioPath.Child("runroot")
	ok := true
	for _, d := range []struct {
		p     *field.Path
		value string
	}{{rootPath, c.Root}, {runPath, c.RunRoot}} {
		if d.value == "" {
			continue
		}
		if errs := validateStorageDir(d.p, d.value); len(errs) > 0 {
			v.errs = append(v.errs, errs...)
			ok = false
		}
	}
	if ok && c.Root != "" && c.RunRoot != "" && runtime.PathsOverlap(c.Root, c.RunRoot) {
		v.errs = append(v.errs, field.Conflict(runPath, c.RunRoot, "overlaps root "+c.Root+": keep the run state and the image store apart"))
	}
}

// validateStorageDir is validateDir for a storage directory, which the
// file system root cannot be.
func validateStorageDir(p *field.Path, v string) field.ErrorList {
	if strings.Trim(v, "/") == "" {
		return field.ErrorList{field.Invalid(p, v, "must be a directory below the root")}
	}
	return validateDir(p, v)
}
