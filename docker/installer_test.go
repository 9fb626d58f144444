package docker_test

import (
	"context"
	"flag"
	"testing"

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
		opts    []docker.Option
	}{
		{"default-29.7", "29.7", nil},
		{"seed-20.10", "20.10", []docker.Option{
			docker.WithCgroupDriver(runtime.CgroupSystemd),
			docker.WithMirrors([]runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example"}}),
		}},
		{"cgroupfs-28.5", "28.5", []docker.Option{docker.WithCgroupDriver(runtime.CgroupCgroupfs), docker.WithLogDriver("local"), docker.WithLogOpts(map[string]string{"max-size": "20m", "max-file": "5"})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := docker.New(append([]docker.Option{docker.WithVersion(tc.version)}, tc.opts...)...)
			require.NoError(t, err)
			in, err := docker.NewInstaller(cfg, docker.InstallVersion(tc.version))
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, "testdata/"+tc.name+".txtar", plan, *update)
		})
	}
}
