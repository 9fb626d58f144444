package kubelet_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
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
	m := fstest.MapFS{}
	for path, content := range files {
		m[strings.TrimPrefix(path, "/")] = &fstest.MapFile{Data: []byte(content)}
	}
	return inspect.NewNode(m)
}

// inspectNode inspects the node holding files for target.
func inspectNode(files map[string]string, target inspect.Target) *inspect.Report {
	return kubelet.Inspect(nodeOf(files), target)
}

// found is one finding a test expects: its severity, its file, and its
// problem by sentinel and path.
type found struct {
	sev  inspect.Severity
	file string
	m    fieldtest.Matcher
}

// requireFindings fails t unless the findings are exactly the wanted ones.
func requireFindings(t *testing.T, got []inspect.Finding, wanted ...found) {
	t.Helper()
	left := append([]inspect.Finding(nil), got...)
	for _, w := range wanted {
		i := 0
		for i < len(left) && (left[i].Severity != w.sev || left[i].File != w.file || !w.m.Matches(left[i].Err)) {
			i++
		}
		require.Less(t, i, len(left), "no %s %s: %s in %v", w.sev, w.file, w.m, got)
		left = append(left[:i], left[i+1:]...)
	}
	require.Empty(t, left, "unexpected findings")
}

var v133 = inspect.Target{Version: runtime.NewVersion(1, 33), Given: true}

func TestInspectPlannedNodeIsClean(t *testing.T) {
	node := nodeOf(plannedNode(t))
	r := kubelet.Inspect(node, v133)
	requireFindings(t, r.Findings)
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
		want   []found
	}{{
		name: "a flag the target kubelet lacks, in the env file",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--container-runtime=remote"` + "\n"
		},
		want: []found{{inspect.SeverityError, flagsEnv, fieldtest.Match(field.ErrRemoved, "kubelet --container-runtime")}},
	}, {
		name:   "a flag of /etc/default/kubelet",
		change: func(files map[string]string) { files[defaults] = "KUBELET_EXTRA_ARGS=--network-plugin=cni\n" },
		want:   []found{{inspect.SeverityError, defaults, fieldtest.Match(field.ErrRemoved, "kubelet --network-plugin")}},
	}, {
		name: "a drop-in replaces the command line",
		change: func(files map[string]string) {
			files[extraDrop] = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --keep-terminated-pod-volumes\n"
		},
		want: []found{{inspect.SeverityError, extraDrop, fieldtest.Match(field.ErrRemoved, "kubelet --keep-terminated-pod-volumes")}},
	}, {
		name:   "a deprecated flag: a warning",
		change: func(files map[string]string) { files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--max-pods=200"` + "\n" },
		want:   []found{{inspect.SeverityWarning, flagsEnv, fieldtest.Match(field.ErrDeprecated, "kubelet --max-pods")}},
	}, {
		name: "a bad value of a typed flag",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--node-labels=node-role.kubernetes.io/worker="` + "\n"
		},
		want: []found{{inspect.SeverityError, flagsEnv, fieldtest.Match(field.ErrForbidden, "kubelet --node-labels node-role.kubernetes.io/worker")}},
	}, {
		name:   "a command line the kubelet cannot parse",
		change: func(files map[string]string) { files[flagsEnv] = `KUBELET_KUBEADM_ARGS="run"` + "\n" },
		want:   []found{{inspect.SeverityError, kubeadmRef, fieldtest.Match(field.ErrInvalid, "kubelet[3]")}},
	}, {
		name:   "the --config file is missing",
		change: func(files map[string]string) { delete(files, configYAML) },
		want:   []found{{inspect.SeverityError, kubeadmRef, fieldtest.Match(field.ErrInvalid, "kubelet --config")}},
	}, {
		name: "an unknown key of the config is only logged",
		change: func(files map[string]string) {
			replace(files, configYAML, "cgroupDriver: systemd", "cgroupDriver: systemd\ncgroupDrivr: x")
		},
		want: []found{{inspect.SeverityWarning, configYAML, fieldtest.Match(field.ErrUnknown, "cgroupDrivr")}},
	}, {
		name: "a bad value in the config",
		change: func(files map[string]string) {
			replace(files, configYAML, "staticPodPath: /etc/kubernetes/manifests", "staticPodPath: manifests")
		},
		want: []found{{inspect.SeverityError, configYAML, fieldtest.Match(field.ErrInvalid, "staticPodPath")}},
	}, {
		name: "a key of a later release in a --config-dir drop-in",
		change: func(files map[string]string) {
			files[flagsEnv] = `KUBELET_KUBEADM_ARGS="--config-dir=/etc/kubernetes/kubelet.conf.d"` + "\n"
			files["/etc/kubernetes/kubelet.conf.d/10-x.conf"] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmemoryReservationPolicy: None\n"
		},
		want: []found{{inspect.SeverityError, "/etc/kubernetes/kubelet.conf.d/10-x.conf", fieldtest.Match(field.ErrNotSupported, "memoryReservationPolicy")}},
	}, {
		name:   "no Restart=",
		change: func(files map[string]string) { replace(files, unitFile, "Restart=always\n", "") },
		want:   []found{{inspect.SeverityWarning, unitFile, fieldtest.Match(field.ErrRequired, "kubelet.service [Service] Restart")}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := plannedNode(t)
			tt.change(files)
			requireFindings(t, inspectNode(files, v133).Findings, tt.want...)
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
	requireFindings(t, r.Findings,
		found{inspect.SeverityWarning, defaults, fieldtest.Match(field.ErrDeprecated, "kubelet --container-runtime-endpoint")},
		found{inspect.SeverityWarning, defaults, fieldtest.Match(field.ErrDeprecated, "kubelet --pod-infra-container-image")})
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
	requireFindings(t, r.Findings)
	assert.Equal(t, &inspect.Client{Name: "kubelet", File: unitFile,
		Endpoints:    []inspect.Located{{Value: runtime.ContainerdEndpoint}},
		CgroupDriver: inspect.Located{Value: "cgroupfs"}}, r.Client)
}

// A config file the kubelet cannot read leaves its settings unknown.
func TestInspectUnreadableConfig(t *testing.T) {
	files := plannedNode(t)
	files[configYAML] = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: many\n"
	r := inspectNode(files, v133)
	requireFindings(t, r.Findings, found{inspect.SeverityError, configYAML, fieldtest.Match(field.ErrInvalid, "")})
	assert.True(t, r.Client.ConfigUnknown)
}

func TestInspectAssumesTheNewestKubernetes(t *testing.T) {
	r := inspectNode(plannedNode(t), inspect.Target{})
	requireFindings(t, r.Findings, found{inspect.SeverityWarning, unitFile, fieldtest.Match(field.ErrRequired, "")})
	assert.Equal(t, kubelet.DefaultVersion, r.Version)

	r = inspectNode(nil, inspect.Target{})
	assert.Empty(t, r.Findings, "no kubelet.service: nothing to say")
	assert.Nil(t, r.Client)
}
