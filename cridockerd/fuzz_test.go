package cridockerd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// commandLineSeeds are the cri-dockerd command lines of this package's
// cri-docker.service files (the seed guide's and those of the golden
// plans), each as its words joined by NUL.
func commandLineSeeds(f *testing.F) []string {
	units := map[string][]byte{}
	names, err := filepath.Glob("testdata/*")
	require.NoError(f, err)
	for _, name := range names {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		switch {
		case strings.HasSuffix(name, ".service"):
			units[name] = data
		case strings.HasSuffix(name, ".txtar"):
			for path, content := range runtime.TxtarFiles(data) {
				if strings.HasSuffix(path, "/"+cridockerd.ServiceName) {
					units[name+":"+path] = []byte(content)
				}
			}
		}
	}
	var seeds []string
	for name, data := range units {
		u, err := systemd.ParseUnitFile(cridockerd.ServiceName, data)
		require.NoError(f, err, name)
		if u.Service == nil {
			continue
		}
		for _, c := range u.Service.ExecStart {
			if len(c.Argv) > 0 {
				seeds = append(seeds, strings.Join(c.Argv, "\x00"))
			}
		}
	}
	require.NotEmpty(f, seeds)
	return seeds
}

// FuzzParseFlags: no panic, and the command line Args rebuilds from the
// flags parses to the same flags. The input is argv with its words
// separated by NUL, so a word may hold spaces.
func FuzzParseFlags(f *testing.F) {
	for _, s := range commandLineSeeds(f) {
		f.Add(s)
	}
	f.Add("/usr/bin/cri-dockerd\x00--container-runtime-endpoint\x00fd://\x00--network-plugin=cni")
	f.Add("--ipv6-dual-stack\x00--runtime-request-timeout=2m\x00--network-plugin-mtu=1450\x00--x")
	f.Add("--ipv6-dual-stack=false\x00--network-plugin-mtu=0x5aa\x00--image-pull-progress-deadline\x001h2m\x00extra words")
	f.Fuzz(func(t *testing.T, line string) {
		flags, err := cridockerd.Parse(strings.Split(line, "\x00"))
		if err != nil {
			return
		}
		args := flags.Args()
		back, err := cridockerd.Parse(append([]string{cridockerd.DefaultBinary}, args...))
		require.NoError(t, err, "%q", args)
		if len(flags.Extra) == 0 && len(back.Extra) == 0 {
			flags.Extra, back.Extra = nil, nil
		}
		require.Equal(t, flags, back, "%q", args)
		require.Equal(t, args, back.Args())
	})
}
