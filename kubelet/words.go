package kubelet

import (
	"strings"

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
	if i := strings.IndexAny(v, unsafeChars); i >= 0 {
		return field.ErrorList{field.Invalid(p, v, "must not contain whitespace, quotes, a backslash, '$', '%', '`' or a control character: "+
			"it would break the unit or the environment file that carries it")}
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return field.ErrorList{field.Invalid(p, v, "must not contain a control character")}
		}
	}
	return nil
}
