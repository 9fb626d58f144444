package releasetest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Server serves release files by URL path from 127.0.0.1, as a mirror
// would: with ranges (http.ServeContent), for resumed downloads, logging
// each request and counting the bytes it sends. A file can be cut once
// after some bytes, to fake a dropped connection.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string][]byte
	cutAfter map[string]int
	requests []string // "path" or "path range"
	sent     map[string]int
}

// NewServer starts a Server with no files; it stops when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{files: map[string][]byte{}, cutAfter: map[string]int{}, sent: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Serve serves files by URL path until the test ends, and returns the
// base URL.
func Serve(t testing.TB, files map[string][]byte) string {
	s := NewServer(t)
	for p, data := range files {
		s.Put(p, data)
	}
	return s.URL
}

// Put serves data at path, from now on, and returns its URL.
func (s *Server) Put(path string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = data
	return s.URL + path
}

// CutOnce makes the next response for path stop after n bytes of the body,
// its Content-Length announcing all of it.
func (s *Server) CutOnce(path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cutAfter[path] = n
}

// Requests lists the requests so far, in order: "path", or "path range"
// for a range request ("/x.tgz bytes=4096-").
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Sent is how many bytes of path's body the server has sent in all.
func (s *Server) Sent(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[path]
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.files[r.URL.Path]
	cut, cutting := s.cutAfter[r.URL.Path]
	delete(s.cutAfter, r.URL.Path)
	req := r.URL.Path
	if rg := r.Header.Get("Range"); rg != "" {
		req += " " + rg
	}
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if cutting {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data[:cut])
		w.(http.Flusher).Flush()
		s.add(r.URL.Path, cut)
		panic(http.ErrAbortHandler)
	}
	cw := &countingWriter{ResponseWriter: w}
	http.ServeContent(cw, r, "", time.Unix(0, 0), bytes.NewReader(data))
	s.add(r.URL.Path, cw.n)
}

func (s *Server) add(path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[path] += n
}

// countingWriter counts the body bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += n
	return n, err
}
