//go:build !unix

package apply

// openNoBlock: no FIFOs to fear outside unix.
const openNoBlock = 0
