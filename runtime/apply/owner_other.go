//go:build !unix

package apply

import "io/fs"

// fileOwner: no numeric owners outside unix.
func fileOwner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

// linkCount: hard links are not counted outside unix.
func linkCount(fs.FileInfo) uint64 { return 1 }
