package upstream_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/upstream"
)

func TestReleaseArtifact(t *testing.T) {
	r := upstream.Release{
		Name: "containerd", Base: upstream.GitHubBase,
		Path:         "containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz",
		ChecksumPath: "containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz.sha256sum",
		Format:       runtime.ArchiveTarGz,
		Members:      upstream.Binaries("/usr/local/bin", []string{"bin/containerd"}, map[string][]string{"bin/containerd": {"containerd.service"}}),
	}
	a, err := r.Artifact()
	require.NoError(t, err)
	assert.Equal(t, "https://github.com/containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz", a.URL)
	assert.Equal(t, a.URL+".sha256sum", a.ChecksumURL)
	assert.Equal(t, "containerd-2.2.9-linux-amd64.tar.gz", a.FileName())
	assert.Equal(t, []runtime.Member{{Name: "bin/containerd", Path: "/usr/local/bin/containerd", Mode: 0o755, RestartUnits: []string{"containerd.service"}}}, a.Members)

	a, err = r.Artifact(upstream.WithMirror("https://mirror.example.com/github/"), upstream.WithSHA256("other.tgz", plansample.DigestB))
	require.NoError(t, err)
	assert.Equal(t, "https://mirror.example.com/github/containerd/containerd/releases/download/v2.2.9/containerd-2.2.9-linux-amd64.tar.gz", a.URL)
	assert.Equal(t, a.URL+".sha256sum", a.ChecksumURL, "the checksum file comes from the mirror too")
	assert.Empty(t, a.SHA256, "a pin for another file is ignored")

	a, err = r.Artifact(upstream.WithSHA256("containerd-2.2.9-linux-amd64.tar.gz", plansample.DigestA))
	require.NoError(t, err)
	assert.Equal(t, plansample.DigestA, a.SHA256)
	assert.Empty(t, a.ChecksumURL, "a pinned digest wins")

	_, err = r.Artifact(upstream.WithMirror("mirror.example.com"), upstream.WithSHA256("x.tgz", "nope"))
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "releaseMirror")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, `sha256."x.tgz"`)

	r.ChecksumPath = ""
	_, err = r.Artifact()
	fieldtest.RequireProblem(t, err, field.ErrRequired, `sha256."containerd-2.2.9-linux-amd64.tar.gz"`)
}

func TestReleaseVersionAndArch(t *testing.T) {
	_, errs := upstream.ParseVersion(field.NewPath("version"), "1.7")
	fieldtest.RequireProblem(t, errs.Err(), field.ErrInvalid, "version")
	_, errs = upstream.ParseVersion(field.NewPath("version"), "2.0.0-rc.1")
	fieldtest.RequireProblem(t, errs.Err(), field.ErrInvalid, "version")
	v, errs := upstream.ParseVersion(field.NewPath("version"), "v1.7.22")
	require.Empty(t, errs)
	assert.Equal(t, "1.7.22", v.String())
	fieldtest.RequireProblem(t, runtime.ValidateArch(field.NewPath("arch"), "x86_64").Err(), field.ErrNotSupported, "arch")
	assert.Empty(t, runtime.ValidateArch(field.NewPath("arch"), "arm64"))
}

// A caller that gathered the version, mirror and pins from fields of its
// own gets every problem at those fields, with nothing rewritten.
func TestWithPathsReportsAtTheCallersFields(t *testing.T) {
	dl := field.NewPath("downloads")
	at := upstream.Paths{Version: field.NewPath("kubernetes"), Arch: dl.Child("arch"), Mirror: dl.Child("mirror"), SHA256: dl.Child("sha256")}
	opts := []upstream.Option{upstream.WithMirror("ftp://x"), upstream.WithSHA256("x.tgz", "nope"), upstream.WithPaths(at)}
	r := upstream.Release{Name: "runc", Base: upstream.GitHubBase, Path: "runc.amd64", Format: runtime.ArchiveBinary,
		Members: []runtime.Member{{Path: "/usr/local/sbin/runc", Mode: 0o755}}}
	_, err := r.Artifact(opts...)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "downloads.mirror"),
		fieldtest.Match(field.ErrInvalid, `downloads.sha256."x.tgz"`).Value("nope"))

	p := upstream.PathsFor("runc", opts...)
	assert.Equal(t, "kubernetes", p.Version.String())
	p = upstream.PathsFor("runc")
	assert.Equal(t, "runc.version", p.Version.String())
	assert.Equal(t, "runc.arch", p.Arch.String())
}

// A pin is refused when it names none of the artifacts' files, whatever
// the artifacts, at the caller's path; pins that name one pass.
func TestUnusedPins(t *testing.T) {
	arts := []runtime.Artifact{
		{Name: "kubelet", URL: "https://dl.k8s.io/release/v1.35.2/bin/linux/amd64/kubelet"},
		{Name: "runc", URL: "https://github.com/opencontainers/runc/releases/download/v1.3.6/runc.amd64"},
	}
	assert.Empty(t, upstream.UnusedPins(arts, upstream.WithSHA256("kubelet", plansample.DigestA), upstream.WithSHA256("runc.amd64", plansample.DigestB)))
	assert.Empty(t, upstream.UnusedPins(arts))

	errs := upstream.UnusedPins(arts, upstream.WithSHA256("kubelett", plansample.DigestA), upstream.WithSHA256("runc.amd64", plansample.DigestB))
	fieldtest.RequireExactly(t, errs.Err(), fieldtest.Match(field.ErrNotSupported, `sha256.kubelett`).Value("kubelett"))

	at := upstream.Paths{SHA256: field.NewPath("downloads", "sha256")}
	errs = upstream.UnusedPins(nil, upstream.WithSHA256("kubelet", plansample.DigestA), upstream.WithPaths(at))
	fieldtest.RequireExactly(t, errs.Err(), fieldtest.Match(field.ErrNotSupported, `downloads.sha256.kubelet`))
}
