package cridockerd_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/systemd"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func parseUnit(t *testing.T, name, path string) *systemd.UnitFile {
	t.Helper()
	u, err := systemd.ParseUnitFile(name, readFile(t, path))
	require.NoError(t, err)
	return u
}
