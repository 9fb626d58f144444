package fieldtest_test

import (
	"errors"
	"testing"

	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestRequireNoSecret(t *testing.T) {
	r := &recorder{}
	fieldtest.RequireNoSecret(r, errors.New("password hunter2 refused"), "hunter2")
	if !r.failed {
		t.Error("a secret in the error passed")
	}
	r = &recorder{}
	fieldtest.RequireNoSecret(r, errors.New("auth.password: required"), "hunter2", "")
	fieldtest.RequireNoSecret(r, nil, "hunter2")
	if r.failed {
		t.Error("an error without the secret failed")
	}
}
