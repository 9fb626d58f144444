package corpus

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEveryByte(t *testing.T) {
	got := EveryByte(func(b string) []string { return []string{b, "a" + b} })
	if len(got) != 512 {
		t.Fatalf("%d strings, want 512", len(got))
	}
	for c := range 256 {
		if got[2*c] != string([]byte{byte(c)}) || got[2*c+1] != "a"+string([]byte{byte(c)}) {
			t.Fatalf("byte %#x: %q, %q", c, got[2*c], got[2*c+1])
		}
	}
}

func TestRandom(t *testing.T) {
	const alphabet = "ab/é"
	got := Random(rand.New(rand.NewPCG(1, 2)), alphabet, 1000, 5)
	if len(got) != 1000 {
		t.Fatalf("%d strings, want 1000", len(got))
	}
	lengths := map[int]bool{}
	for _, s := range got {
		n := utf8.RuneCountInString(s)
		lengths[n] = true
		if n > 5 || strings.Trim(s, alphabet) != "" {
			t.Fatalf("%q is not up to 5 characters of %q", s, alphabet)
		}
	}
	if len(lengths) != 6 {
		t.Errorf("lengths %v: want every one from 0 to 5", lengths)
	}
}
