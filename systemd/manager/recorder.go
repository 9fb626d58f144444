package manager

import (
	"context"
	"strings"
	"sync"

	"github.com/kubenode/kubenode/runtime"
)

// Recorder is a runtime.Manager that changes nothing: it records every
// call in order, as the systemctl command it stands for ("daemon-reload",
// "enable containerd.service", "restart containerd.service"), and keeps
// unit states as a real systemd would after those calls. Tests use it to
// see what Apply asks for; a dry run can use it to list the steps.
type Recorder struct {
	mu sync.Mutex
	// Calls holds the calls so far.
	Calls []string
	// Active and Enabled are the units' states, which a test may set
	// before Apply runs; Start, Restart and Enable update them.
	Active  map[string]bool
	Enabled map[string]bool
	// Fail makes the call named by its key fail with its error.
	Fail map[string]error
}

var _ runtime.Manager = (*Recorder)(nil)

// NewRecorder returns a Recorder where no unit is active or enabled.
func NewRecorder() *Recorder {
	return &Recorder{Active: map[string]bool{}, Enabled: map[string]bool{}, Fail: map[string]error{}}
}

// record notes a call; it also makes the zero Recorder usable.
func (r *Recorder) record(call string) error {
	if r.Active == nil {
		r.Active = map[string]bool{}
	}
	if r.Enabled == nil {
		r.Enabled = map[string]bool{}
	}
	r.Calls = append(r.Calls, call)
	return r.Fail[call]
}

// Reload records "daemon-reload".
func (r *Recorder) Reload(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.record("daemon-reload")
}

// Enable records "enable UNIT..." and marks the units enabled.
func (r *Recorder) Enable(_ context.Context, units []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.record("enable " + strings.Join(units, " ")); err != nil {
		return err
	}
	for _, u := range units {
		r.Enabled[u] = true
	}
	return nil
}

// Start records "start UNIT" and marks it active.
func (r *Recorder) Start(_ context.Context, unit string) error { return r.activate("start", unit) }

// Restart records "restart UNIT" and marks it active.
func (r *Recorder) Restart(_ context.Context, unit string) error { return r.activate("restart", unit) }

// activate records "VERB UNIT" and marks the unit active.
func (r *Recorder) activate(verb, unit string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.record(verb + " " + unit); err != nil {
		return err
	}
	r.Active[unit] = true
	return nil
}

// State reports the recorded state; it is not a call and is not recorded.
func (r *Recorder) State(_ context.Context, unit string) (runtime.UnitState, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return runtime.UnitState{Active: r.Active[unit], Enabled: r.Enabled[unit]}, nil
}

// Reset forgets the calls, keeping the states.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Calls = nil
}
