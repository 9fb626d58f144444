// Package hostprep_test applies a node's host preparation
// (runtime/hostprep: the modules-load.d and sysctl.d files and the restarts
// of their loaders) to a real systemd booted in namespaces of its own,
// network namespace included (harness.OwnNetwork, harness.AllowSysctl):
// systemd-sysctl sets the net.* values in that network namespace only, and
// the modules-load.d file is checked by systemd-analyze cat-config and
// modprobe --dry-run against a fake module tree, so that no module is ever
// loaded and no sysctl of the host changes.
package hostprep_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// The test binary is also the D-Bus client that runs Apply inside the
// namespaced systemd (a client must be in its PID namespace): with
// helperEnv set to "apply", TestMain applies the plan at $helperPlanEnv
// instead of running the tests.
const (
	helperEnv     = "KUBENODE_E2E_HOSTPREP_HELPER"
	helperPlanEnv = "KUBENODE_E2E_HOSTPREP_PLAN"
	// planPath is where a plan is handed to it in the namespace's root.
	planPath = "/run/kubenode-e2e-hostprep-plan.json"
)

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "apply":
		os.Exit(helperApply())
	default:
		fmt.Fprintf(os.Stderr, "unknown helper %q\n", os.Getenv(helperEnv))
		os.Exit(2)
	}
}

// outcome is what the helper prints: Apply's Result and error, and the
// D-Bus error name behind the error when systemd refused a job.
type outcome struct {
	Result    *apply.Result
	Err       string
	DBusError string
}

// helperApply applies the plan to / through systemd's private socket and
// prints the outcome as JSON. It fails only when it could not apply at all;
// an Apply error is part of the outcome, for the test to judge.
func helperApply() int {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out outcome
	var err error
	out.Result, err = harness.ApplyPlanFile(ctx, os.Getenv(helperPlanEnv), manager.PrivateSocket)
	if errors.Is(err, harness.ErrNotApplied) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err != nil {
		out.Err = err.Error()
		var de dbus.Error
		var dep *dbus.Error
		switch {
		case errors.As(err, &de):
			out.DBusError = de.Name
		case errors.As(err, &dep):
			out.DBusError = dep.Name
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// applyInNamespace runs Apply on plan inside s, as the test binary run
// there, and returns the outcome.
func applyInNamespace(t *testing.T, s *harness.Systemd, plan *runtime.Plan) outcome {
	t.Helper()
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(s.Path(planPath), data, 0o600))
	out := s.RunTestBinary(t, []string{helperEnv + "=apply", helperPlanEnv + "=" + planPath})
	var o outcome
	require.NoError(t, json.Unmarshal(out, &o), "%s", out)
	require.NotNil(t, o.Result, "Apply returned no result: %s", o.Err)
	return o
}
