package host

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStringOfUnknownHost(t *testing.T) {
	assert.Equal(t, `kernel release: unknown
systemd version: unknown
cgroup: unknown
cgroup controllers: unknown
swap: unknown
swap devices: unknown
modules loaded: unknown
modules built in: unknown
module overlay: unknown
module br_netfilter: unknown
sysctl net.ipv4.ip_forward: unknown
sysctl net.bridge.bridge-nf-call-iptables: unknown
sysctl net.bridge.bridge-nf-call-ip6tables: unknown
sysctl net.ipv6.conf.all.forwarding: unknown
oom_score_adj: unknown
may lower oom_score_adj: unknown
user namespace: unknown
`, (&Facts{}).String())
}

// A value that would not read back as one word on its line is quoted, so
// a fake root cannot add lines to the text.
func TestStringQuotes(t *testing.T) {
	zero := 0
	f := &Facts{
		KernelRelease: "6.1\nswap: no",
		Cgroup:        Cgroup{Mode: CgroupUnified, Controllers: []string{}},
		Swap:          Swap{On: Yes, Devices: []string{`/swap\040file`, "/dev/sda2", "a b"}},
		Modules:       Modules{Loaded: []string{}, Builtin: []string{"overlay"}},
		Sysctls:       map[string]string{SysctlIPForward: "", SysctlIPv6Forwarding: "1\t2", SysctlBridgeNFCallIPTables: "1 2"},
		OOMScoreAdj:   &zero,
		Unreadable:    []Unreadable{{"/proc/swaps", NotRegular}},
	}
	s := f.String()
	for _, line := range []string{
		`kernel release: "6.1\nswap: no"`,
		"cgroup: unified",
		"cgroup controllers: none",
		`swap devices: /swap\040file /dev/sda2 "a b"`,
		"modules loaded: 0",
		"modules built in: 1",
		"module overlay: yes",
		"module br_netfilter: no",
		`sysctl net.ipv4.ip_forward: ""`,
		`sysctl net.ipv6.conf.all.forwarding: "1\t2"`,
		`sysctl net.bridge.bridge-nf-call-iptables: 1 2`,
		"oom_score_adj: 0",
		"unreadable /proc/swaps: not a regular file",
	} {
		assert.Contains(t, strings.Split(s, "\n"), line)
	}
	assert.Equal(t, 18, strings.Count(s, "\n"), s)
}
