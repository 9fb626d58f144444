package docker_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
)

var (
	errInvalid      = field.ErrInvalid
	errDuplicate    = field.ErrDuplicate
	errUnknown      = field.ErrUnknown
	errRemoved      = field.ErrRemoved
	errDeprecated   = field.ErrDeprecated
	errConflict     = field.ErrConflict
	errNotSupported = field.ErrNotSupported
	errRequired     = field.ErrRequired
	errForbidden    = field.ErrForbidden
)

// problem is one expected problem: its sentinel and its path.
type problem struct {
	sentinel error
	path     string
}

// problemsOf lists err's problems as sentinel and path.
func problemsOf(err error) []problem {
	var out []problem
	for _, e := range field.AsList(err) {
		var p problem
		for _, s := range []error{errInvalid, errDuplicate, errUnknown, errRemoved, errDeprecated, errConflict, errNotSupported, errRequired, errForbidden, field.ErrTooLong} {
			if errors.Is(e, s) {
				p.sentinel = s
			}
		}
		p.path = e.Path.String()
		out = append(out, p)
	}
	return out
}

// requireProblems checks that err holds exactly want, in any order.
func requireProblems(t *testing.T, err error, want []problem) {
	t.Helper()
	if len(want) == 0 {
		assert.NoError(t, err)
		return
	}
	assert.ElementsMatch(t, want, problemsOf(err), "got:\n%v", err)
}
