package runtime_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

func TestArtifactValidate(t *testing.T) {
	p := field.NewPath("artifacts").Index(0)
	require.Empty(t, plansample.TarArtifact().Validate(p))
	require.Empty(t, plansample.BinaryArtifact().Validate(p))
	tests := []struct {
		name     string
		binary   bool
		mutate   func(*runtime.Artifact)
		sentinel error
		path     string
	}{
		{"no name", false, func(a *runtime.Artifact) { a.Name = "" }, field.ErrRequired, "artifacts[0].name"},
		{"bad name", false, func(a *runtime.Artifact) { a.Name = "Containerd 2" }, field.ErrInvalid, "artifacts[0].name"},
		{"no url", false, func(a *runtime.Artifact) { a.URL = "" }, field.ErrRequired, "artifacts[0].url"},
		{"ftp url", false, func(a *runtime.Artifact) { a.URL = "ftp://example.com/x.tar.gz" }, field.ErrNotSupported, "artifacts[0].url"},
		{"relative url", false, func(a *runtime.Artifact) { a.URL = "/x.tar.gz" }, field.ErrNotSupported, "artifacts[0].url"},
		{"url with credentials", false, func(a *runtime.Artifact) { a.URL = "https://user:pw@example.com/x.tar.gz" }, field.ErrForbidden, "artifacts[0].url"},
		{"url with space", false, func(a *runtime.Artifact) { a.URL = "https://example.com/x y.tar.gz" }, field.ErrInvalid, "artifacts[0].url"},
		{"url with newline", false, func(a *runtime.Artifact) { a.URL = "https://example.com/x\n.tar.gz" }, field.ErrInvalid, "artifacts[0].url"},
		{"url naming a directory", false, func(a *runtime.Artifact) { a.URL = "https://example.com/releases/" }, field.ErrInvalid, "artifacts[0].url"},
		{"url with fragment", false, func(a *runtime.Artifact) { a.URL = "https://example.com/x.tar.gz#y" }, field.ErrInvalid, "artifacts[0].url"},
		{"nothing to verify with", false, func(a *runtime.Artifact) { a.ChecksumURL = "" }, field.ErrRequired, "artifacts[0].sha256"},
		{"bad checksum url", false, func(a *runtime.Artifact) { a.ChecksumURL = "file:///etc/sum" }, field.ErrNotSupported, "artifacts[0].checksumURL"},
		{"short digest", true, func(a *runtime.Artifact) { a.SHA256 = "abc" }, field.ErrInvalid, "artifacts[0].sha256"},
		{"uppercase digest", true, func(a *runtime.Artifact) { a.SHA256 = "A" + plansample.DigestA[1:] }, field.ErrInvalid, "artifacts[0].sha256"},
		{"unknown format", false, func(a *runtime.Artifact) { a.Format = "zip" }, field.ErrNotSupported, "artifacts[0].format"},
		{"no members", false, func(a *runtime.Artifact) { a.Members = nil }, field.ErrRequired, "artifacts[0].members"},
		{"binary with two members", true, func(a *runtime.Artifact) {
			a.Members = append(a.Members, runtime.Member{Path: "/usr/bin/runc", Mode: 0o755})
		}, field.ErrInvalid, "artifacts[0].members"},
		{"binary with a member name", true, func(a *runtime.Artifact) { a.Members[0].Name = "runc" }, field.ErrInvalid, "artifacts[0].members[0].name"},
		{"member without name", false, func(a *runtime.Artifact) { a.Members[0].Name = "" }, field.ErrRequired, "artifacts[0].members[0].name"},
		{"absolute member", false, func(a *runtime.Artifact) { a.Members[0].Name = "/bin/containerd" }, field.ErrInvalid, "artifacts[0].members[0].name"},
		{"member climbing out", false, func(a *runtime.Artifact) { a.Members[0].Name = "../../etc/passwd" }, field.ErrInvalid, "artifacts[0].members[0].name"},
		{"member like an option", false, func(a *runtime.Artifact) { a.Members[0].Name = "--to-command=sh" }, field.ErrInvalid, "artifacts[0].members[0].name"},
		{"directory member", false, func(a *runtime.Artifact) { a.Members[0].Name = "bin/" }, field.ErrInvalid, "artifacts[0].members[0].name"},
		{"duplicate member", false, func(a *runtime.Artifact) { a.Members[1].Name = "bin/containerd" }, field.ErrDuplicate, "artifacts[0].members[1].name"},
		{"relative node path", false, func(a *runtime.Artifact) { a.Members[0].Path = "usr/bin/containerd" }, field.ErrInvalid, "artifacts[0].members[0].path"},
		{"duplicate node path", false, func(a *runtime.Artifact) { a.Members[1].Path = "/usr/local/bin/containerd" }, field.ErrDuplicate, "artifacts[0].members[1].path"},
		{"setuid", false, func(a *runtime.Artifact) { a.Members[0].Mode = 0o4755 | 1<<23 }, field.ErrInvalid, "artifacts[0].members[0].mode"},
		{"group writable", false, func(a *runtime.Artifact) { a.Members[0].Mode = 0o775 }, field.ErrForbidden, "artifacts[0].members[0].mode"},
		{"bad restart unit", false, func(a *runtime.Artifact) { a.Members[0].RestartUnits = []string{"containerd"} }, field.ErrInvalid, "artifacts[0].members[0].restartUnits[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := plansample.TarArtifact()
			if tt.binary {
				a = plansample.BinaryArtifact()
			}
			tt.mutate(&a)
			fieldtest.RequireProblem(t, a.Validate(p).Err(), tt.sentinel, tt.path)
		})
	}
}

func TestArtifactValidateCollectsEveryProblem(t *testing.T) {
	a := plansample.TarArtifact()
	a.Name = ""
	a.URL = "ftp://x/y"
	a.Members[0].Name = "../x"
	a.Members[1].Mode = 0o777
	assert.Len(t, a.Validate(field.NewPath("a")), 4)
}

func TestPlanValidateArtifacts(t *testing.T) {
	p := &runtime.Plan{Files: []runtime.File{{Path: "/usr/local/sbin/runc", Mode: 0o755}}, Artifacts: []runtime.Artifact{plansample.TarArtifact(), plansample.BinaryArtifact()}}
	fieldtest.RequireProblem(t, p.Validate(), field.ErrDuplicate, "artifacts[1].members[0].path")
	p.Files = nil
	require.NoError(t, p.Validate())
	p.Artifacts[1].Members[0].Path = "/usr/local/bin/ctr"
	fieldtest.RequireProblem(t, p.Validate(), field.ErrDuplicate, "artifacts[1].members[0].path")
	p.Artifacts[0].URL = ""
	fieldtest.RequireProblem(t, p.Validate(), field.ErrRequired, "artifacts[0].url")
}

func TestComposeArtifacts(t *testing.T) {
	containerd, err := runtime.NewArtifactInstaller("containerd binaries", plansample.TarArtifact(), plansample.BinaryArtifact())
	require.NoError(t, err)
	// The same runc again, asked for by another installer with another
	// unit to restart: installed once, restarting both.
	runc := plansample.BinaryArtifact()
	runc.Members[0].RestartUnits = []string{"docker.service"}
	docker, err := runtime.NewArtifactInstaller("docker binaries", runc)
	require.NoError(t, err)
	files := fakeInstaller{name: "containerd", plan: &runtime.Plan{Files: []runtime.File{{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("a\n")}}}}
	got, err := runtime.Compose(context.Background(), files, containerd, docker)
	require.NoError(t, err)
	require.Len(t, got.Artifacts, 2)
	assert.Equal(t, []string{"docker.service"}, got.Artifacts[1].Members[0].RestartUnits)
	assert.Len(t, got.Files, 1)

	// Another runc at the same path: a conflict naming both installers.
	other := plansample.BinaryArtifact()
	other.URL = "https://mirror.example.com/runc.amd64"
	rival, err := runtime.NewArtifactInstaller("rival", other)
	require.NoError(t, err)
	_, err = runtime.Compose(context.Background(), containerd, rival)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, `artifacts.runc.members."/usr/local/sbin/runc"`).
		Value([]string{"containerd binaries", "rival"}))

	// A file where a binary goes, either way round.
	clash := fakeInstaller{name: "clash", plan: &runtime.Plan{Files: []runtime.File{{Path: "/usr/local/bin/ctr", Mode: 0o755, Content: []byte("#!/bin/sh\n")}}}}
	_, err = runtime.Compose(context.Background(), containerd, clash)
	fieldtest.Require(t, err, fieldtest.Match(field.ErrConflict, `files."/usr/local/bin/ctr"`).Value([]string{"containerd binaries", "clash"}))
	_, err = runtime.Compose(context.Background(), clash, containerd)
	fieldtest.Require(t, err, fieldtest.Match(field.ErrConflict, `artifacts.containerd.members."/usr/local/bin/ctr"`).Value([]string{"clash", "containerd binaries"}))

	_, err = runtime.NewArtifactInstaller("bad", runtime.Artifact{Name: "x"})
	fieldtest.RequireProblem(t, err, field.ErrRequired, "artifacts[0].sha256")
}

func TestTxtarShowsArtifacts(t *testing.T) {
	p := &runtime.Plan{Artifacts: []runtime.Artifact{plansample.TarArtifact(), plansample.BinaryArtifact()}}
	b, err := p.Txtar()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/artifacts-plan.txtar", b, *update)
}
