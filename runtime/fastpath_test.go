package runtime

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/corpus"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// The checks of image references, mirror URLs, CRI endpoints, node paths,
// registry hosts and versions pass the common valid value without the
// parser each used to run on every value (see the fast paths beside each).
// These tests hold every check to what it was: on a corpus of valid,
// nearly valid and random values, the full check (the slow path beside
// each fast one, or kept here as it was written) reports the same
// problems (sentinel, path, value) or none.

// fullValidateCRIEndpoint is ValidateCRIEndpoint as it was: url.Parse on
// every endpoint.
func fullValidateCRIEndpoint(p *field.Path, v string, required bool) field.ErrorList {
	if v == "" {
		return ValidateCRIEndpoint(p, v, required)
	}
	socket, errs := parseCRIEndpoint(p, v)
	if len(errs) > 0 {
		return errs
	}
	return validateSocket(p, v, socket)
}

// fullSocketPath is SocketPath as it was.
func fullSocketPath(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "unix" {
		return ""
	}
	p := path.Clean(u.Path)
	if p == "/var/run" || strings.HasPrefix(p, "/var/run/") {
		p = strings.TrimPrefix(p, "/var")
	}
	return p
}

// fullNodePathProblem is nodePathProblem as it was: ValidateNodePath's
// conditions, one by one.
func fullNodePathProblem(v string) bool {
	return v == "" || v[0] != '/' || strings.ContainsAny(v, "\x00\n\r") || v == "/" || path.Clean(v) != v || HasDotDot(v) ||
		len(v) > MaxPath || longestElement(v) > MaxPathElement
}

// registryHostRegexp is the expression validRegistryHost replaced.
var registryHostRegexp = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)

// fullParseVersion is ParseVersion as it was: strings.SplitN.
func fullParseVersion(s string) (Version, error) {
	core := strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(core, "-+~"); i >= 0 {
		core = core[:i]
	}
	parts := strings.SplitN(core, ".", 4)
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, errors.New("want MAJOR.MINOR or MAJOR.MINOR.PATCH")
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("the %s is not a number", versionParts[i])
		}
		nums[i] = n
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2], HasPatch: len(parts) == 3}, nil
}

// requireSameProblems fails unless got and want hold the same problems in
// the same order: sentinel, path and bad value.
func requireSameProblems(t *testing.T, in string, got, want field.ErrorList) {
	t.Helper()
	require.Len(t, got, len(want), "%q: got %v, want %v", in, got, want)
	for i, w := range want {
		m := fieldtest.Match(w.Type, w.Path.String()).Value(w.BadValue)
		require.True(t, m.Matches(got[i]), "%q: problem %d is %v, want %v", in, i, got[i], m)
	}
}

// combine returns every a+b+c.
func combine(as, bs, cs []string) []string {
	var out []string
	for _, a := range as {
		for _, b := range bs {
			for _, c := range cs {
				out = append(out, a+b+c)
			}
		}
	}
	return out
}

func imageCorpus() []string {
	hosts := []string{"registry.k8s.io/", "docker.io/", "index.docker.io/", "localhost/", "localhost:5000/", "reg.example:5000/",
		"reg.example:123456/", "reg.example:/", "Reg.IO/", "a-b.c/", "-a.b/", "a.b-/", "a..b/", "127.0.0.1:5000/", "[::1]:5000/",
		"x/", "/", "", "ghcr.io:0/", "a_b.io/"}
	names := []string{"pause", "library/busybox", "a/b/c", "a__b", "a___b", "a--b", "a.b", "a._b", "a_b", "A", "a-", "-a", "",
		"a//b", "a/", "é", strings.Repeat("a", 247), strings.Repeat("a", 248), strings.Repeat("a/", 123) + "a",
		strings.Repeat("a", 64), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
	tags := []string{":3.10.1", ":latest", ":", ":.x", ":-x", ":_x", ":X", ":" + strings.Repeat("a", 128), ":" + strings.Repeat("a", 129),
		":v1.0-rc.1", ":a:b", ":a/b", ":é", "", "@sha256:" + strings.Repeat("a", 64), ":3.10@sha256:" + strings.Repeat("b", 64),
		"@sha256:abc", "@"}
	out := combine(hosts, names, tags)
	r := rand.New(rand.NewPCG(19, 3))
	out = append(out, corpus.Random(r, "ab.-_:/@A09é ", 20000, 16)...)
	return append(out, corpus.Random(r, "a.:/", 5000, 12)...)
}

func TestValidateImageAgreesWithTheParser(t *testing.T) {
	p := field.NewPath("pauseImage")
	requireFastPathAgrees(t, imageCorpus(), plainTaggedImage,
		func(ref string) field.ErrorList { return ValidateImage(p, ref) },
		func(ref string) field.ErrorList { return validateImageParsed(p, ref) })
}

// requireFastPathAgrees checks that check reports what full reports on
// every value of the corpus, and that full refuses none of the values
// plain vouches for (the fast path's), of which the corpus holds at least
// 300.
func requireFastPathAgrees(t *testing.T, corpus []string, plain func(string) bool, check, full func(string) field.ErrorList) {
	t.Helper()
	fast := 0
	for _, v := range corpus {
		got, want := check(v), full(v)
		if plain(v) {
			fast++
			require.Empty(t, want, "%q: the fast path passed what the full check refuses", v)
		}
		requireSameProblems(t, v, got, want)
	}
	assert.Greater(t, fast, 300, "the corpus holds values the fast path takes")
}

func TestValidateImagePinnedCostsNoParse(t *testing.T) {
	p := field.NewPath("pauseImage")
	for _, ref := range []string{"registry.k8s.io/pause:3.10.1", "ghcr.io/org/team/image:v1.2.3-rc.1", "localhost.localdomain:5000/a_b/c-d:x"} {
		assert.True(t, plainTaggedImage(ref), ref)
		assert.Zero(t, testing.AllocsPerRun(10, func() { ValidateImage(p, ref) }), ref)
	}
	// Not vouched for, so parsed: no host, a digest, Docker Hub's short form.
	for _, ref := range []string{"busybox:1", "registry.k8s.io/pause@sha256:" + strings.Repeat("a", 64), "library/busybox:1"} {
		assert.False(t, plainTaggedImage(ref), ref)
	}
}

func FuzzImageFastPath(f *testing.F) {
	for _, s := range []string{"registry.k8s.io/pause:3.10.1", "a.b/c:d", "a.b:1/c__d-e:F_.-", "a.b/C:d", "a.b/c:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		if plainTaggedImage(ref) {
			require.Empty(t, validateImageParsed(nil, ref), "%q", ref)
		}
	})
}

func urlCorpus() []string {
	schemes := []string{"https://", "http://", "HTTP://", "ftp://", "", "https:/", "https:///", "https:"}
	hosts := []string{"mirror.example.com", "10.0.0.1", "h:5000", "h:", "h:x", "h:1:2", "[fd00::1]:443", "user@h", "u:p@h", "H.com",
		"a_b", "", "a%20b", "a b", "-", "h.", ".h"}
	paths := []string{"", "/", "/v2/", "/a b", "/a?x", "/a#f", "/%41", "/a~b", "/a'b", "/é", "/a\\b", "?", "#", "/A/B.c_d-e"}
	out := combine(schemes, hosts, paths)
	r := rand.New(rand.NewPCG(19, 4))
	out = append(out, corpus.Random(r, "htps:/.a:0@?#% \\\"'[]~-_Hé\t", 20000, 20)...)
	return append(out, combine([]string{"https://"}, corpus.Random(r, "a.:0-/%@?#", 5000, 12), []string{""})...)
}

func TestValidateMirrorURLAgreesWithURLParse(t *testing.T) {
	p := field.NewPath("mirrors").Index(0).Child("url")
	requireFastPathAgrees(t, urlCorpus(), plainMirrorURL,
		func(v string) field.ErrorList { return ValidateMirrorURL(p, v) },
		func(v string) field.ErrorList { return validateMirrorURLParsed(p, v) })
	assert.Zero(t, testing.AllocsPerRun(10, func() { ValidateMirrorURL(p, "https://mirror.example.com:5000/v2") }))
}

func endpointCorpus() []string {
	prefixes := []string{"unix://", "unix:", "UNIX://", "tcp://", "unix:///", "", "unix://host"}
	paths := []string{"/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/", "//x", "/a/../b", "/a/./b", "/a/", "relative",
		"/a b", "/a?x", "/a#x", "/a%41", "/a\x00", "/" + strings.Repeat("s", 106), "/" + strings.Repeat("s", 107), "/" + strings.Repeat("s", 300),
		"/var/run", "/var/runx", ""}
	out := combine(prefixes, paths, []string{""})
	r := rand.New(rand.NewPCG(19, 5))
	out = append(out, corpus.Random(r, "unix:/.a%?# \x00-_", 20000, 16)...)
	return append(out, combine([]string{"unix://"}, corpus.Random(r, "/.a%?#-_ ", 5000, 12), []string{""})...)
}

func TestValidateCRIEndpointAgreesWithURLParse(t *testing.T) {
	p := field.NewPath("runtime-endpoint")
	fast := 0
	for _, v := range endpointCorpus() {
		if socket, ok := plainUnixSocket(v); ok {
			fast++
			u, err := url.Parse(v)
			require.NoError(t, err, "%q", v)
			require.Equal(t, url.URL{Scheme: "unix", Path: socket}, *u, "%q: url.Parse reads it as its plain path", v)
		}
		for _, required := range []bool{true, false} {
			requireSameProblems(t, v, ValidateCRIEndpoint(p, v, required), fullValidateCRIEndpoint(p, v, required))
		}
		require.Equal(t, fullSocketPath(v), SocketPath(v), "%q", v)
	}
	assert.Greater(t, fast, 100, "the corpus holds endpoints the fast path takes")
	assert.Zero(t, testing.AllocsPerRun(10, func() { ValidateCRIEndpoint(p, ContainerdEndpoint, true) }))
	assert.Zero(t, testing.AllocsPerRun(10, func() { SocketPath(CRIOEndpoint) }))
}

func TestCleanNodePathAgreesWithTheChecks(t *testing.T) {
	long := strings.Repeat("n", MaxPathElement)
	paths := []string{"", "/", "//", "/a", "/a/", "/a//b", "/.", "/..", "/a/.", "/a/..", "/a/../b", "/.a", "/..a", "/a..", "/...",
		"a", "./a", "/a\x00", "/a\nb", "/a\rb", "/" + long, "/" + long + "n", "/a/" + long, "/a/" + long + "n/b",
		"/" + strings.Repeat("a/", MaxPath/2-1) + "a", "/" + strings.Repeat("a/", MaxPath/2) + "a", "/" + strings.Repeat("a", MaxPath-1),
		"/" + strings.Repeat("a", MaxPath), "/é/ü"}
	paths = append(paths, corpus.EveryByte(func(b string) []string { return []string{"/a" + b + "b/c", "/" + b} })...)
	r := rand.New(rand.NewPCG(19, 6))
	paths = append(paths, corpus.Random(r, "/a.\x00\n\r", 30000, 12)...)
	paths = append(paths, combine([]string{"/"}, corpus.Random(r, "/a.", 10000, 10), []string{""})...)
	for _, v := range paths {
		require.Equal(t, fullNodePathProblem(v), nodePathProblem(v), "%q", v)
		require.Equal(t, fullNodePathProblem(v), len(ValidateNodePath(nil, v)) > 0, "%q", v)
	}
}

func TestValidRegistryHostMatchesRegexp(t *testing.T) {
	hosts := []string{"", "docker.io", "registry.k8s.io", "localhost:5000", "a", "a-b", "-a", "a-", "a..b", "a.", ".a", "a:1", "a:",
		"a:123456", "a:12345", ":1", "A.io", "a_b", "a:1:2", "é", "a.b.c:0"}
	r := rand.New(rand.NewPCG(19, 7))
	hosts = append(hosts, corpus.Random(r, "az09.-:A_", 30000, 10)...)
	for _, h := range hosts {
		require.Equal(t, registryHostRegexp.MatchString(h), validRegistryHost(h), "%q", h)
	}
}

func TestParseVersionAgreesWithSplitting(t *testing.T) {
	versions := []string{"", "1", "1.", "1.2", "1.2.", "1.2.3", "1.2.3.", "1.2.3.4", "v1.2", " v1.2.3 ", "01.2", "1.02", "1.2.-3",
		"1.+2", "2.0.0-rc.1", "20.10.24+dfsg1", "1.7.28~ds1", "..", "a.b", "99999999999999999999.1"}
	r := rand.New(rand.NewPCG(19, 8))
	versions = append(versions, corpus.Random(r, "v0129.-+~ a", 30000, 10)...)
	for _, s := range versions {
		got, gotErr := ParseVersion(s)
		want, wantErr := fullParseVersion(s)
		require.Equal(t, want, got, "%q", s)
		require.Equal(t, wantErr == nil, gotErr == nil, "%q", s)
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() { _, _ = ParseVersion("1.35.2") }))
}
