package hosts

import (
	"slices"
	"strings"
)

// document is hosts.toml as go-toml encodes it for a File that has no
// Extra, whose hosts have none either and come in the byte order of their
// URLs: the keys render's tree holds, in structs rather than maps. go-toml
// writes a struct's fields in their order and a map's keys in byte order,
// key-values before tables in both, and leaves out an omitempty field
// that is empty, as the tree leaves out an unset one; so each struct lists
// its keys in byte order and encodes to the bytes of the tree
// (TestDocumentIsTheTree). A file costs a few allocations this way
// instead of two per table, and go-toml walks one map instead of three.
type document struct {
	Server string `toml:"server,omitempty"`
	// Host is written even when empty (see render). Its values are
	// pointers: a map's slots are made in groups of eight, which small
	// pointers keep small.
	Host map[string]*hostTable `toml:"host"`
}

// hostTable is one [host."<URL>"] table; its lists are the Host's own,
// which the encoder only reads.
type hostTable struct {
	CA           []string            `toml:"ca,omitempty"`
	Capabilities []Capability        `toml:"capabilities,omitempty"`
	Client       [][2]string         `toml:"client,omitempty"`
	Header       map[string][]string `toml:"header,omitempty"`
	OverridePath bool                `toml:"override_path,omitempty"`
	SkipVerify   *bool               `toml:"skip_verify,omitempty"`
}

// typedDocument is h's document, or false when h has Extra or hosts out of
// byte order, which render's tree holds instead.
func (h *File) typedDocument() (document, bool) {
	if len(h.Extra) > 0 || !slices.IsSortedFunc(h.Hosts, func(a, b Host) int { return strings.Compare(a.URL, b.URL) }) {
		return document{}, false
	}
	doc := document{Server: h.Server, Host: make(map[string]*hostTable, len(h.Hosts))}
	tables := make([]hostTable, len(h.Hosts))
	for i, host := range h.Hosts {
		if len(host.Extra) > 0 {
			return document{}, false
		}
		tables[i] = hostTable{
			CA:           host.CA,
			Capabilities: host.Capabilities,
			Client:       host.Client,
			Header:       host.Header,
			OverridePath: host.OverridePath,
			SkipVerify:   host.SkipVerify,
		}
		doc.Host[host.URL] = &tables[i]
	}
	return doc, true
}
