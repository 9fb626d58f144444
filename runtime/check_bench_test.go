package runtime

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/kubenode/kubenode/internal/corpus"
)

// validUnitName replaced this expression on Plan.Validate's hot path; the
// two agree.
var unitNameRegexp = regexp.MustCompile(`^[A-Za-z0-9:_.\\@-]+\.(service|socket|target|mount|automount|timer|path|slice|scope|swap|device)$`)

func TestValidUnitNameMatchesRegexp(t *testing.T) {
	names := []string{
		"", ".", ".service", "a.service", "a.b.service", "a.service.d", "a@.service", "a@b.socket", "x:y_z-1\\x2d.mount",
		"a b.service", "a/b.service", "kubelet.service.d", "a.SERVICE", "a.servicex", "a.", "é.service", "a..timer",
	}
	names = append(names, corpus.EveryByte(func(b string) []string { return []string{"a" + b + "b.service"} })...)
	const alphabet = "aZ09:_.\\@-/ é"
	suffixes := []string{".service", ".socket", ".target", ".mount", ".automount", ".timer", ".path", ".slice", ".scope", ".swap", ".device", ".conf", ".d", ""}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b []rune
		for range r.IntN(6) {
			b = append(b, []rune(alphabet)[r.IntN(len([]rune(alphabet)))])
		}
		names = append(names, string(b)+suffixes[r.IntN(len(suffixes))])
	}
	for _, n := range names {
		if got, want := validUnitName(n), unitNameRegexp.MatchString(n); got != want {
			t.Errorf("validUnitName(%q) = %t, the expression says %t", n, got, want)
		}
	}
}

// BenchmarkPlanValidate validates a node's plan, as every installer and
// Compose do.
func BenchmarkPlanValidate(b *testing.B) {
	p := &Plan{
		Files: []File{
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("version = 3\n")},
			{Path: "/etc/containerd/certs.d/docker.io/hosts.toml", Mode: 0o644, Content: []byte("server = 'https://registry-1.docker.io'\n")},
			{Path: "/etc/systemd/system/containerd.service", Mode: 0o644, Content: []byte("[Unit]\n")},
			{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("timeout: 10\n")},
			{Path: "/var/lib/kubelet/config.yaml", Mode: 0o644, Content: []byte("kind: KubeletConfiguration\n")},
		},
		Units: []UnitAction{
			{Unit: "containerd.service", Action: ActionEnable}, {Unit: "containerd.service", Action: ActionStart},
			{Unit: "kubelet.service", Action: ActionEnable}, {Unit: "kubelet.service", Action: ActionStart},
		},
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
