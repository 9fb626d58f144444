package containerd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
)

// goldenSeeds returns the reference configs and every golden file of this
// package whose name (or, in a txtar plan, whose section's path) ends in
// suffix, so the fuzzer starts from real files.
func goldenSeeds(f *testing.F, suffix string) [][]byte {
	var seeds [][]byte
	names, err := filepath.Glob("testdata/*")
	require.NoError(f, err)
	refs, err := filepath.Glob("reference/*")
	require.NoError(f, err)
	for _, name := range append(refs, names...) {
		if info, err := os.Stat(name); err != nil || info.IsDir() {
			continue
		}
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		if strings.HasSuffix(name, ".txtar") {
			for path, content := range runtime.TxtarFiles(data) {
				if strings.HasSuffix(path, suffix) {
					seeds = append(seeds, []byte(content))
				}
			}
			continue
		}
		if strings.HasSuffix(name, suffix) {
			seeds = append(seeds, data)
		}
	}
	return seeds
}

// FuzzParse: Parse never panics, and a config it accepts that renders for
// a release reading its config version parses back to the same Config and
// renders to the same bytes; rendered for another release (a migration,
// the release picked by the input's length so the fuzzer reaches each),
// the result parses and renders stably. Two renders per input, not one per
// release: the reference configs are large, and a slow target leaves the
// fuzzer minimizing instead of exploring.
func FuzzParse(f *testing.F) {
	for _, data := range goldenSeeds(f, ".toml") {
		if !strings.Contains(string(data), "[host") {
			f.Add(data) // not a hosts.toml of a golden plan
		}
	}
	f.Add([]byte("version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.x]\nruntime_type = 'io.containerd.runc.v2'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := containerd.Parse(data)
		if err != nil {
			return
		}
		var own runtime.Version
		for _, target := range containerd.SupportedVersions {
			if cv, _ := containerd.ConfigVersion(target); cv == c.Version {
				own = target
				break
			}
		}
		other := containerd.SupportedVersions[len(data)%len(containerd.SupportedVersions)]
		for _, target := range []runtime.Version{own, other} {
			out, err := c.Render(target)
			if err != nil {
				continue
			}
			back, err := containerd.Parse(out)
			require.NoError(t, err, "rendered for %s:\n%s", target, out)
			if target == own {
				want := c
				if cv, _ := containerd.ConfigVersion(target); cv >= 4 && c.GRPCAddress != "" && c.TTRPCAddress == "" {
					// Render writes out the ttrpc socket containerd 2.3
					// no longer derives from the grpc one (Config's doc).
					w := *c
					w.TTRPCAddress = c.GRPCAddress + ".ttrpc"
					want = &w
				}
				require.Equal(t, want, back, "rendered for %s:\n%s", target, out)
			}
			again, err := back.Render(target)
			require.NoError(t, err, "reparsed for %s:\n%s", target, out)
			require.Equal(t, string(out), string(again), "render -> parse -> render for %s", target)
		}
	})
}
