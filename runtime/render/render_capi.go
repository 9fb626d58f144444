package render

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// CAPI renders the plan as a Cluster API KubeadmConfigTemplate
// (bootstrap.cluster.x-k8s.io/v1beta2) for the workers of a
// MachineDeployment, preceded by the Secret its files read when the plan
// has secrets: a YAML stream for kubectl apply. The [Kubeadm] of
// [WithKubeadm] says what kubeadm takes from the node; see the package
// documentation, "Cluster API and kubeadm".
func CAPI(p *runtime.Plan, opts ...Option) ([]byte, error) {
	s, err := kubeadmSettings(p, opts)
	if err != nil {
		return nil, err
	}
	spec, secret, err := capiSpec(p, s, false)
	if err != nil {
		return nil, err
	}
	k := s.kubeadm
	return yamlStream(secret, capiConfigTemplate{
		APIVersion: CAPIBootstrapGroup + "/" + k.CAPIVersion,
		Kind:       "KubeadmConfigTemplate",
		Metadata:   capiMeta{Name: k.Name, Namespace: k.Namespace},
		Spec:       capiConfigTemplateSpec{Template: capiConfigTemplateResource{Spec: spec}},
	})
}

// CAPIControlPlane renders the plan as the kubeadmConfigSpec of a Cluster
// API KubeadmControlPlane (controlplane.cluster.x-k8s.io/v1beta2),
// preceded by the Secret its files read when the plan has secrets. The
// KubeadmControlPlane holds nothing else: it is a fragment to merge into
// one that names its version, replicas and machine template. Its
// initConfiguration (the first node) and joinConfiguration (the others)
// carry the same node registration and patches.
func CAPIControlPlane(p *runtime.Plan, opts ...Option) ([]byte, error) {
	s, err := kubeadmSettings(p, opts)
	if err != nil {
		return nil, err
	}
	spec, secret, err := capiSpec(p, s, true)
	if err != nil {
		return nil, err
	}
	k := s.kubeadm
	return yamlStream(secret, capiControlPlane{
		APIVersion: CAPIControlPlaneGroup + "/" + k.CAPIVersion,
		Kind:       "KubeadmControlPlane",
		Metadata:   capiMeta{Name: k.Name, Namespace: k.Namespace},
		Spec:       capiControlPlaneSpec{KubeadmConfigSpec: spec},
	})
}

// capiSpec builds the KubeadmConfigSpec of a validated plan and defaulted
// settings, and the Secret its files read (nil without one).
func capiSpec(p *runtime.Plan, s settings, controlPlane bool) (capiConfigSpec, *corev1.Secret, error) {
	var spec capiConfigSpec
	k := s.kubeadm
	if err := capiPaths(p).Err(); err != nil {
		return spec, nil, err
	}
	node, err := kubeadmNode(p, k)
	if err != nil {
		return spec, nil, err
	}
	files, prepare, err := capiPrepare(p, node, s)
	if err != nil {
		return spec, nil, err
	}
	if len(files) > capiMaxFiles {
		return spec, nil, field.TooLong(field.NewPath("files"), len(files), capiMaxFiles)
	}
	secret := &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: k.secretName(), Namespace: k.Namespace},
		Type:       corev1.SecretTypeOpaque,
	}
	keys := secretKeys{}
	for _, f := range files {
		cf := capiFile{Path: f.Path, Owner: "root:root", Permissions: fmt.Sprintf("%04o", uint32(f.Mode.Perm()))}
		content, encoding, inline := capiContent(f.Content)
		switch {
		// The prepare script holds no secret, whatever its mode.
		case runtime.SecretMode(f.Mode) && f.Path != PrepareScriptPath, !inline:
			key := keys.of(f.Path)
			if secret.Data == nil {
				secret.Data = map[string][]byte{}
			}
			// Cluster API writes the Secret's value as it would the
			// inline content, and the file's encoding tells cloud-init
			// how to read it.
			secret.Data[key], cf.Encoding = []byte(content), encoding
			cf.ContentFrom = &capiFileSource{Secret: capiSecretFileSource{Name: secret.Name, Key: key}}
		default:
			cf.Content, cf.Encoding = content, encoding
		}
		spec.Files = append(spec.Files, cf)
	}
	if prepare {
		spec.PreKubeadmCommands = append(spec.PreKubeadmCommands, "sh "+PrepareScriptPath)
	}
	for _, st := range bootSteps(node) {
		if st.Action == runtime.ActionReload {
			spec.PreKubeadmCommands = append(spec.PreKubeadmCommands, "systemctl daemon-reload")
			continue
		}
		spec.PreKubeadmCommands = append(spec.PreKubeadmCommands, "systemctl "+string(st.Action)+" "+shellWord(st.Unit))
	}
	for i, c := range spec.PreKubeadmCommands {
		if len(c) > capiMaxCommand {
			return spec, nil, field.TooLong(field.NewPath("preKubeadmCommands").Index(i), c, capiMaxCommand)
		}
	}
	nr, patches := capiRegistration(k)
	var reg any = nr
	if k.CAPIVersion == CAPIv1beta1 {
		old := capiNodeRegistrationV1beta1{Name: nr.Name, CRISocket: nr.CRISocket, Taints: slices.Clone(k.Taints)}
		for _, a := range k.KubeletExtraArgs {
			if old.KubeletExtraArgs == nil {
				old.KubeletExtraArgs = map[string]string{}
			}
			old.KubeletExtraArgs[a.Name] = a.Value
		}
		reg = old
	}
	switch {
	case controlPlane:
		spec.InitConfiguration = &capiInitConfiguration{NodeRegistration: reg, Patches: patches}
		spec.JoinConfiguration = &capiJoinConfiguration{NodeRegistration: reg, Patches: patches}
	case patches != nil || nr.CRISocket != "" || nr.Name != "" || nr.Taints != nil || nr.KubeletExtraArgs != nil:
		spec.JoinConfiguration = &capiJoinConfiguration{NodeRegistration: reg, Patches: patches}
	}
	if secret.Data == nil {
		secret = nil
	}
	return spec, secret, nil
}

// capiPrepare returns the files of the kubeadm node's plan that the
// template's files carry, and whether the last of them is the prepare
// script: cloud-init writes files before any command runs and before
// anything it could create a group with, so the plan's groups, the files
// owned by anyone but root and the artifacts go into a script the first
// preKubeadmCommands entry runs, rendered by [Shell] (it honours ROOT as
// every script of this package does). A file owned by another user that
// is a secret would put the secret into that script: refused.
func capiPrepare(p, node *runtime.Plan, s settings) ([]runtime.File, bool, error) {
	var files, late []runtime.File
	var errs field.ErrorList
	for _, f := range node.Files {
		if f.Path == PrepareScriptPath {
			i := slices.IndexFunc(p.Files, func(g runtime.File) bool { return g.Path == f.Path })
			errs = append(errs, field.Conflict(field.NewPath("files").Index(i).Child("path"), f.Path, "the Cluster API prepare script goes there"))
			continue
		}
		if f.OwnerName() == "root" && f.GroupName() == "root" {
			files = append(files, f)
			continue
		}
		if runtime.SecretMode(f.Mode) {
			i := slices.IndexFunc(p.Files, func(g runtime.File) bool { return g.Path == f.Path })
			errs = append(errs, field.Forbidden(field.NewPath("files").Index(i).Child("owner"), f.OwnerName()+":"+f.GroupName(),
				"Cluster API writes a secret file as root:root; one owned by anyone else would need its content in a command"))
			continue
		}
		late = append(late, f)
	}
	if err := errs.Err(); err != nil {
		return nil, false, err
	}
	if len(node.Groups) == 0 && len(late) == 0 && len(node.Artifacts) == 0 {
		return files, false, nil
	}
	script, err := Shell(&runtime.Plan{Groups: node.Groups, Files: late, Artifacts: node.Artifacts}, crossHost(s.crossHost))
	if err != nil {
		return nil, false, err
	}
	return append(files, runtime.File{Path: PrepareScriptPath, Mode: 0o700, Content: script}), true, nil
}

// crossHost is the option that sets crossHost to on.
func crossHost(on bool) Option {
	return func(s *settings) { s.crossHost = on }
}

// capiRegistration is the node registration and the patches of k.
func capiRegistration(k Kubeadm) (capiNodeRegistration, *capiPatches) {
	nr := capiNodeRegistration{Name: k.NodeName, CRISocket: k.CRISocket}
	if len(k.Taints) > 0 {
		t := slices.Clone(k.Taints)
		nr.Taints = &t
	}
	for _, a := range k.KubeletExtraArgs {
		v := a.Value
		nr.KubeletExtraArgs = append(nr.KubeletExtraArgs, capiArg{Name: a.Name, Value: &v})
	}
	if len(k.KubeletPatch) == 0 {
		return nr, nil
	}
	return nr, &capiPatches{Directory: k.PatchesDir}
}

// capiContent is how a file's content goes into the template: as it is
// when Cluster API's cloud-init carries it exactly (capiLiteralKeeps),
// otherwise base64; inline is false when that is longer than Cluster API
// takes inline (capiMaxContent), and it must go into the Secret.
func capiContent(content []byte) (text, encoding string, inline bool) {
	text = string(content)
	if !capiLiteralKeeps(text) {
		text, encoding = base64.StdEncoding.EncodeToString(content), "base64"
	}
	return text, encoding, len(text) <= capiMaxContent
}

// capiLiteralKeeps reports whether Cluster API's cloud-init user data
// gives s back exactly. Cluster API writes every file's content (inline or
// from its Secret) as a YAML literal block ("content: |" and the lines
// indented), which keeps one final newline: so s must be empty or end in
// exactly one newline, and its first line must not start with a space or
// be empty (the block's indentation is read from it); and YAML must carry
// its characters (yamlKeeps).
func capiLiteralKeeps(s string) bool {
	if s == "" {
		return true
	}
	return yamlKeeps(s) && strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, "\n\n") &&
		s[0] != ' ' && s[0] != '\n'
}

// capiPaths reports every file path Cluster API's cloud-init would not
// carry: it writes "path: " and the path unquoted, so a path must read
// back as the same plain YAML scalar (no ": " or " #", no final ":" or
// space, no tab) as well as be one YAML carries (yamlPaths).
func capiPaths(p *runtime.Plan) field.ErrorList {
	errs := yamlPaths(p)
	for i, f := range p.Files {
		if strings.Contains(f.Path, ": ") || strings.Contains(f.Path, " #") || strings.HasSuffix(f.Path, ":") ||
			strings.HasSuffix(f.Path, " ") || strings.ContainsRune(f.Path, '\t') {
			errs = append(errs, field.Invalid(field.NewPath("files").Index(i).Child("path"), f.Path,
				"Cluster API writes the path into cloud-init's YAML unquoted, where this one would not read back"))
		}
	}
	return errs
}

// secretKeys gives each file that goes into the Secret a key: its path
// without the leading slash, every character a key cannot hold ("/"
// included) as "_", cut to a Secret key's length, and a number added when
// two paths come out the same.
type secretKeys map[string]bool

var notKeyChars = regexp.MustCompile(`[^-._a-zA-Z0-9]`)

func (ks secretKeys) of(path string) string {
	base := notKeyChars.ReplaceAllString(path[1:], "_")
	if len(base) > 240 {
		base = base[:240]
	}
	key := base
	for n := 2; ks[key]; n++ {
		key = fmt.Sprintf("%s-%d", base, n)
	}
	ks[key] = true
	return key
}

// shellWord is s as one sh word: bare when it holds only characters sh
// takes literally, quoted otherwise.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@' || r == ':') {
			return shellQuote(s)
		}
	}
	return s
}

// yamlStream encodes the Secret (when there is one) and obj as one YAML
// stream.
func yamlStream(secret *corev1.Secret, obj any) ([]byte, error) {
	var b bytes.Buffer
	if secret != nil {
		y, err := yaml.Marshal(secret)
		if err != nil {
			return nil, fmt.Errorf("secret: %w", err)
		}
		b.Write(y)
		b.WriteString("---\n")
	}
	y, err := yaml.Marshal(obj)
	if err != nil {
		return nil, err
	}
	b.Write(y)
	return b.Bytes(), nil
}
