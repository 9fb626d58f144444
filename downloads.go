package kubenode

import (
	"maps"
	"slices"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/containerd/release"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Downloads adds the upstream release binaries of the runtime and the
// kubelet to a node's plan, so Apply (or a rendered script) installs them
// with the configuration: containerd, runc and the CNI plugins, or Docker's
// static binaries and cri-dockerd; the kubelet and crictl. CRI-O ships as a
// whole tree of binaries, configs and units, so a CRI-O node gets only the
// kubelet and crictl: install CRI-O from its packages. Every release file
// needs a full version (Kubernetes 1.35.2, not 1.35).
type Downloads struct {
	// Arch is amd64 or arm64. Default amd64.
	Arch string
	// Mirror, when set, replaces each project's download base URL with one
	// mirror that serves every file at its upstream path.
	Mirror string
	// SHA256 pins release files by name ("docker-28.5.2.tgz": "ab12...").
	// A pin always wins over a project's checksum file, and is required for
	// Docker's static archive and cri-dockerd's, which have none. A pin
	// must name a file the node downloads: a mistyped name is refused, not
	// ignored.
	SHA256 map[string]string
}

// downloadInstallers returns installers that hold only the node's release
// artifacts, reporting each problem at the Node field it comes from.
func (d *Node) downloadInstallers() ([]runtime.Installer, field.ErrorList) {
	if d.Downloads == nil {
		return nil, nil
	}
	dl := d.Downloads
	arch := dl.Arch
	if arch == "" {
		arch = "amd64"
	}
	dp := field.NewPath("downloads")
	paths := upstream.Paths{Arch: dp.Child("arch"), Mirror: dp.Child("mirror"), SHA256: dp.Child("sha256")}
	var opts []upstream.Option
	if dl.Mirror != "" {
		opts = append(opts, upstream.WithMirror(dl.Mirror))
	}
	for _, file := range slices.Sorted(maps.Keys(dl.SHA256)) {
		opts = append(opts, upstream.WithSHA256(file, dl.SHA256[file]))
	}
	type source struct {
		name    string
		version *field.Path
		arts    func(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error)
		v       string
	}
	var sources []source
	switch d.Runtime {
	case Containerd:
		sources = append(sources, source{"containerd", field.NewPath("runtimeVersion"), release.Artifacts, d.RuntimeVersion})
	case Docker:
		sources = append(sources,
			source{"docker", field.NewPath("runtimeVersion"), docker.Artifacts, d.RuntimeVersion},
			source{"cri-dockerd", field.NewPath("criDockerdVersion"), cridockerd.Artifacts, d.CRIDockerdVersion})
	}
	sources = append(sources, source{"kubelet", field.NewPath("kubernetes"), kubelet.Artifacts, d.Kubernetes})

	var installers []runtime.Installer
	var errs field.ErrorList
	var all []runtime.Artifact
	for _, s := range sources {
		at := paths
		at.Version = s.version
		arts, err := s.arts(s.v, arch, append(opts, upstream.WithPaths(at))...)
		if err != nil {
			errs = append(errs, componentErrors(s.name, err)...)
			continue
		}
		all = append(all, arts...)
		in, err := runtime.NewArtifactInstaller(s.name+" binaries", arts...)
		if err != nil {
			errs = append(errs, componentErrors(s.name, err)...)
			continue
		}
		installers = append(installers, in)
	}
	if len(errs) == 0 {
		// Only now are all the files known that a pin may name: a pin
		// naming none of them is a mistake, never a no-op.
		errs = upstream.UnusedPins(all, append(opts, upstream.WithPaths(paths))...)
	}
	return installers, errs
}

// checkDownloads refuses binary paths that would differ from where the
// downloaded binaries are installed: the units must start what is
// installed.
func (d *Node) checkDownloads() field.ErrorList {
	if d.Downloads == nil {
		return nil
	}
	var errs field.ErrorList
	bp := binariesPath
	for _, b := range []struct {
		key, set, installed string
	}{
		{"containerd", d.Binaries.Containerd, containerd.DefaultBinaryPath},
		{"dockerd", d.Binaries.Dockerd, docker.DefaultBinary},
		{"criDockerd", d.Binaries.CRIDockerd, cridockerd.DefaultBinary},
		{"kubelet", d.Binaries.Kubelet, kubelet.DefaultBinaryPath},
	} {
		if b.set != "" && b.set != b.installed {
			errs = append(errs, field.Forbidden(bp.Child(b.key), b.set, "downloaded binaries are installed at "+b.installed))
		}
	}
	return errs
}
