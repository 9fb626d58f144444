package inspect_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

func TestNodeCommandLine(t *testing.T) {
	n := inspect.NewNode(fstest.MapFS{
		"lib/systemd/system/k.service": file("[Service]\nEnvironment=\"ARGS=--a=unit\" B=b\n" +
			"EnvironmentFile=-/etc/default/k\nEnvironmentFile=/etc/k/*.env\nEnvironmentFile=/etc/none\n" +
			"ExecStart=/bin/k $ARGS --b=${B} $EXTRA\n"),
		"etc/default/k":                   file("ARGS=\"--a=file --c=1\"\n"),
		"etc/k/1.env":                     file("EXTRA=--e\n"),
		"etc/k/2.env":                     file("not an assignment\n"),
		"lib/systemd/system/none.service": file("[Unit]\nDescription=x\n"),
	})
	u := n.Unit("k.service")
	require.NotNil(t, u)
	want := []inspect.Word{
		{Text: "/bin/k", File: "/lib/systemd/system/k.service"},
		{Text: "--a=file", File: "/etc/default/k"}, // a file overrides Environment=
		{Text: "--c=1", File: "/etc/default/k"},
		{Text: "--b=b", File: "/lib/systemd/system/k.service"},
		{Text: "--e", File: "/etc/k/1.env"},
	}
	assert.Equal(t, want, n.CommandLine(u))
	assert.Equal(t, want, n.CommandLine(u), "the environment is read once")

	// Each problem once.
	inspecttest.RequireFindings(t, n.Findings(),
		inspecttest.Error("/lib/systemd/system/k.service", field.ErrInvalid, "k.service [Service] EnvironmentFile[2]"),
		inspecttest.Error("/etc/k/2.env", field.ErrInvalid, ""))

	assert.Nil(t, n.CommandLine(n.Unit("none.service")))
}

func TestFlagValues(t *testing.T) {
	args := []string{"-H", "fd://", "--host=unix:///x", "--config-file", "/a", "--config-file=/b", "--config-file"}
	assert.Equal(t, []string{"/a", "/b"}, inspect.FlagValues(args, "--config-file"))
	assert.Equal(t, "/b", inspect.FlagValue(args, "--config-file"))
	assert.Equal(t, []string{"fd://"}, inspect.FlagValues(args, "-H"))
	assert.Empty(t, inspect.FlagValue(args, "--none"))
}
