package manager

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	sdbus "github.com/coreos/go-systemd/v22/dbus"
	"github.com/godbus/dbus/v5"

	"github.com/kubenode/kubenode/runtime"
)

// PrivateSocket is systemd's own D-Bus socket, which root may use without a
// bus daemon.
const PrivateSocket = "/run/systemd/private"

// DBus drives a running systemd over D-Bus (go-systemd's dbus package),
// for apply.Apply on a live node. Start and Restart wait for their job's
// result, so a unit that fails to start is an error.
type DBus struct {
	conn *sdbus.Conn
}

var _ runtime.Manager = (*DBus)(nil)

// NewDBus connects to the system bus, or, as root when no bus daemon
// answers, to systemd's private socket. Close it when done.
func NewDBus(ctx context.Context) (*DBus, error) {
	conn, err := sdbus.NewWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("systemd: connect over D-Bus: %w", err)
	}
	return &DBus{conn: conn}, nil
}

// NewDBusAt connects to systemd's private socket at path (usually
// PrivateSocket), for a systemd whose socket is elsewhere. The caller must
// run in that systemd's PID namespace: systemd identifies a peer by its
// PID and drops a connection whose PID it cannot see.
func NewDBusAt(ctx context.Context, path string) (*DBus, error) {
	conn, err := sdbus.NewConnection(func() (*dbus.Conn, error) {
		c, err := dbus.Dial("unix:path="+path, dbus.WithContext(ctx))
		if err != nil {
			return nil, err
		}
		if err := c.Auth([]dbus.Auth{dbus.AuthExternal(strconv.Itoa(os.Getuid()))}); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("systemd: connect to %s: %w", path, err)
	}
	return &DBus{conn: conn}, nil
}

// Close closes the connection.
func (m *DBus) Close() { m.conn.Close() }

// Reload is systemctl daemon-reload.
func (m *DBus) Reload(ctx context.Context) error {
	if err := m.conn.ReloadContext(ctx); err != nil {
		return fmt.Errorf("systemd: daemon-reload: %w", err)
	}
	return nil
}

// Enable is systemctl enable: it creates the symlinks of the units'
// Install sections (without replacing a conflicting one) and, when it
// made any, reloads as systemctl does, so that systemd's view of the
// units (their UnitFileState, the targets' Wants=) includes them.
func (m *DBus) Enable(ctx context.Context, units []string) error {
	_, changes, err := m.conn.EnableUnitFilesContext(ctx, units, false, false)
	if err != nil {
		return fmt.Errorf("systemd: enable %v: %w", units, err)
	}
	if len(changes) > 0 {
		return m.Reload(ctx)
	}
	return nil
}

// Start starts a unit and waits for its job.
func (m *DBus) Start(ctx context.Context, unit string) error {
	return m.job(ctx, "start", unit, m.conn.StartUnitContext)
}

// Restart restarts a unit (starting it when stopped) and waits for its job.
func (m *DBus) Restart(ctx context.Context, unit string) error {
	return m.job(ctx, "restart", unit, m.conn.RestartUnitContext)
}

type jobFunc func(ctx context.Context, name, mode string, ch chan<- string) (int, error)

// job queues a job in "replace" mode and waits for systemd's JobRemoved
// signal: "done" is success; "failed", "timeout", "dependency" and the
// others are errors.
func (m *DBus) job(ctx context.Context, verb, unit string, f jobFunc) error {
	ch := make(chan string, 1)
	if _, err := f(ctx, unit, "replace", ch); err != nil {
		if verb == "restart" && isMasked(err) {
			// A masked unit cannot run, so there is nothing to restart
			// (a container that masks systemd-modules-load, say): the
			// step is skipped, and the plan's later steps still run.
			return fmt.Errorf("systemd: restart %s: the unit is masked: %w", unit, runtime.ErrSkipped)
		}
		return fmt.Errorf("systemd: %s %s: %w", verb, unit, err)
	}
	select {
	case result := <-ch:
		if result != "done" {
			return fmt.Errorf("systemd: %s %s: job %s", verb, unit, result)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("systemd: %s %s: %w", verb, unit, ctx.Err())
	}
}

// isMasked reports systemd's refusal of a job for a masked unit.
func isMasked(err error) bool {
	var e dbus.Error
	if errors.As(err, &e) {
		return e.Name == "org.freedesktop.systemd1.UnitMasked"
	}
	var pe *dbus.Error
	return errors.As(err, &pe) && pe.Name == "org.freedesktop.systemd1.UnitMasked"
}

// enabledStates are the UnitFileState values for which `systemctl
// is-enabled` succeeds: nothing is left to enable.
var enabledStates = []string{"enabled", "enabled-runtime", "alias", "static", "indirect", "generated", "transient"}

// activeStates are the ActiveState values of a unit that runs or is coming
// up.
var activeStates = []string{"active", "reloading", "activating", "refreshing"}

// State reads the unit's ActiveState and UnitFileState.
func (m *DBus) State(ctx context.Context, unit string) (runtime.UnitState, error) {
	active, err := m.property(ctx, unit, "ActiveState")
	if err != nil {
		return runtime.UnitState{}, err
	}
	file, err := m.property(ctx, unit, "UnitFileState")
	if err != nil {
		return runtime.UnitState{}, err
	}
	return runtime.UnitState{Active: slices.Contains(activeStates, active), Enabled: slices.Contains(enabledStates, file)}, nil
}

// Properties returns a unit's properties by name, those of every unit
// (ActiveState, ActiveEnterTimestamp, ...) and those of its type (MainPID
// and NRestarts for a service), for checks beyond State.
func (m *DBus) Properties(ctx context.Context, unit string) (map[string]any, error) {
	p, err := m.conn.GetUnitPropertiesContext(ctx, unit)
	if err != nil {
		return nil, fmt.Errorf("systemd: properties of %s: %w", unit, err)
	}
	if typ := unitType(unit); typ != "" {
		tp, err := m.conn.GetUnitTypePropertiesContext(ctx, unit, typ)
		if err != nil {
			return nil, fmt.Errorf("systemd: %s properties of %s: %w", typ, unit, err)
		}
		for k, v := range tp {
			p[k] = v
		}
	}
	return p, nil
}

// unitType is the D-Bus interface suffix of a unit's type: "Service" for
// x.service.
func unitType(unit string) string {
	i := strings.LastIndexByte(unit, '.')
	if i < 0 || i == len(unit)-1 {
		return ""
	}
	return strings.ToUpper(unit[i+1:i+2]) + unit[i+2:]
}

func (m *DBus) property(ctx context.Context, unit, name string) (string, error) {
	p, err := m.conn.GetUnitPropertyContext(ctx, unit, name)
	if err != nil {
		return "", fmt.Errorf("systemd: %s of %s: %w", name, unit, err)
	}
	s, _ := p.Value.Value().(string)
	return s, nil
}
