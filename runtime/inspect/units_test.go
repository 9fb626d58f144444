package inspect_test

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/systemd"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// dropInNode has x.service in the vendor directory and drop-ins in three
// directories, one hiding another of the same name.
var dropInNode = fstest.MapFS{
	"usr/lib/systemd/system/x.service": file("[Unit]\nAfter=a.service\n[Service]\nExecStart=/bin/x --v=1\nEnvironment=A=1\nRestart=always\n"),
	// Hidden by /etc's 10-a.conf: never applied.
	"usr/lib/systemd/system/x.service.d/10-a.conf": file("[Service]\nRestart=no\n"),
	"etc/systemd/system/x.service.d/10-a.conf":     file("[Unit]\nAfter=b.service\n[Service]\nEnvironment=B=2\n"),
	"run/systemd/system/x.service.d/20-b.conf":     file("[Unit]\nAfter=\n[Service]\nExecStart=\nExecStart=/bin/x --v=2\nRestart=on-failure\n"),
	"etc/systemd/system/x.service.d/README":        file("not a drop-in"),
	// The first along the search path wins.
	"etc/systemd/system/y.service":      file("[Service]\nExecStart=/bin/etc\n"),
	"lib/systemd/system/y.service":      file("[Service]\nExecStart=/bin/lib\n"),
	"etc/systemd/system/masked.service": {Data: []byte("/dev/null"), Mode: fs.ModeSymlink},
	"lib/systemd/system/bad.service":    file("[Service\n"),
	"lib/systemd/system/getty@.service": file("[Service]\nExecStart=/bin/getty\n"),
}

func TestNodeUnitMergesDropIns(t *testing.T) {
	n := inspect.NewNode(dropInNode)
	u := n.Unit("x.service")
	require.NotNil(t, u)
	assert.Equal(t, "/usr/lib/systemd/system/x.service", u.File)
	assert.Equal(t, []string{"/etc/systemd/system/x.service.d/10-a.conf", "/run/systemd/system/x.service.d/20-b.conf"}, u.DropIns)

	svc := u.Service()
	require.NotNil(t, svc)
	require.Len(t, svc.ExecStart, 1, "an empty ExecStart= resets the list")
	assert.Equal(t, []string{"/bin/x", "--v=2"}, svc.ExecStart[0].Argv)
	assert.Equal(t, []systemd.Env{{Name: "A", Value: "1"}, {Name: "B", Value: "2"}}, svc.Environment)
	assert.Equal(t, systemd.RestartOnFailure, svc.Restart, "the last drop-in wins, the hidden one is not read")
	assert.Equal(t, []string{"a.service", "b.service"}, u.Effective.Unit.After, "an empty After= resets nothing")
	assert.Equal(t, "/run/systemd/system/x.service.d/20-b.conf", u.ExecFile())

	// Each value is found in the file that wrote it, at that file's index.
	for _, tc := range []struct {
		section, key string
		index        int // -1: the key as a whole
		file, path   string
	}{
		{"Unit", "After", 0, "/usr/lib/systemd/system/x.service", "x.service [Unit] After[0]"},
		{"Unit", "After", 1, "/etc/systemd/system/x.service.d/10-a.conf", "x.service.d/10-a.conf [Unit] After[0]"},
		{"Service", "Environment", 1, "/etc/systemd/system/x.service.d/10-a.conf", "x.service.d/10-a.conf [Service] Environment[0]"},
		{"Service", "ExecStart", 0, "/run/systemd/system/x.service.d/20-b.conf", "x.service.d/20-b.conf [Service] ExecStart[1]"},
		{"Service", "Restart", -1, "/run/systemd/system/x.service.d/20-b.conf", "x.service.d/20-b.conf [Service] Restart"},
		{"Service", "Type", -1, "/usr/lib/systemd/system/x.service", "x.service [Service] Type"},
	} {
		var file string
		var p *field.Path
		if tc.index < 0 {
			file, p = u.KeyAt(tc.section, tc.key)
		} else {
			file, p = u.At(tc.section, tc.key, tc.index)
		}
		assert.Equal(t, tc.file, file, "%s.%s[%d]", tc.section, tc.key, tc.index)
		assert.Equal(t, tc.path, p.String(), "%s.%s[%d]", tc.section, tc.key, tc.index)
	}

	// The ignored empty After= is the node's finding, once.
	assert.Same(t, u, n.Unit("x.service"), "a unit is loaded once")
	inspecttest.RequireFindings(t, n.Findings(),
		inspecttest.Warning("/run/systemd/system/x.service.d/20-b.conf", field.ErrInvalid, "x.service.d/20-b.conf [Unit] After[0]"))
}

func TestNodeUnitSearchPath(t *testing.T) {
	n := inspect.NewNode(dropInNode)
	for _, tc := range []struct {
		name   string
		file   string // "" for no unit
		exists bool
	}{
		{"y.service", "/etc/systemd/system/y.service", true},
		{"masked.service", "", true},
		{"bad.service", "", true},
		{"none.service", "", false},
		{"getty@tty1.service", "", true}, // its template is there
		{"getty@.service", "/lib/systemd/system/getty@.service", true},
	} {
		u := n.Unit(tc.name)
		if tc.file == "" {
			assert.Nil(t, u, tc.name)
		} else if assert.NotNil(t, u, tc.name) {
			assert.Equal(t, tc.file, u.File, tc.name)
		}
		assert.Equal(t, tc.exists, n.UnitExists(tc.name), tc.name)
	}
	// A unit that does not parse is reported once.
	bad := inspecttest.Error("/lib/systemd/system/bad.service", field.ErrInvalid, "")
	inspecttest.RequireFindings(t, n.Findings(), bad)
	n.Unit("bad.service")
	inspecttest.RequireFindings(t, n.Findings(), bad)
}

func TestUnitValidateReportsInTheFileThatWroteIt(t *testing.T) {
	n := inspect.NewNode(dropInNode)
	u := n.Unit("x.service")
	require.NotNil(t, u)
	var r inspect.Report
	u.Validate(&r, func(uf *systemd.UnitFile) (field.ErrorList, error) {
		warn := field.Deprecated(field.NewUnitPath(uf.Name).Child("Service").Child("Environment").Index(1), "B=2", "x")
		return field.ErrorList{warn}, field.ErrorList{field.Invalid(field.NewUnitPath(uf.Name).Child("Service").Child("ExecStart").Index(0).Index(1), "--v=2", "x")}
	})
	inspecttest.RequireFindings(t, r.Findings,
		inspecttest.Warning("/etc/systemd/system/x.service.d/10-a.conf", field.ErrDeprecated, "x.service.d/10-a.conf [Service] Environment[0]"),
		inspecttest.Error("/run/systemd/system/x.service.d/20-b.conf", field.ErrInvalid, "x.service.d/20-b.conf [Service] ExecStart[1][1]"))

	// No validator is systemd's own.
	var plain inspect.Report
	n.Unit("y.service").Validate(&plain, nil)
	assert.Empty(t, plain.Findings)

	// An error that is no field problem is one for the unit file.
	var other inspect.Report
	u.Validate(&other, func(*systemd.UnitFile) (field.ErrorList, error) { return nil, errors.New("x") })
	inspecttest.RequireFindings(t, other.Findings, inspecttest.Error("/usr/lib/systemd/system/x.service", field.ErrInvalid, ""))
}
