package containerd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestCheckKubernetes(t *testing.T) {
	p := field.NewPath("runtimeVersion")
	tests := []struct {
		kube, containerd string
		warning, err     error
	}{
		{"1.35", "2.2.9", nil, nil},
		{"1.35", "2.4", nil, nil}, // newer than the matrix names
		{"1.35", "2.1.4", field.ErrInvalid, nil},
		{"1.35", "2.1", field.ErrInvalid, nil}, // pin the recommended patch
		{"1.35", "2.0.6", field.ErrInvalid, nil},
		{"1.20", "1.6", nil, nil},                 // no matrix for it
		{"1.36", "1.7.30", field.ErrInvalid, nil}, // outside the matrix, still run by the 1.36 kubelet
		{"1.37", "1.6.20", field.ErrInvalid, nil},
		{"1.38", "1.7.30", nil, field.ErrNotSupported},
	}
	for _, tt := range tests {
		warnings, errs := containerd.CheckKubernetes(p, v(tt.kube), v(tt.containerd))
		for _, got := range []struct {
			list field.ErrorList
			want error
		}{{warnings, tt.warning}, {errs, tt.err}} {
			if got.want == nil {
				assert.Empty(t, got.list, "%s on %s", tt.containerd, tt.kube)
				continue
			}
			fieldtest.RequireExactly(t, got.list.Err(), fieldtest.Match(got.want, "runtimeVersion").Value(tt.containerd))
		}
	}
	assert.Equal(t, v("2.4.0"), containerd.Recommended(v("1.37.2"))[0])
}
