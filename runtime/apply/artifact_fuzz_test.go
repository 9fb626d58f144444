package apply_test

import (
	"regexp"
	"testing"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime/apply"
)

var digest = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ParseChecksum never panics, and what it returns is a SHA-256 digest.
func FuzzParseChecksum(f *testing.F) {
	f.Add([]byte(plansample.DigestA+"\n"), "kubelet")
	f.Add([]byte(plansample.DigestA+"  runc.amd64\n"+plansample.DigestB+" *runc.arm64\n"), "runc.arm64")
	f.Add([]byte("# c\n\n"+plansample.DigestA+"  dir/x.tgz\n"), "x.tgz")
	f.Fuzz(func(t *testing.T, data []byte, file string) {
		sum, err := apply.ParseChecksum(data, file)
		if err == nil && !digest.MatchString(sum) {
			t.Fatalf("ParseChecksum returned %q", sum)
		}
	})
}
