package tomltree

import (
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/runtime/field"
)

// CheckValues reports every value under t that is no TOML value (see the
// package doc), each as an ErrInvalid problem at its path below at; a nil
// at is the document root. Keys come in sorted order, tables before what
// they hold.
func CheckValues(t Tree, at *field.Path) field.ErrorList {
	return checkValues(t, at, 0)
}

func checkValues(t Tree, at *field.Path, depth int) field.ErrorList {
	var errs field.ErrorList
	for _, name := range sortedNames(t) {
		errs = append(errs, checkValue(t[name], child(at, name), depth+1)...)
	}
	return errs
}

// CheckValue reports v, or the values it holds, where v is no TOML value:
// nil, an integer above math.MaxInt64, or a Go type TOML has no value for.
// at is v's own path. Tables and arrays nested more than MaxDepth levels
// below v are one ErrTooLong problem where they pass the limit, as Decode
// refuses such a file: Walk's cost grows with the square of the depth.
func CheckValue(v any, at *field.Path) field.ErrorList {
	return checkValue(v, at, 1)
}

// checkValue is CheckValue of a value depth levels below where the check
// started.
func checkValue(v any, at *field.Path, depth int) field.ErrorList {
	if depth > MaxDepth {
		return field.ErrorList{&field.Error{Type: field.ErrTooLong, Path: at, Detail: fmt.Sprintf("nested more than %d levels deep", MaxDepth)}}
	}
	switch v := v.(type) {
	case string, bool, int, int8, int16, int32, int64, uint8, uint16, uint32, float32, float64,
		time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime, []string:
		return nil
	case uint:
		return checkUint(uint64(v), v, at)
	case uint64:
		return checkUint(v, v, at)
	case Tree:
		return checkValues(v, at, depth)
	case nil:
		return field.ErrorList{field.Invalid(at, nil, "TOML has no null value; delete the key instead")}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return field.ErrorList{field.Invalid(at, fmt.Sprintf("%T", v),
			"not a TOML value: use string, bool, an integer, a float, a date or time, a slice of them, or map[string]any")}
	}
	var errs field.ErrorList
	for i := range rv.Len() {
		errs = append(errs, checkValue(rv.Index(i).Interface(), at.Index(i), depth+1)...)
	}
	return errs
}

// checkUint refuses an unsigned integer that does not fit a TOML integer;
// v is the value as the caller holds it, for the problem.
func checkUint(n uint64, v any, at *field.Path) field.ErrorList {
	if n > math.MaxInt64 {
		return field.ErrorList{field.Invalid(at, v, "TOML integers are signed 64-bit: at most 9223372036854775807")}
	}
	return nil
}

// child is at.Child(name), or a top-level TOML path when at is nil (a nil
// Path's children print in JSON syntax).
func child(at *field.Path, name string) *field.Path {
	if at == nil {
		return field.NewTOMLPath(name)
	}
	return at.Child(name)
}
