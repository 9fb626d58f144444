package realcheck_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
)

// KubeletArgs substitutes as systemd does: a "$VAR" word becomes the
// value's words, "${VAR}" stays in its word, an environment file overrides
// Environment=, a later drop-in's empty ExecStart= clears the unit's, and
// a missing optional environment file is skipped.
func TestKubeletArgsSubstitutesLikeSystemd(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{
		{Path: "/etc/systemd/system/kubelet.service", Content: []byte(
			"[Service]\nExecStart=/usr/bin/kubelet --unit-only\n")},
		{Path: "/etc/systemd/system/kubelet.service.d/10-a.conf", Content: []byte(
			"[Service]\nEnvironment=\"ARGS=--a=1 'b c'\" ONE=x FROM_FILE=env\n" +
				"EnvironmentFile=-/etc/default/kubelet\nEnvironmentFile=/var/lib/kubelet/flags.env\n" +
				"ExecStart=\nExecStart=/usr/bin/kubelet $ARGS --one=${ONE}y $EMPTY $FROM_FILE\n")},
		{Path: "/var/lib/kubelet/flags.env", Content: []byte("FROM_FILE=\"--file=1 --file=2\"\n")},
	}}
	assert.Equal(t, []string{"--a=1", "b c", "--one=xy", "--file=1", "--file=2"}, realcheck.KubeletArgs(t, plan))
}
