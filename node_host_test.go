package kubenode_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/hostprep"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// troubledHost is the host of issue 16's measurement: cgroup v1 (hybrid),
// swap on, forwarding off, no br_netfilter, oom_score_adj not lowerable.
func troubledHost() *host.Facts {
	return &host.Facts{
		Cgroup:           host.Cgroup{Mode: host.CgroupHybrid},
		Swap:             host.Swap{On: host.Yes, Devices: []string{"/dev/sda2", "/swapfile"}},
		Sysctls:          map[string]string{host.SysctlIPForward: "0"},
		LowerOOMScoreAdj: host.No,
	}
}

// planConfig plans n and returns its kubelet config as the kubelet reads it.
func planConfig(t *testing.T, n *kubenode.Node) (*runtime.Plan, *kubelet.Config) {
	t.Helper()
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	cfg, err := kubelet.Parse(plan.File("/var/lib/kubelet/config.yaml").Content)
	require.NoError(t, err)
	return plan, cfg
}

func TestNodeHostPreparedByDefault(t *testing.T) {
	plan, _ := planConfig(t, &kubenode.Node{NodeIPs: []string{"10.0.0.7", "fd00::7"}})
	mods, sysctls := plan.File(hostprep.ModulesFile), plan.File(hostprep.SysctlFile)
	require.NotNil(t, mods)
	require.NotNil(t, sysctls)
	assert.Contains(t, string(sysctls.Content), "net.ipv6.conf.all.forwarding = 1")
	assert.Equal(t, []runtime.UnitAction{
		{Unit: hostprep.ModulesLoadUnit, Action: runtime.ActionRestart},
		{Unit: hostprep.SysctlUnit, Action: runtime.ActionRestart},
	}, plan.Units[:2], "the host's loaders run before the runtime starts")

	plan, _ = planConfig(t, &kubenode.Node{Host: kubenode.Host{OmitModules: true, OmitSysctls: true}})
	assert.Nil(t, plan.File(hostprep.ModulesFile))
	assert.Nil(t, plan.File(hostprep.SysctlFile))
	for _, u := range plan.Units {
		assert.NotContains(t, []string{hostprep.ModulesLoadUnit, hostprep.SysctlUnit}, u.Unit)
	}
}

func TestNodeCgroupV1Host(t *testing.T) {
	n := &kubenode.Node{Kubernetes: "1.37", Host: kubenode.Host{Facts: troubledHost()}}
	_, err := n.Plan(context.Background())
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "host.facts.cgroup.mode"))

	n.Host.AcceptCgroupV1 = true
	_, cfg := planConfig(t, n)
	require.NotNil(t, cfg.FailCgroupV1)
	assert.False(t, *cfg.FailCgroupV1)

	// The caller's own edit counts as well.
	n.Host.AcceptCgroupV1 = false
	n.KubeletConfig = func(c *v1beta1.KubeletConfiguration) { c.FailCgroupV1 = new(false) }
	_, _ = planConfig(t, n)

	// Before 1.35 the kubelet runs on v1 by default; before 1.31 it has no
	// such setting.
	for _, kube := range []string{"1.34", "1.30"} {
		_, cfg := planConfig(t, &kubenode.Node{Kubernetes: kube, Host: kubenode.Host{Facts: troubledHost()}})
		assert.Nil(t, cfg.FailCgroupV1, kube)
	}
}

func TestNodeSwap(t *testing.T) {
	facts := troubledHost()
	facts.Cgroup.Mode = host.CgroupUnified
	n := &kubenode.Node{Host: kubenode.Host{Facts: facts}}
	warnings, err := n.Validate()
	require.NoError(t, err)
	fieldtest.Require(t, warnings.Err(), fieldtest.Match(field.ErrInvalid, "host.facts.swap.on"))
	plan, cfg := planConfig(t, n)
	for _, unit := range []string{"dev-sda2.swap", "swapfile.swap"} {
		f := plan.File(hostprep.UnitDir + "/" + unit)
		if assert.NotNil(t, f, unit) {
			assert.Empty(t, f.Content, "an empty unit file masks %s", unit)
		}
	}
	assert.Nil(t, cfg.FailSwapOn, "the kubelet keeps failing on swap")

	n.Host.Swap = kubenode.SwapAllowed
	warnings, err = n.Validate()
	require.NoError(t, err)
	assert.Empty(t, warnings)
	plan, cfg = planConfig(t, n)
	assert.Nil(t, plan.File(hostprep.UnitDir+"/dev-sda2.swap"))
	require.NotNil(t, cfg.FailSwapOn)
	assert.False(t, *cfg.FailSwapOn)
	assert.Equal(t, "NoSwap", cfg.MemorySwap.SwapBehavior)

	n.Host.Swap = "sometimes"
	_, err = n.Plan(context.Background())
	fieldtest.Require(t, err, fieldtest.Match(field.ErrNotSupported, "host.swap"))
}

func TestNodeForTroubledHostGolden(t *testing.T) {
	n := &kubenode.Node{Kubernetes: "1.37", Host: kubenode.Host{Facts: troubledHost(), AcceptCgroupV1: true}}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	plantest.Golden(t, "testdata/node-troubled-host.txtar", plan, *update)
}
