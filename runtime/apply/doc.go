// Package apply makes a node match a [runtime.Plan]: it writes the plan's
// files and installs its release artifacts under a root directory, creates
// its system groups and takes its unit actions through a [runtime.Manager].
//
// # Apply
//
// Every write is confined to Root through [os.Root]: no path, ".." or
// symbolic link reaches outside it, and a symbolic link in place of a plan
// file is refused. The whole plan is checked before anything is written.
// Each changed file goes to a temp file beside it, fsynced, given its mode
// and owner, renamed into place, its directory fsynced; a file that already
// matches is not touched. A lock ([LockPath]) keeps two applies apart; one
// that waits for it until its context ends says which process holds it
// ([LockError]). Temp files an apply killed before its rename left in the
// plan's directories are removed by the next one (only names Apply makes).
// Missing groups are created with groupadd --system when Root is /, else
// added to Root's /etc/group (and /etc/gshadow) as groupadd would. Owners
// are set only when Apply runs as root.
//
// Apply reads only regular files of the node — /etc/passwd, /etc/group,
// the files it replaces — and no more of each than its kind needs: a FIFO,
// device or socket in their place is refused without blocking
// ([ErrNotRegular]), and so is an oversized file ([ErrTooLarge]).
//
// # Rollback
//
// A replaced file is first kept in the backup directory (a hard link when
// it can be, a copy otherwise). If a write fails, every file replaced is
// restored and every file and directory created removed: the error matches
// [ErrRolledBack] and the root is as it was. What a rollback could not put
// back but leaves every file as it was — a directory's modification time,
// a backup — is named in that error, not counted as a failure; only a file
// not restored is, and then every backup is kept.
//
// # Units
//
// After the files: one daemon-reload when a unit file or drop-in changed;
// enable for an enable action whose unit is not enabled; a restart for a
// start or restart action whose unit's files changed, a start when a start
// action's unit is not running; a restart of any other running unit a
// changed file names. A failed step stops Apply; the files stay written.
//
// # Artifacts
//
// Release files are fetched into the cache (a cut download resumed, a
// cached one reused) and verified by SHA-256 before anything is written or
// any entry read ([ChecksumError], [HTTPError]); no entry may escape the
// archive and each member must be a regular file ([ErrUnsafeArchive]).
// Members are installed like files, with the same backups and rollback, and
// a changed binary restarts its RestartUnits. A dry run reads checksum
// files only.
package apply
