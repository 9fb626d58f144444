package inspect

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExpandCommandAsSystemd(t *testing.T) {
	env := map[string]envVar{
		"ARGS":  {value: " --a=1   --b=2 ", file: "/env"},
		"ONE":   {value: "x y", file: "/env2"},
		"EMPTY": {value: "", file: "/env"},
	}
	got := expandCommand([]string{"/bin/k", "$ARGS", "$UNSET", "$EMPTY", "--c=${ONE}", "${UNSET}", "$$HOME", "--d=$ARGS"}, env, "/unit")
	assert.Equal(t, []Word{
		{"/bin/k", "/unit"},
		{"--a=1", "/env"}, {"--b=2", "/env"},
		{"--c=x y", "/env2"},
		{"", "/unit"},
		{"$HOME", "/unit"},
		{"--d=$ARGS", "/unit"},
	}, got)
}
