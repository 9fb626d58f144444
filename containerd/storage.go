package containerd

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// WithStorage sets root and state: where containerd keeps images,
// snapshots and metadata (default DefaultRoot), and its transient state
// and sockets of shims (default DefaultState). Each is an absolute node
// path or "" for containerd's default. containerd reads both at start, so
// a change restarts containerd.service; it does not move what is stored.
func WithStorage(root, state string) ConfigOption {
	return ConfigOption{Name: "WithStorage", Set: func(b *builder) error {
		var errs field.ErrorList
		if root != "" {
			errs = append(errs, runtime.ValidateNodePath(field.NewTOMLPath("root"), root)...)
		}
		if state != "" {
			errs = append(errs, runtime.ValidateNodePath(field.NewTOMLPath("state"), state)...)
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		b.cfg.Root, b.cfg.State = root, state
		return nil
	}}
}
