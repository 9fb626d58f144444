package apply

import (
	"errors"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
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

// ErrNotRegular is matched by the error for a node file Apply reads, or
// its lock file, that is not a regular file: a FIFO, a device or a socket
// could block a read forever or never end, so Apply refuses it before it
// reads a byte, and never follows a link or a second name to its lock.
var ErrNotRegular = runtime.ErrNotRegular

// ErrTooLarge is matched by the error for a node file larger than Apply
// reads of its kind (the message says the cap): such a file is not what
// its path should hold, and reading it whole could exhaust memory.
var ErrTooLarge = runtime.ErrTooLarge

// LockError is a failure to take the apply lock ([LockPath]), most often
// because another apply held it until the context ended: errors.Is
// matches the context's error then.
type LockError struct {
	Path string // the lock file's node path, LockPath
	// PID is the process that holds the lock, as it wrote it into the lock
	// file; 0 when unknown (or when the lock could not be taken for
	// another reason).
	PID int
	Err error // why the lock was not taken
}

// Error names the lock file, the holder when known and the cause.
func (e *LockError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("lock %s: held by PID %d: %v", e.Path, e.PID, e.Err)
	}
	return fmt.Sprintf("lock %s: %v", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *LockError) Unwrap() error { return e.Err }

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
