package render_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/render"
)

// cloudConfig is a #cloud-config as the renderer writes it.
type cloudConfig struct {
	Groups     []string `json:"groups"`
	WriteFiles []struct {
		Path, Content, Owner, Permissions, Encoding string
		Defer                                       bool
	} `json:"write_files"`
	RunCmd [][]string `json:"runcmd"`
}

// readCloudConfig reads a #cloud-config as a YAML reader would, refusing
// a key the renderer does not write.
func readCloudConfig(t testing.TB, doc []byte) cloudConfig {
	t.Helper()
	var c cloudConfig
	require.NoError(t, yaml.UnmarshalStrict(doc, &c))
	return c
}

// cloudFiles is the content of each file of a #cloud-config, by path,
// base64 decoded.
func cloudFiles(t testing.TB, doc []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range readCloudConfig(t, doc).WriteFiles {
		content := []byte(f.Content)
		if f.Encoding == "b64" {
			var err error
			content, err = base64.StdEncoding.DecodeString(f.Content)
			require.NoError(t, err, f.Path)
		}
		out[f.Path] = content
	}
	return out
}

// YAML readers turn NEL into a line break (a space, once folded) and
// refuse DEL and the other controls: cloud-init cannot write a path
// holding one, and says which file it is.
func TestRenderCloudInitRefusesPathsYAMLLoses(t *testing.T) {
	p := plansample.NodePlan()
	bad := []string{"/etc/mirror\u0085x", "/etc/a\x7fb", "/etc/c1\u0080", "/etc/ls\u2028", "/etc/bom\ufeff", "/etc/bad\xffutf8"}
	var ms []fieldtest.Matcher
	for _, path := range bad {
		ms = append(ms, fieldtest.Match(field.ErrInvalid, fmt.Sprintf("files[%d].path", len(p.Files))))
		p.Files = append(p.Files, runtime.File{Path: path, Mode: 0o644, Content: []byte("x\n")})
	}
	_, err := render.CloudInit(p)
	fieldtest.Require(t, err, ms...)
}

// Content YAML would not give back exactly travels base64, and comes
// back byte for byte, where a DEL once failed the whole rendering without
// naming the file.
func TestRenderCloudInitEncodesContentYAMLLoses(t *testing.T) {
	p := plansample.NodePlan()
	contents := []string{"del \x7f\n", "nel \u0085 x\n", "crlf\r\n", "ls \u2028 ps \u2029\n", "\ufeffbom\n", "c1 \u0099\n", "plain é ü\n"}
	for i, c := range contents {
		p.Files = append(p.Files, runtime.File{Path: fmt.Sprintf("/etc/kubenode/f%d", i), Mode: 0o644, Content: []byte(c)})
	}
	doc, err := render.CloudInit(p)
	require.NoError(t, err)
	got := cloudFiles(t, doc)
	for _, f := range p.Files {
		assert.Equal(t, string(f.Content), string(got[f.Path]), f.Path)
	}
	assert.Equal(t, strings.Count(string(doc), "encoding: b64"), len(contents)-1, "all but the plain UTF-8 text")
}

// Whatever a file's path and content, CloudInit refuses the path at the
// file's own path in the plan, or renders a document a YAML reader gives
// back exactly.
func FuzzCloudInitLossless(f *testing.F) {
	f.Add("mirror\u0085x", []byte("del \x7f\n"))
	f.Add("a b", []byte("KUBENODE_EOF\n\r\n"))
	f.Add("é", []byte{0xff, 0, '\n'})
	f.Fuzz(func(t *testing.T, name string, content []byte) {
		p := plansample.NodePlan()
		p.Files[0].Path = "/etc/kubenode/" + name
		p.Files[0].Content = content
		if p.Validate() != nil {
			return
		}
		doc, err := render.CloudInit(p)
		if err != nil {
			fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[0].path")
			return
		}
		got := cloudFiles(t, doc)
		for _, f := range p.Files {
			if string(got[f.Path]) != string(f.Content) {
				t.Fatalf("%q: content %q came back as %q", f.Path, f.Content, got[f.Path])
			}
		}
	})
}

// JSON cannot carry a path that is not UTF-8, so Ignition refuses it; a
// unit whose content is not UTF-8 becomes a storage file, whose base64
// data URL carries it exactly.
func TestRenderIgnitionNonUTF8(t *testing.T) {
	p := plansample.NodePlan()
	p.Files[1].Path = "/etc/containerd/\xff.toml"
	_, err := render.Ignition(p)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[1].path")

	p = plansample.NodePlan()
	p.Files[0].Content = []byte("[Service]\nExecStart=/usr/bin/containerd \xff\n")
	doc, err := render.Ignition(p)
	require.NoError(t, err)
	var c struct {
		Storage struct {
			Files []struct {
				Path     string
				Contents struct{ Source string }
			}
		}
	}
	require.NoError(t, json.Unmarshal(doc, &c))
	var found bool
	for _, f := range c.Storage.Files {
		if f.Path == p.Files[0].Path {
			found = true
			data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(f.Contents.Source, "data:;base64,"))
			require.NoError(t, err)
			assert.Equal(t, p.Files[0].Content, data)
		}
	}
	assert.True(t, found, "the unit is a storage file")
}
