package crio_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// packagedRegistries is the registries.conf the upstream CRI-O packages
// (cri-o/packaging, bundle/registries.conf) install, as a drop-in:
// /etc/containers/registries.conf.d/registries.conf.
const (
	packagedRegistries     = "unqualified-search-registries = [\"docker.io\"]\n"
	packagedRegistriesPath = "etc/containers/registries.conf.d/registries.conf"
)

func TestRegistriesMirrorFoundByContainersImage(t *testing.T) {
	cfg, err := crio.New(crio.WithVersion(target))
	require.NoError(t, err)
	mirrors := []runtime.Mirror{
		{Registry: "docker.io", URL: "https://mirror.example/dockerhub/"},
		{Registry: "docker.io", URL: "http://10.0.0.1:5000"},
		{Registry: "registry.k8s.io", URL: "https://k8s-mirror.example"},
	}
	in, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(target), crio.WithMirrors(mirrors))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	require.NotNil(t, plan.File(in.RegistriesPath()))
	root := writePlan(t, plan)
	writeAt(t, filepath.Join(root, packagedRegistriesPath), packagedRegistries)

	r, refused := realcheck.CheckCRIO(t, "-root", root,
		"-find", "docker.io/library/busybox:1.36",
		"-find", "registry.k8s.io/pause:3.10.1",
		"-find", "quay.io/coreos/etcd:v3.5.0")
	require.False(t, refused, r.Error)
	got := r.Registries
	assert.Equal(t, []string{"docker.io"}, got.UnqualifiedSearchRegistries, "the packaged search list stays")
	assert.Equal(t, []realcheck.PullSource{
		{Location: "mirror.example/dockerhub/library/busybox:1.36"},
		{Location: "10.0.0.1:5000/library/busybox:1.36", Insecure: true},
		{Location: "docker.io/library/busybox:1.36"},
	}, got.Find["docker.io/library/busybox:1.36"].PullSources, "mirrors first, in order, then the registry")
	assert.Equal(t, "docker.io", got.Find["docker.io/library/busybox:1.36"].Prefix)
	assert.Equal(t, []realcheck.PullSource{
		{Location: "k8s-mirror.example/pause:3.10.1"},
		{Location: "registry.k8s.io/pause:3.10.1"},
	}, got.Find["registry.k8s.io/pause:3.10.1"].PullSources)
	assert.Empty(t, got.Find["quay.io/coreos/etcd:v3.5.0"].Prefix, "a registry without mirrors has no entry")
}

// TestContainersImageRefusesWhatValidateRefuses writes registries.conf
// drop-ins by hand that RegistriesConfig.Validate refuses and checks that
// containers/image refuses them too (it then fails every pull).
func TestContainersImageRefusesWhatValidateRefuses(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		sentinel error
		path     string
	}{
		{"scheme in location", "[[registry]]\nprefix = \"docker.io\"\nlocation = \"https://docker.io\"\n",
			field.ErrInvalid, "registry[0].location"},
		{"no location", "[[registry]]\nprefix = \"example.com\"\n",
			field.ErrRequired, "registry[0].location"},
		{"mirror without location", "[[registry]]\nlocation = \"docker.io\"\n[[registry.mirror]]\ninsecure = true\n",
			field.ErrRequired, "registry[0].mirror[0].location"},
		{"search registry with a path", "unqualified-search-registries = [\"docker.io/library\"]\n",
			field.ErrInvalid, "unqualified-search-registries[0]"},
		{"conflicting insecure", "[[registry]]\nprefix = \"a.example/x\"\nlocation = \"a.example\"\n" +
			"[[registry]]\nprefix = \"a.example/y\"\nlocation = \"a.example\"\ninsecure = true\n",
			field.ErrConflict, "registry[1].location"},
		{"unknown short-name mode", "short-name-mode = \"strict\"\n",
			field.ErrNotSupported, "short-name-mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := crio.ParseRegistries([]byte(tt.file))
			require.NoError(t, err)
			fieldtest.RequireProblem(t, rc.Validate(), tt.sentinel, tt.path)

			root := t.TempDir()
			writeAt(t, filepath.Join(root, packagedRegistriesPath), packagedRegistries)
			writeAt(t, filepath.Join(root, crio.RegistriesDropInDir, crio.DefaultDropInName), tt.file)
			r, refused := realcheck.CheckCRIO(t, "-root", root)
			assert.True(t, refused, "containers/image accepted it")
			t.Log(r.Error)
		})
	}
}

// TestPackagedSearchListIsReadAfterTheDropIn proves the Installer's
// warning: registries.conf.d is read in lexical order, so the packaged
// registries.conf replaces the search list of 20-kubenode.conf, and a
// drop-in named to sort after it keeps its own.
func TestPackagedSearchListIsReadAfterTheDropIn(t *testing.T) {
	cfg, err := crio.New(crio.WithVersion(target))
	require.NoError(t, err)
	rc := &crio.RegistriesConfig{UnqualifiedSearchRegistries: []string{"quay.io"}}
	for _, tt := range []struct {
		name   string
		search []string
		warned bool
	}{
		{crio.DefaultDropInName, []string{"docker.io"}, true},
		{"zz-kubenode.conf", []string{"quay.io"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := crio.NewInstaller(crio.WithConfig(cfg), crio.WithVersion(target), crio.WithRegistries(rc), crio.WithDropInName(tt.name))
			require.NoError(t, err)
			assert.Equal(t, tt.warned, len(in.Warnings().Filter(field.ErrConflict)) > 0)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			root := writePlan(t, plan)
			writeAt(t, filepath.Join(root, packagedRegistriesPath), packagedRegistries)
			r, refused := realcheck.CheckCRIO(t, "-root", root)
			require.False(t, refused, r.Error)
			assert.Equal(t, tt.search, r.Registries.UnqualifiedSearchRegistries)
		})
	}
}
