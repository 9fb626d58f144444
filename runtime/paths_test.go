package runtime_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// Issue 20, item 8: a path with a 300-byte name was accepted, then Apply
// failed with "file name too long" and the script died part-way. The one
// node path check now refuses what the kernel refuses.
func TestValidateNodePathLengths(t *testing.T) {
	p := field.NewPath("path")
	name255 := strings.Repeat("n", 255)
	assert.Empty(t, runtime.ValidateNodePath(p, "/etc/"+name255), "255 bytes is a legal name")
	fieldtest.RequireExactly(t, runtime.ValidateNodePath(p, "/etc/"+name255+"n").Err(),
		fieldtest.Match(field.ErrTooLong, "path"))
	// A long directory too.
	fieldtest.RequireExactly(t, runtime.ValidateNodePath(p, "/"+name255+"n/x").Err(),
		fieldtest.Match(field.ErrTooLong, "path"))

	deep := strings.Repeat("/"+strings.Repeat("d", 200), 20) // 4020 bytes
	assert.Empty(t, runtime.ValidateNodePath(p, deep+"/"+strings.Repeat("f", 74)), "4095 bytes is a legal path")
	fieldtest.RequireExactly(t, runtime.ValidateNodePath(p, deep+"/"+strings.Repeat("f", 75)).Err(),
		fieldtest.Match(field.ErrTooLong, "path"))
}

// Every file of a plan goes through the same check.
func TestPlanRefusesALongFileName(t *testing.T) {
	_, err := runtime.NewPlan(runtime.Plan{Files: []runtime.File{
		{Path: "/etc/containerd/certs.d/" + strings.Repeat("r", 300) + "/hosts.toml", Mode: 0o644},
	}})
	fieldtest.RequireProblem(t, err, field.ErrTooLong, "files[0].path")
	_, err = runtime.NewPlan(runtime.Plan{Files: []runtime.File{{Path: "/etc/ok", Mode: 0o644}}})
	require.NoError(t, err)
}

// Issue 20, item 7: "/usr/local/bin/containerd%h" rendered as a path
// systemd expands. One rule now refuses, for every unit's program, what
// systemd or a shell would read as anything but the path itself.
func TestValidateExecPath(t *testing.T) {
	p := field.NewPath("binary")
	for _, ok := range []string{"/usr/bin/kubelet", "/usr/local/bin/containerd", "/opt/bin/cri-dockerd", "/opt/k8s-1.35/bin/kube_let+v2", "/opt/bïn/kubelet"} {
		assert.Empty(t, runtime.ValidateExecPath(p, ok), ok)
	}
	for _, bad := range []string{
		"/usr/local/bin/containerd%h", "/usr/bin/$HOME", "/usr/bin/${X}", "/usr/bin/`id`", "/usr/bin/a; b",
		"/usr/bin/a;b", "/usr/bin/a b", "/usr/bin/a\tb", "/usr/bin/a&b", "/usr/bin/a|b", "/usr/bin/a>b",
		"/usr/bin/a'b", `/usr/bin/a"b`, `/usr/bin/a\b`, "/usr/bin/a*", "/usr/bin/a?", "/usr/bin/~a",
		"/usr/bin/a\u0085b", "/usr/bin/a\u00a0b", "/usr/bin/a\x7fb", "/usr/bin/\xff",
	} {
		fieldtest.RequireExactly(t, runtime.ValidateExecPath(p, bad).Err(), fieldtest.Match(field.ErrInvalid, "binary").Value(bad))
	}
	for _, bad := range []string{"", "usr/bin/kubelet", "/usr/bin/../x", "/usr/bin/", "/usr/bin/a\nb", "/" + strings.Repeat("k", 256)} {
		assert.NotEmpty(t, runtime.ValidateExecPath(p, bad), "%q is not even a node path", bad)
	}
}

// A registry names containerd's certs.d directory: a 300-byte name is
// refused where it is given, before any file is planned.
func TestMirrorRegistryLength(t *testing.T) {
	long := strings.Repeat("r", 251) + ".io"
	errs := runtime.ValidateMirrors(field.NewPath("mirrors"), []runtime.Mirror{
		{Registry: long, URL: "https://mirror.example"},
		{Registry: strings.Repeat("r", 300), URL: "https://mirror.example"},
	})
	fieldtest.RequireExactly(t, errs.Err(), fieldtest.Match(field.ErrTooLong, "mirrors[1].registry"))
}

// A socket path longer than sun_path is as useless as a long file name.
func TestCRIEndpointSocketLength(t *testing.T) {
	p := field.NewPath("containerRuntimeEndpoint")
	path107 := "/run/" + strings.Repeat("s", 97) + ".sock"
	assert.Empty(t, runtime.ValidateCRIEndpoint(p, "unix://"+path107, true))
	fieldtest.RequireExactly(t, runtime.ValidateCRIEndpoint(p, "unix://"+path107+"x", true).Err(),
		fieldtest.Match(field.ErrTooLong, "containerRuntimeEndpoint"))
}
