package host_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/kubenode/kubenode/runtime/host"
)

// Read a host's facts from a directory holding its root: here a few files
// of a hybrid cgroup host without swap, where br_netfilter is not loaded.
// On a node, the root is "/".
func Example() {
	root, err := os.MkdirTemp("", "host")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	for name, content := range map[string]string{
		"proc/sys/kernel/osrelease":                "6.1.0-26-amd64\n",
		"proc/swaps":                               "Filename\tType\tSize\tUsed\tPriority\n",
		"proc/modules":                             "overlay 151552 0 - Live 0x0000000000000000\n",
		"proc/sys/net/ipv4/ip_forward":             "0\n",
		"proc/cgroups":                             "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t42\t1\npids\t8\t1\t1\n",
		"sys/fs/cgroup/memory/tasks":               "",
		"sys/fs/cgroup/pids/tasks":                 "",
		"sys/fs/cgroup/unified/cgroup.controllers": "",
		"usr/lib/systemd/libsystemd-shared-252.so": "",
		"proc/self/status":                         "CapEff:\t000001fffeffffff\n",
		"proc/self/uid_map":                        "0 0 4294967295\n",
	} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	facts, err := host.Read(root)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kubelet sees cgroup v1:", facts.Cgroup.Mode.V1())
	fmt.Println()
	fmt.Print(facts)
	// Output:
	// kubelet sees cgroup v1: yes
	//
	// kernel release: 6.1.0-26-amd64
	// systemd version: 252
	// cgroup: hybrid
	// cgroup controllers: memory pids
	// swap: no
	// swap devices: none
	// modules loaded: 1
	// modules built in: unknown
	// module overlay: yes
	// module br_netfilter: unknown
	// sysctl net.ipv4.ip_forward: 0
	// sysctl net.bridge.bridge-nf-call-iptables: unknown
	// sysctl net.bridge.bridge-nf-call-ip6tables: unknown
	// sysctl net.ipv6.conf.all.forwarding: unknown
	// oom_score_adj: unknown
	// may lower oom_score_adj: no
	// user namespace: no
}
