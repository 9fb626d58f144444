package runtime_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kubenode/kubenode/runtime"
)

func TestSecretNeverPrints(t *testing.T) {
	const value = "hunter2-very-secret"
	s := runtime.Secret(value)
	type holder struct{ Password runtime.Secret }
	js, err := json.Marshal(holder{s})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{
		"%v":    fmt.Sprintf("%v", s),
		"%s":    fmt.Sprintf("%s", s),
		"%+v":   fmt.Sprintf("%+v", holder{s}),
		"%#v":   fmt.Sprintf("%#v", holder{s}),
		"%q":    fmt.Sprintf("%q", s),
		"json":  string(js),
		"error": fmt.Errorf("bad password %v", s).Error(),
		"wrap":  errors.Join(fmt.Errorf("%s", s)).Error(),
	} {
		if strings.Contains(out, value) {
			t.Errorf("%s shows the secret: %s", name, out)
		}
		if !strings.Contains(out, "redacted") {
			t.Errorf("%s does not say it redacted: %s", name, out)
		}
	}
	if s.Reveal() != value {
		t.Error("Reveal lost the value")
	}
	if d := s.Digest(); strings.Contains(d, value) || d == runtime.Secret("other").Digest() {
		t.Errorf("digest %s", d)
	}
	if runtime.Secret("").String() != "" {
		t.Error("an empty secret prints as set")
	}
}
