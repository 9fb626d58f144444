package cridockerd_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
)

// FuzzParseFlags: no panic, and a command line rebuilt from the flags
// parses to the same flags.
func FuzzParseFlags(f *testing.F) {
	f.Add("/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --network-plugin=cni")
	f.Add("--ipv6-dual-stack --runtime-request-timeout=2m --network-plugin-mtu=1450 --x")
	f.Fuzz(func(t *testing.T, line string) {
		flags, err := cridockerd.ParseFlags(append([]string{cridockerd.DefaultBinary}, strings.Fields(line)...))
		if err != nil {
			return
		}
		back, err := cridockerd.ParseFlags(append([]string{cridockerd.DefaultBinary}, flags.Args()...))
		require.NoError(t, err)
		if len(back.Extra) == 0 {
			back.Extra = flags.Extra[:0:0]
		}
		if len(flags.Extra) == 0 {
			flags.Extra = back.Extra
		}
		assert.Equal(t, flags, back)
	})
}
