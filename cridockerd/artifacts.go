package cridockerd

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Artifacts returns cri-dockerd's release archive for a full version
// (0.4.0, not 0.4) and architecture: cri-dockerd-<version>.<arch>.tgz from
// GitHub, whose one entry cri-dockerd/cri-dockerd (packaging/static/Makefile
// packs `tar -C build/<os> cri-dockerd`) is installed at DefaultBinary; a
// change restarts cri-docker.service.
//
// The project publishes no checksum file (its release workflow uploads the
// archives alone), and kubenode never installs content it cannot verify:
// pin the archive's SHA-256 with upstream.WithSHA256(
// "cri-dockerd-<version>.<arch>.tgz", digest), or Artifacts fails with
// field.ErrRequired.
func Artifacts(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error) {
	v, err := upstream.Check("cri-dockerd", version, arch, ValidateVersion, opts...)
	if err != nil {
		return nil, err
	}
	a, err := upstream.Release{
		Name:    "cri-dockerd",
		Base:    upstream.GitHubBase,
		Path:    fmt.Sprintf("Mirantis/cri-dockerd/releases/download/v%s/cri-dockerd-%s.%s.tgz", v, v, arch),
		Format:  runtime.ArchiveTarGz,
		Members: []runtime.Member{{Name: "cri-dockerd/cri-dockerd", Path: DefaultBinary, Mode: 0o755, RestartUnits: []string{ServiceName}}},
	}.Artifact(opts...)
	if err != nil {
		return nil, err
	}
	return []runtime.Artifact{a}, nil
}
