package crictl

import (
	"bytes"
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Path is where crictl reads its configuration.
const Path = "/etc/crictl.yaml"

// Config is crictl.yaml, the configuration of cri-tools' crictl.
type Config struct {
	// RuntimeEndpoint is runtime-endpoint: the CRI socket as a unix:// URL,
	// e.g. unix:///run/containerd/containerd.sock.
	RuntimeEndpoint string `json:"runtime-endpoint,omitempty"`
	// ImageEndpoint is image-endpoint; crictl uses RuntimeEndpoint when empty.
	ImageEndpoint string `json:"image-endpoint,omitempty"`
	// Timeout is timeout, in seconds, for connecting and for each request;
	// crictl's default is 2 when 0.
	Timeout int `json:"timeout,omitempty"`
	// Debug is debug: crictl prints its requests.
	Debug bool `json:"debug,omitempty"`
	// PullImageOnCreate is pull-image-on-create: crictl create pulls the
	// image first.
	PullImageOnCreate bool `json:"pull-image-on-create,omitempty"`
	// DisablePullOnRun is disable-pull-on-run: crictl run does not pull.
	DisablePullOnRun bool `json:"disable-pull-on-run,omitempty"`
}

// New returns crictl.yaml for one CRI endpoint, used for both
// the runtime and the image service, with a 10 second timeout (crictl's 2
// seconds is too short for a busy node's first pull).
func New(endpoint string) (*Config, error) {
	c := &Config{RuntimeEndpoint: endpoint, ImageEndpoint: endpoint, Timeout: 10}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// The keys' paths, built once: every runtime installer validates
// crictl.yaml, and a Path never changes.
var (
	runtimeEndpointPath = field.NewPath("runtime-endpoint")
	imageEndpointPath   = field.NewPath("image-endpoint")
	timeoutPath         = field.NewPath("timeout")
)

// Validate checks both endpoints and the timeout.
func (c *Config) Validate() error {
	var errs field.ErrorList
	errs = append(errs, runtime.ValidateCRIEndpoint(runtimeEndpointPath, c.RuntimeEndpoint, true)...)
	// The image endpoint is most often the runtime's: a value the runtime
	// endpoint passed with is valid here too (only an empty one is judged
	// differently, and it is not empty). Any other is checked in full.
	if c.ImageEndpoint != c.RuntimeEndpoint || c.ImageEndpoint == "" || len(errs) > 0 {
		errs = append(errs, runtime.ValidateCRIEndpoint(imageEndpointPath, c.ImageEndpoint, false)...)
	}
	if c.Timeout < 0 {
		errs = append(errs, field.Invalid(timeoutPath, c.Timeout, "must not be negative"))
	}
	return errs.Err()
}

// Render validates and encodes crictl.yaml, keys sorted (see yamlenc.Marshal).
func (c *Config) Render() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return yamlenc.Marshal(c)
}

// PlanFile renders crictl.yaml as a plan file at /etc/crictl.yaml.
func (c *Config) PlanFile() (runtime.File, error) {
	b, err := c.Render()
	if err != nil {
		return runtime.File{}, err
	}
	return runtime.File{Path: Path, Mode: 0o644, Content: b}, nil
}

// Parse reads crictl.yaml strictly: an unknown key is an error
// naming it, since crictl would ignore it silently.
func Parse(data []byte) (*Config, error) {
	var c Config
	if len(bytes.TrimSpace(data)) == 0 {
		return &c, nil
	}
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("crictl.yaml: %w", err)
	}
	return &c, nil
}
