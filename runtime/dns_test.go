package runtime_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/kubenode/kubenode/internal/corpus"
	"github.com/kubenode/kubenode/runtime"
)

// IsHandlerName replaced this expression, which runtime, containerd and
// CRI-O each matched a handler's name against (with the 63-byte limit
// beside it); the two agree.
var handlerNameRegexp = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

func TestIsHandlerNameMatchesRegexp(t *testing.T) {
	names := []string{"", "a", "runc", "crun", "kata-qemu", "nvidia", "-a", "a-", "a--b", "A", "a_b", "a.b", "a\n",
		strings.Repeat("a", 63), strings.Repeat("a", 64), "0", "9-9"}
	names = append(names, corpus.EveryByte(func(b string) []string { return []string{b, "a" + b + "z", "a" + b, b + "z"} })...)
	names = append(names, corpus.Random(rand.New(rand.NewPCG(3, 5)), "az09-A_.", 20000, 7)...)
	for _, n := range names {
		if got, want := runtime.IsHandlerName(n), handlerNameRegexp.MatchString(n); got != want {
			t.Errorf("IsHandlerName(%q) = %t, the expression says %t", n, got, want)
		}
	}
}

// TestIsDNSSubdomainIsIsDNS1123Subdomain: the one-pass check accepts what
// apimachinery's IsDNS1123Subdomain accepts, and nothing else, so skipping
// it for a plain name skips no problem.
func TestIsDNSSubdomainIsIsDNS1123Subdomain(t *testing.T) {
	names := []string{"", "a", "cluster.local", "node-1.example.com", "a.b.c", "-a", "a-", "a.-b", "a-.b", ".a", "a.", "a..b",
		"A.b", "a_b", "a b", "1.2.3.4", strings.Repeat("a", 64), strings.Repeat("a.", 126) + "a", strings.Repeat("a.", 127) + "a"}
	names = append(names, corpus.EveryByte(func(b string) []string { return []string{b, "a" + b + "z", "a." + b, b + ".z"} })...)
	names = append(names, corpus.Random(rand.New(rand.NewPCG(5, 8)), "az09-.A_", 30000, 9)...)
	plain := 0
	for _, n := range names {
		want := len(validation.IsDNS1123Subdomain(n)) == 0
		if got := runtime.IsDNSSubdomain(n); got != want {
			t.Errorf("IsDNSSubdomain(%q) = %t, IsDNS1123Subdomain accepts it: %t", n, got, want)
		}
		if want {
			plain++
		}
	}
	if plain < 100 {
		t.Errorf("only %d names of the corpus are subdomains", plain)
	}
}
