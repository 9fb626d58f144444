package consumer_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

// fleetRuntimes are the runtimes a fleet's golden is written for, each
// with the release its pools pin.
var fleetRuntimes = []struct {
	runtime kubenode.Runtime
	version string
}{
	{kubenode.Containerd, "2.2"},
	{kubenode.Docker, "28.5"},
	{kubenode.CRIO, "1.34"},
}

// fleetPool is one pool of the fleet on runtime r: the pool of pools()
// with its runtime set, on Kubernetes 1.34 (the newest CRI-O kubenode
// knows), the settings another runtime cannot take left out: a containerd
// hook; on Docker a shim handler, and a registry's credentials and
// mirrors but Docker Hub's.
func fleetPool(n *kubenode.Node, r kubenode.Runtime, version string) *kubenode.Node {
	c := *n
	c.Kubernetes, c.Runtime, c.RuntimeVersion = "1.34", r, version
	if r != kubenode.Containerd {
		c.Hooks = kubenode.Hooks{}
	}
	if r == kubenode.Docker {
		c.RuntimeHandlers = slices.DeleteFunc(slices.Clone(c.RuntimeHandlers), func(h runtime.RuntimeHandler) bool { return h.Kind == runtime.HandlerShim })
		c.Registries = slices.Clone(c.Registries)
		for i := range c.Registries {
			if c.Registries[i].Host != "docker.io" {
				c.Registries[i].Auth, c.Registries[i].Mirrors = nil, nil
			}
		}
	}
	return &c
}

// The three pools as Cluster API KubeadmConfigTemplates, one golden per
// runtime. The secrets (the registry password, the client key) travel
// only in each pool's Secret: the golden shows that Secret's keys with
// their content redacted, and holds no secret.
func TestFleetAsClusterAPITemplates(t *testing.T) {
	base := pools(t)
	for _, rt := range fleetRuntimes {
		t.Run(string(rt.runtime), func(t *testing.T) {
			var golden bytes.Buffer
			for _, name := range slices.Sorted(maps.Keys(base)) {
				node := fleetPool(base[name], rt.runtime, rt.version)
				plan, err := node.Plan(context.Background())
				require.NoError(t, err, name)
				k, err := node.Kubeadm()
				require.NoError(t, err, name)
				k.Name, k.Namespace = "fleet-"+name, "fleet"
				out, err := render.Render(plan, render.FormatCAPI, render.WithKubeadm(k))
				require.NoError(t, err, name)

				secret, template := splitSecret(t, out)
				for _, s := range []string{registryPassword, devToken, "PRIVATE KEY", base64.StdEncoding.EncodeToString([]byte(registryPassword))} {
					assert.NotContains(t, string(template), s, "%s: the template holds no secret", name)
				}
				for _, f := range plan.Files {
					if !runtime.SecretMode(f.Mode) {
						continue
					}
					require.NotNil(t, secret, "%s: %s is a secret", name, f.Path)
					assert.True(t, slices.ContainsFunc(slices.Collect(maps.Values(secret.Data)), func(v []byte) bool { return bytes.Equal(v, f.Content) }),
						"%s: the Secret holds %s", name, f.Path)
				}
				assert.NotContains(t, string(template), "path: /var/lib/kubelet/config.yaml", "%s: kubeadm writes the kubelet's config", name)

				golden.WriteString("# pool " + name + "\n")
				if secret != nil {
					golden.Write(redacted(t, secret))
					golden.WriteString("---\n")
				}
				golden.Write(template)
				golden.WriteString("---\n")
			}
			b := golden.Bytes()
			for _, s := range []string{registryPassword, devToken, "PRIVATE KEY"} {
				require.NotContains(t, string(b), s)
			}
			plantest.GoldenBytes(t, "testdata/fleet-capi-"+string(rt.runtime)+".yaml", b, *update)
		})
	}
}

// splitSecret splits a Cluster API rendering into its Secret (nil without
// one) and the template's document.
func splitSecret(t *testing.T, out []byte) (*corev1.Secret, []byte) {
	t.Helper()
	first, rest, ok := bytes.Cut(out, []byte("\n---\n"))
	if !ok {
		return nil, out
	}
	var s corev1.Secret
	require.NoError(t, yaml.UnmarshalStrict(append(first, '\n'), &s))
	require.Equal(t, "Secret", s.Kind)
	return &s, rest
}

// redacted is the Secret as the golden shows it: each key's content
// replaced by runtime.RedactedContent, in stringData.
func redacted(t *testing.T, s *corev1.Secret) []byte {
	t.Helper()
	c := s.DeepCopy()
	c.StringData = map[string]string{}
	for k, v := range c.Data {
		c.StringData[k] = strings.TrimSuffix(string(runtime.RedactedContent(v)), "\n")
	}
	c.Data = nil
	b, err := yaml.Marshal(c)
	require.NoError(t, err)
	return b
}
