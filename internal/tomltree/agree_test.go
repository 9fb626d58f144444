package tomltree_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// TestComponentsAgree puts one unmodelled top-level key x into a
// containerd config.toml and a CRI-O drop-in: both components must accept
// and refuse the same values at the same paths. containerd refused uint,
// uint64 and integer arrays and CRI-O accepted them before they shared
// tomltree.
func TestComponentsAgree(t *testing.T) {
	tests := []struct {
		name    string
		v       any
		invalid []string
	}{
		{"uint", uint(1), nil},
		{"uint64 at MaxInt64", uint64(math.MaxInt64), nil},
		{"uint64 above MaxInt64", uint64(math.MaxUint64), []string{"x"}},
		{"integer array", []int{1, 2}, nil},
		{"int64 array", []int64{1}, nil},
		{"uint64 array above MaxInt64", []uint64{1, math.MaxUint64}, []string{"x[1]"}},
		{"array of tables", []map[string]any{{"a": "b"}}, nil},
		{"nil", nil, []string{"x"}},
		{"nil in an array", []any{"a", nil}, []string{"x[1]"}},
		{"struct", struct{}{}, []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctd := &containerd.Config{Extra: map[string]any{"x": tt.v}}
			_, cerr := ctd.Validate(runtime.MustParseVersion("2.2"))
			cri := &crio.Config{TopLevel: map[string]any{"x": tt.v}}
			_, rerr := cri.Validate(runtime.MustParseVersion("1.34"))

			var want []fieldtest.Matcher
			for _, p := range tt.invalid {
				want = append(want, fieldtest.Match(field.ErrInvalid, p))
			}
			t.Run("containerd", func(t *testing.T) { fieldtest.RequireExactly(t, cerr, want...) })
			t.Run("crio", func(t *testing.T) { fieldtest.RequireExactly(t, rerr, want...) })
			if tt.invalid != nil {
				return
			}
			_, err := ctd.Render(runtime.MustParseVersion("2.2"))
			require.NoError(t, err, "containerd renders what it accepts")
			_, err = cri.Render()
			require.NoError(t, err, "crio renders what it accepts")
		})
	}
}
