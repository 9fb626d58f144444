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

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// targets are the releases whose rendered flags CI checks.
var targets = []string{"1.24", "1.27", "1.31", "1.35", "1.37"}

// renderedArgs returns the kubelet arguments of an Installer's plan, as
// systemd would pass them: from the single unit's ExecStart=, or from the
// kubeadm drop-in's variables and kubeadm-flags.env.
func renderedArgs(t *testing.T, plan *runtime.Plan, style kubelet.UnitStyle) []string {
	t.Helper()
	unit, err := systemd.ParseUnitFile(kubelet.UnitName, plan.File(systemd.SystemDir+"/"+kubelet.UnitName).Content)
	require.NoError(t, err)
	if style == kubelet.StyleSingle {
		return unit.Service.ExecStart[0].Argv[1:]
	}
	dropIn, err := systemd.ParseDropIn(kubelet.UnitName, kubelet.DropInName,
		plan.File(systemd.SystemDir+"/"+kubelet.UnitName+".d/"+kubelet.DropInName).Content)
	require.NoError(t, err)
	vars := map[string]string{}
	for _, e := range dropIn.Service.Environment {
		vars[e.Name] = e.Value
	}
	env, err := kubelet.ParseEnvFile(plan.File(kubelet.KubeadmFlagsEnvPath).Content)
	require.NoError(t, err)
	for k, v := range env {
		vars[k] = v
	}
	// ExecStart= expands each unquoted $VAR into the words of its value.
	var args []string
	for _, word := range dropIn.Service.ExecStart[1].Argv[1:] {
		args = append(args, strings.Fields(vars[strings.TrimPrefix(word, "$")])...)
	}
	return args
}

func planFor(t *testing.T, version string, style kubelet.UnitStyle) *runtime.Plan {
	t.Helper()
	in, err := kubelet.NewInstaller(
		kubelet.WithVersion(version),
		kubelet.WithUnitStyle(style),
		kubelet.WithNodeIPs([]string{"192.168.1.31", "2408:822a:245:8c01::fab"}),
		kubelet.WithNodeLabels(map[string]string{"node.kubernetes.io/node": "", "example.com/pool": "blue"}),
		kubelet.WithHostnameOverride("node-1"),
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
				args := renderedArgs(t, planFor(t, v, style), style)
				require.NotEmpty(t, args)
				res := runChecker(t, append(append([]string{"kubelet"}, args...), "--version")...)
				require.Equal(t, 0, res.code, "the kubelet refused %v:\n%s%s", args, res.stdout, res.stderr)
				assert.Contains(t, res.stdout, "Kubernetes v"+CheckerVersion)

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
	res := runChecker(t, "kubelet", "--help")
	require.Equal(t, 0, res.code, res.stderr)
	var current string
	for _, line := range strings.Split(res.stdout, "\n") {
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
		res := runChecker(t, "kubelet", "--"+name+"=true", "--version")
		assert.NotEqual(t, 0, res.code, "--%s", name)
		assert.Contains(t, res.stderr, "unknown flag: --"+name)
	}
}

// TestDeprecatedFlagsWarnInTheRealKubelet checks that what Validate warns
// about, the real kubelet warns about too, and that the flags kubenode
// renders draw no warning.
func TestDeprecatedFlagsWarnInTheRealKubelet(t *testing.T) {
	for _, arg := range []string{"--cgroup-driver=systemd", "--container-runtime-endpoint=" + runtime.ContainerdEndpoint,
		"--register-with-taints=a=b:NoSchedule", "--max-pods=110", "--fail-swap-on=false"} {
		res := runChecker(t, "kubelet", arg, "--version")
		require.Equal(t, 0, res.code, res.stderr)
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		assert.Contains(t, res.stderr, "Flag --"+name+" has been deprecated")
		flags, err := kubelet.ParseFlags([]string{arg})
		require.NoError(t, err)
		warnings, err := flags.Validate(runtime.MustParseVersion(CheckerVersion))
		require.NoError(t, err)
		assert.Len(t, warnings, 1, arg)
	}
	args := renderedArgs(t, planFor(t, "1.37", kubelet.StyleKubeadm), kubelet.StyleKubeadm)
	res := runChecker(t, append(append([]string{"kubelet"}, args...), "--version")...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.NotContains(t, res.stderr, "deprecated")
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
	res := runChecker(t, append(append([]string{"kubelet"}, args...), "--version")...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, 1, strings.Count(res.stderr, "has been deprecated"), res.stderr)
	assert.Contains(t, res.stderr, "Flag --container-runtime-endpoint has been deprecated")
	flags, err := kubelet.ParseFlags(args)
	require.NoError(t, err)
	warnings, err := flags.Validate(runtime.MustParseVersion(CheckerVersion))
	require.NoError(t, err)
	require.Len(t, warnings, 1)
	assert.Equal(t, "kubelet --container-runtime-endpoint", warnings[0].Path.String())
}
