package kubelet

import (
	"strings"

	"github.com/kubenode/kubenode/internal/bytetable"
	"github.com/kubenode/kubenode/runtime/field"
)

// unsafeChars are the characters a flag value must not hold. Flags travel
// as one word of a unit's ExecStart= or inside the double-quoted
// KUBELET_KUBEADM_ARGS of an environment file, which ExecStart= expands
// with $KUBELET_KUBEADM_ARGS and splits at whitespace: a space or tab splits
// the value into two arguments, a newline ends the line, a quote or a
// backslash changes the env file's quoting, "$" and "%" are expanded in a
// unit, and NUL ends the file for some readers.
const unsafeChars = " \t\n\r\x00\"'\\$%`"

// checkWord refuses a value that cannot travel as one kubelet argument
// through a unit or an environment file.
func checkWord(p *field.Path, v string) field.ErrorList {
	if safeWord(v) {
		return nil
	}
	if strings.ContainsAny(v, unsafeChars) {
		return field.ErrorList{field.Invalid(p, v, "must not contain whitespace, quotes, a backslash, '$', '%', '`' or a control character: "+
			"it would break the unit or the environment file that carries it")}
	}
	return field.ErrorList{field.Invalid(p, v, "must not contain a control character")}
}

// safeWord reports whether checkWord accepts v: none of unsafeChars and no
// control character (a byte of a multi-byte character is never one). It
// reads a rendered argument in place, without a string made of it.
func safeWord[T string | []byte](v T) bool {
	for i := 0; i < len(v); i++ {
		if unsafeByte[v[i]] {
			return false
		}
	}
	return true
}

// unsafeByte marks the bytes safeWord refuses: unsafeChars and the
// control characters. Every byte of every flag is looked up in it once.
var unsafeByte = bytetable.Of(func(c byte) bool { return c < 0x20 || c == 0x7f || strings.IndexByte(unsafeChars, c) >= 0 })
