package cridockerd_test

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/systemd"
)

// problem is one expected problem: its sentinel and its path.
type problem struct {
	sentinel error
	path     string
}

var sentinels = []error{field.ErrInvalid, field.ErrDuplicate, field.ErrUnknown, field.ErrRemoved, field.ErrDeprecated,
	field.ErrConflict, field.ErrNotSupported, field.ErrRequired, field.ErrForbidden, field.ErrTooLong}

// requireProblems checks that err holds exactly want, in any order.
func requireProblems(t *testing.T, err error, want []problem) {
	t.Helper()
	if len(want) == 0 {
		assert.NoError(t, err)
		return
	}
	var got []problem
	for _, e := range field.AsList(err) {
		var p problem
		for _, s := range sentinels {
			if errors.Is(e, s) {
				p.sentinel = s
			}
		}
		p.path = e.Path.String()
		got = append(got, p)
	}
	assert.ElementsMatch(t, want, got, "got:\n%v", err)
}

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

var (
	errInvalid      = field.ErrInvalid
	errUnknown      = field.ErrUnknown
	errDeprecated   = field.ErrDeprecated
	errConflict     = field.ErrConflict
	errNotSupported = field.ErrNotSupported
	errRequired     = field.ErrRequired
)
