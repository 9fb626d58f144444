package host

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const swapsHeader = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

func TestSwap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  Swap
	}{
		{"on", map[string]string{"proc/swaps": swapsHeader +
			"/swap\\040file                             file\t\t1048572\t\t0\t\t-2\n" +
			"/dev/sda2                               partition\t2097148\t\t0\t\t-3\n"},
			Swap{Yes, []string{`/swap\040file`, "/dev/sda2"}}},
		{"off", map[string]string{"proc/swaps": swapsHeader}, Swap{No, []string{}}},
		{"empty", map[string]string{"proc/swaps": ""}, Swap{No, []string{}}},
		{"unknown", nil, Swap{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, readRoot(t, tc.files).Swap)
		})
	}
}

const procModules = `overlay 151552 0 - Live 0x0000000000000000
br_netfilter 32768 0 - Live 0x0000000000000000
bridge 311296 1 br_netfilter, Live 0x0000000000000000
`

const modulesBuiltin = `kernel/fs/ext4/ext4.ko
kernel/drivers/block/virtio-blk.ko
kernel/net/ipv6/ipv6.ko
`

func TestModules(t *testing.T) {
	f := readRoot(t, map[string]string{
		"proc/sys/kernel/osrelease": "6.8.0-45-generic\n",
		"proc/modules":              procModules,
		"usr/lib/modules/6.8.0-45-generic/modules.builtin": modulesBuiltin,
		"usr/lib/modules/6.1.0/modules.builtin":            "kernel/net/bridge/overlay.ko\n",
	})
	assert.Equal(t, "6.8.0-45-generic", f.KernelRelease)
	assert.Equal(t, Modules{
		Loaded:  []string{"br_netfilter", "bridge", "overlay"},
		Builtin: []string{"ext4", "ipv6", "virtio_blk"},
	}, f.Modules)
	assert.Equal(t, Yes, f.Modules.Has("br_netfilter"), "loaded")
	assert.Equal(t, Yes, f.Modules.Has("virtio-blk"), "built in, named with '-'")
	assert.Equal(t, No, f.Modules.Has("nf_conntrack"), "both lists known")

	// /lib/modules is read first, and a release that names another
	// directory is not used.
	f = readRoot(t, map[string]string{
		"proc/sys/kernel/osrelease":             "6.1.0\n",
		"lib/modules/6.1.0/modules.builtin":     "kernel/fs/overlayfs/overlay.ko\n",
		"usr/lib/modules/6.1.0/modules.builtin": modulesBuiltin,
	})
	assert.Equal(t, Modules{Builtin: []string{"overlay"}}, f.Modules)
	assert.Equal(t, Yes, f.Modules.Has(ModuleOverlay))
	assert.Equal(t, Unknown, f.Modules.Has(ModuleBrNetfilter), "it may be loaded")
	for _, release := range []string{"..", "../6.1.0", "."} {
		f = readRoot(t, map[string]string{
			"proc/sys/kernel/osrelease":   release,
			"lib/modules.builtin":         modulesBuiltin,
			"lib/6.1.0/modules.builtin":   modulesBuiltin,
			"lib/modules/modules.builtin": modulesBuiltin,
		})
		assert.Nil(t, f.Modules.Builtin, release)
	}

	f = readRoot(t, map[string]string{"proc/modules": ""})
	assert.Equal(t, Modules{Loaded: []string{}}, f.Modules)
	assert.Equal(t, Unknown, f.Modules.Has(ModuleOverlay))
	assert.Equal(t, Modules{}, readRoot(t, nil).Modules)
}

func TestSysctls(t *testing.T) {
	f := readRoot(t, map[string]string{
		"proc/sys/net/ipv4/ip_forward":                 "1\n",
		"proc/sys/net/ipv6/conf/all/forwarding":        "0\n",
		"proc/sys/net/ipv4/tcp_rmem":                   "4096\t131072\t6291456\n",
		"proc/sys/net/bridge/bridge-nf-call-arptables": "1\n",
	})
	assert.Equal(t, map[string]string{SysctlIPForward: "1", SysctlIPv6Forwarding: "0"}, f.Sysctls,
		"only the sysctls a node needs; bridge-nf-call-* are absent without br_netfilter")

	f = readRoot(t, map[string]string{
		"proc/sys/net/ipv4/ip_forward":                 "0\n",
		"proc/sys/net/bridge/bridge-nf-call-iptables":  "1\n",
		"proc/sys/net/bridge/bridge-nf-call-ip6tables": "0\n",
	})
	assert.Equal(t, map[string]string{SysctlIPForward: "0", SysctlBridgeNFCallIPTables: "1", SysctlBridgeNFCallIP6Tables: "0"}, f.Sysctls)
	assert.Empty(t, readRoot(t, nil).Sysctls)
}

func TestUserNamespace(t *testing.T) {
	for _, tc := range []struct {
		name, uidMap string
		want         Bool
	}{
		{"identity", "         0          0 4294967295\n", No},
		{"rootless", "0 1000 1\n1 100000 65536\n", Yes},
		{"root mapped to root, partly", "0 0 65536\n", Yes},
		{"not mapped yet", "", Yes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := readRoot(t, map[string]string{"proc/self/uid_map": tc.uidMap})
			assert.Equal(t, tc.want, f.UserNamespace)
			assert.Empty(t, f.Unreadable)
		})
	}
	for _, bad := range []string{"0 0\n", "0 0 4294967296\n", "a b c\n"} {
		f := readRoot(t, map[string]string{"proc/self/uid_map": bad})
		assert.Equal(t, Unknown, f.UserNamespace, bad)
		assert.Equal(t, []Unreadable{{"/proc/self/uid_map", Malformed}}, f.Unreadable, bad)
	}
	assert.Equal(t, Unknown, readRoot(t, nil).UserNamespace)
}

// status is a /proc/self/status with the given CapEff.
func status(capEff string) string {
	return "Name:\tsh\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapEff:\t" + capEff + "\nCapBnd:\t000001ffffffffff\n"
}

const identityMap = "0 0 4294967295\n"

func TestLowerOOMScoreAdj(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  Bool
	}{
		{"root with every capability", map[string]string{
			"proc/self/status": status("000001ffffffffff"), "proc/self/uid_map": identityMap}, Yes},
		{"CAP_SYS_RESOURCE alone", map[string]string{
			"proc/self/status": status("0000000001000000"), "proc/self/uid_map": identityMap}, Yes},
		{"this machine: CAP_SYS_RESOURCE dropped", map[string]string{
			"proc/self/status": status("000001fffeffffff"), "proc/self/uid_map": identityMap}, No},
		{"capable in a user namespace", map[string]string{
			"proc/self/status": status("000001ffffffffff"), "proc/self/uid_map": "0 100000 65536\n"}, No},
		{"capable, namespace unknown", map[string]string{
			"proc/self/status": status("000001ffffffffff")}, Unknown},
		{"not capable, namespace unknown", map[string]string{
			"proc/self/status": status("0000000000000000")}, No},
		{"no status", map[string]string{"proc/self/uid_map": identityMap}, Unknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, readRoot(t, tc.files).LowerOOMScoreAdj)
		})
	}
	for _, bad := range []string{"Name:\tsh\n", status("xyz")} {
		f := readRoot(t, map[string]string{"proc/self/status": bad, "proc/self/uid_map": identityMap})
		assert.Equal(t, Unknown, f.LowerOOMScoreAdj, bad)
		assert.Equal(t, []Unreadable{{"/proc/self/status", Malformed}}, f.Unreadable, bad)
	}
}

func TestOOMScoreAdj(t *testing.T) {
	f := readRoot(t, map[string]string{"proc/self/oom_score_adj": "-999\n"})
	if assert.NotNil(t, f.OOMScoreAdj) {
		assert.Equal(t, -999, *f.OOMScoreAdj)
	}
	for _, bad := range []string{"", "-1001\n", "low\n"} {
		f := readRoot(t, map[string]string{"proc/self/oom_score_adj": bad})
		assert.Nil(t, f.OOMScoreAdj, bad)
		assert.Equal(t, []Unreadable{{"/proc/self/oom_score_adj", Malformed}}, f.Unreadable, bad)
	}
	assert.Nil(t, readRoot(t, nil).OOMScoreAdj)
}

func TestSystemdVersion(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"Debian 12", map[string]string{
			"usr/lib/systemd/libsystemd-shared-252.so": "",
			"usr/lib/systemd/libsystemd-core-252.so":   "",
			"usr/lib/systemd/systemd":                  "",
		}, 252},
		{"Fedora 41", map[string]string{"usr/lib64/systemd/libsystemd-shared-256.11-1.fc41.so": ""}, 256},
		{"Ubuntu 24.04", map[string]string{"usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-255.so": ""}, 255},
		{"no merged /usr", map[string]string{"lib/systemd/libsystemd-shared-247.so": ""}, 247},
		{"two: the higher", map[string]string{
			"usr/lib/systemd/libsystemd-shared-249.so": "",
			"lib/systemd/libsystemd-shared-257.so":     "",
		}, 257},
		{"not systemd's library", map[string]string{
			"usr/lib/systemd/libsystemd-shared-.so":           "",
			"usr/lib/systemd/libsystemd-shared-x.so":          "",
			"usr/lib/systemd/libsystemd-shared-252":           "",
			"usr/lib/libsystemd-shared-252.so":                "",
			"usr/lib/x86_64/systemd/libsystemd-shared-252.so": "",
		}, 0},
		{"none", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, readRoot(t, tc.files).SystemdVersion)
		})
	}
}
