package render_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
	"github.com/kubenode/kubenode/runtime/render"
)

// sampleKubeadm is what a root Node would say of RenderPlan's node: its
// runtime socket, two kubelet flags, a taint, a kubelet patch, and
// crictl.yaml standing in for a file kubeadm owns.
func sampleKubeadm() render.Kubeadm {
	return render.Kubeadm{
		Name:             "pool-a",
		Namespace:        "fleet",
		CRISocket:        "unix:///run/containerd/containerd.sock",
		KubeletExtraArgs: []render.KubeadmArg{{Name: "node-ip", Value: "10.0.0.5"}, {Name: "node-labels", Value: "pool=a"}},
		Taints:           []corev1.Taint{{Key: "pool", Value: "a", Effect: corev1.TaintEffectNoSchedule}},
		KubeletPatch:     []byte("maxPods: 50\n"),
		OwnedFiles:       []string{"/etc/kubenode/empty"},
		StartedByKubeadm: []string{"containerd.service"},
	}
}

// secretOf is the content of RenderPlan's secret file.
func secretOf(t *testing.T) string {
	t.Helper()
	f := plansample.RenderPlan().File("/etc/kubenode/tricky's file")
	require.NotNil(t, f)
	return string(f.Content)
}

// capiDocs splits a rendering into its Secret (nil without one) and the
// object after it, decoded into obj.
func capiDocs(t *testing.T, b []byte, obj any) *corev1.Secret {
	t.Helper()
	docs := strings.Split(string(b), "\n---\n")
	require.LessOrEqual(t, len(docs), 2)
	var secret *corev1.Secret
	if len(docs) == 2 {
		secret = &corev1.Secret{}
		require.NoError(t, yaml.UnmarshalStrict([]byte(docs[0]), secret))
	}
	require.NoError(t, yaml.UnmarshalStrict([]byte(docs[len(docs)-1]), obj))
	return secret
}

// capiTemplate is the part of a KubeadmConfigTemplate the tests read.
type capiTemplate struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   map[string]string `json:"metadata"`
	Spec       struct {
		Template struct {
			Spec capiSpec `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

type capiSpec struct {
	InitConfiguration *capiJoin  `json:"initConfiguration"`
	JoinConfiguration *capiJoin  `json:"joinConfiguration"`
	Files             []capiFile `json:"files"`
	PreKubeadmCommand []string   `json:"preKubeadmCommands"`
}

type capiJoin struct {
	NodeRegistration struct {
		CRISocket        string                         `json:"criSocket"`
		Taints           *[]corev1.Taint                `json:"taints"`
		KubeletExtraArgs []struct{ Name, Value string } `json:"kubeletExtraArgs"`
	} `json:"nodeRegistration"`
	Patches *struct {
		Directory string `json:"directory"`
	} `json:"patches"`
}

type capiFile struct {
	Path, Owner, Permissions, Encoding, Content string
	ContentFrom                                 *struct {
		Secret struct{ Name, Key string } `json:"secret"`
	} `json:"contentFrom"`
}

func TestRenderCAPIGolden(t *testing.T) {
	for _, tt := range []struct {
		format render.Format
		golden string
	}{
		{render.FormatCAPI, "testdata/render.capi.yaml"},
		{render.FormatCAPIControlPlane, "testdata/render.capi-control-plane.yaml"},
		{render.FormatKubeadm, "testdata/render.kubeadm.yaml"},
		{render.FormatCAPI, "testdata/render.capi-v1beta1.yaml"},
	} {
		k := sampleKubeadm()
		if strings.Contains(tt.golden, "v1beta1") {
			k.CAPIVersion = render.CAPIv1beta1
		}
		b, err := render.Render(plansample.RenderPlan(), tt.format, render.WithKubeadm(k))
		require.NoError(t, err, tt.format)
		plantest.GoldenBytes(t, tt.golden, b, *update)
		assert.NotContains(t, string(b), "$HOME `id`", "%s: the secret file's content is not inline", tt.format)
	}
	// RenderPlan has a file without a final newline, which txtar cannot
	// show.
	kp, err := render.KubeadmPlan(plansample.NodePlan(), render.WithKubeadm(sampleKubeadm()))
	require.NoError(t, err)
	plantest.Golden(t, "testdata/render.kubeadm-plan.txtar", kp, *update)
}

func TestCAPITemplate(t *testing.T) {
	b, err := render.CAPI(plansample.RenderPlan(), render.WithKubeadm(sampleKubeadm()))
	require.NoError(t, err)
	var tpl capiTemplate
	secret := capiDocs(t, b, &tpl)
	assert.Equal(t, render.CAPIBootstrapAPIVersion, tpl.APIVersion)
	assert.Equal(t, "KubeadmConfigTemplate", tpl.Kind)
	assert.Equal(t, map[string]string{"name": "pool-a", "namespace": "fleet"}, tpl.Metadata)
	spec := tpl.Spec.Template.Spec

	// Secrets travel in the Secret, by reference.
	require.NotNil(t, secret)
	assert.Equal(t, "pool-a-files", secret.Name)
	assert.Equal(t, "fleet", secret.Namespace)
	byPath := map[string]capiFile{}
	for _, f := range spec.Files {
		byPath[f.Path] = f
	}
	for _, path := range []string{"/etc/crictl.yaml", "/etc/kubenode/tricky's file"} {
		f := byPath[path]
		require.NotNil(t, f.ContentFrom, path)
		assert.Empty(t, f.Content, path)
		assert.Equal(t, "pool-a-files", f.ContentFrom.Secret.Name)
		want := plansample.RenderPlan().File(path).Content
		assert.Equal(t, want, secret.Data[f.ContentFrom.Secret.Key], path)
	}
	assert.Len(t, secret.Data, 2, "only the secret files")

	// kubeadm's files are left out, the patch file is added, the group
	// and the group's file go to the prepare script.
	assert.NotContains(t, byPath, "/etc/kubenode/empty")
	assert.Equal(t, "maxPods: 50\n", byPath["/etc/kubernetes/patches/kubeletconfiguration+merge.yaml"].Content)
	assert.NotContains(t, byPath, "/etc/docker/daemon.json")
	prepare := byPath[render.PrepareScriptPath]
	assert.Contains(t, prepare.Content, "add_group 'docker'")
	assert.Contains(t, prepare.Content, "install_file '/etc/docker/daemon.json' '0640' 'root' 'docker'")
	for _, f := range spec.Files {
		assert.Equal(t, "root:root", f.Owner, f.Path)
	}
	assert.Equal(t, []string{
		"sh " + render.PrepareScriptPath,
		"systemctl daemon-reload",
		"systemctl enable containerd.service",
	}, spec.PreKubeadmCommand, "containerd.service is started by kubeadm here: enabled only")

	join := spec.JoinConfiguration
	require.NotNil(t, join)
	assert.Nil(t, spec.InitConfiguration)
	assert.Equal(t, "unix:///run/containerd/containerd.sock", join.NodeRegistration.CRISocket)
	assert.Equal(t, []struct{ Name, Value string }{{"node-ip", "10.0.0.5"}, {"node-labels", "pool=a"}}, join.NodeRegistration.KubeletExtraArgs)
	require.NotNil(t, join.NodeRegistration.Taints)
	assert.Equal(t, sampleKubeadm().Taints, *join.NodeRegistration.Taints)
	require.NotNil(t, join.Patches)
	assert.Equal(t, render.DefaultPatchesDir, join.Patches.Directory)
}

// v1beta1, still served, has kubeletExtraArgs as a map.
func TestCAPIV1beta1(t *testing.T) {
	k := sampleKubeadm()
	k.CAPIVersion = render.CAPIv1beta1
	b, err := render.CAPI(plansample.RenderPlan(), render.WithKubeadm(k))
	require.NoError(t, err)
	var tpl struct {
		APIVersion string `json:"apiVersion"`
		Spec       struct {
			Template struct {
				Spec struct {
					JoinConfiguration struct {
						NodeRegistration struct {
							KubeletExtraArgs map[string]string `json:"kubeletExtraArgs"`
							Taints           []corev1.Taint    `json:"taints"`
						} `json:"nodeRegistration"`
					} `json:"joinConfiguration"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	docs := strings.Split(string(b), "\n---\n")
	require.NoError(t, yaml.Unmarshal([]byte(docs[len(docs)-1]), &tpl))
	assert.Equal(t, render.CAPIBootstrapGroup+"/v1beta1", tpl.APIVersion)
	nr := tpl.Spec.Template.Spec.JoinConfiguration.NodeRegistration
	assert.Equal(t, map[string]string{"node-ip": "10.0.0.5", "node-labels": "pool=a"}, nr.KubeletExtraArgs)
	assert.Equal(t, k.Taints, nr.Taints)
}

func TestCAPIControlPlaneHasInitAndJoin(t *testing.T) {
	b, err := render.CAPIControlPlane(plansample.RenderPlan(), render.WithKubeadm(sampleKubeadm()))
	require.NoError(t, err)
	var kcp struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   map[string]string `json:"metadata"`
		Spec       struct {
			KubeadmConfigSpec capiSpec `json:"kubeadmConfigSpec"`
		} `json:"spec"`
	}
	capiDocs(t, b, &kcp)
	assert.Equal(t, render.CAPIControlPlaneAPIVersion, kcp.APIVersion)
	assert.Equal(t, "KubeadmControlPlane", kcp.Kind)
	spec := kcp.Spec.KubeadmConfigSpec
	require.NotNil(t, spec.InitConfiguration)
	require.NotNil(t, spec.JoinConfiguration)
	assert.Equal(t, spec.InitConfiguration, spec.JoinConfiguration)
}

// Without a Kubeadm the plan ships as it is: every file, every unit
// action, no kubeadm settings.
func TestCAPIWithoutKubeadm(t *testing.T) {
	b, err := render.CAPI(plansample.NodePlan())
	require.NoError(t, err)
	var tpl capiTemplate
	capiDocs(t, b, &tpl)
	assert.Equal(t, render.DefaultCAPIName, tpl.Metadata["name"])
	spec := tpl.Spec.Template.Spec
	assert.Nil(t, spec.JoinConfiguration)
	assert.Len(t, spec.Files, len(plansample.NodePlan().Files))
	assert.Equal(t, []string{"systemctl daemon-reload", "systemctl enable containerd.service", "systemctl restart containerd.service"}, spec.PreKubeadmCommand)
}

// Content Cluster API would not take inline (over 10240 bytes) goes into
// the Secret too; content its cloud-init's literal block would not give
// back goes base64, inline or in the Secret.
func TestCAPIContentForms(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[1].Content = bytes.Repeat([]byte("# long\n"), 2000)
	p.Files[3].Content = []byte("no final newline")
	for i, c := range []string{"\xff\x00a", "no final newline", "two newlines\n\n", " leading space\n", "\nleading newline\n"} {
		p.Files = append(p.Files, runtime.File{Path: fmt.Sprintf("/etc/kubenode/%d", i), Mode: 0o644, Content: []byte(c)})
	}
	b, err := render.CAPI(p)
	require.NoError(t, err)
	var tpl capiTemplate
	secret := capiDocs(t, b, &tpl)
	files := tpl.Spec.Template.Spec.Files
	require.NotNil(t, files[1].ContentFrom)
	assert.Empty(t, files[1].Encoding)
	assert.Equal(t, p.Files[1].Content, secret.Data[files[1].ContentFrom.Secret.Key])
	require.NotNil(t, files[3].ContentFrom, "crictl.yaml is 0600")
	assert.Equal(t, "base64", files[3].Encoding)
	assert.Equal(t, base64.StdEncoding.EncodeToString(p.Files[3].Content), string(secret.Data[files[3].ContentFrom.Secret.Key]))
	for i := 4; i < len(p.Files); i++ {
		assert.Equal(t, "base64", files[i].Encoding, files[i].Path)
		assert.Equal(t, base64.StdEncoding.EncodeToString(p.Files[i].Content), files[i].Content)
	}
	assert.Empty(t, files[0].Encoding)
}

// Cluster API writes a path unquoted into cloud-init's YAML: a path that
// would not read back is refused at its place in the plan.
func TestCAPIRefusesPathsItsYAMLLoses(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[2].Path = "/etc/kubenode/a: b"
	p.Files[3].Path = "/etc/kubenode/a #b"
	_, err := render.CAPI(p)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "files[2].path"),
		fieldtest.Match(field.ErrInvalid, "files[3].path"),
	)
}

func TestKubeadmRefusals(t *testing.T) {
	k := sampleKubeadm()
	k.Name = "Pool_A"
	k.PatchesDir = "patches"
	k.CAPIVersion = "v1alpha4"
	k.KubeletExtraArgs = append(k.KubeletExtraArgs, render.KubeadmArg{Name: "node-ip", Value: "10.0.0.6"}, render.KubeadmArg{Value: "x"})
	for _, f := range []render.Format{render.FormatCAPI, render.FormatCAPIControlPlane, render.FormatKubeadm} {
		_, err := render.Render(plansample.RenderPlan(), f, render.WithKubeadm(k))
		fieldtest.RequireExactly(t, err,
			fieldtest.Match(field.ErrInvalid, "kubeadm.name"),
			fieldtest.Match(field.ErrNotSupported, "kubeadm.capiVersion"),
			fieldtest.Match(field.ErrInvalid, "kubeadm.patchesDir"),
			fieldtest.Match(field.ErrDuplicate, "kubeadm.kubeletExtraArgs[2].name"),
			fieldtest.Match(field.ErrRequired, "kubeadm.kubeletExtraArgs[3].name"),
		)
	}
	_, err := render.KubeadmPlan(plansample.RenderPlan(), render.WithKubeadm(k))
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "kubeadm.name")
}

func TestCAPIRefusesPlanFilesInItsPlaces(t *testing.T) {
	p := plansample.RenderPlan()
	p.Files[2].Path = "/etc/kubernetes/patches/kubeletconfiguration+merge.yaml"
	_, err := render.CAPI(p, render.WithKubeadm(sampleKubeadm()))
	fieldtest.RequireProblem(t, err, field.ErrConflict, "files[2].path")

	p = plansample.RenderPlan()
	p.Files[2].Path = render.PrepareScriptPath
	_, err = render.CAPI(p)
	fieldtest.RequireProblem(t, err, field.ErrConflict, "files[2].path")

	p = plansample.RenderPlan()
	p.Files[2].Path = render.DefaultJoinConfigPath
	_, err = render.KubeadmPlan(p)
	fieldtest.RequireProblem(t, err, field.ErrConflict, "files[2].path")
}

// A secret file owned by another user would need its content in the
// prepare script: refused, and the refusal does not show it.
func TestCAPIRefusesASecretFileOwnedByAnotherGroup(t *testing.T) {
	p := plansample.RenderPlan()
	f := &p.Files[6]
	require.Equal(t, "/etc/kubenode/tricky's file", f.Path)
	f.Group = "docker"
	_, err := render.CAPI(p)
	fieldtest.RequireProblem(t, err, field.ErrForbidden, "files[6].owner")
	fieldtest.RequireNoSecret(t, err, secretOf(t))
}

// The template's files written and its commands run as cloud-init runs
// them on a root (ROOT=dir, systemctl left out) make the tree Apply makes
// of the plan, but for the files kubeadm owns, which it writes, and the
// template's own two: the patch file and the prepare script.
func TestCAPITemplateMakesApplysTree(t *testing.T) {
	p := plansample.RenderPlan()
	k := sampleKubeadm()
	b, err := render.CAPI(p, render.WithKubeadm(k))
	require.NoError(t, err)
	var tpl capiTemplate
	secret := capiDocs(t, b, &tpl)
	spec := tpl.Spec.Template.Spec

	byTemplate := t.TempDir()
	for _, f := range spec.Files {
		content := []byte(f.Content)
		if f.ContentFrom != nil {
			content = secret.Data[f.ContentFrom.Secret.Key]
		}
		if f.Encoding == "base64" {
			content, err = base64.StdEncoding.DecodeString(string(content))
			require.NoError(t, err)
		}
		dst := filepath.Join(byTemplate, f.Path)
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, content, 0o600))
		var mode uint32
		_, err := fmt.Sscanf(f.Permissions, "%o", &mode)
		require.NoError(t, err)
		require.NoError(t, os.Chmod(dst, os.FileMode(mode)))
	}
	for _, c := range spec.PreKubeadmCommand {
		if strings.HasPrefix(c, "systemctl ") {
			continue
		}
		require.Equal(t, "sh "+render.PrepareScriptPath, c)
		script, err := os.ReadFile(filepath.Join(byTemplate, render.PrepareScriptPath))
		require.NoError(t, err)
		out, err := runSh(t, script, byTemplate)
		require.NoError(t, err, out)
	}

	byApply := t.TempDir()
	kept := p.Clone()
	kept.Files = nil
	for _, f := range p.Files {
		if f.Path != "/etc/kubenode/empty" {
			kept.Files = append(kept.Files, f)
		}
	}
	_, err = apply.Apply(context.Background(), kept, apply.Options{Root: byApply})
	require.NoError(t, err)

	got := plansample.Tree(t, byTemplate)
	for _, own := range []string{render.PrepareScriptPath, "/etc/kubernetes/patches/kubeletconfiguration+merge.yaml"} {
		require.Contains(t, got, own[1:])
		delete(got, own[1:])
	}
	delete(got, "var/lib/kubenode")
	delete(got, "var/lib")
	delete(got, "etc/kubernetes/patches")
	delete(got, "etc/kubernetes")
	want := plansample.Tree(t, byApply)
	delete(want, "var/lib")
	assert.Equal(t, want, got)
}
