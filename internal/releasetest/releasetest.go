// Package releasetest helps the tests of release artifacts, the
// components' and runtime/apply's and the end-to-end ones: golden files of
// the URLs and member maps, archives packed the way the projects pack
// theirs, a mirror on 127.0.0.1 that serves them, and an install of them
// into a temporary root.
package releasetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Artifacts is a component's artifact builder, such as
// containerd.Artifacts.
type Artifacts func(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error)

// Pin is a well-formed SHA-256 digest of nothing in particular, for the
// releases whose upstream publishes no checksum file.
const Pin = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// Pinned is artifacts with the release file archive(version, arch) pinned
// to Pin, for a component whose Artifacts refuses an unpinned release.
func Pinned(artifacts Artifacts, archive func(version, arch string) string) Artifacts {
	return func(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error) {
		return artifacts(version, arch, append(opts, upstream.WithSHA256(archive(version, arch), Pin))...)
	}
}

// Golden pins, in the txtar file at path, the plan summary (URLs, checksum
// URLs, member maps) of every version on both architectures, one section
// "<version>-<arch>" each.
func Golden(t *testing.T, path string, update bool, versions []string, artifacts Artifacts) {
	t.Helper()
	var a txtar.Archive
	for _, v := range versions {
		for _, arch := range runtime.Archs {
			arts, err := artifacts(v, arch)
			require.NoError(t, err, "%s %s", v, arch)
			b, err := (&runtime.Plan{Artifacts: arts}).Txtar()
			require.NoError(t, err)
			a.Files = append(a.Files, txtar.File{Name: v + "-" + arch, Data: []byte(runtime.TxtarFiles(b)[runtime.SummaryName])})
		}
	}
	plantest.GoldenBytes(t, path, txtar.Format(&a), update)
}

// Refusal is a release a component's Artifacts must refuse, with the
// problem it must report.
type Refusal struct {
	Name, Version, Arch string
	Opts                []upstream.Option
	Sentinel            error
	Path                string
}

// RequireRefusals runs artifacts on each refusal, a subtest each, and
// requires its problem (by sentinel and path).
func RequireRefusals(t *testing.T, artifacts Artifacts, refusals ...Refusal) {
	t.Helper()
	for _, r := range refusals {
		t.Run(r.Name, func(t *testing.T) {
			_, err := artifacts(r.Version, r.Arch, r.Opts...)
			fieldtest.RequireProblem(t, err, r.Sentinel, r.Path)
		})
	}
}

// Install applies artifacts under a fresh root and requires each file of
// want (node path: content) there; it returns the root for more checks.
func Install(t *testing.T, artifacts []runtime.Artifact, want map[string]string) string {
	t.Helper()
	root := t.TempDir()
	_, err := apply.Apply(context.Background(), &runtime.Plan{Artifacts: artifacts}, apply.Options{Root: root})
	require.NoError(t, err)
	for path, content := range want {
		got, err := os.ReadFile(filepath.Join(root, path))
		require.NoError(t, err, path)
		assert.Equal(t, content, string(got), path)
	}
	return root
}
