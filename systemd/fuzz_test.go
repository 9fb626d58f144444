package systemd_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/systemd"
)

// FuzzParseUnitFile checks that parsing never panics and that whatever
// parses and renders parses back to the same value and renders to the same
// bytes.
func FuzzParseUnitFile(f *testing.F) {
	for _, name := range []string{"docker.service", "docker.socket", "kubelet.service", "kubenode-image-prune.service", "kubenode-image-prune.timer", "kubelet.service.d/10-kubeadm.conf"} {
		data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(seedKubelet))
	f.Add([]byte("[Service]\nExecStart=-@/bin/sh sh -c \"a ; b\" ; /bin/x \\; ';'\nEnvironment=\"A=1 2\" B=\\x41\nDelegate=cpu\n"))
	f.Add([]byte("[Unit]\nDescription=a \\\n# c\n b\\\\\nAfter=\nAfter=a.service b.service\n[X-A]\nk=v\n[X-A]\nk=w\n"))
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
