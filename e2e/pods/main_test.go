package pods_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

// The test binary is also the D-Bus client that drives the namespaced
// systemd (a client must be in its PID namespace): with helperEnv set,
// TestMain runs that helper instead of the tests.
const (
	helperEnv = "KUBENODE_E2E_PODS_HELPER"
	// helperArgEnv is the helper's argument: a plan's path in the
	// namespace's root, or unit names separated by commas.
	helperArgEnv = "KUBENODE_E2E_PODS_ARG"
	// planPath is where a plan is handed to the helper.
	planPath = "/run/kubenode-e2e-pods-plan.json"
)

func TestMain(m *testing.M) {
	var code int
	switch h := os.Getenv(helperEnv); h {
	case "":
		code = m.Run()
	case "apply":
		code = helperApply(os.Getenv(helperArgEnv))
	case "pids":
		code = helperPIDs(os.Args[1:])
	default:
		fmt.Fprintf(os.Stderr, "unknown helper %q\n", h)
		code = 2
	}
	os.Exit(code)
}

// outcome is what the apply helper prints: Apply's Result and error.
type outcome struct {
	Result *apply.Result
	Err    string
}

// helperApply applies the plan (JSON) at planFile to / through systemd's
// private socket and prints the outcome as JSON.
func helperApply(planFile string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out outcome
	var err error
	out.Result, err = harness.ApplyPlanFile(ctx, planFile, manager.PrivateSocket)
	if errors.Is(err, harness.ErrNotApplied) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err != nil {
		out.Err = err.Error()
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helperPIDs prints each unit's MainPID, read over D-Bus, as a JSON
// object: a unit that restarted has a new one.
func helperPIDs(units []string) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := manager.NewDBusAt(ctx, manager.PrivateSocket)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer m.Close()
	pids := map[string]string{}
	for _, u := range units {
		p, err := m.Properties(ctx, u)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		pids[u] = fmt.Sprint(p["MainPID"])
	}
	if err := json.NewEncoder(os.Stdout).Encode(pids); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// applyInNamespace runs Apply on plan inside s, as the test binary run
// there, and returns the Result; an Apply error fails the test.
func applyInNamespace(t *testing.T, s *harness.Systemd, plan *runtime.Plan) *apply.Result {
	t.Helper()
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(s.Path(planPath), data, 0o600))
	out := s.RunTestBinary(t, []string{helperEnv + "=apply", helperArgEnv + "=" + planPath})
	var o outcome
	require.NoError(t, json.Unmarshal(out, &o), "%s", out)
	require.Empty(t, o.Err, "Apply")
	require.NotNil(t, o.Result)
	return o.Result
}

// mainPIDs reads the units' MainPIDs inside s.
func mainPIDs(t *testing.T, s *harness.Systemd, units []string) map[string]string {
	t.Helper()
	out := s.RunTestBinary(t, []string{helperEnv + "=pids"}, units...)
	pids := map[string]string{}
	require.NoError(t, json.Unmarshal(out, &pids), "%s", out)
	return pids
}
