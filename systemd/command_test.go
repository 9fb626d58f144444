package systemd_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/systemd"
)

func TestQuoteWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"abc", "abc"},
		{"--containerd=/run/containerd/containerd.sock", "--containerd=/run/containerd/containerd.sock"},
		{"a b", `"a b"`},
		{" lead", `" lead"`},
		{`a"b`, `"a\"b"`},
		{"a'b", `"a'b"`},
		{`a\b`, `"a\\b"`},
		{`\;`, `"\\;"`},
		{"a\tb", `"a\tb"`},
		{"a\nb", `"a\nb"`},
		{"a\rb", `"a\rb"`},
		{"\a\b\f\v", `"\a\b\f\v"`},
		{"\x01\x1b\x7f", `"\x01\x1b\x7f"`},
		{"\xff", `"\xff"`},
		{"$VAR", "$VAR"},
		{"${VAR}", "${VAR}"},
		{"$$literal", "$$literal"},
		{"%n", "%n"},
		{";", `";"`},
		{";;", ";;"},
		{"é", "é"},
		{"a\u00a0", "\"a\u00a0\""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, systemd.QuoteWord(tt.in), "QuoteWord(%q)", tt.in)
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" \t ", nil},
		{"a b\t c\n", []string{"a", "b", "c"}},
		{`"a b" c`, []string{"a b", "c"}},
		{`'a b'`, []string{"a b"}},
		{`a"b c"d`, []string{"ab cd"}},
		{`"a\"b"`, []string{`a"b`}},
		{`'a\'b'`, []string{`a'b`}},
		{`"it's"`, []string{"it's"}},
		{`'say "hi"'`, []string{`say "hi"`}},
		{`a\\b`, []string{`a\b`}},
		{`"\x41\101\u00e9\U0001F600"`, []string{"AAé😀"}},
		{`a\sb`, []string{"a b"}},
		{`\n\t`, []string{"\n\t"}},
		{`"\xff"`, []string{"\xff"}},
		{`""`, []string{""}},
		{`"" ''`, []string{"", ""}},
		{`$VAR ${X} %n`, []string{"$VAR", "${X}", "%n"}},
		{`KUBELET_ARGS="--a=1 --b=2"`, []string{"KUBELET_ARGS=--a=1 --b=2"}},
	}
	for _, tt := range tests {
		got, err := systemd.SplitWords(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, "SplitWords(%q)", tt.in)
	}

	for _, bad := range []string{`"abc`, `'abc`, `abc\`, `"abc\"`, `\q`, `a\ b`, `\x00`, `\x4`, `\000`, `\400`, `\u12`, `\uD800`} {
		_, err := systemd.SplitWords(bad)
		assert.Error(t, err, "SplitWords(%q)", bad)
	}
}

// trickyWords are strings whose quoting is easy to get wrong.
var trickyWords = []string{
	"", " ", "  ", "\t", "\n", "a b", `"`, `'`, `\`, `\\`, `\"`, `"'`, `'"'`, `a"b'c\d`,
	`\;`, ";", ";;", "; ", "$", "$$", "${A B}", "%", "%%", "%n", "a\x01b", "\x7f", "\xff\xfe",
	"é", "😀", "\u00a0", "a\u2028b", "x\u00a0", "\r\n", "-", "@", "#comment", "[Section]", "=", "a=b",
	"\\x41", "\\n", "end\\",
}

func TestSplitQuoteRoundTrip(t *testing.T) {
	check := func(s string) {
		t.Helper()
		got, err := systemd.SplitWords(systemd.QuoteWord(s))
		require.NoError(t, err, "%q quoted as %s", s, systemd.QuoteWord(s))
		assert.Equal(t, []string{s}, got, "%q quoted as %s", s, systemd.QuoteWord(s))
	}
	for _, s := range trickyWords {
		check(s)
	}
	// Random strings over an alphabet of the characters that matter.
	alphabet := []string{"a", "Z", "0", " ", "\t", "\n", "\r", `"`, `'`, `\`, ";", "$", "%", "{", "=", "-", "\x01", "\x7f", "\xff", "é", "\u00a0", "😀", "x", "u", "0"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		check(b.String())
	}
}

func TestCommandRoundTrip(t *testing.T) {
	cmds := []systemd.Command{
		systemd.NewCommand("/usr/bin/dockerd", "-H", "fd://"),
		systemd.NewCommand("/bin/echo", ";", `\;`, "a ; b", "", "$HOME", "${X}"),
		{IgnoreFailure: true, Prefix: "@:", Argv: []string{"/bin/sh", "sh", "-c", `echo "$1" 'x'`}},
		{Prefix: "!!", Argv: []string{"/opt/my app/bin/run"}},
		{Prefix: "+", Argv: []string{"/bin/x", "-"}},
	}
	for _, s := range trickyWords {
		cmds = append(cmds, systemd.NewCommand("/bin/echo", s, "after"))
	}
	for _, c := range cmds {
		got, err := systemd.ParseCommands(c.String())
		require.NoError(t, err, c.String())
		assert.Equal(t, []systemd.Command{c}, got, c.String())
	}
	got, err := systemd.ParseCommands("")
	require.NoError(t, err)
	assert.Equal(t, []systemd.Command{{}}, got)
	for _, bad := range []string{";", "-", `/bin/a "x`, "- /bin/a"} {
		_, err := systemd.ParseCommands(bad)
		assert.Error(t, err, bad)
	}
}

func TestCommandString(t *testing.T) {
	assert.Equal(t, `-@/bin/sh sh -c "echo hi"`, systemd.Command{IgnoreFailure: true, Prefix: "@", Argv: []string{"/bin/sh", "sh", "-c", "echo hi"}}.String())
	assert.Equal(t, `"-/opt/my app/run"`, systemd.Command{IgnoreFailure: true, Argv: []string{"/opt/my app/run"}}.String())
	assert.True(t, systemd.Command{}.IsReset())
	assert.False(t, systemd.Command{IgnoreFailure: true}.IsReset())
}

func TestEnvString(t *testing.T) {
	assert.Equal(t, "A=b", systemd.Env{Name: "A", Value: "b"}.String())
	assert.Equal(t, `"A=b c"`, systemd.Env{Name: "A", Value: "b c"}.String())
	assert.Equal(t, "A=", systemd.Env{Name: "A"}.String())
	assert.Equal(t, "", systemd.Env{}.String())
	assert.Equal(t, "-/etc/default/kubelet", systemd.EnvironmentFile{Path: "/etc/default/kubelet", Optional: true}.String())
}

func TestEscapes(t *testing.T) {
	assert.Equal(t, "100%% of $$HOME", systemd.EscapeVariables(systemd.EscapeSpecifiers("100% of $HOME")))
}

func TestTimespanOf(t *testing.T) {
	tests := map[string]string{"0s": "0", "-5s": "0", "100ms": "100ms", "2s": "2s", "90s": "1min 30s", "1h30m": "1h 30min", "49h": "2d 1h", "1.5ms": "1ms 500us"}
	for in, want := range tests {
		d, err := time.ParseDuration(in)
		require.NoError(t, err)
		assert.Equal(t, systemd.Timespan(want), systemd.TimespanOf(d), in)
	}
}
