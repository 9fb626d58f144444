package inspect_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// TestFindingQuotesABoundedPrefix: a 50 MB value (the 52 MB
// finding) and a long key print as their prefix and length; the problem
// keeps the whole value.
func TestFindingQuotesABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("x", 50<<20)
	f := inspect.NewFinding(inspect.SeverityError, "/etc/containerd/config.toml",
		field.Invalid(field.NewTOMLPath("plugins", huge), huge, "bad: "+huge))
	assert.Less(t, len(f.String()), 4096)
	assert.Equal(t, huge, f.Err.BadValue)
}

func TestFindingString(t *testing.T) {
	f := inspect.Finding{Severity: inspect.SeverityError, File: "/etc/docker/daemon.json", Path: "exec-opts[0]", Message: "invalid value: x"}
	assert.Equal(t, "error /etc/docker/daemon.json: exec-opts[0]: invalid value: x", f.String())
	f.Path = ""
	assert.Equal(t, "error /etc/docker/daemon.json: invalid value: x", f.String())
}

func TestNewFindingKeepsThePathApart(t *testing.T) {
	for _, tc := range []struct {
		path *field.Path
		want string
	}{
		{field.NewUnitPath("kubelet.service").Child("Service").Child("ExecStart").Index(0), "[Service] ExecStart[0]"},
		{field.NewUnitPath("kubelet.service"), ""},
		{field.NewTOMLPath("plugins", "io.containerd.grpc.v1.cri", "sandbox_image"), `plugins."io.containerd.grpc.v1.cri".sandbox_image`},
		{field.NewFlagPath("kubelet").Child("--node-ip"), "kubelet --node-ip"},
		{nil, ""},
	} {
		e := field.Invalid(tc.path, "x", "bad")
		f := inspect.NewFinding(inspect.SeverityWarning, "/f", e)
		assert.Equal(t, tc.want, f.Path)
		assert.Equal(t, inspect.Message(e), f.Message)
		assert.Same(t, e, f.Err)
	}
}

func TestReportAdds(t *testing.T) {
	var r inspect.Report
	warn := field.Deprecated(field.NewPath("a"), "x", "old")
	r.AddList("/f", field.ErrorList{warn}, field.ErrorList{field.Removed(field.NewPath("b"), "y", "gone")})
	r.AddErr("/g", errors.New("not a field problem"))
	r.AddErr("/h", nil)
	r.AddReadErr("/i", errors.New("permission denied"))
	inspecttest.RequireFindings(t, r.Findings,
		inspecttest.Warning("/f", field.ErrDeprecated, "a"),
		inspecttest.Error("/f", field.ErrRemoved, "b"),
		inspecttest.Error("/g", field.ErrInvalid, ""),
		inspecttest.Error("/i", field.ErrInvalid, ""))
}

func TestReportAssume(t *testing.T) {
	var r inspect.Report
	v := runtime.NewVersion(2, 2)
	r.Assume("/etc/containerd/config.toml", field.NewTOMLPath("version"), "containerd", v, "the newest release whose config version is 3")
	assert.Equal(t, v, r.Version)
	inspecttest.RequireFindings(t, r.Findings, inspecttest.Warning("/etc/containerd/config.toml", field.ErrRequired, "version"))
}

func TestLocated(t *testing.T) {
	def := inspect.Located{Value: "cgroupfs"}
	assert.Equal(t, "its default", def.Where())
	file, p := def.At("/fallback")
	assert.Equal(t, "/fallback", file)
	assert.Nil(t, p)

	whole := inspect.Located{Value: "x", File: "/etc/x"}
	assert.Equal(t, "/etc/x", whole.Where())

	at := inspect.Located{Value: "systemd", File: "/etc/x.service", Path: field.NewUnitPath("x.service").Child("Service").Child("ExecStart")}
	assert.Equal(t, "/etc/x.service: [Service] ExecStart", at.Where())
	file, p = at.At("/fallback")
	assert.Equal(t, "/etc/x.service", file)
	assert.Same(t, at.Path, p)
}
