package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v2"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
)

// cloudFile is one write_files entry as cloud-init reads it.
type cloudFile struct {
	Path        string `yaml:"path"`
	Encoding    string `yaml:"encoding"`
	Owner       string `yaml:"owner"`
	Permissions string `yaml:"permissions"`
	Content     string `yaml:"content"`
}

// writeFiles writes the files of the stream's first spec under root; see
// the command's doc.
func writeFiles(path, root string) int {
	s, err := readStream(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var spec *bootstrapv1.KubeadmConfigSpec
	var namespace string
	switch {
	case len(s.templates) > 0:
		spec, namespace = &s.templates[0].Spec.Template.Spec, s.templates[0].Namespace
	case len(s.kcps) > 0:
		spec, namespace = &s.kcps[0].Spec.KubeadmConfigSpec, s.kcps[0].Namespace
	default:
		fmt.Fprintln(os.Stderr, "no KubeadmConfigTemplate or KubeadmControlPlane")
		return 1
	}
	for _, f := range spec.Files {
		if err := writeFile(s, namespace, f, root); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", f.Path, err)
			return 1
		}
	}
	cmds := spec.PreKubeadmCommands
	if cmds == nil {
		cmds = []string{}
	}
	out, _ := json.Marshal(cmds)
	fmt.Println(string(out))
	return 0
}

// writeFile writes one file as cloud-init writes Cluster API's user data.
func writeFile(s *stream, namespace string, f bootstrapv1.File, root string) error {
	content := f.Content
	if f.ContentFrom.IsDefined() {
		sec := s.secret(namespace, f.ContentFrom.Secret.Name)
		if sec == nil {
			return fmt.Errorf("no Secret %s", f.ContentFrom.Secret.Name)
		}
		v, ok := sec.Data[f.ContentFrom.Secret.Key]
		if !ok {
			return fmt.Errorf("no key %s in Secret %s", f.ContentFrom.Secret.Key, sec.Name)
		}
		content = string(v)
	}
	cf, err := userData(f, content)
	if err != nil {
		return err
	}
	data := []byte(cf.Content)
	switch cf.Encoding {
	case "":
	case "base64", "b64":
		data, err = base64.StdEncoding.DecodeString(strings.TrimSpace(cf.Content))
	case "gzip", "gz":
		data, err = gunzip(data)
	case "gzip+base64", "gz+base64", "gzip+b64", "gz+b64":
		data, err = base64.StdEncoding.DecodeString(strings.TrimSpace(cf.Content))
		if err == nil {
			data, err = gunzip(data)
		}
	default:
		err = fmt.Errorf("encoding %q", cf.Encoding)
	}
	if err != nil {
		return err
	}
	mode := uint64(0o644)
	if cf.Permissions != "" {
		if mode, err = strconv.ParseUint(cf.Permissions, 8, 32); err != nil {
			return fmt.Errorf("permissions %q: %w", cf.Permissions, err)
		}
	}
	dst := filepath.Join(root, cf.Path)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		return err
	}
	if err := os.Chmod(dst, os.FileMode(mode)); err != nil {
		return err
	}
	if cf.Owner != "" && cf.Owner != "root:root" {
		return fmt.Errorf("owner %q: only root:root is written here", cf.Owner)
	}
	if os.Geteuid() == 0 {
		return os.Chown(dst, 0, 0)
	}
	return nil
}

// userData is the write_files entry Cluster API's cloud-init user data
// holds for f with its content resolved, read back as cloud-init reads it:
// Cluster API writes the path and owner unquoted, the encoding in double
// and the permissions in single quotes, and the content as a literal block
// whose lines it indents (its files template, rewritten here), so what
// YAML makes of that text is what cloud-init writes.
func userData(f bootstrapv1.File, content string) (cloudFile, error) {
	var b strings.Builder
	b.WriteString("path: " + f.Path + "\n")
	if f.Encoding != "" {
		b.WriteString("encoding: \"" + string(f.Encoding) + "\"\n")
	}
	if f.Owner != "" {
		b.WriteString("owner: " + f.Owner + "\n")
	}
	if f.Permissions != "" {
		b.WriteString("permissions: '" + f.Permissions + "'\n")
	}
	b.WriteString("content: |\n")
	indent := strings.Repeat(" ", 6)
	b.WriteString(indent + strings.Join(strings.Split(content, "\n"), "\n"+indent) + "\n")
	var cf cloudFile
	if err := yaml.UnmarshalStrict([]byte(b.String()), &cf); err != nil {
		return cf, fmt.Errorf("cloud-init's YAML: %w", err)
	}
	if cf.Path != f.Path {
		return cf, fmt.Errorf("cloud-init reads the path as %q", cf.Path)
	}
	return cf, nil
}

func gunzip(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
