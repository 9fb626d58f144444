package runtime

import (
	"crypto/sha256"
	"encoding/hex"
)

// Secret is a value that must never be printed: a registry password or
// token, a client key. Every way fmt, encoding/json and encoding (text)
// would show it prints "<redacted>" instead, so a Secret inside an error,
// a log line or a finding cannot leak; the component that writes it to its
// file (mode 0600) takes the value with Reveal.
type Secret string

// Redacted is what a Secret prints as.
const Redacted = "<redacted>"

// Reveal returns the secret's value, for the one encoder that writes it.
func (s Secret) Reveal() string { return string(s) }

// String is "<redacted>" (or "" for an empty secret, which says it is
// unset).
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString is what %#v prints: the redaction too.
func (s Secret) GoString() string { return `runtime.Secret("` + s.String() + `")` }

// MarshalText redacts the secret in every text encoding (JSON, YAML,
// TOML), so that a struct holding one cannot spill it by accident.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Digest is a short, one-way fingerprint of the value ("sha256:" and 12
// hex digits), which a diff or a report may show to say that a secret
// changed without showing it.
func (s Secret) Digest() string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:6])
}
