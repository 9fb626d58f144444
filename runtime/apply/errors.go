package apply

import (
	"errors"
	"fmt"
)

// ErrRolledBack is matched (errors.Is) by Apply's error when a write failed
// and every change was undone, so the root is as it was. An error that does
// not match it after a failed write means the rollback failed too.
var ErrRolledBack = errors.New("every change was rolled back")

// ErrChecksumMismatch is matched (errors.Is) by a [ChecksumError].
var ErrChecksumMismatch = errors.New("checksum mismatch")

// ErrNoDigest is matched by the error for a checksum file that lists no
// SHA-256 for the artifact's file.
var ErrNoDigest = errors.New("no SHA-256")

// ErrUnsafeArchive is matched by the error for an archive entry that would
// escape its destination (an absolute name, a ".." element, a link pointing
// out of the archive) or a mapped member that is not a regular file.
var ErrUnsafeArchive = errors.New("unsafe archive")

// ChecksumError is a download whose SHA-256 is not the expected one.
// Nothing from it is installed and it is not kept.
type ChecksumError struct {
	URL       string // the file's URL
	Want, Got string // the pinned or published digest, and the download's
}

// Error names the URL and both digests.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: SHA-256 mismatch: want %s, got %s", e.URL, e.Want, e.Got)
}

// Is makes errors.Is(err, ErrChecksumMismatch) true.
func (e *ChecksumError) Is(target error) bool { return target == ErrChecksumMismatch }

// HTTPError is a release file or checksum file the server answered with a
// status other than the one asked for: errors.As tells a missing file
// (404) from a failing server.
type HTTPError struct {
	URL        string // the file's URL
	StatusCode int    // 404
	Status     string // "404 Not Found"
}

// Error names the request and the status.
func (e *HTTPError) Error() string { return "GET " + e.URL + ": " + e.Status }
