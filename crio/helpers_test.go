package crio_test

import (
	"flag"

	"github.com/kubenode/kubenode/runtime"
)

var update = flag.Bool("update", false, "rewrite golden files")

var v134 = runtime.MustParseVersion("1.34")
