package field_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
)

func TestPathString(t *testing.T) {
	runc := field.NewTOMLPath("plugins", "io.containerd.cri.v1.runtime", "containerd", "runtimes").Key("runc")
	service := field.NewUnitPath("kubelet.service").Child("Service")
	tests := []struct {
		name string
		path *field.Path
		want string
	}{
		{"toml quoted key", runc.Child("runtime_type"), `plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.runtime_type`},
		{"toml index", field.NewTOMLPath("imports").Index(2), `imports[2]`},
		{"toml key with space", field.NewTOMLPath("host").Key("https://mirror.example"), `host."https://mirror.example"`},
		{"toml empty key", field.NewTOMLPath("a").Key(""), `a.""`},
		{"json index", field.NewPath("exec-opts").Index(0), `exec-opts[0]`},
		{"json map key", field.NewPath("log-opts").Key("max-size"), `log-opts.max-size`},
		{"json nested", field.NewPath("default-address-pools").Index(1).Child("base"), `default-address-pools[1].base`},
		{"unit key", service.Child("ExecStart"), `kubelet.service [Service] ExecStart`},
		{"unit argv", service.Child("ExecStart").Index(3), `kubelet.service [Service] ExecStart[3]`},
		{"unit drop-in", field.NewUnitPath("kubelet.service.d/10-kubeadm.conf").Child("Service", "Environment"), `kubelet.service.d/10-kubeadm.conf [Service] Environment`},
		{"flag", field.NewFlagPath("kubelet").Child("--node-ip"), `kubelet --node-ip`},
		{"nil", nil, ``},
		{"child of nil", (*field.Path)(nil).Child("a", "b"), `a.b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.path.String())
		})
	}
}

func TestPathIsImmutable(t *testing.T) {
	parent := field.NewPath("runtimes")
	a := parent.Key("a")
	b := parent.Key("b")
	assert.Equal(t, "runtimes.a", a.String())
	assert.Equal(t, "runtimes.b", b.String())
	assert.Equal(t, "runtimes", parent.String())
	assert.Equal(t, "runtimes", b.Root())
	assert.Equal(t, field.TOML, field.NewTOMLPath("x").Index(1).Syntax())
}

func TestJoin(t *testing.T) {
	inner := field.NewTOMLPath("plugins", "io.containerd.cri.v1.images").Child("pinned_images").Key("sandbox")
	assert.Equal(t, `containerd.plugins."io.containerd.cri.v1.images".pinned_images.sandbox`, field.NewTOMLPath("containerd").Join(inner).String())
	assert.Equal(t, "nodeLabels[0].key", field.NewPath("nodeLabels").Index(0).Join(field.NewPath("key")).String())
	assert.Same(t, inner, (*field.Path)(nil).Join(inner))
	assert.Equal(t, "a", field.NewPath("a").Join(nil).String())
}

func TestErrorsAtPrefixesAList(t *testing.T) {
	err := field.ErrorList{field.Invalid(field.NewPath("exec-opts").Index(0), "x", "bad"), field.Required(nil, "whole file")}
	got := field.ErrorsAt(field.NewPath("docker"), err)
	assert.Equal(t, "docker.exec-opts[0]", got[0].Path.String())
	assert.Equal(t, "docker", got[1].Path.String())
	assert.Equal(t, "exec-opts[0]", err[0].Path.String(), "the input is not changed")
	assert.Equal(t, err, field.ErrorsAt(nil, err))
}
