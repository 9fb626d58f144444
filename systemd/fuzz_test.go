package systemd_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/systemd"
)

// unitSeeds are this package's golden unit files and drop-ins, the seed
// guide's kubelet.service and a few files in systemd's trickier syntax.
func unitSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) {
			return err
		}
		data, err := os.ReadFile(path)
		seeds = append(seeds, data)
		return err
	})
	require.NoError(f, err)
	return append(seeds,
		[]byte(seedKubelet),
		[]byte("[Service]\nExecStart=-@/bin/sh sh -c \"a ; b\" ; /bin/x \\; ';'\nEnvironment=\"A=1 2\" B=\\x41\nDelegate=cpu\n"),
		[]byte("[Unit]\nDescription=a \\\n# c\n b\\\\\nDocumentation=\nAfter=a.service b.service\n[X-A]\nk=v\n[X-A]\nk=w\n"),
	)
}

// FuzzParseUnitFile checks that parsing never panics and that whatever
// parses and renders parses back to the same value and renders to the same
// bytes.
func FuzzParseUnitFile(f *testing.F) {
	for _, data := range unitSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		u, err := systemd.ParseUnitFile("fuzz.service", data)
		if err != nil {
			return
		}
		out, err := u.Render()
		if err != nil {
			return
		}
		u2, err := systemd.ParseUnitFile("fuzz.service", out)
		require.NoError(t, err, "%q", out)
		require.Equal(t, u, u2, "%q", out)
		out2, err := u2.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}

// FuzzParseDropIn is FuzzParseUnitFile for drop-ins, whose empty
// assignments (ExecStart=) reset what the unit set and must survive.
func FuzzParseDropIn(f *testing.F) {
	for _, data := range unitSeeds(f) {
		f.Add(data)
	}
	f.Add([]byte("[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\nEnvironment=\nEnvironmentFile=\nEnvironmentFile=-/etc/default/kubelet\n[Unit]\nDocumentation=\nConditionPathExists=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := systemd.ParseDropIn("kubelet.service", "10-fuzz.conf", data)
		if err != nil {
			return
		}
		out, err := d.Render()
		if err != nil {
			return
		}
		d2, err := systemd.ParseDropIn("kubelet.service", "10-fuzz.conf", out)
		require.NoError(t, err, "%q", out)
		require.Equal(t, d, d2, "%q", out)
		out2, err := d2.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}

// FuzzQuoteWord checks that every word without NUL survives quoting.
func FuzzQuoteWord(f *testing.F) {
	for _, s := range trickyWords {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] == 0 {
				return
			}
		}
		got, err := systemd.SplitWords(systemd.QuoteWord(s))
		require.NoError(t, err)
		require.Equal(t, []string{s}, got)
	})
}
