package harness_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/runtime"
)

func unitFile(path, content string) runtime.File {
	return runtime.File{Path: path, Mode: 0o644, Content: []byte(content)}
}

// The harness must pass a valid unit whose dependencies live elsewhere on the
// node, and must not hide a real problem: both directions are checked, so
// the harness itself cannot silently pass everything.
func TestVerifyUnitsAcceptsValidUnitWithStubbedDependencies(t *testing.T) {
	harness.VerifyUnits(t, []runtime.File{
		unitFile("/etc/systemd/system/app.service", "[Unit]\nDescription=app\nRequires=app.socket other.service\nAfter=other.service\n\n[Service]\nType=notify\nExecStartPre=-/sbin/modprobe overlay\nExecStart=/usr/bin/app -H fd://\n\n[Install]\nWantedBy=multi-user.target\n"),
		unitFile("/etc/systemd/system/app.socket", "[Unit]\nDescription=app socket\n\n[Socket]\nListenStream=%t/app.sock\nSocketMode=0660\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n"),
		unitFile("/etc/systemd/system/vendor.service.d/10-x.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/vendor $ARGS\n"),
	})
}

func TestVerifyUnitsReportsProblems(t *testing.T) {
	tests := map[string][]runtime.File{
		"unknown key":  {unitFile("/etc/systemd/system/a.service", "[Service]\nExecStart=/usr/bin/a\nBogusKey=1\n")},
		"bad value":    {unitFile("/etc/systemd/system/a.service", "[Service]\nType=sometimes\nExecStart=/usr/bin/a\n")},
		"socket":       {unitFile("/etc/systemd/system/a.socket", "[Socket]\nSocketMode=0660\n")},
		"drop-in key":  {unitFile("/etc/systemd/system/a.service.d/x.conf", "[Service]\nBogus=1\n")},
		"wrong suffix": {unitFile("/etc/systemd/system/a.service", "[Socket]\nListenStream=/run/a.sock\n")},
	}
	for name, files := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := harness.VerifyUnitsOutput(t, files)
			assert.True(t, out != "" || err != nil, "systemd-analyze must report the problem")
		})
	}
}
