package crio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
)

// checkerTool is where .ci/install.d/crio.sh builds the checker.
const checkerTool = "crio-checker-1.34.0/crio-checker"

// report is what crio-checker prints (see e2e/checkers/crio).
type report struct {
	Crio       *crioReport       `json:"crio"`
	Registries *registriesReport `json:"registries"`
	Error      string            `json:"error"`
}

type crioReport struct {
	CgroupManager      string                   `json:"cgroup_manager"`
	ConmonCgroup       string                   `json:"conmon_cgroup"`
	DefaultRuntime     string                   `json:"default_runtime"`
	Runtimes           map[string]runtimeReport `json:"runtimes"`
	PauseImage         string                   `json:"pause_image"`
	PauseImageAuthFile string                   `json:"pause_image_auth_file"`
	PauseCommand       string                   `json:"pause_command"`
	SignaturePolicy    string                   `json:"signature_policy"`
	InsecureRegistries []string                 `json:"insecure_registries"`
	NetworkDir         string                   `json:"network_dir"`
	PluginDirs         []string                 `json:"plugin_dirs"`
	Listen             string                   `json:"listen"`
	Template           string                   `json:"template"`
	TemplateKeys       []string                 `json:"template_keys"`
	Keys               map[string][]string      `json:"keys"`
	Undecoded          map[string][]string      `json:"undecoded"`
	HandlerErrors      map[string]string        `json:"handler_errors"`
}

type runtimeReport struct {
	RuntimePath       string   `json:"runtime_path"`
	RuntimeType       string   `json:"runtime_type"`
	RuntimeRoot       string   `json:"runtime_root"`
	RuntimeConfigPath string   `json:"runtime_config_path"`
	MonitorPath       string   `json:"monitor_path"`
	MonitorCgroup     string   `json:"monitor_cgroup"`
	MonitorEnv        []string `json:"monitor_env"`
}

type registriesReport struct {
	UnqualifiedSearchRegistries []string          `json:"unqualified_search_registries"`
	ShortNameMode               string            `json:"short_name_mode"`
	Registries                  []registryReport  `json:"registries"`
	Find                        map[string]lookup `json:"find"`
}

type registryReport struct {
	Prefix   string   `json:"prefix"`
	Location string   `json:"location"`
	Insecure bool     `json:"insecure"`
	Blocked  bool     `json:"blocked"`
	Mirrors  []source `json:"mirrors"`
}

type source struct {
	Location string `json:"location"`
	Insecure bool   `json:"insecure"`
}

type lookup struct {
	Prefix      string   `json:"prefix"`
	PullSources []source `json:"pull_sources"`
}

// check runs crio-checker with args and returns its report; refused is
// true when it exited 1 (CRI-O or containers/image refused the input).
func check(t *testing.T, args ...string) (r report, refused bool) {
	t.Helper()
	bin := harness.Tool(t, checkerTool)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	// containers/image also reads $HOME/.config/containers.
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		refused = true
	default:
		t.Fatalf("crio-checker %v: %v\n%s", args, err, stderr.String())
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &r), "crio-checker output:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	if refused {
		require.NotEmpty(t, r.Error, "exit 1 without an error")
	}
	return r, refused
}

// writePlan writes a plan's files under a fresh root and returns it.
func writePlan(t *testing.T, plan *runtime.Plan) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, plan.WriteDir(root))
	return root
}

// writeFile writes content to a new file in a temp dir and returns its
// path.
func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, content, 0o644))
	return p
}

func writeFileAt(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o644)
}
