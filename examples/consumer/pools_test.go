package consumer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

// The pool passwords: what no output but the 0600 files may hold.
const (
	registryPassword = "s3cret-registry-password"
	devToken         = "dev-identity-token"
)

// The three pools of an installer, each through the Node and its hooks
// alone: no plan bytes edited, no installer of the caller's own.
func pools(t *testing.T) map[string]*kubenode.Node {
	pki := testpki.New(t, "registry.corp.example")
	private := runtime.Registry{
		Host: "registry.corp.example", CA: pki.CA, ClientCert: pki.ClientCert, ClientKey: pki.ClientKey,
		Mirrors: []runtime.RegistryMirror{{URL: "https://cache.corp.example"}},
		Auth:    &runtime.RegistryAuth{Username: "puller", Password: registryPassword},
	}
	dev := runtime.Registry{Host: "dev-registry.corp.example:5000", PlainHTTP: true}
	proxy := &runtime.Proxy{HTTP: "http://proxy.corp.example:3128", HTTPS: "http://proxy.corp.example:3128", NoProxy: []string{".corp.example", "10.0.0.0/8"}}
	return map[string]*kubenode.Node{
		// worker: a private registry with its own CA, client certificate
		// and credentials, an insecure dev registry, an HTTP proxy.
		"worker": {
			Kubernetes: "1.35", RuntimeVersion: "2.2",
			NodeIPs:    []string{"10.0.0.21"},
			NodeLabels: map[string]string{"example.com/pool": "worker"},
			Registries: []runtime.Registry{private, dev},
			Proxy:      proxy,
			Hooks:      kubenode.Hooks{Containerd: func(c *containerd.Config) { c.Images.MaxConcurrentDownloads = 8 }},
		},
		// gpu: nvidia the default handler, kata beside it.
		"gpu": {
			Kubernetes: "1.35", RuntimeVersion: "2.2",
			NodeIPs:    []string{"10.0.0.22"},
			NodeLabels: map[string]string{"example.com/pool": "gpu"},
			Taints:     []string{"example.com/gpu=true:NoSchedule"},
			RuntimeHandlers: []runtime.RuntimeHandler{
				{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true},
				{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/opt/kata/share/defaults/kata-containers/configuration.toml", PrivilegedWithoutHostDevices: true, PodAnnotations: []string{"io.katacontainers.*"}},
			},
		},
		// legacy: Docker with cri-dockerd, the dev registry over plain
		// HTTP, a Docker Hub mirror, the proxy for dockerd.
		"legacy": {
			Kubernetes: "1.33", Runtime: kubenode.Docker, RuntimeVersion: "28.5",
			NodeIPs:    []string{"10.0.0.23"},
			NodeLabels: map[string]string{"example.com/pool": "legacy"},
			Registries: []runtime.Registry{dev, {Host: "docker.io", Mirrors: []runtime.RegistryMirror{{URL: "https://hub.mirror.corp.example"}}}},
			Proxy:      proxy,
		},
	}
}

func TestPools(t *testing.T) {
	for name, node := range pools(t) {
		t.Run(name, func(t *testing.T) {
			warnings, err := node.Validate()
			require.NoError(t, err)
			plan, err := node.Plan(context.Background())
			require.NoError(t, err)
			plantest.Golden(t, "testdata/pool-"+name+".txtar", plan, *update)

			// No secret in any output but its own 0600 file.
			txt, err := plan.Txtar()
			require.NoError(t, err)
			script, err := render.Shell(plan)
			require.NoError(t, err)
			res, err := apply.Apply(context.Background(), plan, apply.Options{Root: t.TempDir(), DryRun: true})
			require.NoError(t, err)
			var diffs strings.Builder
			for _, f := range res.Files {
				diffs.WriteString(f.Diff)
			}
			outputs := map[string]string{"txtar": string(txt), "dry run": diffs.String(), "warnings": fmt.Sprint(warnings)}
			// The script carries the files' bytes; its comments and the
			// lines around them carry no secret.
			outputs["script comments"] = comments(string(script))
			for what, out := range outputs {
				for _, secret := range []string{registryPassword, devToken, "PRIVATE KEY"} {
					assert.NotContains(t, out, secret, "%s of %s", what, name)
				}
			}
			for _, f := range plan.Files {
				if strings.Contains(string(f.Content), registryPassword) || strings.Contains(string(f.Content), "PRIVATE KEY") {
					assert.True(t, runtime.SecretMode(f.Mode), "%s holds a secret: mode %v", f.Path, f.Mode)
				}
			}
		})
	}
}

// comments are the comment lines of a shell script.
func comments(script string) string {
	var out []string
	for _, l := range strings.Split(script, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
