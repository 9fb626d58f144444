package runtime

import (
	"context"
	"errors"
)

// Manager is what runtime/apply needs from a service manager; the systemd
// package implements it over D-Bus, offline for an unbooted root, and as a
// recorder.
type Manager interface {
	// Reload makes the manager reread unit files (systemctl daemon-reload).
	Reload(ctx context.Context) error
	// Enable enables units by their [Install] sections (systemctl enable).
	Enable(ctx context.Context, units []string) error
	// Start starts a unit and waits for the result of its job.
	Start(ctx context.Context, unit string) error
	// Restart restarts a unit (starting it when stopped) and waits for the
	// result of its job.
	Restart(ctx context.Context, unit string) error
	// State reports whether a unit is active and whether it is enabled.
	State(ctx context.Context, unit string) (UnitState, error)
}

// UnitState is what Apply asks a [Manager] about a unit before acting.
type UnitState struct {
	// Active is true while the unit runs (ActiveState active, reloading or
	// activating).
	Active bool
	// Enabled is true when the unit's [Install] links are in place.
	Enabled bool
}

// ErrSkipped is returned, wrapped, by a [Manager] that cannot take an action
// at all, such as starting a unit in a root that is not booted, or
// restarting a masked unit; the wrapping error says why. Apply records
// the step as skipped instead of failing.
var ErrSkipped = errors.New("skipped")
