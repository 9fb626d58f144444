package realcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/harness"
)

// CRIOVersion is the release of CRI-O's config package the crio-checker
// (e2e/checkers/crio, built by .ci/install.d/crio.sh) loads drop-ins with.
const CRIOVersion = "1.34"

// crioChecker is where .ci/install.d/crio.sh builds the checker.
const crioChecker = "crio-checker-1.34.0/crio-checker"

// CRIOReport is what crio-checker prints (see e2e/checkers/crio).
type CRIOReport struct {
	Crio        *CRIOConfig                `json:"crio"`
	Registries  *CRIORegistries            `json:"registries"`
	Certs       map[string]CRIOCerts       `json:"certs"`
	Credentials map[string]CRIOCredentials `json:"credentials"`
	Error       string                     `json:"error"`
}

// CRIOCerts is what containers/image loaded from one host's certs.d
// directory (-certs HOST[=SERVERCERT]).
type CRIOCerts struct {
	// ClientCertificates are the subject common names of the client
	// certificates it presents.
	ClientCertificates []string `json:"client_certificates"`
	// ServerVerified says whether SERVERCERT verifies for HOST against the
	// CAs it trusts with that directory; VerifyError says why not.
	ServerVerified bool   `json:"server_verified"`
	VerifyError    string `json:"verify_error"`
}

// CRIOCredentials are the credentials containers/image found for one
// registry in an auth file (-auth FILE -cred HOST): the user name and the
// sha256 digests (hex) of the password and the identity token.
type CRIOCredentials struct {
	Username            string `json:"username"`
	PasswordSHA256      string `json:"password_sha256"`
	IdentityTokenSHA256 string `json:"identity_token_sha256"`
}

// CRIOConfig is the configuration CRI-O loaded from the drop-ins.
type CRIOConfig struct {
	Root               string                 `json:"root"`
	RunRoot            string                 `json:"runroot"`
	CgroupManager      string                 `json:"cgroup_manager"`
	ConmonCgroup       string                 `json:"conmon_cgroup"`
	DefaultRuntime     string                 `json:"default_runtime"`
	Runtimes           map[string]CRIORuntime `json:"runtimes"`
	PauseImage         string                 `json:"pause_image"`
	PauseImageAuthFile string                 `json:"pause_image_auth_file"`
	PauseCommand       string                 `json:"pause_command"`
	SignaturePolicy    string                 `json:"signature_policy"`
	InsecureRegistries []string               `json:"insecure_registries"`
	GlobalAuthFile     string                 `json:"global_auth_file"`
	NetworkDir         string                 `json:"network_dir"`
	PluginDirs         []string               `json:"plugin_dirs"`
	Listen             string                 `json:"listen"`
	Template           string                 `json:"template"`
	TemplateKeys       []string               `json:"template_keys"`
	Keys               map[string][]string    `json:"keys"`
	Undecoded          map[string][]string    `json:"undecoded"`
	HandlerErrors      map[string]string      `json:"handler_errors"`
}

// CRIORuntime is one runtime handler as CRI-O loaded it.
type CRIORuntime struct {
	RuntimePath       string   `json:"runtime_path"`
	RuntimeType       string   `json:"runtime_type"`
	RuntimeRoot       string   `json:"runtime_root"`
	RuntimeConfigPath string   `json:"runtime_config_path"`
	MonitorPath       string   `json:"monitor_path"`
	MonitorCgroup     string   `json:"monitor_cgroup"`
	MonitorEnv        []string `json:"monitor_env"`

	PrivilegedWithoutHostDevices bool     `json:"privileged_without_host_devices"`
	AllowedAnnotations           []string `json:"allowed_annotations"`
}

// CRIORegistries is the registries configuration containers/image loaded.
type CRIORegistries struct {
	UnqualifiedSearchRegistries []string                   `json:"unqualified_search_registries"`
	ShortNameMode               string                     `json:"short_name_mode"`
	Registries                  []CRIORegistry             `json:"registries"`
	Find                        map[string]CRIOImageLookup `json:"find"`
}

// CRIORegistry is one [[registry]] as containers/image loaded it.
type CRIORegistry struct {
	Prefix   string       `json:"prefix"`
	Location string       `json:"location"`
	Insecure bool         `json:"insecure"`
	Blocked  bool         `json:"blocked"`
	Mirrors  []PullSource `json:"mirrors"`
}

// PullSource is a place containers/image pulls from.
type PullSource struct {
	Location string `json:"location"`
	Insecure bool   `json:"insecure"`
}

// CRIOImageLookup is how containers/image resolves one image: the registry
// entry that matches it and where it pulls from, in order.
type CRIOImageLookup struct {
	Prefix      string       `json:"prefix"`
	PullSources []PullSource `json:"pull_sources"`
}

// CheckCRIO runs crio-checker with args ([-root DIR [-find IMAGE]...]
// [DROPIN]...) and returns its report; refused is true when it exited 1
// (CRI-O or containers/image refused the input).
func CheckCRIO(t testing.TB, args ...string) (r CRIOReport, refused bool) {
	t.Helper()
	bin := harness.Tool(t, crioChecker)
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
