package kubenode_test

import (
	"bytes"
	"context"
	"testing"
	"text/template"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
)

// The baseline BenchmarkNodePlan is compared with: the same files rendered
// the way most installers render them, with text/template and nothing
// validated. text/template is allowed here only, in a test file.

// templateNode is everything the templates take.
type templateNode struct {
	Modules       []string
	Sysctls       []string
	SandboxImage  string
	SystemdCgroup bool
	CgroupDriver  string
	ConfigPath    string
	Containerd    string
	Endpoint      string
	Mirrors       []templateMirror
	Kubelet       string
	RuntimeUnit   string
	NodeIPs       string
}

type templateMirror struct {
	Registry, Server, URL string
}

// templateFile is one file of the baseline: its path and template.
type templateFile struct {
	path string
	tmpl *template.Template
	// perMirror renders the template once per mirror, at a path under
	// the mirror's registry.
	perMirror bool
}

var templateFiles = []templateFile{
	{path: "/etc/modules-load.d/kubenode.conf", tmpl: template.Must(template.New("modules").Parse(`# Written by kubenode: what a Kubernetes node needs at boot.
{{range .Modules}}{{.}}
{{end}}`))},
	{path: "/etc/sysctl.d/99-kubenode.conf", tmpl: template.Must(template.New("sysctls").Parse(`# Written by kubenode: what a Kubernetes node needs at boot.
{{range .Sysctls}}{{.}} = 1
{{end}}`))},
	{path: "/etc/containerd/config.toml", tmpl: template.Must(template.New("config.toml").Parse(`version = 3

[plugins]
  [plugins.'io.containerd.cri.v1.images']
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = '{{.SandboxImage}}'

    [plugins.'io.containerd.cri.v1.images'.registry]
      config_path = '{{.ConfigPath}}'

  [plugins.'io.containerd.cri.v1.runtime']
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes]
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
          runtime_type = 'io.containerd.runc.v2'

          [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
            SystemdCgroup = {{.SystemdCgroup}}
`))},
	{path: "/hosts.toml", perMirror: true, tmpl: template.Must(template.New("hosts.toml").Parse(`server = '{{.Server}}'

[host]
  [host.'{{.URL}}']
    capabilities = ['pull', 'resolve']
`))},
	{path: "/etc/systemd/system/containerd.service", tmpl: template.Must(template.New("containerd.service").Parse(`[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target
After=dbus.service

[Service]
Type=notify
ExecStartPre=-/sbin/modprobe overlay
ExecStart={{.Containerd}}
Restart=always
RestartSec=5
Delegate=yes
KillMode=process
OOMScoreAdjust=-999
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity

[Install]
WantedBy=multi-user.target
`))},
	{path: "/etc/crictl.yaml", tmpl: template.Must(template.New("crictl.yaml").Parse(`image-endpoint: {{.Endpoint}}
runtime-endpoint: {{.Endpoint}}
timeout: 10
`))},
	{path: "/var/lib/kubelet/config.yaml", tmpl: template.Must(template.New("config.yaml").Parse(`apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
cgroupDriver: {{.CgroupDriver}}
clusterDomain: cluster.local
containerRuntimeEndpoint: {{.Endpoint}}
kind: KubeletConfiguration
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
`))},
	{path: "/etc/systemd/system/kubelet.service", tmpl: template.Must(template.New("kubelet.service").Parse(`[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
Wants={{.RuntimeUnit}}
After=network-online.target
After={{.RuntimeUnit}}
StartLimitIntervalSec=0

[Service]
ExecStart={{.Kubelet}}
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
`))},
	{path: "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", tmpl: template.Must(template.New("10-kubeadm.conf").Parse(`[Service]
ExecStart=
ExecStart={{.Kubelet}} $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment=KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
`))},
	{path: "/var/lib/kubelet/kubeadm-flags.env", tmpl: template.Must(template.New("kubeadm-flags.env").Parse(`KUBELET_KUBEADM_ARGS="--node-ip={{.NodeIPs}}"
`))},
}

// templateInput is plansample.ContainerdNode's input as the templates take
// it, with what kubenode defaults filled in by hand, as an installer's
// templates have it.
func templateInput() templateNode {
	return templateNode{
		Modules:       []string{"overlay", "br_netfilter"},
		Sysctls:       []string{"net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"},
		SandboxImage:  "registry.k8s.io/pause:3.10.1",
		SystemdCgroup: true,
		CgroupDriver:  "systemd",
		ConfigPath:    "/etc/containerd/certs.d",
		Containerd:    "/usr/local/bin/containerd",
		Endpoint:      "unix:///run/containerd/containerd.sock",
		Mirrors: []templateMirror{
			{Registry: "docker.io", Server: "https://registry-1.docker.io", URL: "https://mirror.example.com"},
			{Registry: "registry.k8s.io", Server: "https://registry.k8s.io", URL: "https://k8s-mirror.example.com"},
		},
		Kubelet:     "/usr/bin/kubelet",
		RuntimeUnit: "containerd.service",
		NodeIPs:     "192.168.1.31,2001:db8::31",
	}
}

// renderTemplates renders every baseline file, in the node plan's order.
func renderTemplates(in templateNode) ([]runtime.File, error) {
	files := make([]runtime.File, 0, len(templateFiles)+len(in.Mirrors))
	for _, tf := range templateFiles {
		if !tf.perMirror {
			var buf bytes.Buffer
			if err := tf.tmpl.Execute(&buf, in); err != nil {
				return nil, err
			}
			files = append(files, runtime.File{Path: tf.path, Mode: 0o644, Content: buf.Bytes()})
			continue
		}
		for _, m := range in.Mirrors {
			var buf bytes.Buffer
			if err := tf.tmpl.Execute(&buf, m); err != nil {
				return nil, err
			}
			files = append(files, runtime.File{Path: in.ConfigPath + "/" + m.Registry + tf.path, Mode: 0o644, Content: buf.Bytes()})
		}
	}
	return files, nil
}

// The baseline renders byte for byte what BenchmarkNodePlan does, so the
// two benchmarks time the same output.
func TestTemplateBaselineMatchesNodePlan(t *testing.T) {
	plan, err := plansample.ContainerdNode().Plan(context.Background())
	require.NoError(t, err)
	files, err := renderTemplates(templateInput())
	require.NoError(t, err)
	require.Len(t, files, len(plan.Files))
	for i, f := range files {
		require.Equal(t, plan.Files[i].Path, f.Path)
		require.Equal(t, string(plan.Files[i].Content), string(f.Content), f.Path)
	}
}

// BenchmarkNodePlanTextTemplate renders BenchmarkNodePlan's files with
// text/template, validating nothing.
func BenchmarkNodePlanTextTemplate(b *testing.B) {
	in := templateInput()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderTemplates(in); err != nil {
			b.Fatal(err)
		}
	}
}
