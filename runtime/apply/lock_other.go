//go:build !unix

package apply

import (
	"errors"
	"os"
)

// tryLock: Apply writes Linux nodes and needs flock; elsewhere it refuses.
func tryLock(*os.File) error { return errors.New("apply: file locking needs a unix system") }

func unlock(*os.File) {}
