package apply

import (
	"io"

	"github.com/kubenode/kubenode/runtime"
)

// SetReadHook installs a hook told of every release file or binary Apply
// opens to read (its path relative to the root), and returns the function
// that removes it.
func SetReadHook(h func(name string)) (restore func()) {
	old := readHook
	readHook = h
	return func() { readHook = old }
}

// EachTarMember walks a tar.gz stream as Apply does (eachTarMember),
// calling fn with each mapped member's name and content.
func EachTarMember(r io.Reader, members []runtime.Member, fn func(name string, content io.Reader) error) error {
	return eachTarMember(r, members, func(m runtime.Member, content io.Reader) error { return fn(m.Name, content) })
}
