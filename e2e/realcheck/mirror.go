package realcheck

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
)

// Mirror is a registry mirror that answers every request with one error
// status and records what it was asked, so a pull proves the runtime read
// its registry configuration. containerd 1.6 tries the next host after a
// 404 and stops at any other error, so the last mirror of a registry must
// not answer 404: the next host would be the real registry, which CI cannot
// reach (containerd 2.x goes on to it after any error status; its pull then
// fails there).
type Mirror struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

// NewMirror starts a mirror answering status, closed when the test ends.
func NewMirror(t testing.TB, status int) *Mirror {
	m := &Mirror{}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.paths = append(m.paths, r.URL.Path+"?"+r.URL.RawQuery)
		m.mu.Unlock()
		http.Error(w, "kubenode test mirror", status)
	}))
	t.Cleanup(m.Close)
	return m
}

// Requests returns the path and query of every request so far.
func (m *Mirror) Requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.paths)
}
