package docker

import (
	"fmt"
	"path"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// staticArch is how download.docker.com names an architecture's directory.
var staticArch = map[string]string{"amd64": "x86_64", "arm64": "aarch64"}

// staticBinaries are the entries of docker-<version>.tgz that Artifacts
// installs: the engine (dockerd, docker-init, docker-proxy), the CLI, and
// the containerd, shim, ctr and runc it bundles, each under docker/. Every
// 20.10 to 29.x archive holds them (20.10 also ships the v1
// containerd-shim, which dockerd no longer uses; it is left out).
var staticBinaries = []string{"dockerd", "docker", "docker-init", "docker-proxy", "containerd", "containerd-shim-runc-v2", "ctr", "runc"}

// Artifacts returns Docker Engine's static binaries for a full version
// (28.5.2, not 28.5) and architecture: docker-<version>.tgz from
// download.docker.com/linux/static/stable/<x86_64|aarch64>/, every entry
// under docker/ installed in /usr/bin (the directory of DefaultBinary). A
// changed dockerd or containerd restarts docker.service. Docker publishes
// no checksum file, so the archive's SHA-256 must be pinned with
// upstream.WithSHA256("docker-<version>.tgz", digest), or Artifacts fails
// with field.ErrRequired. See the package's "Release artifacts" section.
func Artifacts(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error) {
	v, err := upstream.Check("docker", version, arch, ValidateVersion, opts...)
	if err != nil {
		return nil, err
	}
	entries := make([]string, len(staticBinaries))
	for i, b := range staticBinaries {
		entries[i] = "docker/" + b
	}
	a, err := upstream.Release{
		Name:   "docker",
		Base:   upstream.DockerDownloadBase,
		Path:   fmt.Sprintf("linux/static/stable/%s/docker-%s.tgz", staticArch[arch], v),
		Format: runtime.ArchiveTarGz,
		Members: upstream.Binaries(path.Dir(DefaultBinary), entries, map[string][]string{
			"docker/dockerd":    {ServiceName},
			"docker/containerd": {ServiceName},
		}),
	}.Artifact(opts...)
	if err != nil {
		return nil, err
	}
	return []runtime.Artifact{a}, nil
}
