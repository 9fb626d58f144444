// Package systemd_test checks the systemd package's golden units with the
// real systemd-analyze.
package systemd_test

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// goldenUnits reads every unit file and drop-in the systemd package pins in
// its testdata, placed where a node keeps them.
func goldenUnits(t *testing.T) []runtime.File {
	t.Helper()
	dir := filepath.Join("..", "..", "systemd", "testdata")
	var files []runtime.File
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		isUnit := !strings.Contains(rel, "/") && path.Ext(rel) != ".txtar"
		isDropIn := strings.HasSuffix(path.Dir(rel), ".d") && path.Ext(rel) == ".conf"
		if !isUnit && !isDropIn {
			return nil
		}
		content, err := os.ReadFile(p)
		files = append(files, runtime.File{Path: path.Join(systemd.SystemDir, rel), Mode: 0o644, Content: content})
		return err
	})
	require.NoError(t, err)
	return files
}

func TestGoldenUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	files := goldenUnits(t)
	require.GreaterOrEqual(t, len(files), 3, "the systemd package's golden units are missing")
	harness.VerifyUnits(t, files)
}
