package fieldtest

import (
	"fmt"
	"strings"
	"testing"
)

// RequireNoSecret fails t when err, printed any way fmt prints it (%v,
// %+v, %#v), shows one of the secrets: a problem names the field, never a
// password, token or key. An empty secret is ignored.
func RequireNoSecret(t testing.TB, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	shown := fmt.Sprintf("%v\n%+v\n%#v", err, err, err)
	for i, s := range secrets {
		if s != "" && strings.Contains(shown, s) {
			// The error is not printed: it holds the secret.
			t.Fatalf("the error shows secret %d (%d bytes)", i, len(s))
		}
	}
}
