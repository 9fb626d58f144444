// Package tomltree is kubenode's one walker over TOML documents held as the
// trees go-toml/v2 decodes them into: map[string]any tables, []any arrays,
// int64, float64, string, bool and the go-toml date and time types.
// containerd's config.toml and hosts.toml, and CRI-O's drop-ins and
// registries.conf, keep every key kubenode does not model in such a tree
// (Extra); this package reads, changes, copies and checks those trees so
// that every component answers the same way.
//
// # Reading documents
//
// Decode is toml.Unmarshal for files kubenode did not write: it first
// holds a document to MaxDepth and MaxKeys, which no real config comes
// near, so that a hostile file cannot cost quadratic time or memory in
// go-toml or in Walk. CheckValue holds trees built in Go to MaxDepth too.
//
// # Keys and paths
//
// A Key names a value by its table names from the document root; Key.Path
// turns it into a field.Path in TOML syntax for problems. CheckValues and
// CheckValue take a *field.Path instead, because the values they check may
// sit in an array ([[registry]] in registries.conf), which a Key cannot
// name.
//
// # Which Go values are TOML values
//
// CheckValue accepts what the real readers read back as the same value.
// TOML integers are signed 64-bit, containerd (go-toml/v2) and CRI-O
// (BurntSushi/toml) both decode them into int64 and refuse anything larger,
// and go-toml/v2 refuses to encode an unsigned integer above math.MaxInt64.
// So every Go integer type is accepted as long as its value fits in int64;
// a larger uint or uint64 is an ErrInvalid problem at its path. Arrays are
// legal TOML whatever their element type, so every slice is accepted when
// each of its elements is (an array of integers, of strings, of tables,
// nested arrays). nil is refused, as go-toml drops such a key silently; so
// are pointers, structs, maps other than Tree and named types such as
// time.Duration: go-toml writes them as plain tables or numbers that read
// back as another type, and Walk and Merge do not see into them.
package tomltree
