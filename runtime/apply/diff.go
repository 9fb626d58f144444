package apply

import (
	"fmt"
	"strings"
)

// diffContext is how many unchanged lines surround each change, as in
// `diff -u`.
const diffContext = 3

// maxEditDistance bounds the Myers search. Beyond it the diff replaces the
// whole file: still a correct diff, just not a minimal one, and the memory
// the search needs stays small whatever the files hold.
const maxEditDistance = 2000

// UnifiedDiff returns the unified diff that turns a into b, in the format
// of `diff -u` (three lines of context, "\ No newline at end of file"
// markers), with oldName and newName on its "---" and "+++" lines. It
// returns "" when a and b are equal. The edit script is a shortest one
// (Myers' algorithm over lines).
func UnifiedDiff(oldName, newName string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	al, bl := splitLines(string(a)), splitLines(string(b))
	ops := editScript(al, bl)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&sb, ops[h.from:h.to])
	}
	return sb.String()
}

// splitLines splits text after each newline; a last line without one is
// kept as it is, so joining the lines gives the text back.
func splitLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// diffOp is one line of an edit script: kept (' '), deleted ('-') or
// inserted ('+'), with its 0-based line numbers in a and b before it.
type diffOp struct {
	kind byte
	line string
	ai   int
	bi   int
}

// editScript returns a shortest edit script turning a into b.
func editScript(a, b []string) []diffOp {
	// Common prefix and suffix need no search.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for i := 0; i < pre; i++ {
		ops = append(ops, diffOp{' ', a[i], i, i})
	}
	for _, o := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		o.ai += pre
		o.bi += pre
		ops = append(ops, o)
	}
	for i := 0; i < suf; i++ {
		ai, bi := len(a)-suf+i, len(b)-suf+i
		ops = append(ops, diffOp{' ', a[ai], ai, bi})
	}
	return ops
}

// myers is Eugene Myers' O(ND) greedy search ("An O(ND) Difference
// Algorithm and Its Variations", 1986), keeping each round's frontier to
// walk the path back.
func myers(a, b []string) []diffOp {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	maxD := min(n+m, maxEditDistance)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int // trace[d] is the frontier before round d
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insert b[y]
			} else {
				x = v[off+k-1] + 1 // right: delete a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return replaceAll(a, b)
	}
	var rev []diffOp
	x, y := n, m
	for d := found; d > 0; d-- {
		fr := trace[d] // indices k-(-d-1)
		at := func(k int) int { return fr[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, diffOp{' ', a[x], x, y})
		}
		if x == prevX {
			y--
			rev = append(rev, diffOp{'+', b[y], x, y})
		} else {
			x--
			rev = append(rev, diffOp{'-', a[x], x, y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, diffOp{' ', a[x], x, y})
	}
	ops := make([]diffOp, 0, len(rev))
	for i := len(rev) - 1; i >= 0; i-- {
		ops = append(ops, rev[i])
	}
	return ops
}

// replaceAll deletes every line of a, then inserts every line of b.
func replaceAll(a, b []string) []diffOp {
	ops := make([]diffOp, 0, len(a)+len(b))
	for i, l := range a {
		ops = append(ops, diffOp{'-', l, i, 0})
	}
	for j, l := range b {
		ops = append(ops, diffOp{'+', l, len(a), j})
	}
	return ops
}

type span struct{ from, to int }

// hunks groups changes with their context; two changes closer than twice
// the context share a hunk.
func hunks(ops []diffOp) []span {
	var out []span
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		from := max(0, i-diffContext)
		end := i // one past the last change of the hunk
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*diffContext {
				break
			}
		}
		to := min(len(ops), end+diffContext)
		if len(out) > 0 && out[len(out)-1].to >= from {
			out[len(out)-1].to = to
		} else {
			out = append(out, span{from, to})
		}
		i = end
	}
	return out
}

func writeHunk(sb *strings.Builder, ops []diffOp) {
	var na, nb int
	for _, o := range ops {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(ops[0].ai, na), hunkRange(ops[0].bi, nb))
	for _, o := range ops {
		sb.WriteByte(o.kind)
		sb.WriteString(o.line)
		if !strings.HasSuffix(o.line, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange prints a hunk's start and length as diff does: 1-based, the
// length left out when 1, and an empty range named by the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
