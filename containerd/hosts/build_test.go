package hosts

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// fullCheck is what checkBuilt stands for: every File validated in full,
// in order, the first problem returned.
func fullCheck(files []*File) error {
	for _, h := range files {
		if err := h.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// checkMirrors holds buildFiles and checkBuilt, for mirrors that
// ValidateMirrors accepts, to what they stand for: the grouping of
// runtime.MirrorsByRegistry, and the full check of every File.
func checkMirrors(t *testing.T, mirrors []runtime.Mirror) {
	t.Helper()
	if len(runtime.ValidateMirrors(field.NewPath("mirrors"), mirrors)) > 0 {
		return
	}
	files := buildFiles(mirrors)
	registries, byRegistry := runtime.MirrorsByRegistry(mirrors)
	require.Len(t, files, len(registries))
	for i, h := range files {
		require.Equal(t, registries[i], h.Registry)
		require.Equal(t, ServerFor(h.Registry), h.Server)
		var urls []string
		for _, host := range h.Hosts {
			urls = append(urls, host.URL)
			require.Equal(t, []Capability{CapabilityPull, CapabilityResolve}, host.Capabilities)
		}
		require.Equal(t, byRegistry[h.Registry], urls)
	}
	fieldtest.RequireSame(t, checkBuilt(files), fullCheck(files))
}

var mirrorCases = map[string][]runtime.Mirror{
	"none": nil,
	"interleaved registries": {
		{Registry: "docker.io", URL: "https://a.example"}, {Registry: "registry.k8s.io", URL: "https://b.example"},
		{Registry: "docker.io", URL: "http://10.0.0.1:5000"}, {Registry: runtime.DefaultRegistry, URL: "https://c.example/v2"},
	},
	"port and long host": {{Registry: "a-b.c-d.e:65535", URL: "https://a.example:443/x"}, {Registry: strings.Repeat("a", 255), URL: "https://b.example"}},
	"comma in a URL":     {{Registry: "docker.io", URL: "https://a.example/x,y"}, {Registry: "quay.io", URL: "https://b.example/,"}},
	"comma after a good file": {
		{Registry: "docker.io", URL: "https://a.example"}, {Registry: "quay.io", URL: "https://b.example/a,b"},
	},
	"one URL for two registries": {{Registry: "docker.io", URL: "https://a.example"}, {Registry: "quay.io", URL: "https://a.example"}},
}

// Files built from accepted mirrors need only the comma check: checkBuilt
// reports exactly what validating every File reports.
func TestBuiltFilesNeedOnlyTheCommaCheck(t *testing.T) {
	for name, mirrors := range mirrorCases {
		t.Run(name, func(t *testing.T) { checkMirrors(t, mirrors) })
	}
	// More registries than registryIndex scans.
	var many []runtime.Mirror
	for i := range 3 * maxScanned {
		reg := string(rune('a'+i%(2*maxScanned))) + ".example"
		many = append(many, runtime.Mirror{Registry: reg, URL: "https://m" + string(rune('a'+i)) + ".example"})
	}
	checkMirrors(t, many)

	_, err := fromMirrors(mirrorCases["comma after a good file"])
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, `host."https://b.example/a,b"`))
}

// FuzzBuiltFiles: for any three mirrors ValidateMirrors accepts, the
// Files are grouped as MirrorsByRegistry groups them, and checkBuilt
// reports what the full check reports.
func FuzzBuiltFiles(f *testing.F) {
	f.Add("docker.io", "https://a.example", "quay.io", "https://b.example/x,y", "docker.io", "http://10.0.0.1:5000")
	f.Add("_default", "https://a.example", "localhost:5000", "https://b.example", "localhost:5000", "https://b.example/v2")
	f.Fuzz(func(t *testing.T, r1, u1, r2, u2, r3, u3 string) {
		checkMirrors(t, []runtime.Mirror{{Registry: r1, URL: u1}, {Registry: r2, URL: u2}, {Registry: r3, URL: u3}})
	})
}

// planFile's path is Path's.
func TestPlanFilePathIsPath(t *testing.T) {
	for _, reg := range []string{"docker.io", runtime.DefaultRegistry, "localhost:5000"} {
		h := &File{Registry: reg}
		for _, dir := range []string{"/etc/containerd/certs.d", "/x"} {
			f, err := h.PlanFile(dir)
			require.NoError(t, err)
			require.Equal(t, h.Path(dir), f.Path)
		}
	}
}
