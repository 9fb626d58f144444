package kubelet_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/roundtrip"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// goldenSections returns the sections of this package's golden plans whose
// node path ends in suffix.
func goldenSections(f *testing.F, suffix string) [][]byte {
	plans, err := filepath.Glob("testdata/*.txtar")
	require.NoError(f, err)
	var seeds [][]byte
	for _, name := range plans {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		for path, content := range runtime.TxtarFiles(data) {
			if strings.HasSuffix(path, suffix) {
				seeds = append(seeds, []byte(content))
			}
		}
	}
	return seeds
}

// FuzzParseFlags: no panic, and once parsed, the arguments Args renders
// parse back to the same Flags and render to the same arguments.
// Arguments are separated by NUL in the input.
func FuzzParseFlags(f *testing.F) {
	units := goldenSections(f, "/"+kubelet.UnitName)
	seed, err := os.ReadFile("testdata/seed-kubelet.service")
	require.NoError(f, err)
	for _, data := range append(units, seed) {
		u, err := systemd.ParseUnitFile(kubelet.UnitName, data)
		require.NoError(f, err)
		for _, c := range u.Service.ExecStart {
			if len(c.Argv) > 1 {
				f.Add(strings.Join(c.Argv[1:], "\x00"))
			}
		}
	}
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
		require.NoError(t, err, "%q", args)
		require.Equal(t, flags, again, "%q", args)
		require.Equal(t, args, again.Args())
	})
}

// FuzzParseKubeadmFlagsEnv: no panic, and the flags of a kubeadm-flags.env
// that KubeadmFlagsEnv can write again parse back to the same Flags. The
// kubeconfig and config flags belong to the drop-in, not to this file, so
// KubeadmFlagsEnv leaves them out and they are cleared before comparing.
func FuzzParseKubeadmFlagsEnv(f *testing.F) {
	for _, data := range goldenSections(f, "/kubeadm-flags.env") {
		f.Add(data)
	}
	f.Add([]byte("# written by kubeadm\nKUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n"))
	f.Add([]byte("KUBELET_KUBEADM_ARGS='--node-ip=10.0.0.5 --v=2'\n; comment\nOTHER=\"a \\\" b\"\n"))
	f.Add([]byte("KUBELET_KUBEADM_ARGS=--config=/x --kubeconfig=/y --max-pods=200\nKUBELET_KUBEADM_ARGS=\"--max-pods=110\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		flags, err := kubelet.ParseKubeadmFlagsEnv(data)
		if err != nil {
			return
		}
		flags.BootstrapKubeconfig, flags.Kubeconfig, flags.Config, flags.ConfigDir = "", "", "", ""
		out, err := kubelet.KubeadmFlagsEnv(flags)
		if err != nil {
			return
		}
		back, err := kubelet.ParseKubeadmFlagsEnv(out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, flags, back, "%s", out)
		again, err := kubelet.KubeadmFlagsEnv(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
	})
}

// FuzzParseConfig: no panic, and a config that parses and renders parses
// back to the same value (an empty list or map being a missing one, except
// where the kubelet tells them apart) and renders to the same bytes.
func FuzzParseConfig(f *testing.F) {
	data, err := os.ReadFile("testdata/config.yaml")
	require.NoError(f, err)
	f.Add(data)
	for _, data := range goldenSections(f, "/config.yaml") {
		f.Add(data)
	}
	f.Add([]byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfailSwapOn: false\nevictionHard:\n  memory.available: 1Gi\n"))
	f.Add([]byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNS: []\nfeatureGates: {}\nlogging:\n  vmodule: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := kubelet.Parse(data)
		if err != nil {
			return
		}
		first, err := c.Render()
		if err != nil {
			return
		}
		back, err := kubelet.Parse(first)
		require.NoError(t, err, "%s", first)
		// The kubelet defaults these when missing and keeps them when
		// empty, so an empty one must be written, not dropped.
		require.Equal(t, c.EvictionHard == nil, back.EvictionHard == nil, "evictionHard in %s", first)
		require.Equal(t, c.EnforceNodeAllocatable == nil, back.EnforceNodeAllocatable == nil, "enforceNodeAllocatable in %s", first)
		second, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
		// Any other empty list or map reads as a missing one.
		require.Equal(t, roundtrip.NilEmpty(c), roundtrip.NilEmpty(back), "%s", first)
	})
}
