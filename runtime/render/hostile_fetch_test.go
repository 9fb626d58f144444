package render_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/hostiletree"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// scriptTools are the programs a rendered script with artifacts runs, but
// a downloader.
var scriptTools = []string{"awk", "basename", "cat", "chmod", "chown", "cmp", "cp", "cut", "dirname", "find", "grep", "gzip", "id", "mkdir", "mktemp", "mv", "readlink", "rm", "sha256sum", "tail", "tar"}

// onlyPath is a PATH holding scriptTools and the downloader dl alone, so a
// script run with it uses dl and shows any program it needs beyond them.
func onlyPath(t *testing.T, dl string) string {
	t.Helper()
	shellTools(t)
	dir := t.TempDir()
	for _, name := range append([]string{dl}, scriptTools...) {
		require.NoError(t, os.Symlink(testenv.Program(t, name), filepath.Join(dir, name)))
	}
	return "PATH=" + dir
}

// toolArtifact is the good fixture archive's artifact at url, checked by
// the checksum file at url+".sha256sum" when sums is set, else pinned.
func toolArtifact(url string, sums bool) runtime.Artifact {
	a := hostiletree.Artifact(*hostiletree.Good())
	a.URL = url
	if sums {
		a.ChecksumURL, a.SHA256 = url+".sha256sum", ""
	}
	return a
}

// The script once downloaded a checksum file to a fixed name in the
// download cache, and wrote through a link planted there: now it
// downloads into its own work directory, the link is left alone, and
// Apply and the script install the same.
func TestShellChecksumNotWrittenThroughLink(t *testing.T) {
	good := hostiletree.Good().TarGz()
	s := releasetest.NewServer(t)
	url := s.Put("/tool.tar.gz", good)
	s.Put("/tool.tar.gz.sha256sum", []byte(hostiletree.SHA256(good)+"  tool.tar.gz\n"))
	p := &runtime.Plan{Artifacts: []runtime.Artifact{toolArtifact(url, true)}}
	script, err := render.Shell(p)
	require.NoError(t, err)
	link := []hostiletree.Hazard{{Path: runtime.ArtifactCacheDir + "/.checksum", Kind: hostiletree.LinkOutFile}}
	env := onlyPath(t, "curl")
	sr := writeHostile(t, p, link, nil, func(root string) (string, error) { return runSh(t, script, root, env) })
	require.NoError(t, sr.err, sr.out)
	ar := writeHostile(t, p, link, nil, byApply(t, p))
	require.NoError(t, ar.err)
}

// redirectServers serves the good archive on one host, under /files and,
// through a redirect on the same host, under /same; /cross redirects to a
// second server (another port, so another host), which counts what it is
// asked.
func redirectServers(t *testing.T) (origin string, asked *atomic.Int32) {
	good := hostiletree.Good().TarGz()
	files := http.NewServeMux()
	files.HandleFunc("/tool.tar.gz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(good) })
	asked = &atomic.Int32{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(other.Close)
	mux := http.NewServeMux()
	mux.Handle("/files/", http.StripPrefix("/files", files))
	mux.HandleFunc("/same/", func(w http.ResponseWriter, r *http.Request) {
		// A relative Location, which wget reports as it is.
		w.Header().Set("Location", "../files/tool.tar.gz")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/cross/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/tool.tar.gz", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, asked
}

// The script follows a redirect on the URL's own host, refuses one to
// another host before asking it anything, unless rendered with
// AllowCrossHostRedirects, with curl and with wget; Apply judges the same
// redirects the same way.
func TestShellRedirects(t *testing.T) {
	origin, asked := redirectServers(t)
	plan := func(path string) *runtime.Plan {
		return &runtime.Plan{Artifacts: []runtime.Artifact{toolArtifact(origin+path, false)}}
	}
	for _, dl := range []string{"curl", "wget"} {
		t.Run(dl, func(t *testing.T) {
			env := onlyPath(t, dl)
			run := func(t *testing.T, p *runtime.Plan, opts ...render.Option) hostileRun {
				script, err := render.Shell(p, opts...)
				require.NoError(t, err)
				return writeHostile(t, p, nil, nil, func(root string) (string, error) { return runSh(t, script, root, env) })
			}
			t.Run("same host", func(t *testing.T) {
				r := run(t, plan("/same/tool.tar.gz"))
				require.NoError(t, r.err, r.out)
			})
			t.Run("another host refused", func(t *testing.T) {
				before := asked.Load()
				r := run(t, plan("/cross/tool.tar.gz"))
				requireExit1(t, r.err, r.out)
				assert.NoFileExists(t, filepath.Join(r.root, hostiletree.MemberPath))
				assert.Equal(t, before, asked.Load(), "the other host is not asked")
			})
			t.Run("another host allowed", func(t *testing.T) {
				before := asked.Load()
				r := run(t, plan("/cross/tool.tar.gz"), render.AllowCrossHostRedirects())
				require.NoError(t, r.err, r.out)
				assert.Greater(t, asked.Load(), before)
			})
		})
	}
	t.Run("Apply", func(t *testing.T) {
		for path, wantErr := range map[string]bool{"/same/tool.tar.gz": false, "/cross/tool.tar.gz": true} {
			p := plan(path)
			r := writeHostile(t, p, nil, nil, byApply(t, p))
			assert.Equal(t, wantErr, r.err != nil, "%s: %v", path, r.err)
			if wantErr {
				assert.ErrorIs(t, r.err, apply.ErrCrossHostRedirect)
			}
		}
		p := plan("/cross/tool.tar.gz")
		r := writeHostile(t, p, nil, nil, func(root string) (string, error) {
			return "", applyNoHang(t, p, apply.Options{Root: root, AllowCrossHostRedirects: true})
		})
		require.NoError(t, r.err)
	})
}
