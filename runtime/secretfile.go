package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
)

// SecretMode reports whether a file of this mode holds a secret: one only
// its owner may read (0600, 0400), as kubenode writes every file that
// holds a key, password or token. Its content is never shown: Txtar, the
// dry-run diff and reports print RedactedContent instead.
func SecretMode(mode fs.FileMode) bool { return mode.Perm()&0o077 == 0 }

// RedactedContent is what a secret file's content prints as: a line that
// says so, with a digest of the content so that a change still shows.
func RedactedContent(content []byte) []byte {
	sum := sha256.Sum256(content)
	return []byte(Redacted + " sha256:" + hex.EncodeToString(sum[:8]) + "\n")
}
