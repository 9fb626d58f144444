package hosts_test

import (
	"flag"
	"strings"
)

var update = flag.Bool("update", false, "rewrite golden files")

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }
