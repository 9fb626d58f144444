//go:build !linux

package verify

import "os"

// oPath is a plain read-only open where there is no O_PATH: a socket then
// cannot be opened, and a long socket path stays unreachable.
const oPath = os.O_RDONLY
