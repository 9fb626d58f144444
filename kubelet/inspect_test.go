package kubelet_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

const (
	configYAML = "/var/lib/kubelet/config.yaml"
	unitFile   = "/etc/systemd/system/kubelet.service"
	kubeadmRef = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
	flagsEnv   = "/var/lib/kubelet/kubeadm-flags.env"
	defaults   = "/etc/default/kubelet"
	extraDrop  = "/etc/systemd/system/kubelet.service.d/20-x.conf"
)

// plannedNode is the node NewInstaller plans for Kubernetes 1.33: its
// files' contents by node path.
func plannedNode(t *testing.T) map[string]string {
	t.Helper()
	in, err := kubelet.NewInstaller(kubelet.WithVersion("1.33"))
	require.NoError(t, err)
	plan, err := in.Plan(t.Context())
	require.NoError(t, err)
	files := map[string]string{}
	for _, f := range plan.Files {
		files[f.Path] = string(f.Content)
	}
	return files
}

// replace replaces the first old in a file by new.
func replace(files map[string]string, path, old, new string) {
	files[path] = strings.Replace(files[path], old, new, 1)
}

// nodeOf is the node holding files.
func nodeOf(files map[string]string) *inspect.Node {
	return inspect.NewNode(inspecttest.NodeFS(files))
}

// inspectNode inspects the node holding files for target.
func inspectNode(files map[string]string, target inspect.Target) *inspect.Report {
	return kubelet.Inspect(nodeOf(files), target)
}

var v133 = inspect.Target{Version: runtime.NewVersion(1, 33), Given: true}

func TestInspectPlannedNodeIsClean(t *testing.T) {
	node := nodeOf(plannedNode(t))
	r := kubelet.Inspect(node, v133)
	inspecttest.RequireFindings(t, r.Findings)
	assert.Empty(t, node.Findings())
	assert.Equal(t, runtime.NewVersion(1, 33), r.Version)
	require.NotNil(t, r.Client)
	assert.Equal(t, inspect.Located{Value: runtime.ContainerdEndpoint, File: configYAML, Path: field.NewPath("containerRuntimeEndpoint")}, r.Client.Endpoints[0])
	assert.Equal(t, inspect.Located{Value: "systemd", File: configYAML, Path: field.NewPath("cgroupDriver")}, r.Client.CgroupDriver)
	assert.Equal(t, inspect.Located{}, r.Client.PauseImage)
	assert.Equal(t, configYAML, r.Client.File)
	assert.False(t, r.Client.ConfigUnknown)
}

func TestInspectFindsOneProblem(t *testing.T) {
	tests := []struct {
		name   string
		change func(files map[string]string)
		want   []inspecttest.Want
	}{{
		name: "a flag the target kubelet lacks, in the env file",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--container-runtime=remote"` + "\n"
		},
		want: []inspecttest.Want{inspecttest.Error(flagsEnv, field.ErrRemoved, "kubelet --container-runtime")},
	}, {
		name:   "a flag of /etc/default/kubelet",
		change: func(files map[string]string) { files[defaults] = "KUBELET_EXTRA_ARGS=--network-plugin=cni\n" },
		want:   []inspecttest.Want{inspecttest.Error(defaults, field.ErrRemoved, "kubelet --network-plugin")},
	}, {
		name: "a drop-in replaces the command line",
		change: func(files map[string]string) {
			files[extraDrop] = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --keep-terminated-pod-volumes\n"
		},
		want: []inspecttest.Want{inspecttest.Error(extraDrop, field.ErrRemoved, "kubelet --keep-terminated-pod-volumes")},
	}, {
		name:   "a deprecated flag: a warning",
		change: func(files map[string]string) { files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--max-pods=200"` + "\n" },
		want:   []inspecttest.Want{inspecttest.Warning(flagsEnv, field.ErrDeprecated, "kubelet --max-pods")},
	}, {
		name: "a bad value of a typed flag",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--node-labels=node-role.kubernetes.io/worker="` + "\n"
		},
		want: []inspecttest.Want{inspecttest.Error(flagsEnv, field.ErrForbidden, "kubelet --node-labels node-role.kubernetes.io/worker")},
	}, {
		name:   "a command line the kubelet cannot parse",
		change: func(files map[string]string) { files[flagsEnv] = `KUBELET_KUBEADM_ARGS="run"` + "\n" },
		want:   []inspecttest.Want{inspecttest.Error(kubeadmRef, field.ErrInvalid, "kubelet[3]")},
	}, {
		name:   "the --config file is missing",
		change: func(files map[string]string) { delete(files, configYAML) },
		want:   []inspecttest.Want{inspecttest.Error(kubeadmRef, field.ErrInvalid, "kubelet --config")},
	}, {
		name: "an unknown key of the config is only logged",
		change: func(files map[string]string) {
			replace(files, configYAML, "cgroupDriver: systemd", "cgroupDriver: systemd\ncgroupDrivr: x")
		},
		want: []inspecttest.Want{inspecttest.Warning(configYAML, field.ErrUnknown, "cgroupDrivr")},
	}, {
		name: "a bad value in the config",
		change: func(files map[string]string) {
			replace(files, configYAML, "staticPodPath: /etc/kubernetes/manifests", "staticPodPath: manifests")
		},
		want: []inspecttest.Want{inspecttest.Error(configYAML, field.ErrInvalid, "staticPodPath")},
	}, {
		name: "a key of a later release in a --config-dir drop-in",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--config-dir=/etc/kubernetes/kubelet.conf.d"` + "\n"
			files["/etc/kubernetes/kubelet.conf.d/10-x.conf"] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmemoryReservationPolicy: None\n"
		},
		want: []inspecttest.Want{inspecttest.Error("/etc/kubernetes/kubelet.conf.d/10-x.conf", field.ErrNotSupported, "memoryReservationPolicy")},
	}, {
		name:   "no Restart=",
		change: func(files map[string]string) { replace(files, unitFile, "Restart=always\n", "") },
		want:   []inspecttest.Want{inspecttest.Warning(unitFile, field.ErrRequired, "kubelet.service [Service] Restart")},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := plannedNode(t)
			tt.change(files)
			inspecttest.RequireFindings(t, inspectNode(files, v133).Findings, tt.want...)
		})
	}
}

// Flags override the config file, and a --config-dir drop-in the file, as
// in the kubelet; the report says where each value is set.
func TestInspectClientSaysWhereEachValueIsSet(t *testing.T) {
	files := plannedNode(t)
	files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--config-dir=/etc/kubernetes/kubelet.conf.d"` + "\n"
	files["/etc/kubernetes/kubelet.conf.d/10-driver.conf"] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: cgroupfs\n"
	files[defaults] = "KUBELET_EXTRA_ARGS=--container-runtime-endpoint=unix:///run/crio/crio.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\n"
	r := inspectNode(files, v133)
	inspecttest.RequireFindings(t, r.Findings,
		inspecttest.Warning(defaults, field.ErrDeprecated, "kubelet --container-runtime-endpoint"),
		inspecttest.Warning(defaults, field.ErrDeprecated, "kubelet --pod-infra-container-image"))
	flagAt := func(name string) *field.Path { return field.NewFlagPath("kubelet").Child("--" + name) }
	assert.Equal(t, inspect.Located{Value: "unix:///run/crio/crio.sock", File: defaults, Path: flagAt("container-runtime-endpoint")}, r.Client.Endpoints[0])
	assert.Equal(t, inspect.Located{Value: "cgroupfs", File: "/etc/kubernetes/kubelet.conf.d/10-driver.conf", Path: field.NewPath("cgroupDriver")}, r.Client.CgroupDriver)
	assert.Equal(t, inspect.Located{Value: "registry.k8s.io/pause:3.10", File: defaults, Path: flagAt("pod-infra-container-image")}, r.Client.PauseImage)
}

// Without a config file the kubelet's defaults apply: the containerd
// socket and the cgroupfs driver, located nowhere.
func TestInspectClientDefaults(t *testing.T) {
	files := map[string]string{}
	files[unitFile] = "[Service]\nExecStart=/usr/bin/kubelet --v=2\nRestart=always\n"
	r := inspectNode(files, v133)
	inspecttest.RequireFindings(t, r.Findings)
	assert.Equal(t, &inspect.Client{Name: "kubelet", File: unitFile,
		Endpoints:    []inspect.Located{{Value: runtime.ContainerdEndpoint}},
		CgroupDriver: inspect.Located{Value: "cgroupfs"}}, r.Client)
}

// A config file the kubelet cannot read leaves its settings unknown.
func TestInspectUnreadableConfig(t *testing.T) {
	files := plannedNode(t)
	files[configYAML] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: many\n"
	r := inspectNode(files, v133)
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Error(configYAML, field.ErrInvalid, ""))
	assert.True(t, r.Client.ConfigUnknown)
}

func TestInspectAssumesTheNewestKubernetes(t *testing.T) {
	r := inspectNode(plannedNode(t), inspect.Target{})
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning(unitFile, field.ErrRequired, ""))
	assert.Equal(t, kubelet.DefaultVersion, r.Version)

	r = inspectNode(nil, inspect.Target{})
	assert.Empty(t, r.Findings, "no kubelet.service: nothing to say")
	assert.Nil(t, r.Client)
}
