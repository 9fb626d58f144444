package apply

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"

	"github.com/kubenode/kubenode/runtime"
)

// maxRecord bounds what Apply reads of a cache record.
const maxRecord = 1 << 20

// cacheRecord is what Apply knows of a verified file in the cache, kept
// beside it as <sha256>.json: the file's stamp when it was last verified,
// so that a later Apply trusts the file while its stamp is the same
// instead of reading it again, and the digests of the archive members
// read from it, so that a later Apply knows what each binary must hold
// without decompressing the archive. The file is named by its own digest,
// so what the record says of it never goes stale. A record that is
// missing, unreadable or wrong only costs a read of the file, never trust
// in other bytes: every byte installed is hashed as it is written.
type cacheRecord struct {
	Stamp fileStamp `json:"stamp"`
	// Members maps an archive member's name to the SHA-256 of its content:
	// only members that Apply has read whole, checked (a regular file,
	// once in an archive whose every entry stays inside it) and hashed.
	Members map[string]string `json:"members,omitempty"`
}

// fileStamp identifies a file's content without reading it (stampOf).
type fileStamp struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime"`
	CTime int64  `json:"ctime"`
	Ino   uint64 `json:"ino"`
	Dev   uint64 `json:"dev"`
}

// recordName is the record of the cached file named by digest sha.
func recordName(cache, sha string) string { return filepath.Join(cache, sha+".json") }

// loadRecord reads the record of the cached file sha; a missing or
// malformed one reads as empty.
func loadRecord(root *nodeRoot, cache, sha string) cacheRecord {
	var rec cacheRecord
	f, err := root.Open(recordName(cache, sha))
	if err != nil {
		return rec
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return rec
	}
	if err := json.NewDecoder(io.LimitReader(f, maxRecord)).Decode(&rec); err != nil {
		return cacheRecord{}
	}
	for name, d := range rec.Members {
		if !runtime.SHA256Hex.MatchString(d) {
			delete(rec.Members, name)
		}
	}
	return rec
}

// saveRecord replaces the record of the cached file sha: written to a
// temp file beside it and renamed, so a reader sees the old record or the
// new one. It is not fsynced: one lost in a crash is only read again.
func saveRecord(root *nodeRoot, cache, sha string, rec cacheRecord) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	name := recordName(cache, sha)
	tmp := filepath.Join(cache, "."+sha+".json.kubenode-"+hex.EncodeToString(rnd[:]))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
	}
	return err
}
