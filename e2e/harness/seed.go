package harness

import (
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/kubenode/kubenode/runtime"
)

// SeedUnits is the seed guide's units of a component, which the kubenode
// module keeps as <component>/testdata/seed-<name>, as node files in the
// unit directory dir. It reads them from the test's package directory, one
// level below e2e.
func SeedUnits(t testing.TB, component, dir string, names ...string) []runtime.File {
	t.Helper()
	var files []runtime.File
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("..", "..", component, "testdata", "seed-"+name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, runtime.File{Path: path.Join(dir, name), Mode: 0o644, Content: b})
	}
	return files
}
