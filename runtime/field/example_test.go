package field_test

import (
	"errors"
	"fmt"

	"github.com/kubenode/kubenode/runtime/field"
)

// A problem prints its path in the file's own syntax, what is wrong and
// the bad value; code tells problems apart by sentinel and path instead.
func ExampleError() {
	err := field.Invalid(field.NewPath("exec-opts").Index(0), "native.cgroupdriver=foo", "want systemd or cgroupfs")
	fmt.Println(err)
	fmt.Println(field.Required(field.NewPath("a"), ""))
	fmt.Println(errors.Is(err, field.ErrInvalid), err.Path)
	// Output:
	// exec-opts[0]: invalid value: "native.cgroupdriver=foo": want systemd or cgroupfs
	// a: required value
	// true exec-opts[0]
}
