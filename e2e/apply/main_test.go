// Package apply_test checks apply.Apply, the systemd managers and the
// plan renderers against the real programs: a systemd booted in its own
// namespaces (harness.BootSystemd) running Debian's containerd, crictl,
// systemctl --root, sh, cloud-init's schema check and Ignition's parser.
package apply_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// The test binary doubles as the program that runs inside the namespaced
// systemd: D-Bus clients must live in its PID namespace. With helperEnv
// set, TestMain runs that helper instead of the tests.
const (
	helperEnv     = "KUBENODE_E2E_APPLY_HELPER"
	helperPlanEnv = "KUBENODE_E2E_APPLY_PLAN"
	// helperSocketEnv, when set, makes the helper dial systemd's private
	// socket at that path (manager.NewDBusAt) instead of
	// manager.NewDBus.
	helperSocketEnv = "KUBENODE_E2E_APPLY_SOCKET"
)

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "apply":
		os.Exit(helperApply())
	case "props":
		os.Exit(helperProps(os.Args[len(os.Args)-1]))
	default:
		fmt.Fprintf(os.Stderr, "unknown helper %q\n", os.Getenv(helperEnv))
		os.Exit(2)
	}
}

func dbusManager(ctx context.Context) (*manager.DBus, error) {
	if sock := os.Getenv(helperSocketEnv); sock != "" {
		return manager.NewDBusAt(ctx, sock)
	}
	return manager.NewDBus(ctx)
}

// helperApply applies the plan (JSON) at $KUBENODE_E2E_APPLY_PLAN to / with
// the D-Bus manager and prints the Result as JSON.
func helperApply() int {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	data, err := os.ReadFile(os.Getenv(helperPlanEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var plan runtime.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	m, err := dbusManager(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer m.Close()
	res, err := apply.Apply(ctx, &plan, apply.Options{Root: "/", Manager: m})
	if res != nil {
		_ = json.NewEncoder(os.Stdout).Encode(res)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helperProps prints a unit's state and the properties that tell whether it
// restarted, read over D-Bus.
func helperProps(unit string) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := dbusManager(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer m.Close()
	st, err := m.State(ctx, unit)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p, err := m.Properties(ctx, unit)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(unitProps{
		State:                st,
		MainPID:              fmt.Sprint(p["MainPID"]),
		ActiveEnterTimestamp: fmt.Sprint(p["ActiveEnterTimestamp"]),
		NRestarts:            fmt.Sprint(p["NRestarts"]),
	})
	return 0
}

// unitProps is what helperProps prints.
type unitProps struct {
	State                runtime.UnitState
	MainPID              string
	ActiveEnterTimestamp string
	NRestarts            string
}
