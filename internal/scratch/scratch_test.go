package scratch

import "testing"

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
