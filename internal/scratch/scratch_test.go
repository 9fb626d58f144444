package scratch

import (
	"errors"
	"testing"
)

type parts struct {
	name string
	list [2]string
}

// TestPutClears: a value back in the pool holds nothing of its use, and
// Get always hands out the zero value.
func TestPutClears(t *testing.T) {
	var p Pool[parts]
	for range 100 {
		v := p.Get()
		if *v != (parts{}) {
			t.Fatalf("Get returned %+v, not the zero value", *v)
		}
		v.name, v.list = "token", [2]string{"a", "secret"}
		p.Put(v)
		if *v != (parts{}) {
			t.Fatalf("Put kept %+v", *v)
		}
	}
}

// TestUseKeepsOnlyWhatSucceeded: a value a failure used is not put back,
// since the failure may show it; one a success used is, cleared.
func TestUseKeepsOnlyWhatSucceeded(t *testing.T) {
	var p Pool[parts]
	var failed *parts
	_, err := Use(&p, func(v *parts) (int, error) {
		failed, v.name = v, "token"
		return 0, errTest
	})
	if err != errTest || failed.name != "token" {
		t.Fatalf("err %v, the failed value %+v: want errTest and the value left as it was", err, *failed)
	}
	n, err := Use(&p, func(v *parts) (int, error) {
		v.name = "ok"
		return len(v.name), nil
	})
	if err != nil || n != 2 {
		t.Fatalf("Use = %d, %v", n, err)
	}
}

var errTest = errors.New("test")
