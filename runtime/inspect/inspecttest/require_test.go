package inspecttest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

// recorder is a testing.TB that records a failure instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

const (
	daemonJSON = "/etc/docker/daemon.json"
	unit       = "/etc/systemd/system/kubelet.service"
)

var findings = []inspect.Finding{
	inspect.NewFinding(inspect.SeverityError, daemonJSON, field.Removed(field.NewPath("graph"), "/var/lib/docker", "gone")),
	inspect.NewFinding(inspect.SeverityWarning, unit, field.Required(field.NewUnitPath("kubelet.service").Child("Service").Child("Restart"), "x")),
}

func TestRequireFindings(t *testing.T) {
	restart := "kubelet.service [Service] Restart"
	tests := []struct {
		name   string
		want   []inspecttest.Want
		failed bool
	}{
		{"exactly, in any order", []inspecttest.Want{
			inspecttest.Warning(unit, field.ErrRequired, restart),
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph"),
		}, false},
		{"by value too", []inspecttest.Want{
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph").Value("/var/lib/docker"),
			inspecttest.Warning(unit, field.ErrRequired, restart),
		}, false},
		{"another value", []inspecttest.Want{
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph").Value("x"),
			inspecttest.Warning(unit, field.ErrRequired, restart),
		}, true},
		{"one more than wanted", []inspecttest.Want{inspecttest.Error(daemonJSON, field.ErrRemoved, "graph")}, true},
		{"another severity", []inspecttest.Want{
			inspecttest.Warning(daemonJSON, field.ErrRemoved, "graph"),
			inspecttest.Warning(unit, field.ErrRequired, restart),
		}, true},
		{"another file", []inspecttest.Want{
			inspecttest.Error("/etc/docker/other.json", field.ErrRemoved, "graph"),
			inspecttest.Warning(unit, field.ErrRequired, restart),
		}, true},
		{"the display path is not the problem's", []inspecttest.Want{
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph"),
			inspecttest.Warning(unit, field.ErrRequired, "[Service] Restart"),
		}, true},
		{"one wanted twice", []inspecttest.Want{
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph"),
			inspecttest.Error(daemonJSON, field.ErrRemoved, "graph"),
			inspecttest.Warning(unit, field.ErrRequired, restart),
		}, true},
		{"none wanted", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			inspecttest.RequireFindings(r, findings, tt.want...)
			assert.Equal(t, tt.failed, r.failed)
		})
	}

	r := &recorder{TB: t}
	inspecttest.RequireFindings(r, nil)
	assert.False(t, r.failed, "none found, none wanted")
	inspecttest.RequireFindings(r, []inspect.Finding{{Severity: inspect.SeverityError, File: daemonJSON}}, inspecttest.Error(daemonJSON, field.ErrInvalid, ""))
	assert.True(t, r.failed, "a finding without its problem matches nothing")
}
