package field

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The most of one input an Error prints. A hostile or broken input can be
// megabytes long (a version string, a 50 MB value in a node file); an
// error that repeats it whole is as large, floods a log or a terminal and
// hides the problem. BadValue itself keeps the whole value, so errors.Is
// and a comparison of values still see it.
const (
	// maxValueBytes bounds a value, and a key or name in a Path.
	maxValueBytes = 200
	// maxDetailBytes bounds a Detail, which may quote a parser's error
	// that holds the input again.
	maxDetailBytes = 2048
)

// Quote returns s as an error shows a value: Go-quoted in full when it is
// at most 200 bytes, else its first 200 bytes (cut at a character
// boundary), quoted, followed by "… (N bytes)" giving its whole length.
// Use it wherever a message names an input that came from outside.
func Quote(s string) string {
	if len(s) <= maxValueBytes {
		return strconv.Quote(s)
	}
	return strconv.Quote(prefix(s, maxValueBytes)) + lengthNote(len(s))
}

// bounded returns s when it is at most limit bytes long, else its prefix
// and its length, unquoted: for text already formatted (a Detail, a
// value printed with %v).
func bounded(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return prefix(s, limit) + lengthNote(len(s))
}

// prefix cuts s to at most n bytes without splitting a UTF-8 sequence, so
// the quoted prefix shows the characters the input starts with.
func prefix(s string, n int) string {
	cut := n
	for cut > 0 && cut > n-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if !utf8.RuneStart(s[cut]) {
		cut = n // not UTF-8 here anyway: cut at the byte
	}
	return s[:cut]
}

func lengthNote(n int) string { return fmt.Sprintf("… (%d bytes)", n) }

// formatValue prints a BadValue: strings quoted (see Quote), a list of
// strings as a bracketed list of quoted strings that stops once it is long,
// anything else as %v, bounded.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return Quote(v)
	case fmt.Stringer:
		return Quote(v.String())
	case []string:
		return quoteList(v)
	default:
		return bounded(fmt.Sprintf("%v", v), maxValueBytes)
	}
}

// quoteList prints each element with Quote until the list has taken
// maxValueBytes, then says how many elements there are in all.
func quoteList(list []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		if b.Len() > maxValueBytes {
			fmt.Fprintf(&b, "… (%d elements)", len(list))
			break
		}
		b.WriteString(Quote(s))
	}
	b.WriteByte(']')
	return b.String()
}
