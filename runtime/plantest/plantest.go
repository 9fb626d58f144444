// Package plantest compares a kubenode plan with a golden txtar file, for
// kubenode's own tests and for the golden tests of installers built on it.
//
// It registers no command-line flag: the calling test file declares its
// own, so two packages never fight over one:
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
//	func TestNodePlan(t *testing.T) {
//		plan, err := node.Plan(ctx)
//		require.NoError(t, err)
//		plantest.Golden(t, "testdata/node.txtar", plan, *update)
//	}
//
// Run `go test ./... -update` to rewrite the golden files, then review the
// diff like any other change.
package plantest

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
)

// Golden compares the plan's txtar rendering with the file at path. With
// update set it writes the file instead (creating its directory). On a
// mismatch it reports a diff per changed section, so a failure names the
// node file that changed.
func Golden(t testing.TB, path string, got *runtime.Plan, update bool) {
	t.Helper()
	data, err := got.Txtar()
	if err != nil {
		t.Fatalf("render plan as txtar: %v", err)
	}
	GoldenBytes(t, path, data, update)
}

// GoldenBytes compares any rendered bytes with the file at path, or writes
// them there when update is set. Txtar content is compared per section.
func GoldenBytes(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("update golden file: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run the test with -update to create it): %v", err)
	}
	if bytes.Equal(want, got) {
		return
	}
	if filepath.Ext(path) == ".txtar" {
		compareSections(t, path, want, got)
	}
	// Either the sections hid the difference (their order changed) or the
	// file is not a txtar: compare the whole text.
	assert.Equal(t, string(want), string(got), "golden file %s differs (rerun with -update to accept)", path)
}

func compareSections(t testing.TB, path string, want, got []byte) {
	t.Helper()
	w, g := runtime.TxtarFiles(want), runtime.TxtarFiles(got)
	names := map[string]bool{}
	for n := range w {
		names[n] = true
	}
	for n := range g {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		wv, inWant := w[n]
		gv, inGot := g[n]
		switch {
		case !inWant:
			t.Errorf("%s: section %s is new", path, n)
		case !inGot:
			t.Errorf("%s: section %s is gone", path, n)
		case wv != gv:
			assert.Equal(t, wv, gv, "%s: section %s differs", path, n)
		}
	}
}
