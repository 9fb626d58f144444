package kubenode_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	credentialproviderv1 "k8s.io/kubelet/config/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

func TestNodeProxy(t *testing.T) {
	for r, unit := range map[kubenode.Runtime]string{
		kubenode.Containerd: "containerd.service",
		kubenode.Docker:     "docker.service",
		kubenode.CRIO:       "crio.service",
	} {
		n := &kubenode.Node{Runtime: r, NodeIPs: []string{"10.0.0.7"},
			Proxy: &runtime.Proxy{HTTPS: "http://proxy.example.com:3128", NoProxy: []string{".svc"}}}
		plan, err := n.Plan(context.Background())
		require.NoError(t, err)
		f := plan.File("/etc/systemd/system/" + unit + ".d/" + kubenode.ProxyDropIn)
		require.NotNil(t, f, "%s: the proxy drop-in of %s", r, unit)
		assert.Contains(t, string(f.Content), "Environment=HTTPS_PROXY=http://proxy.example.com:3128\n")
		assert.Contains(t, string(f.Content), "Environment=NO_PROXY=.svc,10.0.0.7,127.0.0.1,::1,localhost\n")
		assert.Nil(t, plan.File("/etc/systemd/system/kubelet.service.d/"+kubenode.ProxyDropIn), "the kubelet gets the proxy only when asked")

		n.Proxy.Kubelet = true
		plan, err = n.Plan(context.Background())
		require.NoError(t, err)
		assert.NotNil(t, plan.File("/etc/systemd/system/kubelet.service.d/"+kubenode.ProxyDropIn))
	}
	_, err := (&kubenode.Node{Proxy: &runtime.Proxy{HTTP: "http://u:pw-secret@proxy:3128"}}).Validate()
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "proxy.http"))
	fieldtest.RequireNoSecret(t, err, "pw-secret")
}

func TestNodeHooks(t *testing.T) {
	// A hook sets what the Node does not say.
	n := &kubenode.Node{Hooks: kubenode.Hooks{Containerd: func(c *containerd.Config) { c.Images.MaxConcurrentDownloads = 7 }}}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(plan.File(containerd.ConfigFile).Content), "max_concurrent_downloads = 7")

	cases := []struct {
		name string
		node kubenode.Node
		want []fieldtest.Matcher
	}{
		{"containerd driver", kubenode.Node{Hooks: kubenode.Hooks{Containerd: func(c *containerd.Config) {
			r := c.Runtime.Runtimes["runc"]
			r.Options.SystemdCgroup = false
			c.Runtime.Runtimes["runc"] = r
		}}}, []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hooks.containerd.SystemdCgroup")}},
		{"containerd pause", kubenode.Node{Hooks: kubenode.Hooks{Containerd: func(c *containerd.Config) { c.Images.SandboxImage = "registry.k8s.io/pause:3.6" }}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hooks.containerd.sandboxImage")}},
		{"docker driver", kubenode.Node{Runtime: kubenode.Docker, Hooks: kubenode.Hooks{Docker: func(c *docker.DaemonConfig) { c.ExecOpts = nil }}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hooks.docker.exec-opts")}},
		{"cri-dockerd pause", kubenode.Node{Runtime: kubenode.Docker, Hooks: kubenode.Hooks{CRIDockerd: func(f *cridockerd.Flags) { f.PodInfraContainerImage = "registry.k8s.io/pause:3.6" }}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hooks.criDockerd.pod-infra-container-image")}},
		{"crio listen", kubenode.Node{Runtime: kubenode.CRIO, Hooks: kubenode.Hooks{CRIO: func(c *crio.Config) { c.API.Listen = "/run/other.sock" }}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hooks.crio.listen")}},
		{"hook of another runtime", kubenode.Node{Hooks: kubenode.Hooks{CRIO: func(*crio.Config) {}}},
			[]fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "hooks.crio")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.node.Plan(context.Background())
			fieldtest.Require(t, err, tc.want...)
		})
	}
}

func TestNodeRuntimeClasses(t *testing.T) {
	n := &kubenode.Node{Runtime: kubenode.CRIO, RuntimeHandlers: []runtime.RuntimeHandler{
		{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
		{Name: "crun", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun"},
	}}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	assert.Nil(t, plan.File(kubenode.RuntimeClassDir+"/nvidia.yaml"), "the default handler needs no RuntimeClass")
	f := plan.File(kubenode.RuntimeClassDir + "/crun.yaml")
	require.NotNil(t, f)
	assert.Equal(t, "apiVersion: node.k8s.io/v1\nhandler: crun\nkind: RuntimeClass\nmetadata:\n  name: crun\n", string(f.Content))
}

func TestNodeKubeletSettings(t *testing.T) {
	n := &kubenode.Node{
		DataDirs: kubenode.DataDirs{Kubelet: "/data/kubelet", RuntimeRoot: "/data/containerd"},
		Kubelet: kubenode.KubeletSettings{
			HostnameOverride: "node-7.corp.example", CloudProvider: "external",
			ExtraFlags: []kubelet.Flag{{Name: "provider-id", Value: "aws:///eu-west-1a/i-0123"}},
			CredentialProvider: &credentialproviderv1.CredentialProviderConfig{Providers: []credentialproviderv1.CredentialProvider{{
				Name: "ecr-credential-provider", MatchImages: []string{"*.dkr.ecr.*.amazonaws.com"},
				APIVersion: "credentialprovider.kubelet.k8s.io/v1", DefaultCacheDuration: &metav1.Duration{Duration: time.Hour},
			}}},
			CredentialProviderBinDir: "/usr/libexec/kubernetes/credential-providers",
		},
	}
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	flags := string(plan.File("/var/lib/kubelet/kubeadm-flags.env").Content)
	for _, want := range []string{"--hostname-override=node-7.corp.example", "--cloud-provider=external", "--provider-id=aws:///eu-west-1a/i-0123",
		"--root-dir=/data/kubelet", "--image-credential-provider-config=" + kubelet.CredentialProviderConfigPath,
		"--image-credential-provider-bin-dir=/usr/libexec/kubernetes/credential-providers"} {
		assert.Contains(t, flags, want)
	}
	assert.NotNil(t, plan.File(kubelet.CredentialProviderConfigPath))
	assert.Contains(t, string(plan.File(containerd.ConfigFile).Content), "root = '/data/containerd'")

	cases := []struct {
		name string
		edit func(*kubenode.Node)
		want []fieldtest.Matcher
	}{
		{"overlapping data dirs", func(n *kubenode.Node) { n.DataDirs.Kubelet = "/data/containerd/kubelet" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "dataDirs.kubelet")}},
		{"relative data dir", func(n *kubenode.Node) { n.DataDirs.RuntimeRoot = "data" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "dataDirs.runtimeRoot")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := *n
			tc.edit(&m)
			_, err := m.Plan(context.Background())
			fieldtest.Require(t, err, tc.want...)
		})
	}
}

func TestNodeDropIns(t *testing.T) {
	limits := systemd.DropIn{Unit: "containerd.service", Name: "20-limits.conf", Sections: systemd.Sections{Service: &systemd.Service{LimitNOFILE: "1048576"}}}
	plan, err := (&kubenode.Node{DropIns: []systemd.DropIn{limits}}).Plan(context.Background())
	require.NoError(t, err)
	f := plan.File("/etc/systemd/system/containerd.service.d/20-limits.conf")
	require.NotNil(t, f)
	assert.Equal(t, "[Service]\nLimitNOFILE=1048576\n", string(f.Content))

	other := limits
	other.Unit = "crio.service"
	own := limits
	own.Unit, own.Name = "kubelet.service", "10-kubeadm.conf"
	_, err = (&kubenode.Node{DropIns: []systemd.DropIn{other, own}}).Plan(context.Background())
	fieldtest.Require(t, err, fieldtest.Match(field.ErrNotSupported, "dropIns[0].unit"), fieldtest.Match(field.ErrForbidden, "dropIns[1].name"))
}

func TestNodeContainerdDropIn(t *testing.T) {
	plan, err := (&kubenode.Node{ContainerdDropIn: "50-kubenode.toml"}).Plan(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(plan.File(containerd.ConfigFile).Content), "imports = ['/etc/containerd/conf.d/*.toml']")
	assert.NotNil(t, plan.File(containerd.DropInDir+"/50-kubenode.toml"))
	_, err = (&kubenode.Node{Runtime: kubenode.CRIO, ContainerdDropIn: "50-kubenode.toml"}).Plan(context.Background())
	fieldtest.Require(t, err, fieldtest.Match(field.ErrForbidden, "containerdDropIn"))
}
