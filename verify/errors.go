package verify

import (
	"errors"
	"fmt"
)

// The sentinels of Node's findings (Finding.Err wraps one; errors.Is and
// the shared matchers in runtime/field/fieldtest and
// runtime/inspect/inspecttest match it).
var (
	// ErrDrift: the running node uses another value than the plan wrote.
	// The problem's BadValue is a Drift holding both.
	ErrDrift = errors.New("drift")
	// ErrMissing: something the plan asked for is absent from the running
	// node (a runtime handler). BadValue is the planned value.
	ErrMissing = errors.New("missing")
	// ErrNotReady: the runtime, the kubelet or the Node object says it is
	// not ready or not healthy. BadValue is what it said.
	ErrNotReady = errors.New("not ready")
	// ErrUnreachable: a socket or URL did not answer (absent, refused,
	// timed out, or not the server expected). BadValue is the address asked.
	ErrUnreachable = errors.New("unreachable")
)

// Drift is what an ErrDrift finding found: the value the plan wrote and the
// one the running node really uses ("" when it reports none).
type Drift struct {
	Planned string
	Running string
}

// Format prints the drift as `running "X", planned "Y"` for every verb.
// Drift is deliberately no fmt.Stringer: a problem quotes a Stringer's text
// as one string, which would escape the quotes around both values.
func (d Drift) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "running %q, planned %q", d.Running, d.Planned)
}
