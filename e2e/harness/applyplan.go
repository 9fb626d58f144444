package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// ErrNotApplied marks an ApplyPlanFile that could not apply at all: no
// plan to read, or no service manager to talk to. Any other error is
// Apply's own, for the test to judge.
var ErrNotApplied = errors.New("not applied")

// ApplyPlanFile applies the plan (JSON) at path to / with the D-Bus
// manager on socket: the work of a test binary that RunTestBinary runs
// inside a booted systemd's namespaces, since a D-Bus client of that
// systemd must run in its PID namespace.
func ApplyPlanFile(ctx context.Context, path, socket string) (*apply.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotApplied, err)
	}
	var plan runtime.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotApplied, err)
	}
	m, err := manager.NewDBusAt(ctx, socket)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotApplied, err)
	}
	defer m.Close()
	return apply.Apply(ctx, &plan, apply.Options{Root: "/", Manager: m})
}
