package capi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// The checkers, as .ci/install.d/capi.sh and kubeadm.sh build them.
const (
	capiChecker    = "capi-checker-1.14.2/capi-checker"
	kubeadmChecker = "kubeadm-checker-1.37.2/kubeadm-checker"
)

// registryPassword is the secret of the nodes' private registry: it may
// appear in a Secret and nowhere else.
const registryPassword = "e2e-capi-registry-password"

// nodes are a node of each runtime with what reaches kubeadm: node IPs,
// labels, a taint, swap allowed (a kubelet patch), and a private registry
// with a client certificate (and, where the runtime takes them,
// credentials): secrets.
func nodes(t *testing.T) map[string]*kubenode.Node {
	pki := testpki.New(t, "registry.e2e.example")
	reg := func(auth bool) []runtime.Registry {
		r := runtime.Registry{Host: "registry.e2e.example", CA: pki.CA, ClientCert: pki.ClientCert, ClientKey: pki.ClientKey}
		if auth {
			r.Auth = &runtime.RegistryAuth{Username: "puller", Password: registryPassword}
		}
		return []runtime.Registry{r}
	}
	node := func(r kubenode.Runtime, version string, auth bool) *kubenode.Node {
		return &kubenode.Node{
			Kubernetes: "1.34", Runtime: r, RuntimeVersion: version,
			NodeIPs:    []string{"10.0.0.5", "fd00::5"},
			NodeLabels: map[string]string{"example.com/pool": "e2e"},
			Taints:     []string{"example.com/pool=e2e:NoSchedule"},
			Host:       kubenode.Host{Swap: kubenode.SwapAllowed},
			Registries: reg(auth),
		}
	}
	return map[string]*kubenode.Node{
		"containerd": node(kubenode.Containerd, "2.2", true),
		"docker":     node(kubenode.Docker, "28.5", false),
		"crio":       node(kubenode.CRIO, "1.34", true),
	}
}

// rendering is one node's plan, its Kubeadm and its three renderings.
type rendering struct {
	plan              *runtime.Plan
	kubeadm           render.Kubeadm
	capi, cp, joinCfg []byte
}

func renderNode(t *testing.T, n *kubenode.Node) rendering {
	t.Helper()
	plan, err := n.Plan(context.Background())
	require.NoError(t, err)
	k, err := n.Kubeadm()
	require.NoError(t, err)
	k.Name, k.Namespace = "e2e-pool", "e2e"
	r := rendering{plan: plan, kubeadm: k}
	for f, out := range map[render.Format]*[]byte{render.FormatCAPI: &r.capi, render.FormatCAPIControlPlane: &r.cp, render.FormatKubeadm: &r.joinCfg} {
		*out, err = render.Render(plan, f, render.WithKubeadm(k))
		require.NoError(t, err, f)
	}
	return r
}

// run runs a checker and returns its stdout, failing the test with its
// stderr when it exits non-zero.
func run(t *testing.T, tool string, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(harness.Tool(t, tool), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %v: %s", tool, args, stderr.String())
	return stdout.Bytes()
}

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

// Every rendering decodes strictly with Cluster API's and kubeadm's own
// types and passes their validation; no secret is outside the Secret.
func TestRenderingsPassClusterAPIAndKubeadm(t *testing.T) {
	for name, n := range nodes(t) {
		t.Run(name, func(t *testing.T) {
			r := renderNode(t, n)
			run(t, capiChecker, "check", write(t, "capi.yaml", r.capi))
			run(t, capiChecker, "check", write(t, "cp.yaml", r.cp))
			// And in v1beta1, which Cluster API 1.14 still serves.
			old := r.kubeadm
			old.CAPIVersion = render.CAPIv1beta1
			for _, f := range []render.Format{render.FormatCAPI, render.FormatCAPIControlPlane} {
				out, err := render.Render(r.plan, f, render.WithKubeadm(old))
				require.NoError(t, err)
				require.Contains(t, string(out), "/v1beta1\n")
				run(t, capiChecker, "check", write(t, "v1beta1.yaml", out))
			}

			for what, out := range map[string][]byte{"template": afterSecret(r.capi), "control plane": afterSecret(r.cp), "JoinConfiguration": r.joinCfg} {
				assert.NotContains(t, string(out), registryPassword, "%s of %s", what, name)
				assert.NotContains(t, string(out), "PRIVATE KEY", "%s of %s", what, name)
			}
			if n.Registries[0].Auth != nil {
				assert.Contains(t, string(secretDoc(r.capi)), "data:", "the Secret holds the secrets")
			}

			joined := run(t, kubeadmChecker, "join", write(t, "join.yaml", r.joinCfg))
			var cfg struct {
				NodeRegistration struct {
					CRISocket        string                         `json:"criSocket"`
					KubeletExtraArgs []struct{ Name, Value string } `json:"kubeletExtraArgs"`
					Taints           []struct{ Key, Effect string } `json:"taints"`
				} `json:"nodeRegistration"`
				Patches struct{ Directory string } `json:"patches"`
			}
			require.NoError(t, yaml.Unmarshal(joined, &cfg))
			assert.Equal(t, r.kubeadm.CRISocket, cfg.NodeRegistration.CRISocket)
			assert.Len(t, cfg.NodeRegistration.KubeletExtraArgs, len(r.kubeadm.KubeletExtraArgs))
			assert.Equal(t, []struct{ Key, Effect string }{{"example.com/pool", "NoSchedule"}}, cfg.NodeRegistration.Taints)
			assert.Equal(t, render.DefaultPatchesDir, cfg.Patches.Directory)
		})
	}
}

// kubeadm's patch loader takes the kubelet's patch file, and the
// configuration kubeadm then writes holds every setting of the node's own
// config.yaml (but those kubeadm takes from nodeRegistration).
func TestKubeletPatchGivesTheNodesConfig(t *testing.T) {
	for name, n := range nodes(t) {
		t.Run(name, func(t *testing.T) {
			r := renderNode(t, n)
			kp, err := render.KubeadmPlan(r.plan, render.WithKubeadm(r.kubeadm))
			require.NoError(t, err)
			patch := kp.File(filepath.Join(render.DefaultPatchesDir, render.KubeletPatchName))
			require.NotNil(t, patch, "swap allowed differs from kubeadm's kubelet configuration")
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, render.KubeletPatchName), patch.Content, 0o644))
			var patched map[string]any
			require.NoError(t, json.Unmarshal(run(t, kubeadmChecker, "kubelet-config", dir), &patched))

			own := r.plan.File(kubelet.DefaultConfigPath)
			require.NotNil(t, own)
			var want map[string]any
			require.NoError(t, yaml.Unmarshal(own.Content, &want))
			for _, k := range []string{"containerRuntimeEndpoint", "registerWithTaints"} {
				delete(want, k)
			}
			requireSubset(t, "", want, patched)
		})
	}
}

// requireSubset fails unless every value of want is in got: objects key
// by key, anything else equal.
func requireSubset(t *testing.T, at string, want, got any) {
	t.Helper()
	w, ok := want.(map[string]any)
	if !ok {
		assert.Equal(t, want, got, "at %s", at)
		return
	}
	g, ok := got.(map[string]any)
	require.True(t, ok, "at %s: want an object, got %v", at, got)
	for k, v := range w {
		requireSubset(t, at+"."+k, v, g[k])
	}
}

// The template's files, written as Cluster API's cloud-init writes them,
// and its preKubeadmCommands, run under ROOT=dir as cloud-init would run
// them (systemctl, which has no root to act on, left out), make the tree
// Apply makes of the plan, but for the files kubeadm owns and the
// template's own two (the kubelet's patch, the prepare script).
func TestTemplateMakesApplysTree(t *testing.T) {
	testenv.RequireRoot(t)
	sh := testenv.Program(t, "sh")
	for name, n := range nodes(t) {
		t.Run(name, func(t *testing.T) {
			r := renderNode(t, n)
			byTemplate, byApply := t.TempDir(), t.TempDir()
			for _, root := range []string{byTemplate, byApply} {
				accounts(t, root)
			}
			var cmds []string
			require.NoError(t, json.Unmarshal(run(t, capiChecker, "write-files", write(t, "capi.yaml", r.capi), byTemplate), &cmds))
			for _, c := range cmds {
				if strings.HasPrefix(c, "systemctl ") {
					continue
				}
				require.Equal(t, "sh "+render.PrepareScriptPath, c, "a command cloud-init would run")
				cmd := exec.Command(sh, filepath.Join(byTemplate, render.PrepareScriptPath))
				cmd.Env = append(os.Environ(), "ROOT="+byTemplate)
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s", out)
			}

			kept := r.plan.Clone()
			kept.Files = nil
			for _, f := range r.plan.Files {
				if !contains(r.kubeadm.OwnedFiles, f.Path) {
					kept.Files = append(kept.Files, f)
				}
			}
			_, err := apply.Apply(context.Background(), kept, apply.Options{Root: byApply})
			require.NoError(t, err)

			got := plansample.Tree(t, byTemplate)
			for _, own := range []string{render.PrepareScriptPath, filepath.Join(render.DefaultPatchesDir, render.KubeletPatchName)} {
				delete(got, own[1:])
			}
			for _, dir := range []string{"var/lib/kubenode", "etc/kubernetes/patches", "etc/kubernetes"} {
				delete(got, dir)
			}
			want := plansample.Tree(t, byApply)
			for _, m := range []map[string]string{got, want} {
				delete(m, "var/lib")
				delete(m, "var/lib/kubelet")
			}
			assert.Equal(t, want, got)
		})
	}
}

// accounts gives a root the account files a node has.
func accounts(t *testing.T, root string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/passwd"), []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/group"), []byte("root:x:0:\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "etc/gshadow"), []byte("root:*::\n"), 0o640))
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// afterSecret is a rendering without its leading Secret document.
func afterSecret(out []byte) []byte {
	if _, rest, ok := bytes.Cut(out, []byte("\n---\n")); ok {
		return rest
	}
	return out
}

// secretDoc is a rendering's leading Secret document, or nil.
func secretDoc(out []byte) []byte {
	if first, _, ok := bytes.Cut(out, []byte("\n---\n")); ok {
		return first
	}
	return nil
}
