package kubelet_test

import (
	"os"
	"strings"
	"testing"

	"github.com/kubenode/kubenode/kubelet"
)

// FuzzParseFlags: no panic, and once parsed, rendering and parsing again
// gives the same arguments. Arguments are separated by NUL in the input.
func FuzzParseFlags(f *testing.F) {
	for _, seed := range []string{
		"--kubeconfig\x00/etc/kubernetes/kubelet.conf\x00--fail-swap-on",
		"--node-ip=192.168.1.31,2408:822a:245:8c01::fab\x00--node-labels=node.kubernetes.io/node=",
		"--register-with-taints=a=b:NoSchedule,c:NoExecute\x00-v\x002",
		"--network_plugin=cni\x00--cgroup-driver=systemd",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		flags, err := kubelet.ParseFlags(strings.Split(in, "\x00"))
		if err != nil {
			return
		}
		_, _ = flags.Validate(kubelet.MaxVersion)
		args := flags.Args()
		again, err := kubelet.ParseFlags(args)
		if err != nil {
			t.Fatalf("rendered flags do not parse: %v\n%q", err, args)
		}
		if got := again.Args(); strings.Join(got, "\x00") != strings.Join(args, "\x00") {
			t.Fatalf("not stable:\n%q\n%q", args, got)
		}
	})
}

// FuzzParseConfig: no panic, and a config that parses and renders renders
// the same after another parse.
func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"testdata/config.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfailSwapOn: false\nevictionHard:\n  memory.available: 1Gi\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := kubelet.ParseConfig(data)
		if err != nil {
			return
		}
		first, err := c.Render()
		if err != nil {
			return
		}
		back, err := kubelet.ParseConfig(first)
		if err != nil {
			t.Fatalf("rendered config does not parse: %v\n%s", err, first)
		}
		second, err := back.Render()
		if err != nil || string(second) != string(first) {
			t.Fatalf("not stable (%v):\n%s\n---\n%s", err, first, second)
		}
	})
}
