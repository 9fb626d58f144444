package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// Lint of a containerd 2.x node sees a conf.d drop-in only when config.toml
// imports it, and reports what the drop-in sets in the drop-in.
func TestInspectDropIn(t *testing.T) {
	given := inspecttest.Given("2.2")

	r := containerd.Inspect(nodeOf(t, "testdata/load/imported.txtar"), given)
	require.NotNil(t, r.Server)
	assert.Equal(t, inspect.Located{Value: string(runtime.CgroupCgroupfs), File: dropIn,
		Path: field.NewTOMLPath("plugins", "io.containerd.cri.v1.runtime", "containerd", "runtimes", "runc", "options", "SystemdCgroup")}, r.Server.CgroupDriver)
	assert.Equal(t, "registry.example/pause:tweak", r.Server.PauseImage.Value)
	assert.Equal(t, dropIn, r.Server.PauseImage.File)
	assert.Empty(t, r.Findings)

	r = containerd.Inspect(nodeOf(t, "testdata/load/not-imported.txtar"), given)
	assert.Equal(t, string(runtime.CgroupSystemd), r.Server.CgroupDriver.Value)
	assert.Equal(t, containerd.ConfigFile, r.Server.CgroupDriver.File)
	assert.Equal(t, inspect.Located{Value: "registry.k8s.io/pause:3.10.1", File: containerd.ConfigFile,
		Path: field.NewTOMLPath("plugins", "io.containerd.cri.v1.images", "pinned_images", "sandbox")}, r.Server.PauseImage)
}

func TestInspectReportsInTheFileThatSetsIt(t *testing.T) {
	node := nodeFiles(map[string]string{
		containerd.ConfigFile: lines(`version = 3`, `imports = ["/etc/containerd/conf.d/*.toml"]`),
		dropIn: lines(
			`[plugins."io.containerd.cri.v1.runtime"]`, `systemd_cgroup = true`, `enable_selinx = true`,
			`[plugins."io.containerd.cri.v1.images".registry]`, `config_path = "/etc/containerd/certs.d"`,
		),
		"/etc/containerd/certs.d/docker.io/hosts.toml": lines(`server = "registry-1.docker.io"`),
	})
	r := containerd.Inspect(node, inspecttest.Given("2.2"))
	inspecttest.RequireFindings(t, r.Findings,
		inspecttest.Error(dropIn, field.ErrRemoved, `plugins."io.containerd.cri.v1.runtime".systemd_cgroup`),
		inspecttest.Warning(dropIn, field.ErrUnknown, `plugins."io.containerd.cri.v1.runtime".enable_selinx`),
		inspecttest.Error("/etc/containerd/certs.d/docker.io/hosts.toml", field.ErrInvalid, "server"))
}

func TestInspectAssumesTheRelease(t *testing.T) {
	r := containerd.Inspect(nodeOf(t, "testdata/load/imported.txtar"), inspect.Target{})
	assert.Equal(t, v("2.2"), r.Version, "config version 3: the newest release whose version it is")
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning(containerd.ConfigFile, field.ErrRequired, "version"))

	r = containerd.Inspect(nodeFiles(map[string]string{containerd.ConfigFile: lines(`disabled_plugins = ["cri"]`)}), inspect.Target{})
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning(containerd.ConfigFile, field.ErrDeprecated, "version"))
	require.NotNil(t, r.Server)
	assert.NotEmpty(t, r.Server.NoCRI, "config version 1 disabling cri")

	r = containerd.Inspect(nodeFiles(map[string]string{"/etc/other": "x"}), inspect.Target{})
	assert.Equal(t, &inspect.Report{}, r, "no containerd")
}

func TestInspectWithholdsADisabledCRI(t *testing.T) {
	r := containerd.Inspect(nodeFiles(map[string]string{
		containerd.ConfigFile: lines(`version = 2`, `disabled_plugins = ["io.containerd.grpc.v1.cri"]`),
	}), inspecttest.Given("1.7"))
	assert.Empty(t, r.Findings)
	inspecttest.RequireFindings(t, r.Server.Withheld, inspecttest.Error(containerd.ConfigFile, field.ErrForbidden, "disabled_plugins[0]"))
	assert.NotEmpty(t, r.Server.NoCRI)
}
