package apply

import "context"

// SetWriteHook installs a hook called before each file's rename, for fault
// injection, and returns the function that removes it.
func SetWriteHook(h func(nodePath string) error) (restore func()) {
	old := writeHook
	writeHook = h
	return func() { writeHook = old }
}

// WithFSObserver returns a context under which Apply tells observe of each
// change it makes under its root, before making it: "write" (a file opened
// for writing), "fsync", "rename", "link", "remove", "mkdir", "chmod" and
// "chtimes", with the path relative to the root. The apply lock (opened on
// every run, written only when it holds another process's PID) is not
// reported.
func WithFSObserver(ctx context.Context, observe func(op, name string)) context.Context {
	return context.WithValue(ctx, observerKey{}, observe)
}

// WithFSFault returns a context under which Apply asks fault before each
// change it makes under its root (the ops and names WithFSObserver
// reports); an error fault returns is that change's error, and the change
// is not made. Tests play a read-only mount or an immutable directory
// with it.
func WithFSFault(ctx context.Context, fault func(op, name string) error) context.Context {
	return context.WithValue(ctx, faultKey{}, fault)
}
