package docker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

// TestPlannedUnitsPassSystemdAnalyzeVerify feeds docker.service and
// docker.socket, as the Installer plans them, to systemd-analyze verify.
func TestPlannedUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []docker.InstallerOption
	}{
		{"packaged", nil},
		{"own-containerd", []docker.InstallerOption{docker.WithContainerdSocket(""), docker.WithBinary("/usr/sbin/dockerd")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := docker.NewInstaller(tc.opts...)
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			harness.VerifyUnits(t, plan.Files)
		})
	}
}

// TestSeedUnitsPassSystemdAnalyzeVerify feeds the seed guide's own
// docker.service and docker.socket to systemd-analyze: systemd accepts them
// (StartLimitInterval= in [Service] is still read under its old name), so
// their mistakes are the ones only ValidateService finds: the ordering
// cycle with cri-docker.service.
func TestSeedUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	files := harness.SeedUnits(t, "docker", systemd.SystemDir, docker.ServiceName, docker.SocketName)
	harness.VerifyUnits(t, files)

	u, err := systemd.ParseUnitFile(docker.ServiceName, files[0].Content)
	require.NoError(t, err)
	_, err = docker.ValidateService(u)
	fieldtest.RequireProblem(t, err, field.ErrConflict, "docker.service [Unit] After[2]")
}
