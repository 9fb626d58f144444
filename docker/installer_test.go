package docker_test

import (
	"context"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/plantest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestInstallerPlanGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		opts    []docker.ConfigOption
	}{
		{"default-29.7", "29.7", nil},
		{"seed-20.10", "20.10", []docker.ConfigOption{
			docker.WithCgroupDriver(runtime.CgroupSystemd),
			docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
		}},
		{"cgroupfs-28.5", "28.5", []docker.ConfigOption{docker.WithCgroupDriver(runtime.CgroupCgroupfs), docker.WithLogDriver("local"), docker.WithLogOpts(map[string]string{"max-size": "20m", "max-file": "5"})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newOpts := []docker.Option{docker.WithVersion(tc.version)}
			inOpts := []docker.InstallerOption{docker.WithVersion(tc.version)}
			for _, o := range tc.opts {
				newOpts, inOpts = append(newOpts, o), append(inOpts, o)
			}
			cfg, err := docker.New(newOpts...)
			require.NoError(t, err)
			in, err := docker.NewInstaller(docker.WithConfig(cfg), docker.WithVersion(tc.version))
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, "testdata/"+tc.name+".txtar", plan, *update)

			// The options that set daemon.json keys build the same file
			// when NewInstaller is given them instead of a DaemonConfig.
			in, err = docker.NewInstaller(inOpts...)
			require.NoError(t, err)
			built, err := in.Plan(context.Background())
			require.NoError(t, err)
			assert.Equal(t, plan, built)
		})
	}
}
