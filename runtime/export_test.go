package runtime

// SetWriteHook installs a hook called before each file's rename, for fault
// injection, and returns the function that removes it.
func SetWriteHook(h func(nodePath string) error) (restore func()) {
	old := writeHook
	writeHook = h
	return func() { writeHook = old }
}
