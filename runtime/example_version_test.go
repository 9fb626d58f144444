package runtime_test

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
)

// A Version decoded from text (a flag, a config file) names the text it
// could not read, since a text decoder's error has no field path.
func ExampleVersion_UnmarshalText() {
	var v runtime.Version
	fmt.Println(v.UnmarshalText([]byte("1.x")))
	// Output: version "1.x": the minor version is not a number
}
