package harness

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kubenode/kubenode/internal/testenv"
)

// CloudInitSchema runs Debian's `cloud-init schema` on a #cloud-config and
// returns what it printed and its error, which any schema problem sets.
func CloudInitSchema(t testing.TB, userData []byte) (string, error) {
	t.Helper()
	cloudInit := testenv.Program(t, "cloud-init")
	f := filepath.Join(t.TempDir(), "user-data")
	if err := os.WriteFile(f, userData, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cloudInit, "schema", "--config-file", f).CombinedOutput()
	return string(out), err
}

// IgnitionResult is what the Ignition checker (e2e/checkers/ignition)
// prints: Parse's error and report, and the files, units and groups of
// the parsed config.
type IgnitionResult struct {
	Error   string `json:"error"`
	Report  string `json:"report"`
	Version string `json:"version"`
	Files   map[string]struct {
		Contents  string `json:"contents"`
		Mode      int    `json:"mode"`
		User      string `json:"user"`
		Group     string `json:"group"`
		Overwrite bool   `json:"overwrite"`
	} `json:"files"`
	Units map[string]struct {
		Contents string            `json:"contents"`
		Dropins  map[string]string `json:"dropins"`
		Enabled  bool              `json:"enabled"`
	} `json:"units"`
	Groups []string `json:"groups"`
}

// IgnitionCheck runs Ignition's own config.Parse on config, through the
// checker .ci/install.d/apply.sh builds; a config Ignition refuses is a
// result with Error set, not a failure.
func IgnitionCheck(t testing.TB, config []byte) IgnitionResult {
	t.Helper()
	checker := Tool(t, "ignition-check-2.24.0/ignition-check")
	f := filepath.Join(t.TempDir(), "config.ign")
	if err := os.WriteFile(f, config, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(checker, f).Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", checker, err, out)
	}
	var res IgnitionResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%s printed no result: %v\n%s", checker, err, out)
	}
	return res
}
