package kubelet_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// targets are the releases whose rendered flags CI checks.
var targets = []string{"1.24", "1.27", "1.31", "1.35", "1.37"}

func planFor(t *testing.T, version string, style kubelet.UnitStyle) *runtime.Plan {
	t.Helper()
	in, err := kubelet.NewInstaller(
		kubelet.WithVersion(version),
		kubelet.WithUnitStyle(style),
		kubelet.WithNodeIPs([]string{"192.168.1.31", "2408:822a:245:8c01::fab"}),
		kubelet.WithNodeLabels(map[string]string{"node.kubernetes.io/node": "", "example.com/pool": "blue"}),
		kubelet.WithHostnameOverride("node-1"),
		kubelet.WithRootDir("/data/kubelet"),
		kubelet.WithCredentialProvider(credentialProviders(), pluginDir),
		kubelet.WithExtraFlags(kubelet.Flag{Name: "runtime-cgroups", Value: "/system.slice/containerd.service"}),
	)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	return plan
}

// TestRenderedFlagsParseInTheRealKubelet runs the 1.37.2 kubelet command
// with every flag kubenode renders, for each target and unit style: its
// flag set must accept them all (--version stops it right after parsing).
// For older targets it also checks that the flags hold none the target
// lacks, by the removal table the other tests pin to the real kubelet.
func TestRenderedFlagsParseInTheRealKubelet(t *testing.T) {
	for _, v := range targets {
		for _, style := range kubelet.UnitStyles {
			t.Run(v+"/"+string(style), func(t *testing.T) {
				args := realcheck.KubeletArgs(t, planFor(t, v, style))
				require.NotEmpty(t, args)
				res := realcheck.KubeletFlags(t, args)
				require.Equal(t, 0, res.Code, "the kubelet refused %v:\n%s%s", args, res.Stdout, res.Stderr)
				assert.Contains(t, res.Stdout, "Kubernetes v"+CheckerVersion)

				target := runtime.MustParseVersion(v)
				known := kubelet.KnownFlags(target)
				for _, arg := range args {
					name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
					assert.Contains(t, known, name, "the %s kubelet has no --%s", v, name)
				}
				flags, err := kubelet.ParseFlags(args)
				require.NoError(t, err)
				warnings, err := flags.Validate(target)
				assert.NoError(t, err)
				assert.Empty(t, warnings)
			})
		}
	}
}

// flagLine matches a flag in the kubelet's --help: "  -v, --v Level ..." or
// "      --node-ip string ...".
var flagLine = regexp.MustCompile(`^\s+(?:-[a-z], )?--([a-z0-9-]+)`)

// kubeletHelp returns the flags of the real kubelet's --help, and which of
// them it marks deprecated.
func kubeletHelp(t *testing.T) (flags, deprecated []string) {
	t.Helper()
	res := realcheck.RunKubeletChecker(t, "kubelet", "--help")
	require.Equal(t, 0, res.Code, res.Stderr)
	var current string
	for _, line := range strings.Split(res.Stdout, "\n") {
		if m := flagLine.FindStringSubmatch(line); m != nil {
			current = m[1]
			flags = append(flags, current)
		}
		if current != "" && strings.Contains(line, "(DEPRECATED:") {
			deprecated = append(deprecated, current)
		}
	}
	slices.Sort(flags)
	slices.Sort(deprecated)
	return slices.Compact(flags), slices.Compact(deprecated)
}

// TestFlagTableMatchesTheRealKubelet compares kubenode's table for 1.37
// with the real kubelet's flag set: the same flags, the same deprecated
// ones.
func TestFlagTableMatchesTheRealKubelet(t *testing.T) {
	flags, deprecated := kubeletHelp(t)
	require.Greater(t, len(flags), 100, "the kubelet's --help lists its flags")
	target := runtime.MustParseVersion(CheckerVersion)
	assert.Equal(t, flags, kubelet.KnownFlags(target))
	assert.Equal(t, deprecated, kubelet.DeprecatedFlags(target))
}

// TestRemovedFlagsStopTheRealKubelet gives the real kubelet each flag the
// table says 1.37 lacks: each must stop it as an unknown flag.
func TestRemovedFlagsStopTheRealKubelet(t *testing.T) {
	removed := kubelet.RemovedFlags(runtime.MustParseVersion(CheckerVersion))
	require.NotEmpty(t, removed)
	for _, name := range removed {
		res := realcheck.RunKubeletChecker(t, "kubelet", "--"+name+"=true", "--version")
		assert.NotEqual(t, 0, res.Code, "--%s", name)
		assert.Contains(t, res.Stderr, "unknown flag: --"+name)
	}
}

// TestDeprecatedFlagsWarnInTheRealKubelet checks that what Validate warns
// about, the real kubelet warns about too, and that the flags kubenode
// renders draw no warning.
func TestDeprecatedFlagsWarnInTheRealKubelet(t *testing.T) {
	for _, arg := range []string{"--cgroup-driver=systemd", "--container-runtime-endpoint=" + runtime.ContainerdEndpoint,
		"--register-with-taints=a=b:NoSchedule", "--max-pods=110", "--fail-swap-on=false"} {
		res := realcheck.RunKubeletChecker(t, "kubelet", arg, "--version")
		require.Equal(t, 0, res.Code, res.Stderr)
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		assert.Contains(t, res.Stderr, "Flag --"+name+" has been deprecated")
		flags, err := kubelet.ParseFlags([]string{arg})
		require.NoError(t, err)
		warnings, err := flags.Validate(runtime.MustParseVersion(CheckerVersion))
		require.NoError(t, err)
		assert.Len(t, warnings, 1, arg)
	}
	args := realcheck.KubeletArgs(t, planFor(t, "1.37", kubelet.StyleKubeadm))
	res := realcheck.KubeletFlags(t, args)
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.NotContains(t, res.Stderr, "deprecated")
}

// TestSeedFlagsInTheRealKubelet gives the real kubelet the flags of the
// seed guide's kubelet.service: it accepts them and warns about exactly
// what Validate warns about for 1.37, the endpoint flag.
func TestSeedFlagsInTheRealKubelet(t *testing.T) {
	data, err := os.ReadFile("../../kubelet/testdata/seed-kubelet.service")
	require.NoError(t, err)
	unit, err := systemd.ParseUnitFile(kubelet.UnitName, data)
	require.NoError(t, err)
	args := unit.Service.ExecStart[0].Argv[1:]
	res := realcheck.KubeletFlags(t, args)
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.Equal(t, 1, strings.Count(res.Stderr, "has been deprecated"), res.Stderr)
	assert.Contains(t, res.Stderr, "Flag --container-runtime-endpoint has been deprecated")
	flags, err := kubelet.ParseFlags(args)
	require.NoError(t, err)
	warnings, err := flags.Validate(runtime.MustParseVersion(CheckerVersion))
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, "kubelet --container-runtime-endpoint", warnings[0].Path.String())
}
