package crio_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

const (
	dropIn     = "/etc/crio/crio.conf.d/20-kubenode.conf"
	laterDrop  = "/etc/crio/crio.conf.d/30-site.conf"
	registries = "/etc/containers/registries.conf.d/20-kubenode.conf"
)

var given134 = inspect.Target{Version: v134, Kubernetes: v134, Given: true}

// crioNode is a node as the Installer plans it, with mirrors, plus files.
func crioNode(t *testing.T, files map[string]string) *inspect.Node {
	t.Helper()
	in, err := crio.NewInstaller(crio.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}}))
	require.NoError(t, err)
	m := inspecttest.InstallerFS(t, in)
	for p, data := range files {
		inspecttest.Set(m, p, data)
	}
	return inspect.NewNode(m)
}

func TestInspectCleanNode(t *testing.T) {
	r := crio.Inspect(crioNode(t, nil), given134)
	assert.Empty(t, r.Findings)
	assert.Equal(t, v134, r.Version)
	s := r.Server
	require.NotNil(t, s)
	assert.Equal(t, dropIn, s.Config)
	assert.Equal(t, []inspect.Located{{Value: runtime.CRIOEndpoint}}, s.Endpoints, "listen left to CRI-O")
	assert.Equal(t, inspect.Located{Value: "systemd", File: dropIn, Path: field.NewTOMLPath("crio", "runtime", "cgroup_manager")}, s.CgroupDriver)
	assert.Equal(t, inspect.Located{Value: "registry.k8s.io/pause:3.10.1", File: dropIn, Path: field.NewTOMLPath("crio", "image", "pause_image")}, s.PauseImage)
	assert.True(t, s.ReportsDriver)
	assert.True(t, s.Given)
}

func TestInspectNothingOfCRIO(t *testing.T) {
	r := crio.Inspect(inspect.NewNode(fstest.MapFS{}), given134)
	assert.Equal(t, &inspect.Report{}, r)
}

// TestInspectReadsFilesInOrder: crio.conf, then the drop-ins in lexical
// order, each key of a later file replacing an earlier one's.
func TestInspectReadsFilesInOrder(t *testing.T) {
	r := crio.Inspect(crioNode(t, map[string]string{
		crio.ConfigFile: "[crio.api]\nlisten = '/run/crio/first.sock'\n[crio.image]\npause_image = 'registry.k8s.io/pause:3.9'\n",
		laterDrop:       "[crio.runtime]\ncgroup_manager = 'cgroupfs'\nconmon_cgroup = 'pod'\n",
	}), given134)
	assert.Empty(t, r.Findings)
	s := r.Server
	assert.Equal(t, crio.ConfigFile, s.Config)
	assert.Equal(t, []inspect.Located{{Value: "unix:///run/crio/first.sock", File: crio.ConfigFile, Path: field.NewTOMLPath("crio", "api", "listen")}}, s.Endpoints)
	assert.Equal(t, inspect.Located{Value: "cgroupfs", File: laterDrop, Path: field.NewTOMLPath("crio", "runtime", "cgroup_manager")}, s.CgroupDriver)
	assert.Equal(t, dropIn, s.PauseImage.File, "20-kubenode.conf is read after crio.conf")
}

func TestInspectReportsEachFile(t *testing.T) {
	r := crio.Inspect(crioNode(t, map[string]string{
		laterDrop:                              "[crio.runtime]\nconmon_cgroup = 'conmon'\nno_such_key = 1\n",
		"/etc/crio/crio.conf.d/40-broken.conf": "[crio\n",
		"/etc/crio/crio.conf.d/README":         "not read: no .conf",
		crio.RegistriesFile:                    "[registries.search]\nregistries = ['docker.io']\n",
		registries:                             "[[registry]]\nlocation = 'docker.io'\n[[registry.mirror]]\nlocation = 'https://mirror.example.com'\n",
	}), given134)
	inspecttest.RequireFindings(t, r.Findings,
		inspecttest.Error(laterDrop, field.ErrInvalid, "crio.runtime.conmon_cgroup"),
		inspecttest.Warning(laterDrop, field.ErrUnknown, "crio.runtime.no_such_key"),
		inspecttest.Error("/etc/crio/crio.conf.d/40-broken.conf", field.ErrInvalid, ""),
		inspecttest.Warning(crio.RegistriesFile, field.ErrInvalid, "registries"),
		inspecttest.Error(registries, field.ErrInvalid, "registry[0].mirror[0].location"))
}

func TestInspectAssumesTheReleaseOfKubernetes(t *testing.T) {
	for _, tt := range []struct {
		kube, want string
	}{{"1.31", "1.31"}, {"1.37", "1.34"}, {"1.20", "1.24"}, {"", crio.DefaultVersion.String()}} {
		t.Run(tt.kube, func(t *testing.T) {
			var kube runtime.Version
			if tt.kube != "" {
				kube = runtime.MustParseVersion(tt.kube)
			}
			r := crio.Inspect(crioNode(t, nil), inspect.Target{Kubernetes: kube})
			assert.Equal(t, tt.want, r.Version.String())
			assert.Equal(t, r.Version, r.Server.Version)
			assert.False(t, r.Server.Given)
			inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning(dropIn, field.ErrRequired, ""))
		})
	}
}

func TestInspectReportsDriverFrom128(t *testing.T) {
	for v, want := range map[string]bool{"1.27": false, "1.28": true} {
		r := crio.Inspect(crioNode(t, nil), inspecttest.Given(v))
		assert.Equal(t, want, r.Server.ReportsDriver, v)
	}
}

// TestInspectUnitOnly: crio.service with no configuration is CRI-O at its
// defaults, its problems reported on the unit.
func TestInspectUnitOnly(t *testing.T) {
	const unit = "/usr/lib/systemd/system/crio.service"
	m := fstest.MapFS{unit[1:]: {Data: []byte("[Service]\nExecStart=/usr/bin/crio\n")}}
	r := crio.Inspect(inspect.NewNode(m), inspect.Target{Kubernetes: v134})
	require.NotNil(t, r.Server)
	assert.Equal(t, unit, r.Server.Config)
	assert.Equal(t, inspect.Located{Value: "systemd"}, r.Server.CgroupDriver)
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning(unit, field.ErrRequired, ""))
}

func TestReleaseFor(t *testing.T) {
	v := runtime.MustParseVersion
	assert.Equal(t, v("1.30"), crio.ReleaseFor(v("1.30.4")))
	assert.Equal(t, v("1.24"), crio.ReleaseFor(v("1.22")))
	assert.Equal(t, v("1.34"), crio.ReleaseFor(v("1.37")))
}

func TestCheckKubernetes(t *testing.T) {
	v := runtime.MustParseVersion
	warnings, errs := crio.CheckKubernetes(field.NewPath("runtimeVersion"), v("1.34"), v("1.34.2"))
	assert.Empty(t, warnings)
	assert.Empty(t, errs)
	warnings, errs = crio.CheckKubernetes(field.NewPath("runtimeVersion"), v("1.34"), v("1.33"))
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrInvalid, "runtimeVersion").Value("1.33"))
	assert.Empty(t, errs)
}

func TestValidateVersion(t *testing.T) {
	assert.Empty(t, crio.ValidateVersion(field.NewPath("crio"), runtime.MustParseVersion("1.24.3")))
	fieldtest.RequireExactly(t, crio.ValidateVersion(field.NewPath("crio"), runtime.MustParseVersion("1.99")).Err(),
		fieldtest.Match(field.ErrNotSupported, "crio"))
}
