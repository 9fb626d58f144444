package crio_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/render"
)

// writePlan writes a plan's files under a fresh root and returns it.
func writePlan(t *testing.T, plan *runtime.Plan) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, render.WriteDir(plan, root))
	return root
}

// writeFile writes content to a new file in a temp dir and returns its
// path.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, content, 0o644))
	return p
}

func writeFileAt(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o644)
}
