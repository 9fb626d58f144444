package systemd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubenode/kubenode/internal/bytetable"
)

// Command is one command line of an Exec*= key (ExecStart=, ExecReload=,
// ...). The zero Command is the empty assignment ("ExecStart="), which
// clears the commands set before it, including those of the unit a drop-in
// extends.
//
// Words are quoted by systemd's rules when rendered, so an argument may hold
// spaces or quotes. systemd substitutes "$VAR" and "${VAR}" in the words
// when it runs the command (unless Prefix has ":") and expands "%"
// specifiers when it loads the unit; write "$$" and "%%" for literal signs.
type Command struct {
	// Argv is the program, an absolute path, followed by its arguments. With
	// the "@" prefix, Argv[1] is the argv[0] the program sees.
	Argv []string
	// IgnoreFailure is the "-" prefix: a non-zero exit status (or, for
	// ExecStart=, a missing program) does not fail the unit.
	IgnoreFailure bool
	// Prefix holds systemd's other special prefixes, in any order: "@"
	// (Argv[1] is argv[0]), ":" (no variable substitution), and at most one
	// of "+" (full privileges), "!" (no user/group switch) and "!!" (switch
	// only with ambient capabilities).
	Prefix string
}

// NewCommand returns a Command running argv.
func NewCommand(argv ...string) Command {
	return Command{Argv: argv}
}

// IsReset reports whether c is the empty assignment.
func (c Command) IsReset() bool {
	return len(c.Argv) == 0 && !c.IgnoreFailure && c.Prefix == ""
}

// String returns the command as the value of an Exec*= line: the prefixes
// and program, then each argument quoted by [QuoteWord].
func (c Command) String() string {
	if len(c.Argv) <= 1 && !c.IgnoreFailure && c.Prefix == "" {
		return QuoteWord(c.program())
	}
	n := len(c.Prefix) + 3 // room for the words and a space each, unquoted
	for _, a := range c.Argv {
		n += len(a) + 1
	}
	var b strings.Builder
	b.Grow(n)
	c.writeTo(&b)
	return b.String()
}

// program is Argv[0], or "" when there is none.
func (c Command) program() string {
	if len(c.Argv) == 0 {
		return ""
	}
	return c.Argv[0]
}

// writeTo writes c.String() to b.
func (c Command) writeTo(b *strings.Builder) {
	first := c.program()
	// The prefixes are part of the first word: systemd unquotes it before it
	// strips them, so quoting the whole word is what keeps a path with a
	// space intact.
	if c.IgnoreFailure {
		first = "-" + c.Prefix + first
	} else if c.Prefix != "" {
		first = c.Prefix + first
	}
	writeWord(b, first)
	for i := 1; i < len(c.Argv); i++ {
		b.WriteByte(' ')
		writeWord(b, c.Argv[i])
	}
}

// QuoteWord returns s as one word of a systemd command line or Environment=
// assignment. A word without whitespace, quotes, backslashes or control
// characters is returned as is; any other word is double-quoted with the C
// escapes systemd undoes (\" \\ \n \t \r \a \b \f \v, \xNN for other control
// bytes and for bytes that are not UTF-8). The empty string becomes "" and a
// lone ";" is quoted so systemd does not take it for a command separator.
// "$" and "%" are left alone: systemd expands them in quoted words too.
//
// systemd cannot represent a NUL byte; QuoteWord writes \x00, which
// [SplitWords] and systemd refuse.
func QuoteWord(s string) string {
	if !needsQuoting(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	writeEscaped(&b, s)
	b.WriteByte('"')
	return b.String()
}

// writeWord writes QuoteWord(s) to b.
func writeWord(b *strings.Builder, s string) {
	if !needsQuoting(s) {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	writeEscaped(b, s)
	b.WriteByte('"')
}

// writeEscaped writes s with QuoteWord's escapes, without the quotes. It
// works rune by rune, and a byte that is not UTF-8 is a rune of its own,
// so escaping two strings one after the other is escaping the two joined
// when the first ends in a whole rune or the second starts with an ASCII
// one. Runs of printable ASCII, most of any word, are copied at once.
func writeEscaped(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				writeHexEscape(b, c)
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
		case c < 0x20 || c == 0x7f || c == '"' || c == '\\':
			if e := strings.IndexByte(escaped, c); e >= 0 {
				b.WriteByte('\\')
				b.WriteByte(escapeLetters[e])
			} else {
				writeHexEscape(b, c)
			}
			i++
		default:
			j := i + 1
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f && s[j] != '"' && s[j] != '\\' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		}
	}
}

// writeHexEscape writes c as \xNN, in lower-case hex.
func writeHexEscape(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}

// The C escapes QuoteWord writes and systemd undoes: escaped[i] is written
// as a backslash and escapeLetters[i]. All are ASCII, so a byte index into
// one is an index into the other.
const (
	escaped       = "\"\\\n\t\r\a\b\f\v"
	escapeLetters = `"\ntrabfv`
)

func needsQuoting(s string) bool {
	return s == "" || s == ";" || hasQuotable(s)
}

// quotableASCII marks the ASCII bytes only a quoted word can carry: the
// controls, the quotes, the backslash and ' ', the one ASCII space that is
// not a control. A table answers for a byte with one load instead of six
// comparisons; every word of every command is read through it.
var quotableASCII = bytetable.Of(func(c byte) bool {
	return c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\' || c == ' '
})

// hasQuotable reports whether s holds a rune that only a quoted word can
// carry. It works rune by rune, like writeEscaped.
func hasQuotable(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if quotableASCII[c] {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		// systemd splits on ASCII whitespace only, but go-systemd trims
		// every unicode space from the ends of a value, so a word that
		// ends a line must not end in one.
		if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) {
			return true
		}
		i += size
	}
	return false
}

// SplitWords splits s into words the way systemd splits a command line or
// an Environment= value (extract_first_word with EXTRACT_UNQUOTE and
// EXTRACT_CUNESCAPE): words are separated by spaces, tabs and newlines;
// single and double quotes group, and may start in the middle of a word;
// C escapes are undone inside and outside quotes. Unbalanced quotes, a
// trailing backslash and unknown escapes are errors (systemd warns and
// guesses). Specifiers and "$" are left as they are.
func SplitWords(s string) ([]string, error) {
	var words []string
	for {
		w, rest, ok, err := extractWord(s)
		if err != nil {
			return nil, err
		}
		if !ok {
			return words, nil
		}
		words = append(words, w)
		s = rest
	}
}

var errUnbalanced = errors.New("unbalanced quotes")

// extractWord returns the first word of s and the rest of s after the
// whitespace that follows it; ok is false when s holds no more words.
func extractWord(s string) (word, rest string, ok bool, err error) {
	i := 0
	for i < len(s) && isWhitespace(s[i]) {
		i++
	}
	if i == len(s) {
		return "", "", false, nil
	}
	var b []byte
	var quote byte
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\':
			out, n, err := unescapeOne(s[i+1:])
			if err != nil {
				return "", "", false, err
			}
			b = append(b, out...)
			i += 1 + n
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b = append(b, c)
			}
			i++
		case c == '"' || c == '\'':
			quote = c
			i++
		case isWhitespace(c):
			for i < len(s) && isWhitespace(s[i]) {
				i++
			}
			return string(b), s[i:], true, nil
		default:
			b = append(b, c)
			i++
		}
	}
	if quote != 0 {
		return "", "", false, errUnbalanced
	}
	return string(b), "", true, nil
}

// unescapeOne decodes the escape after a backslash the way systemd's
// cunescape_one does and returns the bytes and how much of s it used.
func unescapeOne(s string) ([]byte, int, error) {
	if s == "" {
		return nil, 0, errors.New("trailing backslash")
	}
	if e := strings.IndexByte(escapeLetters, s[0]); e >= 0 {
		return []byte{escaped[e]}, 1, nil
	}
	switch c := s[0]; c {
	case '\'':
		return []byte{c}, 1, nil
	case 's':
		return []byte{' '}, 1, nil
	case 'x':
		if len(s) < 3 {
			return nil, 0, fmt.Errorf("short escape \\%s", s)
		}
		v, err := strconv.ParseUint(s[1:3], 16, 8)
		if err != nil || v == 0 {
			return nil, 0, fmt.Errorf("bad escape \\%s", s[:3])
		}
		// \x and octal escapes give raw bytes, not code points.
		return []byte{byte(v)}, 3, nil
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if len(s) < 1+n {
			return nil, 0, fmt.Errorf("short escape \\%s", s)
		}
		v, err := strconv.ParseUint(s[1:1+n], 16, 32)
		if err != nil || v == 0 || !utf8.ValidRune(rune(v)) {
			return nil, 0, fmt.Errorf("bad escape \\%s", s[:1+n])
		}
		return utf8.AppendRune(nil, rune(v)), 1 + n, nil
	case '0', '1', '2', '3', '4', '5', '6', '7':
		if len(s) < 3 {
			return nil, 0, fmt.Errorf("short escape \\%s", s)
		}
		v, err := strconv.ParseUint(s[:3], 8, 16)
		if err != nil || v == 0 || v > 255 {
			return nil, 0, fmt.Errorf("bad escape \\%s", s[:3])
		}
		return []byte{byte(v)}, 3, nil
	}
	return nil, 0, fmt.Errorf("unknown escape \\%c", s[0])
}

// ParseCommands splits the value of one Exec*= line into its commands, as
// systemd's config_parse_exec does: a lone ";" word separates commands, "\;"
// is a literal ";" argument, and the prefix characters "-@:+!" are stripped
// from the first word. The empty value gives one zero (reset) Command.
func ParseCommands(value string) ([]Command, error) {
	if value == "" {
		return []Command{{}}, nil
	}
	var cmds []Command
	p := value
	for {
		first, rest, ok, err := extractWord(p)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		p = rest
		if first == ";" {
			continue
		}
		ignore, prefix, prog := splitPrefix(first)
		if prog == "" {
			return nil, fmt.Errorf("no program after the prefix %q", first)
		}
		cmd := Command{Argv: []string{prog}, IgnoreFailure: ignore, Prefix: prefix}
		separated := false
		for p != "" {
			if p[0] == ';' && (len(p) == 1 || isWhitespace(p[1])) {
				p = strings.TrimLeft(p[1:], whitespace)
				separated = true
				break
			}
			// systemd checks the raw text: only an unquoted \; is the literal.
			if strings.HasPrefix(p, `\;`) && (len(p) == 2 || isWhitespace(p[2])) {
				cmd.Argv = append(cmd.Argv, ";")
				p = strings.TrimLeft(p[2:], whitespace)
				continue
			}
			w, rest, ok, err := extractWord(p)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			cmd.Argv = append(cmd.Argv, w)
			p = rest
		}
		cmds = append(cmds, cmd)
		if !separated {
			break
		}
	}
	if len(cmds) == 0 {
		return nil, errors.New("no command")
	}
	return cmds, nil
}

// splitPrefix strips systemd's prefix characters from the first word with
// the state machine of config_parse_exec: "-", "@" and ":" once each, then
// "+" or up to two "!", never both.
func splitPrefix(word string) (ignore bool, prefix, rest string) {
	var at, colon, plus bool
	bangs := 0
	i := 0
loop:
	for ; i < len(word); i++ {
		switch word[i] {
		case '-':
			if ignore {
				break loop
			}
			ignore = true
			continue
		case '@':
			if at {
				break loop
			}
			at = true
		case ':':
			if colon {
				break loop
			}
			colon = true
		case '+':
			if plus || bangs > 0 {
				break loop
			}
			plus = true
		case '!':
			if plus || bangs == 2 {
				break loop
			}
			bangs++
		default:
			break loop
		}
		prefix += word[i : i+1]
	}
	return ignore, prefix, word[i:]
}
