package kubelet_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

// validFlags are the flags a node installer sets, valid for every target.
func validFlags() *kubelet.Flags {
	return &kubelet.Flags{
		BootstrapKubeconfig: kubelet.DefaultBootstrapKubeconfig,
		Kubeconfig:          kubelet.DefaultKubeconfig,
		Config:              kubelet.DefaultConfigPath,
		NodeIPs:             []string{"192.168.1.31", "2408:822a:245:8c01::fab"},
		NodeLabels:          []kubelet.Label{{Key: "node.kubernetes.io/node", Value: ""}, {Key: "example.com/pool", Value: "a"}},
		HostnameOverride:    "node-1",
		Verbosity:           ptr(2),
		Extra:               []kubelet.Flag{{Name: "runtime-cgroups", Value: "/system.slice/containerd.service"}},
	}
}

func TestFlagsValidFlagsAreValidForEveryTarget(t *testing.T) {
	for minor := 24; minor <= 37; minor++ {
		target := runtime.NewVersion(1, minor)
		f := validFlags()
		warnings, err := f.Validate(target)
		assert.NoError(t, err, target.String())
		assert.Empty(t, warnings, target.String())
	}
}

func TestFlagsValidateOneFieldPerCase(t *testing.T) {
	valid := func(*testing.T) *kubelet.Flags { return validFlags() }
	validate := func(f *kubelet.Flags, target runtime.Version) error {
		_, err := f.Validate(target)
		return err
	}
	requireOneProblem(t, valid, validate, []oneProblem[*kubelet.Flags]{
		{"relative kubeconfig", v137, func(f *kubelet.Flags) { f.Kubeconfig = "etc/kubelet.conf" }, field.ErrInvalid, "kubelet --kubeconfig"},
		{"config path with a space", v137, func(f *kubelet.Flags) { f.Config = "/etc/my config.yaml" }, field.ErrInvalid, "kubelet --config"},
		{"config path with a newline", v137, func(f *kubelet.Flags) { f.Config = "/etc/a\nb" }, field.ErrInvalid, "kubelet --config"},
		{"config-dir before 1.28", runtime.NewVersion(1, 27), func(f *kubelet.Flags) { f.ConfigDir = "/etc/kubernetes/kubelet.conf.d" }, field.ErrNotSupported, "kubelet --config-dir"},
		{"tcp endpoint", runtime.NewVersion(1, 26), func(f *kubelet.Flags) { f.ContainerRuntimeEndpoint = "tcp://127.0.0.1:1234" }, field.ErrInvalid, "kubelet --container-runtime-endpoint"},
		{"container-runtime docker in 1.24", runtime.NewVersion(1, 24), func(f *kubelet.Flags) { f.ContainerRuntime = "docker" }, field.ErrNotSupported, "kubelet --container-runtime"},
		{"container-runtime in 1.27", runtime.NewVersion(1, 27), func(f *kubelet.Flags) { f.ContainerRuntime = "remote" }, field.ErrRemoved, "kubelet --container-runtime"},
		{"pod-infra-container-image in 1.35", runtime.NewVersion(1, 35), func(f *kubelet.Flags) { f.PodInfraContainerImage = "registry.k8s.io/pause:3.10" }, field.ErrRemoved, "kubelet --pod-infra-container-image"},
		{"untagged pause image", runtime.NewVersion(1, 30), func(f *kubelet.Flags) { f.PodInfraContainerImage = "registry.k8s.io/pause" }, field.ErrInvalid, "kubelet --pod-infra-container-image"},
		{"bad node IP", v137, func(f *kubelet.Flags) { f.NodeIPs = []string{"192.168.1.300"} }, field.ErrInvalid, "kubelet --node-ip[0]"},
		{"two IPv4 node IPs", v137, func(f *kubelet.Flags) { f.NodeIPs = []string{"10.0.0.1", "10.0.0.2"} }, field.ErrInvalid, "kubelet --node-ip"},
		{"three node IPs", v137, func(f *kubelet.Flags) { f.NodeIPs = []string{"10.0.0.1", "::1", "10.0.0.2"} }, field.ErrTooLong, "kubelet --node-ip"},
		{"dual-stack unspecified", v137, func(f *kubelet.Flags) { f.NodeIPs = []string{"0.0.0.0", "::1"} }, field.ErrInvalid, "kubelet --node-ip"},
		{"dual-stack external before 1.29", runtime.NewVersion(1, 28), func(f *kubelet.Flags) { f.CloudProvider = "external" }, field.ErrConflict, "kubelet --node-ip"},
		{"in-tree cloud provider in 1.31", runtime.NewVersion(1, 31), func(f *kubelet.Flags) { f.NodeIPs = nil; f.CloudProvider = "aws" }, field.ErrNotSupported, "kubelet --cloud-provider"},
		{"node-role label", v137, func(f *kubelet.Flags) { f.NodeLabels[1].Key = "node-role.kubernetes.io/worker" }, field.ErrForbidden, "kubelet --node-labels node-role.kubernetes.io/worker"},
		{"label value with a space", v137, func(f *kubelet.Flags) { f.NodeLabels[1].Value = "a b" }, field.ErrInvalid, "kubelet --node-labels example.com/pool"},
		{"label value with a quote", v137, func(f *kubelet.Flags) { f.NodeLabels[1].Value = `a"` }, field.ErrInvalid, "kubelet --node-labels example.com/pool"},
		{"duplicate label", v137, func(f *kubelet.Flags) { f.NodeLabels[1].Key = "node.kubernetes.io/node" }, field.ErrDuplicate, "kubelet --node-labels node.kubernetes.io/node"},
		{"taint without effect", v137, func(f *kubelet.Flags) {
			f.RegisterWithTaints = []corev1.Taint{{Key: "a", Effect: "Sometimes"}}
		}, field.ErrNotSupported, "kubelet --register-with-taints[0] effect"},
		{"uppercase hostname", v137, func(f *kubelet.Flags) { f.HostnameOverride = "Node_1" }, field.ErrInvalid, "kubelet --hostname-override"},
		{"negative verbosity", v137, func(f *kubelet.Flags) { f.Verbosity = ptr(-1) }, field.ErrInvalid, "kubelet --v"},
		{"network-plugin in 1.24", runtime.NewVersion(1, 24), func(f *kubelet.Flags) { f.Extra = append(f.Extra, kubelet.Flag{Name: "network-plugin", Value: "cni"}) }, field.ErrRemoved, "kubelet --network-plugin"},
		{"unknown flag", v137, func(f *kubelet.Flags) { f.Extra = append(f.Extra, kubelet.Flag{Name: "no-such-flag", Value: "1"}) }, field.ErrUnknown, "kubelet --no-such-flag"},
		{"extra value with a quote", v137, func(f *kubelet.Flags) { f.Extra[0].Value = `/system.slice/"c"` }, field.ErrInvalid, "kubelet --runtime-cgroups"},
		{"extra value with a dollar", v137, func(f *kubelet.Flags) { f.Extra[0].Value = "/system.slice/$HOME" }, field.ErrInvalid, "kubelet --runtime-cgroups"},
		{"extra value with NUL", v137, func(f *kubelet.Flags) { f.Extra[0].Value = "/system.slice/\x00" }, field.ErrInvalid, "kubelet --runtime-cgroups"},
		{"extra flag twice", v137, func(f *kubelet.Flags) { f.Extra = append(f.Extra, f.Extra[0]) }, field.ErrDuplicate, "kubelet --runtime-cgroups"},
		{"extra collides with a typed field", v137, func(f *kubelet.Flags) { f.Extra = append(f.Extra, kubelet.Flag{Name: "node-ip", Value: "10.0.0.1"}) }, field.ErrConflict, "kubelet --node-ip"},
		{"extra name with dashes", v137, func(f *kubelet.Flags) { f.Extra[0].Name = "--runtime-cgroups" }, field.ErrInvalid, "extra[0].name"},
		{"version too old", runtime.NewVersion(1, 23), func(f *kubelet.Flags) {}, field.ErrNotSupported, "kubernetes"},
		{"version too new", runtime.NewVersion(1, 38), func(f *kubelet.Flags) {}, field.ErrNotSupported, "kubernetes"},
	})
}

func TestFlagsValidateCollectsEveryProblem(t *testing.T) {
	f := validFlags()
	f.Kubeconfig = "relative"
	f.NodeIPs = []string{"nope"}
	f.Extra = append(f.Extra, kubelet.Flag{Name: "network-plugin", Value: "cni"}, kubelet.Flag{Name: "cgroup-driver", Value: "systemd"})
	warnings, err := f.Validate(v137)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "kubelet --kubeconfig"),
		fieldtest.Match(field.ErrInvalid, "kubelet --node-ip[0]"),
		fieldtest.Match(field.ErrRemoved, "kubelet --network-plugin"))
	fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrDeprecated, "kubelet --cgroup-driver"))
}

func TestFlagsValidateDoesNotMutate(t *testing.T) {
	f := validFlags()
	f.Extra = append(f.Extra, kubelet.Flag{Name: "network-plugin", Value: "cni"})
	before := *f
	_, _ = f.Validate(v137)
	assert.Equal(t, before, *f)
}

// TestRemovalTable pins, for the targets CI checks against the real
// kubelet, which flags each lacks and which it still has.
func TestRemovalTable(t *testing.T) {
	tests := []struct {
		minor   int
		removed []string
		present []string
	}{
		{24, []string{"network-plugin", "cni-bin-dir", "cni-conf-dir", "docker-endpoint", "image-pull-progress-deadline",
			"experimental-dockershim-root-directory", "non-masquerade-cidr", "docker-disable-shared-pid", "dynamic-config-dir"},
			[]string{"container-runtime", "pod-infra-container-image", "keep-terminated-pod-volumes", "register-schedulable", "logtostderr"}},
		{26, []string{"logtostderr", "log-dir", "alsologtostderr"}, []string{"container-runtime"}},
		{27, []string{"container-runtime", "master-service-namespace"}, []string{"pod-infra-container-image", "keep-terminated-pod-volumes"}},
		{31, []string{"keep-terminated-pod-volumes", "iptables-masquerade-bit", "iptables-drop-bit"}, []string{"register-schedulable", "cloud-config"}},
		{34, []string{"register-schedulable", "cloud-config"}, []string{"pod-infra-container-image"}},
		{35, []string{"pod-infra-container-image"}, []string{"containerd-namespace"}},
		{37, []string{"containerd-namespace", "boot-id-file", "network-plugin"}, []string{"config-dir", "fail-cgroupv1", "node-ip", "v"}},
	}
	for _, tt := range tests {
		target := runtime.NewVersion(1, tt.minor)
		removed := kubelet.RemovedFlags(target)
		known := kubelet.KnownFlags(target)
		for _, name := range tt.removed {
			assert.Contains(t, removed, name, "%s lacks --%s", target, name)
			assert.NotContains(t, known, name, "%s lacks --%s", target, name)
			f, err := kubelet.ParseFlags([]string{"--" + name + "=x"})
			require.NoError(t, err)
			_, err = f.Validate(target)
			assert.ErrorIs(t, err, field.ErrRemoved, "%s --%s", target, name)
		}
		for _, name := range tt.present {
			assert.Contains(t, known, name, "%s has --%s", target, name)
		}
	}
}

func TestDeprecatedFlagsWarnWithTheirConfigKey(t *testing.T) {
	tests := []struct {
		minor int
		flag  kubelet.Flag
		warn  bool
	}{
		{26, kubelet.Flag{Name: "container-runtime-endpoint", Value: runtime.ContainerdEndpoint}, false},
		{27, kubelet.Flag{Name: "container-runtime-endpoint", Value: runtime.ContainerdEndpoint}, true},
		{24, kubelet.Flag{Name: "cgroup-driver", Value: "systemd"}, true},
		{28, kubelet.Flag{Name: "cloud-provider", Value: "external"}, true},
		{29, kubelet.Flag{Name: "cloud-provider", Value: "external"}, false},
		{37, kubelet.Flag{Name: "fail-cgroupv1", Value: "false"}, false},
		{37, kubelet.Flag{Name: "max-pods", Value: "110"}, true},
	}
	for _, tt := range tests {
		f, err := kubelet.ParseFlags([]string{tt.flag.String()})
		require.NoError(t, err)
		warnings, err := f.Validate(runtime.NewVersion(1, tt.minor))
		require.NoError(t, err)
		if !tt.warn {
			assert.Empty(t, warnings, "1.%d --%s", tt.minor, tt.flag.Name)
			continue
		}
		fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrDeprecated, "kubelet --"+tt.flag.Name))
	}
}

func TestConfigDirNeedsTheAlphaVariableIn128And129(t *testing.T) {
	for minor, warn := range map[int]bool{28: true, 29: true, 30: false, 37: false} {
		f := &kubelet.Flags{ConfigDir: "/etc/kubernetes/kubelet.conf.d"}
		warnings, err := f.Validate(runtime.NewVersion(1, minor))
		require.NoError(t, err)
		if warn {
			fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrForbidden, "kubelet --config-dir"))
		} else {
			assert.Empty(t, warnings, "1.%d", minor)
		}
	}
}

func TestArgsParseRoundTrip(t *testing.T) {
	f := validFlags()
	f.RegisterWithTaints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}, {Key: "spot", Effect: corev1.TaintEffectPreferNoSchedule}}
	args := f.Args()
	assert.Equal(t, []string{
		"--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
		"--kubeconfig=/etc/kubernetes/kubelet.conf",
		"--config=/var/lib/kubelet/config.yaml",
		"--node-ip=192.168.1.31,2408:822a:245:8c01::fab",
		"--node-labels=node.kubernetes.io/node=,example.com/pool=a",
		"--register-with-taints=dedicated=gpu:NoSchedule,spot:PreferNoSchedule",
		"--hostname-override=node-1",
		"--v=2",
		"--runtime-cgroups=/system.slice/containerd.service",
	}, args)
	back, err := kubelet.ParseFlags(args)
	require.NoError(t, err)
	assert.Equal(t, f.Args(), back.Args())
	assert.Equal(t, f.NodeLabels, back.NodeLabels)
	assert.Equal(t, f.RegisterWithTaints, back.RegisterWithTaints)
}

func TestParseFlagsForms(t *testing.T) {
	f, err := kubelet.ParseFlags([]string{
		"--kubeconfig", "/etc/kubernetes/kubelet.conf", // value as the next word
		"--fail-swap-on",     // a boolean alone
		"--node_ip=10.0.0.5", // "_" reads as "-"
		"-v", "3",            // one dash, the shorthand
		"--node-labels=a=1", "--node-labels=b=2", // labels add up
		"--config=/a.yaml", "--config=/b.yaml", // the last one wins
		"--network-plugin=cni", // removed, kept for Validate
	})
	require.NoError(t, err)
	assert.Equal(t, "/etc/kubernetes/kubelet.conf", f.Kubeconfig)
	assert.Equal(t, []string{"10.0.0.5"}, f.NodeIPs)
	assert.Equal(t, 3, *f.Verbosity)
	assert.Equal(t, []kubelet.Label{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, f.NodeLabels)
	assert.Equal(t, "/b.yaml", f.Config)
	assert.Equal(t, []kubelet.Flag{{Name: "fail-swap-on", Value: "true"}, {Name: "network-plugin", Value: "cni"}}, f.Extra)
}

func TestParseFlagsRefusesWhatEveryKubeletRefuses(t *testing.T) {
	tests := []struct {
		argv []string
		want error
		path string
	}{
		{[]string{"run"}, field.ErrInvalid, "kubelet[0]"},
		{[]string{"--kubeconfig"}, field.ErrRequired, "kubelet --kubeconfig"},
		{[]string{"--node-labels=novalue"}, field.ErrInvalid, "kubelet --node-labels"},
		{[]string{"--register-with-taints=a=b"}, field.ErrInvalid, "kubelet --register-with-taints"},
		{[]string{"--v=high"}, field.ErrInvalid, "kubelet --v"},
	}
	for _, tt := range tests {
		_, err := kubelet.ParseFlags(tt.argv)
		fieldtest.RequireExactly(t, err, fieldtest.Match(tt.want, tt.path))
	}
}

// TestSeedUnit reads the kubelet.service of the seed guide (section 2.3,
// its dual-stack variant) as a linter would and checks that Validate
// reports its real mistake for each target and nothing it gets right.
func TestSeedUnit(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-kubelet.service")
	require.NoError(t, err)
	unit, err := systemd.ParseUnitFile("kubelet.service", data)
	require.NoError(t, err)
	require.Len(t, unit.Service.ExecStart, 1)
	argv := unit.Service.ExecStart[0].Argv
	assert.Equal(t, "/usr/local/bin/kubelet", argv[0])
	f, err := kubelet.ParseFlags(argv[1:])
	require.NoError(t, err)
	assert.Equal(t, []string{"192.168.1.31", "2408:822a:245:8c01::fab"}, f.NodeIPs)
	assert.Equal(t, []kubelet.Label{{Key: "node.kubernetes.io/node", Value: ""}}, f.NodeLabels)
	assert.Equal(t, runtime.CRIDockerdEndpoint, f.ContainerRuntimeEndpoint)

	// 1.24 to 1.26: the endpoint flag is the only way; nothing to report.
	for _, minor := range []int{24, 26} {
		warnings, err := f.Validate(runtime.NewVersion(1, minor))
		assert.NoError(t, err)
		assert.Empty(t, warnings)
	}
	// From 1.27 the endpoint belongs in the config file.
	for _, minor := range []int{27, 31, 35, 37} {
		warnings, err := f.Validate(runtime.NewVersion(1, minor))
		assert.NoError(t, err)
		fieldtest.RequireExactly(t, warnings.Err(), fieldtest.Match(field.ErrDeprecated, "kubelet --container-runtime-endpoint").Value(runtime.CRIDockerdEndpoint))
	}
	// A guide from the dockershim days adds --network-plugin=cni: refused.
	f.Extra = append(f.Extra, kubelet.Flag{Name: "network-plugin", Value: "cni"})
	_, err = f.Validate(runtime.NewVersion(1, 24))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrRemoved, "kubelet --network-plugin"))
}
