package containerd_test

import (
	"os"
	"testing"

	"github.com/kubenode/kubenode/containerd"
)

// Parse never panics, and whatever it accepts and Render writes parses back
// to the same Config and renders to the same bytes.
func FuzzParse(f *testing.F) {
	for _, ref := range references {
		data, err := os.ReadFile("reference/" + ref.file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.x]\nruntime_type = 'io.containerd.runc.v2'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := containerd.Parse(data)
		if err != nil {
			return
		}
		for _, target := range containerd.SupportedVersions {
			out, err := c.Render(target)
			if err != nil {
				continue
			}
			back, err := containerd.Parse(out)
			if err != nil {
				t.Fatalf("Parse of rendered output failed: %v\n%s", err, out)
			}
			again, err := back.Render(target)
			if err != nil {
				t.Fatalf("Render of reparsed config failed: %v", err)
			}
			if string(again) != string(out) {
				t.Fatalf("render -> parse -> render is not stable for %s:\n%s\n---\n%s", target, out, again)
			}
		}
	})
}

// ParseHosts never panics, and what it accepts renders and parses back the
// same.
func FuzzParseHosts(f *testing.F) {
	f.Add([]byte("server = 'https://registry-1.docker.io'\n[host.'https://m.example']\ncapabilities = ['pull']\n"))
	f.Add([]byte("[host.'https://b.example']\n[host.'https://a.example']\nca = '/ca.pem'\nclient = [['c', 'k']]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := containerd.ParseHosts("docker.io", data)
		if err != nil {
			return
		}
		out, err := h.Render()
		if err != nil {
			return
		}
		back, err := containerd.ParseHosts("docker.io", out)
		if err != nil {
			t.Fatalf("ParseHosts of rendered output failed: %v\n%s", err, out)
		}
		again, err := back.Render()
		if err != nil || string(again) != string(out) {
			t.Fatalf("render -> parse -> render is not stable (%v):\n%s\n---\n%s", err, out, again)
		}
	})
}
