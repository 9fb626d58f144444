package kubenode

import (
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
)

// DefaultKubernetes is the newest Kubernetes release kubenode supports, the
// version a Node without one is written for.
const DefaultKubernetes = "1.37"

// pauseVersions is the pause image tag kubeadm pins, by Kubernetes minor
// release (kubeadm's constants.PauseVersion: read from the v1.33.0 to
// v1.37.2 sources, and from kubeadm's image lists for 1.24 to 1.32).
var pauseVersions = map[runtime.Version]string{
	runtime.NewVersion(1, 24): "3.7",
	runtime.NewVersion(1, 25): "3.8",
	runtime.NewVersion(1, 26): "3.9",
	runtime.NewVersion(1, 27): "3.9",
	runtime.NewVersion(1, 28): "3.9",
	runtime.NewVersion(1, 29): "3.9",
	runtime.NewVersion(1, 30): "3.9",
	runtime.NewVersion(1, 31): "3.10",
	runtime.NewVersion(1, 32): "3.10",
	runtime.NewVersion(1, 33): "3.10",
	runtime.NewVersion(1, 34): "3.10.1",
	runtime.NewVersion(1, 35): "3.10.1",
	runtime.NewVersion(1, 36): "3.10.2",
	runtime.NewVersion(1, 37): "3.10.2",
}

// pauseImages are the pause images of pauseVersions, built once: every
// plan of a node without its own pause image asks for one.
var pauseImages = func() map[runtime.Version]string {
	m := make(map[runtime.Version]string, len(pauseVersions))
	for v, tag := range pauseVersions {
		m[v] = "registry.k8s.io/pause:" + tag
	}
	return m
}()

// DefaultPauseImage returns the pause image kubeadm pins for a Kubernetes
// release, such as registry.k8s.io/pause:3.10.2 for 1.37, and false for a
// release kubenode does not know.
func DefaultPauseImage(kubernetes runtime.Version) (string, bool) {
	image, ok := pauseImages[kubernetes.MinorOf()]
	return image, ok
}

// defaultRuntimeVersion is the release a Node without RuntimeVersion is
// written for.
func defaultRuntimeVersion(r Runtime, kube runtime.Version) string {
	switch r {
	case Docker:
		return docker.DefaultVersion.String()
	case CRIO:
		return crio.ReleaseFor(kube).String()
	default:
		if rec := containerd.Recommended(kube); len(rec) > 0 {
			return rec[0].String()
		}
		return containerd.DefaultVersion.String()
	}
}

// withDefaults returns a copy of n with every empty field given its
// default. Fields that do not parse stay as they are, for Validate to
// report.
func (n *Node) withDefaults() Node {
	d := *n
	if d.Kubernetes == "" {
		d.Kubernetes = DefaultKubernetes
	}
	if d.Runtime == "" {
		d.Runtime = Containerd
	}
	if d.CgroupDriver == "" {
		d.CgroupDriver = runtime.CgroupSystemd
	}
	kube, err := runtime.ParseVersion(d.Kubernetes)
	if err != nil {
		return d
	}
	if d.RuntimeVersion == "" {
		d.RuntimeVersion = defaultRuntimeVersion(d.Runtime, kube)
	}
	if d.Runtime == Docker && d.CRIDockerdVersion == "" {
		d.CRIDockerdVersion = cridockerd.DefaultVersion.String()
	}
	if d.PauseImage == "" {
		d.PauseImage, _ = DefaultPauseImage(kube)
	}
	return d
}
