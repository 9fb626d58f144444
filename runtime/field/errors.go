package field

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The sentinels an Error wraps. Match them with errors.Is, never by message.
var (
	// ErrRequired: a value that must be set is missing.
	ErrRequired = errors.New("required value")
	// ErrInvalid: the value is malformed or out of range.
	ErrInvalid = errors.New("invalid value")
	// ErrNotSupported: the value is not one of a known set.
	ErrNotSupported = errors.New("unsupported value")
	// ErrForbidden: the value may not be set here or together with another.
	ErrForbidden = errors.New("forbidden")
	// ErrDuplicate: the value appears more than once where it must be unique.
	ErrDuplicate = errors.New("duplicate value")
	// ErrRemoved: the target version no longer reads this key or value.
	ErrRemoved = errors.New("removed")
	// ErrDeprecated: the target still reads it but a later release drops it.
	ErrDeprecated = errors.New("deprecated")
	// ErrUnknown: a key this library does not model; kept, and reported.
	ErrUnknown = errors.New("unknown key")
	// ErrTooLong: the value exceeds what the file format can carry.
	ErrTooLong = errors.New("too long")
	// ErrConflict: two sources disagree about one value (two installers
	// writing one path, the runtime and the kubelet on a cgroup driver).
	ErrConflict = errors.New("conflict")
)

// Error is one problem at one path.
type Error struct {
	// Type is one of the sentinels above; errors.Is(err, Type) holds.
	Type error
	// Path locates the value in its file.
	Path *Path
	// BadValue is the offending value, whole, or nil when there is none to
	// show (a missing value). Error prints a long one shortened.
	BadValue any
	// Detail explains the problem to a person.
	Detail string
}

// Error formats the problem as "path: type: value: detail". A long value
// prints as its prefix and its length (see [Quote]), and so does a long
// detail: the message stays small whatever the input was.
func (e *Error) Error() string {
	var b strings.Builder
	if s := e.Path.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if e.Type != nil {
		b.WriteString(e.Type.Error())
	} else {
		b.WriteString("error")
	}
	if e.BadValue != nil {
		b.WriteString(": ")
		b.WriteString(formatValue(e.BadValue))
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(bounded(e.Detail, maxDetailBytes))
	}
	return b.String()
}

// Unwrap returns the sentinel, so errors.Is(err, field.ErrInvalid) works.
func (e *Error) Unwrap() error { return e.Type }

// Required reports a missing value.
func Required(p *Path, detail string) *Error {
	return &Error{Type: ErrRequired, Path: p, Detail: detail}
}

// Invalid reports a malformed value.
func Invalid(p *Path, value any, detail string) *Error {
	return &Error{Type: ErrInvalid, Path: p, BadValue: value, Detail: detail}
}

// NotSupported reports a value outside the known set, listing the set.
func NotSupported[T ~string](p *Path, value any, valid []T) *Error {
	q := make([]string, len(valid))
	for i, v := range valid {
		q[i] = strconv.Quote(string(v))
	}
	return &Error{Type: ErrNotSupported, Path: p, BadValue: value, Detail: "supported values: " + strings.Join(q, ", ")}
}

// Forbidden reports a value that may not be set here.
func Forbidden(p *Path, value any, detail string) *Error {
	return &Error{Type: ErrForbidden, Path: p, BadValue: value, Detail: detail}
}

// Duplicate reports a repeated value.
func Duplicate(p *Path, value any) *Error {
	return &Error{Type: ErrDuplicate, Path: p, BadValue: value}
}

// Removed reports a key or value the target version no longer reads.
func Removed(p *Path, value any, detail string) *Error {
	return &Error{Type: ErrRemoved, Path: p, BadValue: value, Detail: detail}
}

// Deprecated reports a key or value a later version drops.
func Deprecated(p *Path, value any, detail string) *Error {
	return &Error{Type: ErrDeprecated, Path: p, BadValue: value, Detail: detail}
}

// Unknown reports a key kubenode does not model.
func Unknown(p *Path, detail string) *Error {
	return &Error{Type: ErrUnknown, Path: p, Detail: detail}
}

// TooLong reports a value longer than its file can carry.
func TooLong(p *Path, value any, limit int) *Error {
	return &Error{Type: ErrTooLong, Path: p, BadValue: value, Detail: fmt.Sprintf("longer than %d bytes", limit)}
}

// Conflict reports two sources that disagree.
func Conflict(p *Path, value any, detail string) *Error {
	return &Error{Type: ErrConflict, Path: p, BadValue: value, Detail: detail}
}
