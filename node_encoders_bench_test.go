package kubenode_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v2"
)

// The floor under BenchmarkNodePlan: the real encoders kubenode renders
// with (go-toml, go-systemd, go.yaml.in/yaml/v2, which sigs.k8s.io/yaml
// wraps) writing the same files from inputs built beforehand, in the form
// kubenode hands each encoder (a YAML mapping as a key-ordered
// yaml.MapSlice, a TOML document as nested maps), with nothing validated,
// defaulted, pruned or composed. Whatever BenchmarkNodePlan costs above
// this is kubenode's own work; this much no real encoder avoids. The
// line formats no encoder exists for (modules-load.d, sysctl.d,
// kubeadm-flags.env) are plain bytes here.

// encoderInputs are plansample.ContainerdNode's files as the encoders take
// them.
type encoderInputs struct {
	modules, sysctls string
	config           map[string]any
	hosts            []map[string]any
	units            [][]*unit.UnitSection
	crictl, kubelet  yaml.MapSlice
	env              string
}

func entries(kv ...string) []*unit.UnitEntry {
	out := make([]*unit.UnitEntry, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, &unit.UnitEntry{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

func benchEncoderInputs() encoderInputs {
	const endpoint = "unix:///run/containerd/containerd.sock"
	host := func(server, mirror string) map[string]any {
		return map[string]any{"server": server, "host": map[string]any{mirror: map[string]any{"capabilities": []any{"pull", "resolve"}}}}
	}
	const header = "# Written by kubenode: what a Kubernetes node needs at boot.\n"
	return encoderInputs{
		modules: header + "overlay\nbr_netfilter\n",
		sysctls: header + "net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\n" +
			"net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 1\n",
		config: map[string]any{"version": int64(3), "plugins": map[string]any{
			"io.containerd.cri.v1.images": map[string]any{
				"pinned_images": map[string]any{"sandbox": "registry.k8s.io/pause:3.10.1"},
				"registry":      map[string]any{"config_path": "/etc/containerd/certs.d"},
			},
			"io.containerd.cri.v1.runtime": map[string]any{"containerd": map[string]any{"runtimes": map[string]any{"runc": map[string]any{
				"runtime_type": "io.containerd.runc.v2",
				"options":      map[string]any{"SystemdCgroup": true},
			}}}},
		}},
		hosts: []map[string]any{
			host("https://registry-1.docker.io", "https://mirror.example.com"),
			host("https://registry.k8s.io", "https://k8s-mirror.example.com"),
		},
		units: [][]*unit.UnitSection{
			{
				{Section: "Unit", Entries: entries("Description", "containerd container runtime", "Documentation", "https://containerd.io", "After", "network.target", "After", "dbus.service")},
				{Section: "Service", Entries: entries("Type", "notify", "ExecStartPre", "-/sbin/modprobe overlay", "ExecStart", "/usr/local/bin/containerd",
					"Restart", "always", "RestartSec", "5", "Delegate", "yes", "KillMode", "process", "OOMScoreAdjust", "-999",
					"LimitNPROC", "infinity", "LimitCORE", "infinity", "TasksMax", "infinity")},
				{Section: "Install", Entries: entries("WantedBy", "multi-user.target")},
			},
			{
				{Section: "Unit", Entries: entries("Description", "kubelet: The Kubernetes Node Agent", "Documentation", "https://kubernetes.io/docs/",
					"Wants", "network-online.target", "Wants", "containerd.service", "After", "network-online.target", "After", "containerd.service",
					"StartLimitIntervalSec", "0")},
				{Section: "Service", Entries: entries("ExecStart", "/usr/bin/kubelet", "Restart", "always", "RestartSec", "10")},
				{Section: "Install", Entries: entries("WantedBy", "multi-user.target")},
			},
			{
				{Section: "Service", Entries: entries("ExecStart", "",
					"ExecStart", "/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS",
					"Environment", `"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"`,
					"Environment", "KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml",
					"EnvironmentFile", "-/var/lib/kubelet/kubeadm-flags.env", "EnvironmentFile", "-/etc/default/kubelet")},
			},
		},
		crictl: yaml.MapSlice{{Key: "image-endpoint", Value: endpoint}, {Key: "runtime-endpoint", Value: endpoint}, {Key: "timeout", Value: 10}},
		kubelet: yaml.MapSlice{
			{Key: "apiVersion", Value: "kubelet.config.k8s.io/v1beta1"},
			{Key: "authentication", Value: yaml.MapSlice{{Key: "x509", Value: yaml.MapSlice{{Key: "clientCAFile", Value: "/etc/kubernetes/pki/ca.crt"}}}}},
			{Key: "cgroupDriver", Value: "systemd"},
			{Key: "clusterDomain", Value: "cluster.local"},
			{Key: "containerRuntimeEndpoint", Value: endpoint},
			{Key: "kind", Value: "KubeletConfiguration"},
			{Key: "rotateCertificates", Value: true},
			{Key: "staticPodPath", Value: "/etc/kubernetes/manifests"},
		},
		env: "192.168.1.31,2001:db8::31",
	}
}

// encodeOnly renders plansample.ContainerdNode's files with the encoders
// alone, in the plan's order.
func encodeOnly(in encoderInputs) ([][]byte, error) {
	toTOML := func(v any) ([]byte, error) {
		var buf bytes.Buffer
		err := toml.NewEncoder(&buf).SetIndentTables(true).Encode(v)
		return buf.Bytes(), err
	}
	toUnit := func(secs []*unit.UnitSection) []byte {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(unit.SerializeSections(secs))
		return buf.Bytes()
	}
	out := [][]byte{[]byte(in.modules), []byte(in.sysctls)}
	b, err := toTOML(in.config)
	if err != nil {
		return nil, err
	}
	out = append(out, b)
	for _, h := range in.hosts {
		if b, err = toTOML(h); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	out = append(out, toUnit(in.units[0]))
	if b, err = yaml.Marshal(in.crictl); err != nil {
		return nil, err
	}
	out = append(out, b)
	if b, err = yaml.Marshal(in.kubelet); err != nil {
		return nil, err
	}
	out = append(out, b, toUnit(in.units[1]), toUnit(in.units[2]))
	return append(out, []byte(`KUBELET_KUBEADM_ARGS="--node-ip=`+in.env+"\"\n")), nil
}

func TestEncodersOnlyMatchNodePlan(t *testing.T) {
	plan, err := plansample.ContainerdNode().Plan(context.Background())
	require.NoError(t, err)
	files, err := encodeOnly(benchEncoderInputs())
	require.NoError(t, err)
	require.Len(t, files, len(plan.Files))
	for i, f := range files {
		require.Equal(t, string(plan.Files[i].Content), string(f), plan.Files[i].Path)
	}
}

// BenchmarkNodePlanEncodersOnly writes BenchmarkNodePlan's files with the
// real encoders only.
func BenchmarkNodePlanEncodersOnly(b *testing.B) {
	in := benchEncoderInputs()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeOnly(in); err != nil {
			b.Fatal(err)
		}
	}
}
