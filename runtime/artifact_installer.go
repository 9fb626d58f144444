package runtime

import (
	"context"
	"slices"

	"github.com/kubenode/kubenode/runtime/field"
)

// ArtifactInstaller is an [Installer] whose plan holds release artifacts
// only, so a component's binaries compose ([Compose]) with the installers
// of its files, and two sources for one binary are refused.
type ArtifactInstaller struct {
	name      string
	artifacts []Artifact
}

var _ Installer = (*ArtifactInstaller)(nil)

// NewArtifactInstaller returns an installer named name ("containerd
// binaries") planning the artifacts, which it validates.
func NewArtifactInstaller(name string, artifacts ...Artifact) (*ArtifactInstaller, error) {
	p := &Plan{Artifacts: artifacts}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, field.ErrorList{field.Required(field.NewPath("name"), "an installer name for errors")}.Err()
	}
	return &ArtifactInstaller{name: name, artifacts: cloneArtifacts(artifacts)}, nil
}

// Name implements Installer.
func (in *ArtifactInstaller) Name() string { return in.name }

// Plan implements Installer: the artifacts, nothing else (copied, except
// for [ComposeInPlace] and [ComposeOwned], which copy the members they
// keep).
func (in *ArtifactInstaller) Plan(ctx context.Context) (*Plan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if readInPlace(ctx) {
		return &Plan{Artifacts: in.artifacts}, nil
	}
	return &Plan{Artifacts: cloneArtifacts(in.artifacts)}, nil
}

// cloneArtifacts copies artifacts deep enough that a plan's user cannot
// change the installer's.
func cloneArtifacts(arts []Artifact) []Artifact {
	out := make([]Artifact, len(arts))
	for i, a := range arts {
		a.Members = slices.Clone(a.Members)
		for j := range a.Members {
			a.Members[j].RestartUnits = slices.Clone(a.Members[j].RestartUnits)
		}
		out[i] = a
	}
	return out
}
