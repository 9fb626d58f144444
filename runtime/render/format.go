package render

import (
	"fmt"
	"slices"

	"github.com/kubenode/kubenode/runtime"
)

// Format is a way to ship a plan to a node.
type Format string

// The formats a plan renders to.
const (
	// FormatDir writes the files under a directory ([WriteDir], or
	// runtime/apply's Apply with Root set to it).
	FormatDir Format = "dir"
	// FormatShell is a POSIX sh script ([Shell]).
	FormatShell Format = "shell"
	// FormatCloudInit is a #cloud-config document ([CloudInit]).
	FormatCloudInit Format = "cloud-init"
	// FormatIgnition is an Ignition v3 config ([Ignition]).
	FormatIgnition Format = "ignition"
	// FormatTar is a tar archive ([WriteTar]).
	FormatTar Format = "tar"
	// FormatCAPI is a Cluster API KubeadmConfigTemplate and its Secret
	// ([CAPI]).
	FormatCAPI Format = "capi"
	// FormatCAPIControlPlane is the kubeadmConfigSpec of a Cluster API
	// KubeadmControlPlane and its Secret ([CAPIControlPlane]).
	FormatCAPIControlPlane Format = "capi-control-plane"
	// FormatKubeadm is a kubeadm JoinConfiguration ([KubeadmJoin]); the
	// node's files then come from [KubeadmPlan].
	FormatKubeadm Format = "kubeadm"
)

// Formats lists every Format.
var Formats = []Format{FormatDir, FormatShell, FormatCloudInit, FormatIgnition, FormatTar, FormatCAPI, FormatCAPIControlPlane, FormatKubeadm}

// ParseFormat reads a format name such as "cloud-init".
func ParseFormat(s string) (Format, error) {
	f := Format(s)
	if !slices.Contains(Formats, f) {
		return "", fmt.Errorf("format %q: want one of %v", s, Formats)
	}
	return f, nil
}

// Set implements flag.Value.
func (f *Format) Set(s string) error {
	p, err := ParseFormat(s)
	if err != nil {
		return err
	}
	*f = p
	return nil
}

// String implements flag.Value.
func (f *Format) String() string {
	if f == nil {
		return ""
	}
	return string(*f)
}

// Render renders the plan as one document in a format other than
// FormatDir, which is a tree and not one document (use [WriteDir]).
func Render(p *runtime.Plan, f Format, opts ...Option) ([]byte, error) {
	switch f {
	case FormatShell:
		return Shell(p, opts...)
	case FormatCloudInit:
		return CloudInit(p, opts...)
	case FormatIgnition:
		return Ignition(p, opts...)
	case FormatTar:
		return Tar(p, opts...)
	case FormatCAPI:
		return CAPI(p, opts...)
	case FormatCAPIControlPlane:
		return CAPIControlPlane(p, opts...)
	case FormatKubeadm:
		return KubeadmJoin(p, opts...)
	case FormatDir:
		return nil, fmt.Errorf("format %s is a directory tree: use WriteDir or Apply", f)
	}
	return nil, fmt.Errorf("format %q: want one of %v", string(f), Formats)
}
