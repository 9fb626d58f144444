package apply_test

import (
	"archive/tar"
	"bytes"
	"io"
	"regexp"
	"testing"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
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

// The archive walk never panics on any stream; it hands over only mapped
// members, each once and whole, and when it accepts an archive it has
// handed over every member.
func FuzzEachTarMember(f *testing.F) {
	f.Add(tgz(f, dir("bin/"), reg("bin/containerd", "c\n"), reg("bin/ctr", "x\n")))
	f.Add(tgz(f, reg("bin/ctr", "x\n"), reg("bin/ctr", "y\n"), reg("bin/containerd", "c\n")))
	f.Add(tgz(f, entry{name: "bin/containerd", link: "../../etc/passwd", typ: tar.TypeSymlink}, reg("bin/ctr", "x\n")))
	f.Add(tgz(f, reg("bin/containerd", incompressible(70_000)), reg("bin/ctr", "x\n")))
	f.Add([]byte("<html>not found</html>"))
	members := []runtime.Member{{Name: "bin/containerd", Path: "/usr/local/bin/containerd", Mode: 0o755}, {Name: "bin/ctr", Path: "/usr/local/bin/ctr", Mode: 0o755}}
	f.Fuzz(func(t *testing.T, archive []byte) {
		seen := map[string]int{}
		err := apply.EachTarMember(bytes.NewReader(archive), members, func(name string, content io.Reader) error {
			seen[name]++
			if name != "bin/containerd" && name != "bin/ctr" {
				t.Fatalf("handed over %q, which is not mapped", name)
			}
			_, err := io.Copy(io.Discard, content)
			return err
		})
		for name, n := range seen {
			if n > 1 {
				t.Fatalf("%q handed over %d times", name, n)
			}
		}
		if err == nil && len(seen) != len(members) {
			t.Fatalf("accepted an archive lacking members: %v", seen)
		}
	})
}
