package cridockerd_test

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/systemd"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestSeedServiceMistakes(t *testing.T) {
	u := parseUnit(t, cridockerd.ServiceName, "testdata/seed-cri-docker.service")
	f, err := cridockerd.ServiceFlags(u)
	require.NoError(t, err)
	assert.Equal(t, &cridockerd.Flags{NetworkPlugin: "cni", PodInfraContainerImage: "registry.aliyuncs.com/google_containers/pause:3.9"}, f)
	_, err = f.Validate(runtime.MustParseVersion("0.3.15"))
	assert.NoError(t, err, "the guide's flags are fine for its cri-dockerd 0.3.15")

	warnings, err := cridockerd.ValidateService(u)
	// Requires=cri-docker.socket, but cri-dockerd binds its default
	// endpoint itself instead of taking systemd's socket.
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "cri-docker.service [Service] ExecStart"))
	fieldtest.RequireExactly(t, warnings.Err(),
		fieldtest.Match(field.ErrDeprecated, "cri-docker.service [Service] StartLimitBurst"),
		fieldtest.Match(field.ErrDeprecated, "cri-docker.service [Service] StartLimitInterval"),
	)
}

func TestSeedSocketIsRight(t *testing.T) {
	u := parseUnit(t, cridockerd.SocketName, "testdata/seed-cri-docker.socket")
	ours, err := cridockerd.Socket()
	require.NoError(t, err)
	assert.Equal(t, u, ours, "Socket builds the guide's cri-docker.socket")
}

func TestSeedCrictlPointsAtOurEndpoint(t *testing.T) {
	c, err := crictl.Parse(readFile(t, "testdata/seed-crictl.yaml"))
	require.NoError(t, err)
	assert.True(t, runtime.SameSocket(c.RuntimeEndpoint, runtime.CRIDockerdEndpoint))
	assert.True(t, runtime.SameSocket(c.ImageEndpoint, runtime.CRIDockerdEndpoint))
}

func TestServiceHasNoMistakes(t *testing.T) {
	f, err := cridockerd.New(cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10"))
	require.NoError(t, err)
	u, err := cridockerd.Service("", *f)
	require.NoError(t, err)
	warnings, err := cridockerd.ValidateService(u)
	assert.NoError(t, err)
	assert.Empty(t, warnings)

	first, err := u.Render()
	require.NoError(t, err)
	back, err := systemd.ParseUnitFile(cridockerd.ServiceName, first)
	require.NoError(t, err)
	second, err := back.Render()
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

func TestServiceRefusesSocketActivationWithoutFd(t *testing.T) {
	_, err := cridockerd.Service("", cridockerd.Flags{ContainerRuntimeEndpoint: runtime.CRIDockerdEndpoint, NetworkPlugin: "cni"})
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "cri-docker.service [Service] ExecStart"))
}

func TestValidateServiceOrdering(t *testing.T) {
	f, err := cridockerd.New()
	require.NoError(t, err)
	u, err := cridockerd.Service("", *f)
	require.NoError(t, err)
	u.Unit.After = []string{"network-online.target"}
	u.Unit.Before = []string{"docker.service"}
	warnings, err := cridockerd.ValidateService(u)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "cri-docker.service [Unit] Before[0]"))
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrRequired, "cri-docker.service [Unit] After"))
}

func TestInstallerPlanGolden(t *testing.T) {
	f, err := cridockerd.New(cridockerd.WithVersion("0.4.0"), cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10"))
	require.NoError(t, err)
	in, err := cridockerd.NewInstaller(cridockerd.WithConfig(f), cridockerd.WithVersion("0.4.0"))
	require.NoError(t, err)
	assert.Equal(t, "cri-docker.service", in.UnitName())
	assert.Equal(t, runtime.CRIDockerdEndpoint, in.Endpoint())
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	plantest.Golden(t, "testdata/cri-dockerd-0.4.0.txtar", plan, *update)

	// The options that set flags build the same flags when NewInstaller is
	// given them instead of Flags.
	in, err = cridockerd.NewInstaller(cridockerd.WithVersion("0.4.0"), cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10"))
	require.NoError(t, err)
	built, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Equal(t, plan, built)
}

// TestComposesWithDocker composes both installers as the whole node does:
// no path is written twice with different content, and crictl.yaml is
// written once, by cri-dockerd.
func TestComposesWithDocker(t *testing.T) {
	din, err := docker.NewInstaller(docker.WithVersion("28.5"))
	require.NoError(t, err)
	cin, err := cridockerd.NewInstaller()
	require.NoError(t, err)
	plan, err := runtime.Compose(context.Background(), din, cin)
	require.NoError(t, err)
	assert.NotNil(t, plan.File(crictl.Path))
	assert.Equal(t, []string{"docker"}, plan.Groups)
	plantest.Golden(t, "testdata/docker-and-cri-dockerd.txtar", plan, *update)
}

func TestNewInstallerRefuses(t *testing.T) {
	bad, err := cridockerd.New()
	require.NoError(t, err)
	bad.HairpinMode = "x"
	for _, tt := range []struct {
		name string
		opts []cridockerd.InstallerOption
		want []fieldtest.Matcher
	}{
		{"no flags", []cridockerd.InstallerOption{cridockerd.WithConfig(nil)},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "config")}},
		{"bad flags", []cridockerd.InstallerOption{cridockerd.WithConfig(bad)},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd --hairpin-mode")}},
		{"release kubenode does not know", []cridockerd.InstallerOption{cridockerd.WithConfig(&cridockerd.Flags{NetworkPlugin: "cni"}), cridockerd.WithVersion("0.5.0")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd-version")}},
		{"a flag next to all of them", []cridockerd.InstallerOption{cridockerd.WithConfig(&cridockerd.Flags{}), cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "config").Value("WithSandboxImage")}},
		{"a flag the release refuses", []cridockerd.InstallerOption{cridockerd.WithNetworkPlugin("weave")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd --network-plugin")}},
		{"relative paths", []cridockerd.InstallerOption{cridockerd.WithBinary("cri-dockerd"), cridockerd.WithUnitDir("etc/systemd/system")},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "binary"), fieldtest.Match(field.ErrInvalid, "unit-dir")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cridockerd.NewInstaller(tt.opts...)
			fieldtest.RequireExactly(t, err, tt.want...)
		})
	}
	in, err := cridockerd.NewInstaller(cridockerd.WithBinary("/usr/local/bin/cri-dockerd"), cridockerd.WithEdit(func(f *cridockerd.Flags) { f.LogLevel = "debug" }))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(plan.File("/etc/systemd/system/cri-docker.service").Content),
		"ExecStart=/usr/local/bin/cri-dockerd --container-runtime-endpoint=fd:// --network-plugin=cni --log-level=debug\n")
}

func TestSeedServiceAsTheShellWritesIt(t *testing.T) {
	data := strings.ReplaceAll(string(readFile(t, "testdata/seed-cri-docker.service")), "$MAINPID", "")
	u, err := systemd.ParseUnitFile(cridockerd.ServiceName, []byte(data))
	require.NoError(t, err)
	_, err = cridockerd.ValidateService(u)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "cri-docker.service [Service] ExecStart"),
		fieldtest.Match(field.ErrInvalid, "cri-docker.service [Service] ExecReload[0]"),
	)
}
