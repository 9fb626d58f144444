package hostiletree

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// MemberName is the archive entry a fixture archive's artifact maps to
// MemberPath, unless the Archive names another.
const MemberName = "bin/tool"

// Entry is one entry of a fixture archive.
type Entry struct {
	// Name is the entry's name as stored.
	Name string
	// Type is the tar type flag: tar.TypeReg, TypeSymlink, TypeLink,
	// TypeDir, TypeFifo or TypeChar.
	Type byte
	// Linkname is a link's target, as stored.
	Linkname string
	// Body is a regular file's content.
	Body string
}

// Archive is a tar.gz fixture: its entries in order and the entry its
// artifact maps to MemberPath.
type Archive struct {
	// Name says what the archive holds, for test names.
	Name string
	// Member is the mapped entry's name; empty means MemberName.
	Member  string
	Entries []Entry
}

// MemberEntry is the name of the entry the archive's artifact installs.
func (a Archive) MemberEntry() string {
	if a.Member == "" {
		return MemberName
	}
	return a.Member
}

// TarGz packs the entries, in order, as a gzipped tar (PAX where a name
// needs it), every time the Unix epoch so the bytes depend on the entries
// alone. The entries are fixed data: one Go's tar writer refuses is a bug
// in this package, hence the panic.
func (a Archive) TarGz() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, e := range a.Entries {
		h := &tar.Header{Name: e.Name, Typeflag: e.Type, Linkname: e.Linkname, Mode: 0o755, ModTime: time.Unix(0, 0)}
		switch e.Type {
		case tar.TypeReg:
			h.Size = int64(len(e.Body))
		case tar.TypeChar:
			h.Devmajor, h.Devminor = 1, 5
		}
		if err := tw.WriteHeader(h); err != nil {
			panic("hostiletree: " + a.Name + ": " + err.Error())
		}
		if _, err := tw.Write([]byte(e.Body)); err != nil {
			panic("hostiletree: " + a.Name + ": " + err.Error())
		}
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// SHA256 is the hex SHA-256 of data, as a plan pins it.
func SHA256(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ToolBody is the content of the good member.
const ToolBody = "#!/bin/sh\necho tool\n"

// good is the entry every fixture that is not about the member itself
// carries: the member, a regular file.
var good = Entry{Name: MemberName, Type: tar.TypeReg, Body: ToolBody}

// withGood is the good member followed by the entries that break a rule
// (so the member alone would install).
func withGood(name string, entries ...Entry) Archive {
	return Archive{Name: name, Entries: append([]Entry{good}, entries...)}
}

// ArchiveRule is one rule every entry of a release archive follows, or
// nothing of the archive is installed: Apply (runtime/apply) checks it
// while it reads the archive, the shell script (runtime/render) on GNU
// tar's listing before it extracts anything. Break lists archives that
// break it.
type ArchiveRule struct {
	// Name is a short name for test names.
	Name string
	// Rule says it in one sentence.
	Rule string
	// Unsafe is true when Apply's error for it matches ErrUnsafeArchive
	// (false: the layout differs from the member map).
	Unsafe bool
	Break  []Archive
}

// ArchiveRules is the one list of the member rules: the documentation of
// both Apply's artifact install and the shell script's refers to it, and
// both are tested against every archive it holds.
var ArchiveRules = []ArchiveRule{
	{
		Name: "names stay inside", Unsafe: true,
		Rule: `No entry, mapped or not, has an absolute name or a ".." element: it would be written outside the directory the archive is extracted into.`,
		Break: []Archive{
			withGood("absolute name", Entry{Name: "/etc/evil", Type: tar.TypeReg, Body: "evil\n"}),
			withGood("dot-dot name", Entry{Name: "a/../../evil", Type: tar.TypeReg, Body: "evil\n"}),
			withGood("leading dot-dot", Entry{Name: "../evil", Type: tar.TypeReg, Body: "evil\n"}),
		},
	},
	{
		Name: "symbolic links stay inside", Unsafe: true,
		Rule: `No symbolic link, mapped or not, is absolute or leads, from its own directory, above the archive's directory.`,
		Break: []Archive{
			withGood("absolute symlink", Entry{Name: "lib/abs", Type: tar.TypeSymlink, Linkname: "/etc/passwd"}),
			withGood("escaping symlink", Entry{Name: "lib/up", Type: tar.TypeSymlink, Linkname: "../../x"}),
			withGood("top-level dot-dot symlink", Entry{Name: "up", Type: tar.TypeSymlink, Linkname: ".."}),
		},
	},
	{
		Name: "hard links stay inside", Unsafe: true,
		Rule: `No hard link, mapped or not, names an absolute path or one with a ".." element.`,
		Break: []Archive{
			withGood("absolute hard link", Entry{Name: "lib/hl", Type: tar.TypeLink, Linkname: "/etc/passwd"}),
			withGood("escaping hard link", Entry{Name: "lib/hl", Type: tar.TypeLink, Linkname: "../x"}),
		},
	},
	{
		Name: "members are regular files", Unsafe: true,
		Rule: "Each member (an entry the plan maps to a node path) is a regular file: not a symbolic or hard link, a directory, a FIFO or a device.",
		Break: []Archive{
			{Name: "symlink member", Entries: []Entry{{Name: "bin/real", Type: tar.TypeReg, Body: ToolBody}, {Name: MemberName, Type: tar.TypeSymlink, Linkname: "real"}}},
			{Name: "hard-link member", Entries: []Entry{{Name: "bin/real", Type: tar.TypeReg, Body: ToolBody}, {Name: MemberName, Type: tar.TypeLink, Linkname: "bin/real"}}},
			{Name: "FIFO member", Entries: []Entry{{Name: MemberName, Type: tar.TypeFifo}}},
			{Name: "device member", Entries: []Entry{{Name: MemberName, Type: tar.TypeChar}}},
		},
	},
	{
		Name: "members appear once", Unsafe: true,
		Rule: "Each member appears once: a second entry of its name would replace the first when extracted.",
		Break: []Archive{
			{Name: "duplicate member", Entries: []Entry{good, {Name: MemberName, Type: tar.TypeReg, Body: "#!/bin/sh\necho other\n"}}},
		},
	},
	{
		Name: "members are present",
		Rule: "Each member is in the archive: a release laid out otherwise is not the one the member map describes.",
		Break: []Archive{
			{Name: "missing member", Entries: []Entry{{Name: "bin/other", Type: tar.TypeReg, Body: ToolBody}}},
		},
	},
}

// SafeArchives follow every rule and must install: links and duplicates
// that stay inside and are not members, and names that a listing could
// misread (spaces, quotes, backslashes, " -> ", " link to ", non-ASCII).
var SafeArchives = []Archive{
	{Name: "member only", Entries: []Entry{good}},
	withGood("links inside",
		Entry{Name: "lib/", Type: tar.TypeDir},
		Entry{Name: "lib/tool", Type: tar.TypeSymlink, Linkname: "../bin/tool"},
		Entry{Name: "lib/same", Type: tar.TypeLink, Linkname: "bin/tool"},
		Entry{Name: "lib/dots", Type: tar.TypeSymlink, Linkname: "a..b"},
	),
	withGood("unmapped duplicate",
		Entry{Name: "doc/README", Type: tar.TypeReg, Body: "one\n"},
		Entry{Name: "doc/README", Type: tar.TypeReg, Body: "two\n"},
	),
	{Name: "odd member name", Member: `odd dir/we ird -> "q" \ link to é`, Entries: []Entry{
		{Name: `odd dir/we ird -> "q" \ link to é`, Type: tar.TypeReg, Body: ToolBody},
		{Name: `odd dir/l -> x`, Type: tar.TypeSymlink, Linkname: `y -> /etc link to ../../z`},
	}},
	{Name: "dot-slash member", Member: "./tool", Entries: []Entry{
		{Name: "./", Type: tar.TypeDir},
		{Name: "./tool", Type: tar.TypeReg, Body: ToolBody},
	}},
}
