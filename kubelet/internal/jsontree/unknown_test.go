package jsontree

import (
	"reflect"
	"testing"
	"time"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

type Inner struct {
	Name string `json:"name"`
}

type outer struct {
	Inner   `json:",inline"`
	Exposed Inner            `json:"exposed"`
	List    []Inner          `json:"list"`
	Map     map[string]Inner `json:"map"`
	Wait    time.Duration    `json:"wait"`
	Skipped string           `json:"-"`
}

func TestUnknownKeys(t *testing.T) {
	v := map[string]any{
		"name":    "x", // Inner's, inline
		"exposed": map[string]any{"name": "a", "Name": "b"},
		"list":    []any{map[string]any{"nam": "c"}},
		"map":     map[string]any{"k": map[string]any{"x": 1}},
		"wait":    "1s",
		"Skipped": "",
		"Exposed": "wrong case",
	}
	errs := UnknownKeys(nil, v, reflect.TypeFor[outer]())
	fieldtest.RequireExactly(t, errs.Err(),
		fieldtest.Match(field.ErrUnknown, "Exposed"),
		fieldtest.Match(field.ErrUnknown, "Skipped"),
		fieldtest.Match(field.ErrUnknown, "exposed.Name"),
		fieldtest.Match(field.ErrUnknown, "list[0].nam"),
		fieldtest.Match(field.ErrUnknown, "map.k.x"),
	)
}
