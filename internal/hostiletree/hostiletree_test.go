package hostiletree_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/hostiletree"
)

// Every fixture archive reads back with the entries it was given, in
// order, so a rule's archive breaks the rule and nothing else.
func TestArchivesReadBack(t *testing.T) {
	var all []hostiletree.Archive
	for _, r := range hostiletree.ArchiveRules {
		require.NotEmpty(t, r.Break, r.Name)
		all = append(all, r.Break...)
	}
	all = append(all, hostiletree.SafeArchives...)
	for _, a := range all {
		zr, err := gzip.NewReader(bytes.NewReader(a.TarGz()))
		require.NoError(t, err, a.Name)
		tr := tar.NewReader(zr)
		for i := 0; ; i++ {
			h, err := tr.Next()
			if err == io.EOF {
				assert.Len(t, a.Entries, i, a.Name)
				break
			}
			require.NoError(t, err, a.Name)
			e := a.Entries[i]
			assert.Equal(t, e.Name, h.Name, a.Name)
			assert.Equal(t, e.Type, h.Typeflag, a.Name)
			assert.Equal(t, e.Linkname, h.Linkname, a.Name)
			body, _ := io.ReadAll(tr)
			assert.Equal(t, e.Body, string(body), a.Name)
		}
	}
}

// Generate reads back what Encode wrote, and plants nothing for input
// below 128.
func TestGenerateEncode(t *testing.T) {
	for _, tree := range hostiletree.Trees {
		var at []hostiletree.Hazard
		for _, h := range tree.Hazards {
			for _, p := range hostiletree.Positions {
				if p == h.Path {
					at = append(at, h)
				}
			}
		}
		got := hostiletree.Generate(hostiletree.Encode(tree.Hazards))
		assert.ElementsMatch(t, at, got, tree.Name)
	}
	assert.Empty(t, hostiletree.Generate(bytes.Repeat([]byte{127}, len(hostiletree.Positions))))
	assert.Len(t, hostiletree.Generate(bytes.Repeat([]byte{255}, 100)), len(hostiletree.Positions))
	assert.Empty(t, hostiletree.Generate(bytes.Repeat([]byte{128}, 100), hostiletree.File), "skipped kinds")
}

// Prepare plants every kind where asked and nothing outside the two
// directories: the outside one holds the victims and the hard links'
// files only, whatever the hazards.
func TestPrepare(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "root"), filepath.Join(base, "outside")
	all := hostiletree.Generate(bytes.Repeat([]byte{255, 128, 129, 130, 131, 132, 133, 134, 135, 136}, 2))
	planted, err := hostiletree.Prepare(root, outside, all, []byte("archive"))
	require.NoError(t, err)
	require.NotEmpty(t, planted)
	kinds := map[hostiletree.Kind]bool{}
	for _, h := range planted {
		kinds[h.Kind] = true
		fi, err := os.Lstat(filepath.Join(root, h.Path))
		require.NoError(t, err, h)
		switch h.Kind {
		case hostiletree.Dir:
			assert.True(t, fi.IsDir(), h)
		case hostiletree.FIFO:
			assert.Equal(t, os.ModeNamedPipe, fi.Mode().Type(), h)
		case hostiletree.File, hostiletree.HardLinkOut:
			assert.True(t, fi.Mode().IsRegular(), h)
		default:
			assert.Equal(t, os.ModeSymlink, fi.Mode().Type(), h)
		}
	}
	entries, err := os.ReadDir(base)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "only root and outside")
	for p := range hostiletree.Snapshot(t, outside) {
		assert.Regexp(t, `^(\.|victim|victimdir|victimdir/file|hard-\d+)$`, p)
	}
}

// Within gives back what fn returns.
func TestWithin(t *testing.T) {
	err := hostiletree.Within(t, time.Minute, func() error { return os.ErrNotExist })
	assert.ErrorIs(t, err, os.ErrNotExist)
}
