package systemd

import (
	"math/rand/v2"
	"testing"

	"github.com/kubenode/kubenode/internal/corpus"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// assignmentPieces are names and values that meet at the "=" of an
// assignment in every way that could matter: specifiers, line breaks, NUL,
// quotes, and UTF-8 cut in two.
var assignmentPieces = []string{
	"", "A", "KUBELET_ARGS", "--config=/var/lib/kubelet/config.yaml", "a b", "%", "a%", "%%", "%z", "%n", "z", "=",
	"\n", "\r", "\x00", `"`, "'", `\`, ";", "\xe2\x82", "\xac", "€", "\xff", "\u00a0", "\x7f", "\x01", "\t", "$X",
}

// checkEnvFull is checkEnv as it was before its fast path: the assignment
// always checked as the one word it renders to.
func checkEnvFull(e Env, p *field.Path) field.ErrorList {
	if e.IsReset() {
		return nil
	}
	return append(checkEnvName(e.Name, p), checkWord(e.Name+"="+e.Value, p)...)
}

// TestCheckEnvFastPath proves that checkEnv, which checks Name=Value only
// when its name or value has a problem, reports exactly what checking the
// word always reports, by sentinel, path and value.
func TestCheckEnvFastPath(t *testing.T) {
	p := field.NewUnitPath("kubelet.service").Child("Service").Child("Environment").Index(1)
	for _, name := range assignmentPieces {
		for _, value := range assignmentPieces {
			for _, pair := range [][2]string{{name, value}, {name + value, value + name}} {
				e := Env{Name: pair[0], Value: pair[1]}
				fieldtest.RequireSame(t, checkEnv(e, p).Err(), checkEnvFull(e, p).Err())
			}
		}
	}
}

// TestEnvStringFastPath proves that Env.String, which quotes the name and
// the value one after the other, writes what quoting the whole assignment
// writes.
func TestEnvStringFastPath(t *testing.T) {
	for _, name := range assignmentPieces {
		for _, value := range assignmentPieces {
			e := Env{Name: name, Value: value}
			want := ""
			if !e.IsReset() {
				want = QuoteWord(name + "=" + value)
			}
			if got := e.String(); got != want {
				t.Errorf("Env{%q, %q}.String() = %q, want %q", name, value, got, want)
			}
			var v valueBuffer
			if got := formatEnv(&v, e); got != want {
				t.Errorf("formatEnv(Env{%q, %q}) = %q, want %q", name, value, got, want)
			}
		}
	}
}

// TestCommandStringPieces checks Command.String against the quoting of
// each word, with the prefixes as part of the first, and formatCommand
// against String.
func TestCommandStringPieces(t *testing.T) {
	for _, prefix := range []string{"", "@", "+", "\xe2"} {
		for _, ignore := range []bool{false, true} {
			for _, a := range assignmentPieces {
				for _, argv := range [][]string{nil, {a}, {"/bin/x", a}, {a, a, "z"}} {
					c := Command{Argv: argv, IgnoreFailure: ignore, Prefix: prefix}
					first := prefix
					if ignore {
						first = "-" + first
					}
					if len(argv) > 0 {
						first += argv[0]
					}
					want := QuoteWord(first)
					for _, w := range argv[min(1, len(argv)):] {
						want += " " + QuoteWord(w)
					}
					if got := c.String(); got != want {
						t.Errorf("%#v.String() = %q, want %q", c, got, want)
					}
					var v valueBuffer
					if c.IsReset() {
						want = ""
					}
					if got := formatCommand(&v, c); got != want {
						t.Errorf("formatCommand(%#v) = %q, want %q", c, got, want)
					}
				}
			}
		}
	}
}

// TestValueBufferValuesStay checks that values taken from a valueBuffer
// stay as written while it grows past its first estimate.
func TestValueBufferValuesStay(t *testing.T) {
	v := valueBuffer{want: 4}
	var got []string
	for i := range 100 {
		got = append(got, formatInt(&v, i*1000))
	}
	for i, s := range got {
		if want := formatInt(&valueBuffer{}, i*1000); s != want {
			t.Fatalf("value %d = %q, want %q", i, s, want)
		}
	}
}

// TestQuotableASCIIIsTheCondition proves the table hasQuotable reads
// marks exactly the ASCII bytes its condition named: the controls, DEL,
// the quotes, the backslash and the space.
func TestQuotableASCIIIsTheCondition(t *testing.T) {
	for c := range byte(0x80) {
		want := c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\' || c == ' '
		if quotableASCII[c] != want || hasQuotable(string(c)) != want {
			t.Errorf("byte %#x: table %v, hasQuotable %v, want %v", c, quotableASCII[c], hasQuotable(string(c)), want)
		}
	}
}

// plainCorpus holds values plain and not: every pair of assignmentPieces,
// unit names, and random strings over an alphabet of plain bytes and the
// bytes each rule is about.
func plainCorpus() []string {
	var out []string
	for _, a := range assignmentPieces {
		for _, b := range assignmentPieces {
			out = append(out, a+b, " "+a+b, a+b+" ", a+b+`\`)
		}
	}
	out = append(out, "kubelet.service", "containerd.service", "getty@tty1.service", "a b.service", "a%i.service", "x.service\\",
		"-.slice", "a@.service", "@a.service", "a.bogus", ".service", "a\tb.target", "\u00a0a.socket", "a\u00a0", "\u2028")
	random := corpus.Random(rand.New(rand.NewPCG(19, 8)), "az/.-@% \\\"'\t\n\r\x00\x7f\u00a0\u2028é", 30000, 11)
	for i, v := range random {
		out = append(out, v)
		if i%3 == 0 { // a unit name, maybe
			out = append(out, v+unitSuffixes[i%len(unitSuffixes)])
		}
	}
	return out
}

// TestPlainValuesHaveNoProblem proves the plain fast paths of checkValue,
// checkWord and checkUnitName exact: each reports, by sentinel, path and
// value, what applying each rule in turn reports, and a value the fast
// path passes is one no rule finds a problem in.
func TestPlainValuesHaveNoProblem(t *testing.T) {
	p := field.NewUnitPath("kubelet.service").Child("Unit").Child("After").Index(0)
	checks := []struct {
		name       string
		fast, rule func(string, *field.Path) field.ErrorList
		plain      func(string) bool
	}{
		{"checkValue", checkValue, checkValueEachRule, plainValue},
		{"checkWord", checkWord, checkWordEachRule, plainWord},
		{"checkUnitName", checkUnitName, checkUnitNameEachRule, validUnitName},
	}
	for _, c := range checks {
		plain := 0
		for _, v := range plainCorpus() {
			want := c.rule(v, p)
			if c.plain(v) {
				plain++
				if len(want) > 0 {
					t.Fatalf("%s: %q takes the fast path, but a rule finds %v", c.name, v, want)
				}
			}
			fieldtest.RequireSame(t, c.fast(v, p).Err(), want.Err())
		}
		if plain < 100 {
			t.Errorf("%s: only %d values of the corpus take the fast path", c.name, plain)
		}
	}
}
