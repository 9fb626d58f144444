package tomltree

import (
	"fmt"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/kubenode/kubenode/runtime/field"
)

// The limits Decode holds a document to. Both are far above what a real
// file holds and far below what makes decoding or walking a document
// costly; see Decode for why each is needed.
const (
	// MaxDepth is how deeply a value may sit below the document root,
	// counting each table name of its header, each part of its dotted key,
	// each enclosing inline table's key and each enclosing array: the
	// length of the key Walk would hand over, plus array levels.
	// containerd's deepest key has 7
	// (plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options.SystemdCgroup),
	// CRI-O's 5.
	MaxDepth = 32
	// MaxKeys is how many keys, arrays and inline tables a document may
	// hold together, each part of a dotted key or table header counted:
	// the entries go-toml's duplicate-key tracker keeps. A containerd
	// config.toml with every plugin (`containerd config default`, 1.6 to
	// 2.4) holds 280 to 340.
	MaxKeys = 5_000
)

// Decode decodes a TOML document into a Tree, as toml.Unmarshal does,
// after checking it against MaxDepth and MaxKeys (CheckLimits), so that no
// file costs much more to decode and walk than its size, whatever it
// holds:
//
//   - go-toml/v2 checks every key for duplicates by scanning the entries
//     it has seen so far (internal/tracker.SeenTracker.find), which takes
//     time quadratic in the number of keys of a table: 20,000 keys took
//     a second, 80,000 sixteen. At MaxKeys it takes about 30 ms
//     (BenchmarkDecodeManyKeys).
//   - a Key is a slice of every table name from the root, so a value
//     nested n levels deep costs Walk n²/2 names: 4,000 nested inline
//     tables took 290 MB, 10,000 (a 40 KB file) ran out of memory.
//     MaxDepth bounds that too.
//
// A document over a limit is a *field.Error with sentinel field.ErrTooLong
// for the document as a whole (nil path), naming the line; a document
// that is no TOML gives go-toml's error.
func Decode(data []byte) (Tree, error) {
	if err := CheckLimits(data); err != nil {
		return nil, err
	}
	var doc Tree
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// CheckLimits reports the first place where a TOML document goes past
// MaxDepth or MaxKeys (see Decode), reading it with go-toml's own parser,
// which builds no tree and tracks no keys: its cost is linear in the
// document, and its own nesting limit bounds its recursion. A document
// that is no TOML is left to the decoder to report: CheckLimits returns
// nil for it once it has counted what precedes the syntax error, which is
// all the decoder gets to.
func CheckLimits(data []byte) error {
	c := limitCounter{}
	c.p.Reset(data)
	for c.p.NextExpression() {
		e := c.p.Expression()
		var err error
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			// A header opens the table the key-values after it fill; an
			// array of tables adds its own level, the element.
			it := e.Key()
			c.header = 0
			if e.Kind == unstable.ArrayTable {
				c.header = 1
			}
			err = c.key(&it, &c.header)
		case unstable.KeyValue:
			err = c.keyValue(e, c.header)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// limitCounter counts a document's keys and depth, expression by
// expression.
type limitCounter struct {
	p unstable.Parser
	// keys is how many keys, arrays and inline tables came so far.
	keys int
	// header is the depth of the table the last header opened.
	header int
	// at is where the last key part counted stands, for a problem of an
	// array, which the parser gives no position of its own.
	at unstable.Range
}

// keyValue counts a key-value whose key starts at depth.
func (c *limitCounter) keyValue(kv *unstable.Node, depth int) error {
	it := kv.Key()
	if err := c.key(&it, &depth); err != nil {
		return err
	}
	return c.value(kv.Value(), depth)
}

// key counts the parts of a dotted key, each one level below the one
// before it.
func (c *limitCounter) key(it *unstable.Iterator, depth *int) error {
	for it.Next() {
		*depth++
		c.at = it.Node().Raw
		if err := c.count(it.Node(), *depth); err != nil {
			return err
		}
	}
	return nil
}

// value counts a value at depth and what it holds. Every level it
// descends adds at least one to depth, so it recurses at most MaxDepth
// times.
func (c *limitCounter) value(v *unstable.Node, depth int) error {
	switch v.Kind {
	case unstable.Array:
		// An array is counted where its elements sit, so that scalars
		// there, which are not counted, are within the limit too.
		if err := c.count(v, depth+1); err != nil {
			return err
		}
		it := v.Children()
		for it.Next() {
			if err := c.value(it.Node(), depth+1); err != nil {
				return err
			}
		}
	case unstable.InlineTable:
		if err := c.count(v, depth); err != nil {
			return err
		}
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				if err := c.keyValue(kv, depth); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// count counts one key, array or inline table at depth, and refuses it
// when it goes past a limit.
func (c *limitCounter) count(n *unstable.Node, depth int) error {
	c.keys++
	switch {
	case depth > MaxDepth:
		return c.tooLong(n, fmt.Sprintf("nested more than %d levels deep (tables, dotted keys, inline tables and arrays together)", MaxDepth))
	case c.keys > MaxKeys:
		return c.tooLong(n, fmt.Sprintf("more than %d keys, arrays and inline tables: kubenode reads no more, as checking them for duplicates takes time quadratic in their number", MaxKeys))
	}
	return nil
}

// tooLong is the problem of a document that goes past a limit at n.
func (c *limitCounter) tooLong(n *unstable.Node, detail string) *field.Error {
	at := n.Raw
	if at.Length == 0 {
		at = c.at
	}
	line := c.p.Shape(at).Start.Line
	return &field.Error{Type: field.ErrTooLong, Detail: fmt.Sprintf("line %d: %s", line, detail)}
}
