package docker_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/systemd"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func parseUnit(t *testing.T, name, path string) *systemd.UnitFile {
	t.Helper()
	u, err := systemd.ParseUnitFile(name, readFile(t, path))
	require.NoError(t, err)
	return u
}

func TestSeedServiceMistakes(t *testing.T) {
	u := parseUnit(t, docker.ServiceName, "testdata/seed-docker.service")
	assert.Equal(t, []string{"-H", "fd://", "--containerd=/run/containerd/containerd.sock"}, docker.DockerdArgs(u))
	warnings, err := docker.ValidateService(u)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrConflict, "docker.service [Unit] After[2]"))
	fieldtest.RequireExactly(t, warnings.Err(),
		fieldtest.Match(field.ErrDeprecated, "docker.service [Service] StartLimitBurst"),
		fieldtest.Match(field.ErrDeprecated, "docker.service [Service] StartLimitInterval"),
	)
}

func TestSeedSocketIsRight(t *testing.T) {
	u := parseUnit(t, docker.SocketName, "testdata/seed-docker.socket")
	warnings, err := docker.ValidateSocket(u)
	assert.NoError(t, err)
	assert.Empty(t, warnings)
	ours, err := docker.Socket()
	require.NoError(t, err)
	assert.Equal(t, u, ours, "Socket builds the guide's docker.socket")
}

func TestServiceHasNoMistakes(t *testing.T) {
	for _, opts := range [][]docker.UnitOption{
		nil,
		{docker.WithContainerdSocket(""), docker.WithBinary("/usr/sbin/dockerd"), docker.WithExtraFlags("--data-root=/data")},
	} {
		u, err := docker.Service(opts...)
		require.NoError(t, err)
		warnings, err := docker.ValidateService(u)
		assert.NoError(t, err)
		assert.Empty(t, warnings)

		// render -> parse -> render gives the same bytes.
		first, err := u.Render()
		require.NoError(t, err)
		back, err := systemd.ParseUnitFile(docker.ServiceName, first)
		require.NoError(t, err)
		second, err := back.Render()
		require.NoError(t, err)
		assert.Equal(t, string(first), string(second))
	}
}

func TestServiceOwnContainerd(t *testing.T) {
	u, err := docker.Service(docker.WithContainerdSocket(""))
	require.NoError(t, err)
	assert.Equal(t, []string{"-H", "fd://"}, docker.DockerdArgs(u))
	assert.Equal(t, []string{docker.SocketName}, u.Unit.Requires)
	b, err := u.Render()
	require.NoError(t, err)
	plantest.GoldenBytes(t, "testdata/docker-own-containerd.service", b, *update)
}

func TestValidateServiceSocketActivationNeedsSocket(t *testing.T) {
	u, err := docker.Service()
	require.NoError(t, err)
	u.Unit.Requires = []string{docker.ContainerdService}
	u.Service.Type = systemd.TypeSimple
	warnings, err := docker.ValidateService(u)
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrRequired, "docker.service [Unit] Requires"))
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrInvalid, "docker.service [Service] Type"))
}

func TestSeedServiceAsTheShellWritesIt(t *testing.T) {
	// cat > docker.service <<EOF expands $MAINPID, which the shell does
	// not have, to nothing.
	data := strings.ReplaceAll(string(readFile(t, "testdata/seed-docker.service")), "$MAINPID", "")
	u, err := systemd.ParseUnitFile(docker.ServiceName, []byte(data))
	require.NoError(t, err)
	_, err = docker.ValidateService(u)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrConflict, "docker.service [Unit] After[2]"),
		fieldtest.Match(field.ErrInvalid, "docker.service [Service] ExecReload[0]"),
	)
}
