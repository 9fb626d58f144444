package apply_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// redirector is a second host (another listener on 127.0.0.1, so another
// host:port) that answers every request with a redirect to to(path).
func redirector(t *testing.T, to func(path string) string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to(r.URL.Path), http.StatusFound)
	}))
	t.Cleanup(s.Close)
	return s
}

// A mirror that sends the node to another host is not followed unless the
// caller allows it: nothing is downloaded from the other host, nothing
// installed, and the error names neither the target's path nor its query
// (a CDN's signed token).
func TestApplyRefusesRedirectToAnotherHost(t *testing.T) {
	s := releasetest.NewServer(t)
	plan := serveRelease(t, s, newRelease(t, "v1"))
	mirror := redirector(t, func(p string) string { return s.URL + p + "?token=s3cr3t" })
	for i := range plan.Artifacts {
		a := &plan.Artifacts[i]
		a.URL = strings.Replace(a.URL, s.URL, mirror.URL, 1)
		a.ChecksumURL = strings.Replace(a.ChecksumURL, s.URL, mirror.URL, 1)
	}
	root := t.TempDir()
	_, err := apply.Apply(context.Background(), plan, apply.Options{Root: root})
	require.ErrorIs(t, err, apply.ErrCrossHostRedirect)
	// The redirect's query (a signed CDN token) and path are not repeated.
	fieldtest.RequireNoSecret(t, err, "s3cr3t", "/containerd/containerd-2.2.9-linux-amd64.tar.gz?")
	assert.Empty(t, s.Requests(), "the other host is never asked")
	assert.Empty(t, nodeSnapshot(t, root), "nothing installed")

	// The checksum file's redirect alone is refused too.
	plan = serveRelease(t, s, newRelease(t, "v1"))
	plan.Artifacts[0].ChecksumURL = strings.Replace(plan.Artifacts[0].ChecksumURL, s.URL, mirror.URL, 1)
	_, err = apply.Apply(context.Background(), plan, apply.Options{Root: t.TempDir()})
	require.ErrorIs(t, err, apply.ErrCrossHostRedirect)

	// Allowed, the same plan installs.
	res := mustApply(t, plan, apply.Options{Root: root, AllowCrossHostRedirects: true})
	assert.Equal(t, "download", res.Artifacts[0].Source)
	assert.Equal(t, "containerd v1\n", readNode(t, root, "/usr/local/bin/containerd"))
}

// A redirect on the mirror's own host is followed, and a caller's client
// keeps its own redirect policy, which Apply applies after its own and
// never replaces.
func TestApplyFollowsRedirectOnTheSameHost(t *testing.T) {
	rel := newRelease(t, "v1")
	mux := http.NewServeMux()
	mux.HandleFunc("/old/runc.amd64", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved/runc.amd64", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved/runc.amd64", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(rel.runc) })
	same := httptest.NewServer(mux)
	t.Cleanup(same.Close)
	plan := serveRelease(t, releasetest.NewServer(t), rel)
	plan.Artifacts[1].URL = same.URL + "/old/runc.amd64"

	var asked []string
	policy := func(req *http.Request, via []*http.Request) error {
		asked = append(asked, req.URL.Path)
		return nil
	}
	client := &http.Client{CheckRedirect: policy}
	root := t.TempDir()
	res := mustApply(t, plan, apply.Options{Root: root, HTTPClient: client})
	assert.Equal(t, "download", res.Artifacts[1].Source)
	assert.Equal(t, "runc v1\n", readNode(t, root, "/usr/local/sbin/runc"))
	assert.Equal(t, []string{"/moved/runc.amd64"}, asked, "the caller's policy saw the redirect")
	assert.Equal(t, reflect.ValueOf(policy).Pointer(), reflect.ValueOf(client.CheckRedirect).Pointer(), "the caller's client is not changed")
}
