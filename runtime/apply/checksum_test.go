package apply_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime/apply"
)

func TestParseChecksum(t *testing.T) {
	tests := []struct {
		name, data, file, want string
	}{
		{"bare digest", plansample.DigestA + "\n", "kubelet", plansample.DigestA},
		{"sha256sum line", plansample.DigestA + "  containerd-2.2.9-linux-amd64.tar.gz\n", "containerd-2.2.9-linux-amd64.tar.gz", plansample.DigestA},
		{"binary mode line", plansample.DigestA + " *runc.amd64\n", "runc.amd64", plansample.DigestA},
		{"several lines", plansample.DigestB + "  runc.arm64\n" + plansample.DigestA + "  runc.amd64\n", "runc.amd64", plansample.DigestA},
		{"path in the line", plansample.DigestA + "  release/cni-plugins-linux-amd64-v1.9.1.tgz\n", "cni-plugins-linux-amd64-v1.9.1.tgz", plansample.DigestA},
		{"uppercase", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA  x.tgz\n", "x.tgz", plansample.DigestA},
		{"comments and blank lines", "# sums\n\n" + plansample.DigestA + "  x.tgz\n", "x.tgz", plansample.DigestA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := apply.ParseChecksum([]byte(tt.data), tt.file)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for name, data := range map[string]string{
		"other file":  plansample.DigestA + "  runc.arm64\n",
		"not hex":     "zz  x.tgz\n",
		"short":       "abc\n",
		"empty":       "",
		"two digests": plansample.DigestA + "\n" + plansample.DigestB + "\n",
	} {
		_, err := apply.ParseChecksum([]byte(data), "x.tgz")
		assert.Error(t, err, name)
		if name != "not hex" && name != "short" {
			assert.ErrorIs(t, err, apply.ErrNoDigest, name)
		}
	}
}
