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
	requireProblems(t, err, []problem{{errInvalid, "cri-docker.service [Service] ExecStart"}})
	requireProblems(t, warnings.Err(), []problem{
		{errDeprecated, "cri-docker.service [Service] StartLimitBurst"},
		{errDeprecated, "cri-docker.service [Service] StartLimitInterval"},
	})
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
	f, err := cridockerd.New(cridockerd.WithPodInfraContainerImage("registry.k8s.io/pause:3.10"))
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
	requireProblems(t, err, []problem{{errInvalid, "cri-docker.service [Service] ExecStart"}})
}

func TestValidateServiceOrdering(t *testing.T) {
	f, err := cridockerd.New()
	require.NoError(t, err)
	u, err := cridockerd.Service("", *f)
	require.NoError(t, err)
	u.Unit.After = []string{"network-online.target"}
	u.Unit.Before = []string{"docker.service"}
	warnings, err := cridockerd.ValidateService(u)
	requireProblems(t, err, []problem{{errConflict, "cri-docker.service [Unit] Before[0]"}})
	requireProblems(t, warnings.Err(), []problem{{errRequired, "cri-docker.service [Unit] After"}})
}

func TestInstallerPlanGolden(t *testing.T) {
	f, err := cridockerd.New(cridockerd.WithVersion("0.4.0"), cridockerd.WithPodInfraContainerImage("registry.k8s.io/pause:3.10"))
	require.NoError(t, err)
	in, err := cridockerd.NewInstaller(f, cridockerd.InstallVersion("0.4.0"))
	require.NoError(t, err)
	assert.Equal(t, "cri-docker.service", in.UnitName())
	assert.Equal(t, runtime.CRIDockerdEndpoint, in.Endpoint())
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	plantest.Golden(t, "testdata/cri-dockerd-0.4.0.txtar", plan, *update)
}

// TestComposesWithDocker composes both installers as the whole node does:
// no path is written twice with different content, and crictl.yaml is
// written once, by cri-dockerd.
func TestComposesWithDocker(t *testing.T) {
	cfg, err := docker.New(docker.WithVersion("28.5"))
	require.NoError(t, err)
	din, err := docker.NewInstaller(cfg, docker.InstallVersion("28.5"))
	require.NoError(t, err)
	f, err := cridockerd.New()
	require.NoError(t, err)
	cin, err := cridockerd.NewInstaller(f)
	require.NoError(t, err)
	plan, err := runtime.Compose(context.Background(), din, cin)
	require.NoError(t, err)
	assert.NotNil(t, plan.File(crictl.Path))
	assert.Equal(t, []string{"docker"}, plan.Groups)
	plantest.Golden(t, "testdata/docker-and-cri-dockerd.txtar", plan, *update)
}

func TestNewInstallerRefuses(t *testing.T) {
	_, err := cridockerd.NewInstaller(nil)
	requireProblems(t, err, []problem{{errRequired, "cri-dockerd"}})
	f, err := cridockerd.New()
	require.NoError(t, err)
	f.HairpinMode = "x"
	_, err = cridockerd.NewInstaller(f)
	requireProblems(t, err, []problem{{errNotSupported, "cri-dockerd --hairpin-mode"}})
	_, err = cridockerd.NewInstaller(&cridockerd.Flags{NetworkPlugin: "cni"}, cridockerd.InstallVersion("0.5.0"))
	requireProblems(t, err, []problem{{errNotSupported, "cri-dockerd-version"}})
}

func TestSeedServiceAsTheShellWritesIt(t *testing.T) {
	data := strings.ReplaceAll(string(readFile(t, "testdata/seed-cri-docker.service")), "$MAINPID", "")
	u, err := systemd.ParseUnitFile(cridockerd.ServiceName, []byte(data))
	require.NoError(t, err)
	_, err = cridockerd.ValidateService(u)
	requireProblems(t, err, []problem{
		{errInvalid, "cri-docker.service [Service] ExecStart"},
		{errInvalid, "cri-docker.service [Service] ExecReload[0]"},
	})
}
