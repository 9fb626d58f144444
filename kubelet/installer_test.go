package kubelet_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/kubelet/config/v1beta1"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/systemd"
)

func TestInstallerPlans(t *testing.T) {
	dualStack := []kubelet.InstallerOption{
		kubelet.WithNodeIPs([]string{"192.168.1.31", "2408:822a:245:8c01::fab"}),
		kubelet.WithNodeLabels(map[string]string{"node.kubernetes.io/node": "", "example.com/pool": "blue"}),
	}
	tests := []struct {
		golden string
		opts   []kubelet.InstallerOption
	}{
		{"testdata/kubeadm-1.37.txtar", append([]kubelet.InstallerOption{kubelet.WithVersion("1.37"),
			kubelet.WithTaints(corev1.Taint{Key: "dedicated", Value: "infra", Effect: corev1.TaintEffectNoSchedule})}, dualStack...)},
		{"testdata/kubeadm-1.26-cri-dockerd.txtar", append([]kubelet.InstallerOption{kubelet.WithVersion("1.26"),
			kubelet.WithRuntime("cri-docker.service", runtime.CRIDockerdEndpoint)}, dualStack...)},
		{"testdata/single-1.31-crio.txtar", append([]kubelet.InstallerOption{kubelet.WithVersion("v1.31.4"),
			kubelet.WithRuntime("crio.service", runtime.CRIOEndpoint), kubelet.WithUnitStyle(kubelet.StyleSingle),
			kubelet.WithBinary("/usr/local/bin/kubelet")}, dualStack...)},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			in, err := kubelet.NewInstaller(tt.opts...)
			require.NoError(t, err)
			plan, err := in.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, tt.golden, plan, *update)
		})
	}
}

func TestInstallerPutsTheEndpointWhereTheTargetReadsIt(t *testing.T) {
	for minor, inConfig := range map[int]bool{24: false, 26: false, 27: true, 37: true} {
		in, err := kubelet.NewInstaller(kubelet.WithVersion(fmt.Sprintf("1.%d", minor)))
		require.NoError(t, err)
		plan, err := in.Plan(context.Background())
		require.NoError(t, err)
		config := string(plan.File(kubelet.DefaultConfigPath).Content)
		env := string(plan.File(kubelet.KubeadmFlagsEnvPath).Content)
		assert.Equal(t, inConfig, strings.Contains(config, "containerRuntimeEndpoint: "+runtime.ContainerdEndpoint), "1.%d", minor)
		assert.Equal(t, !inConfig, strings.Contains(env, "--container-runtime-endpoint="+runtime.ContainerdEndpoint), "1.%d", minor)
	}
}

func TestInstallerUnitsParseBack(t *testing.T) {
	in, err := kubelet.NewInstaller(kubelet.WithVersion("1.30"), kubelet.WithNodeIPs([]string{"10.0.0.5"}))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	unit, err := systemd.ParseUnitFile(kubelet.UnitName, plan.File("/etc/systemd/system/kubelet.service").Content)
	require.NoError(t, err)
	assert.Equal(t, []string{"network-online.target", "containerd.service"}, unit.Unit.After)
	assert.Equal(t, []string{"network-online.target", "containerd.service"}, unit.Unit.Wants)
	assert.Empty(t, unit.Unit.Requires, "the kubelet must not be stopped with its runtime")
	assert.Empty(t, unit.Unit.Before)
	dropIn, err := systemd.ParseDropIn(kubelet.UnitName, kubelet.DropInName, plan.File("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf").Content)
	require.NoError(t, err)
	require.Len(t, dropIn.Service.ExecStart, 2)
	assert.True(t, dropIn.Service.ExecStart[0].IsReset())
	assert.Equal(t, []string{"/usr/bin/kubelet", "$KUBELET_KUBECONFIG_ARGS", "$KUBELET_CONFIG_ARGS", "$KUBELET_KUBEADM_ARGS", "$KUBELET_EXTRA_ARGS"},
		dropIn.Service.ExecStart[1].Argv)
	flags, err := kubelet.ParseKubeadmFlagsEnv(plan.File(kubelet.KubeadmFlagsEnvPath).Content)
	require.NoError(t, err)
	assert.Equal(t, []string{"10.0.0.5"}, flags.NodeIPs)
	config, err := kubelet.Parse(plan.File(kubelet.DefaultConfigPath).Content)
	require.NoError(t, err)
	assert.Equal(t, "systemd", config.CgroupDriver)
}

func TestInstallerDoesNotChangeTheCallersConfig(t *testing.T) {
	c, err := kubelet.New()
	require.NoError(t, err)
	_, err = kubelet.NewInstaller(kubelet.WithConfig(c), kubelet.WithTaints(corev1.Taint{Key: "a", Effect: corev1.TaintEffectNoSchedule}))
	require.NoError(t, err)
	assert.Empty(t, c.ContainerRuntimeEndpoint)
	assert.Empty(t, c.RegisterWithTaints)
}

func TestInstallerRefusesBadInput(t *testing.T) {
	otherEndpoint, err := kubelet.New(kubelet.WithRuntimeEndpoint(runtime.CRIOEndpoint))
	require.NoError(t, err)
	tests := []struct {
		name string
		opt  kubelet.InstallerOption
		want error
		path string
	}{
		{"unparsable version", kubelet.WithVersion("one.thirty"), field.ErrInvalid, "kubernetes"},
		{"unsupported version", kubelet.WithVersion("1.23"), field.ErrNotSupported, "kubernetes"},
		{"label with a newline", kubelet.WithNodeLabels(map[string]string{"example.com/a": "x\ny"}), field.ErrInvalid, "kubelet --node-labels example.com/a"},
		{"label with a quote", kubelet.WithNodeLabels(map[string]string{`example.com/a"`: "x"}), field.ErrInvalid, `kubelet --node-labels example.com/a"`},
		{"node-role label", kubelet.WithNodeLabels(map[string]string{"node-role.kubernetes.io/worker": ""}), field.ErrForbidden, "kubelet --node-labels node-role.kubernetes.io/worker"},
		{"bad node IP", kubelet.WithNodeIPs([]string{"10.0.0.1 "}), field.ErrInvalid, "kubelet --node-ip[0]"},
		{"binary path with a space", kubelet.WithBinary("/opt/my kubelet"), field.ErrInvalid, "kubelet.service [Service] ExecStart"},
		{"relative binary path", kubelet.WithBinary("kubelet"), field.ErrInvalid, "kubelet.service [Service] ExecStart"},
		{"runtime is the kubelet", kubelet.WithRuntime("kubelet.service", runtime.ContainerdEndpoint), field.ErrInvalid, "kubelet.service [Unit] After"},
		{"runtime unit is a target", kubelet.WithRuntime("containerd.target", runtime.ContainerdEndpoint), field.ErrInvalid, "kubelet.service [Unit] After"},
		{"no endpoint", kubelet.WithRuntime("containerd.service", ""), field.ErrRequired, "runtimeEndpoint"},
		{"config names another socket", kubelet.WithConfig(otherEndpoint), field.ErrConflict, "containerRuntimeEndpoint"},
		{"unknown style", kubelet.WithUnitStyle("sysv"), field.ErrNotSupported, "unitStyle"},
		{"removed extra flag", kubelet.WithExtraFlags(kubelet.Flag{Name: "network-plugin", Value: "cni"}), field.ErrRemoved, "kubelet --network-plugin"},
		{"deprecated extra flag", kubelet.WithExtraFlags(kubelet.Flag{Name: "max-pods", Value: "200"}), field.ErrForbidden, "kubelet --max-pods"},
		{"bad taint", kubelet.WithTaints(corev1.Taint{Key: "a b", Effect: corev1.TaintEffectNoSchedule}), field.ErrInvalid, "registerWithTaints[0].key"},
		{"bad hostname", kubelet.WithHostnameOverride("node 1"), field.ErrInvalid, "kubelet --hostname-override"},
		{"config value", kubelet.WithConfig(&kubelet.Config{KubeletConfiguration: v1beta1.KubeletConfiguration{StaticPodPath: "x"}}), field.ErrInvalid, "staticPodPath"},
		{"config option value", kubelet.WithStaticPodPath("x"), field.ErrInvalid, "staticPodPath"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := kubelet.NewInstaller(tt.opt)
			assert.Nil(t, in)
			fieldtest.RequireExactly(t, err, fieldtest.Match(tt.want, tt.path))
		})
	}
}

// The options that set the config build it with New; next to WithConfig,
// which gives the whole config, each is refused by name.
func TestInstallerConfigOptions(t *testing.T) {
	in, err := kubelet.NewInstaller(kubelet.WithVersion("1.30"), kubelet.WithCgroupDriver(runtime.CgroupCgroupfs), kubelet.WithClusterDNS("10.96.0.10"))
	require.NoError(t, err)
	c, err := in.ConfigFor()
	require.NoError(t, err)
	assert.Equal(t, "cgroupfs", c.CgroupDriver)
	assert.Equal(t, []string{"10.96.0.10"}, c.ClusterDNS)
	assert.Equal(t, kubelet.DefaultStaticPodPath, c.StaticPodPath, "New's defaults")

	base, err := kubelet.New()
	require.NoError(t, err)
	_, err = kubelet.NewInstaller(kubelet.WithConfig(base), kubelet.WithVersion("1.30"), kubelet.WithCgroupDriver(runtime.CgroupCgroupfs), kubelet.WithClusterDNS("10.96.0.10"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrForbidden, "config").Value("WithCgroupDriver"),
		fieldtest.Match(field.ErrForbidden, "config").Value("WithClusterDNS"))
}

func TestInstallerCollectsEveryProblem(t *testing.T) {
	_, err := kubelet.NewInstaller(
		kubelet.WithNodeIPs([]string{"x"}),
		kubelet.WithNodeLabels(map[string]string{"a": "b c"}),
		kubelet.WithBinary("kubelet"),
	)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "kubelet --node-ip[0]"),
		fieldtest.Match(field.ErrInvalid, "kubelet --node-labels a"),
		fieldtest.Match(field.ErrInvalid, "kubelet.service [Service] ExecStart"))
}

func TestEnvFileRoundTrip(t *testing.T) {
	f := &kubelet.Flags{NodeIPs: []string{"10.0.0.5"}, NodeLabels: []kubelet.Label{{Key: "a", Value: "b"}}, Config: "/c.yaml"}
	env, err := kubelet.KubeadmFlagsEnv(f)
	require.NoError(t, err)
	assert.Equal(t, "KUBELET_KUBEADM_ARGS=\"--node-ip=10.0.0.5 --node-labels=a=b\"\n", string(env))
	back, err := kubelet.ParseKubeadmFlagsEnv(env)
	require.NoError(t, err)
	assert.Equal(t, f.NodeIPs, back.NodeIPs)
	assert.Equal(t, f.NodeLabels, back.NodeLabels)

	_, err = kubelet.KubeadmFlagsEnv(&kubelet.Flags{Extra: []kubelet.Flag{{Name: "lock-file", Value: `/run/"x"`}}})
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "KUBELET_KUBEADM_ARGS[0]"))
}

func TestVersionRange(t *testing.T) {
	assert.Empty(t, kubelet.ValidateVersion(nil, runtime.MustParseVersion("1.24.0")))
	assert.Empty(t, kubelet.ValidateVersion(nil, runtime.MustParseVersion("1.37.9")))
	assert.ErrorIs(t, kubelet.ValidateVersion(nil, runtime.MustParseVersion("1.23.17")).Err(), field.ErrNotSupported)
	assert.ErrorIs(t, kubelet.ValidateVersion(nil, runtime.MustParseVersion("1.38")).Err(), field.ErrNotSupported)
	assert.ErrorIs(t, kubelet.ValidateVersion(nil, runtime.Version{}).Err(), field.ErrRequired)
}

func Example() {
	installer, err := kubelet.NewInstaller(
		kubelet.WithVersion("1.31"),
		kubelet.WithRuntime("containerd.service", runtime.ContainerdEndpoint),
		kubelet.WithNodeIPs([]string{"192.168.1.31", "2408:822a:245:8c01::fab"}),
		kubelet.WithNodeLabels(map[string]string{"node.kubernetes.io/node": ""}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := installer.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(plan.File(kubelet.KubeadmFlagsEnvPath).Content))
	for _, f := range plan.Files {
		fmt.Println(f.Path)
	}
	// Output:
	// KUBELET_KUBEADM_ARGS="--node-ip=192.168.1.31,2408:822a:245:8c01::fab --node-labels=node.kubernetes.io/node="
	// /var/lib/kubelet/config.yaml
	// /etc/systemd/system/kubelet.service
	// /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
	// /var/lib/kubelet/kubeadm-flags.env
}

func ExampleFlags_Validate() {
	unit := []byte("[Service]\nExecStart=/usr/bin/kubelet --network-plugin=cni --cgroup-driver=systemd --node-ip=10.0.0.5\n")
	u, _ := systemd.ParseUnitFile("kubelet.service", unit)
	flags, _ := kubelet.ParseFlags(u.Service.ExecStart[0].Argv[1:])
	warnings, err := flags.Validate(runtime.NewVersion(1, 30))
	fmt.Println(err)
	fmt.Println(warnings)
	// Output:
	// kubelet --network-plugin: removed: "cni": removed in Kubernetes 1.24 (the 1.30 kubelet stops at it); use cri-dockerd's --network-plugin=cni; containerd and CRI-O read CNI config themselves
	// kubelet --cgroup-driver: deprecated: "systemd": deprecated in the 1.30 kubelet; use cgroupDriver in the config file
}

// NewInstaller adds the endpoint and the taints to its own config once:
// a taints list a caller's edit gave, with room to grow, is not written
// into, and ConfigFor gives the same config every time, taints once.
func TestInstallerCompletesItsOwnConfigOnce(t *testing.T) {
	mine := make([]corev1.Taint, 1, 4)
	mine[0] = corev1.Taint{Key: "a", Effect: corev1.TaintEffectNoSchedule}
	added := corev1.Taint{Key: "b", Effect: corev1.TaintEffectNoExecute}
	in, err := kubelet.NewInstaller(kubelet.WithEdit(func(c *kubelet.Config) { c.RegisterWithTaints = mine }), kubelet.WithTaints(added))
	require.NoError(t, err)
	assert.Equal(t, corev1.Taint{}, mine[:2][1], "the caller's array")
	for range 2 {
		c, err := in.ConfigFor()
		require.NoError(t, err)
		assert.Equal(t, []corev1.Taint{mine[0], added}, c.RegisterWithTaints)
		assert.Equal(t, runtime.ContainerdEndpoint, c.ContainerRuntimeEndpoint)
		c.RegisterWithTaints = nil // a copy: the next one is whole
	}
}

// The zero Installer has no plan: Plan refuses it.
func TestZeroInstallerHasNoPlan(t *testing.T) {
	_, err := (&kubelet.Installer{}).Plan(context.Background())
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrRequired, "kubelet"))
}
