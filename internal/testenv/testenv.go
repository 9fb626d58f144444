// Package testenv is how kubenode's tests ask for what they need from the
// machine (a program on PATH, root): on CI (CI=true), where .ci/run has
// installed everything, a missing need fails the test; elsewhere it skips
// it, saying why. Both the library's tests and the e2e module use it.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// OnCI reports whether the tests run on CI (CI=true), where everything they
// need has been installed and a missing program is a failure.
func OnCI() bool { return os.Getenv("CI") == "true" }

// Missing stops the test because something it needs is not here: a failure
// on CI, a skip (with the reason) elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if OnCI() {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf("not on CI and "+format, args...)
}

// Program returns the path of a program on PATH, or stops the test through
// Missing.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not on PATH (see .ci/run)", name)
	}
	return p
}

// RequireRoot stops the test through Missing when it does not run as root.
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Missing(t, "the test needs root")
	}
}
