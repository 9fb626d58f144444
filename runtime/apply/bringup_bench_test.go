package apply_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
)

// seedSteps is the bring-up the seed guide does by hand, for every
// release file of the plan (manifest lines "artifact URL CHECKSUM-URL
// FORMAT FILE", then "member NAME PATH" for each binary): download the file
// and its checksum file (curl), check it (sha256sum -c), unpack an archive
// (tar -xzf) and install each binary (install -m 0755). With CACHED=1 a
// file already downloaded is not downloaded again: the shell's warm cache.
const seedSteps = `set -eu
cd "$WORK"
while read -r kind a b c d; do
  case $kind in
  artifact)
    file=$d format=$c
    if [ "${CACHED:-0}" != 1 ] || [ ! -f "$file" ]; then
      curl -fsSLo "$file" "$a"
      curl -fsSLo "$file.sum" "$b"
      if [ "$(wc -w < "$file.sum")" -eq 1 ]; then
        echo "$(cat "$file.sum")  $file" > "$file.sum"
      fi
    fi
    sha256sum --quiet --ignore-missing -c "$file.sum"
    src=.
    if [ "$format" = tar.gz ]; then
      src=$file.d
      rm -rf "$src" && mkdir "$src"
      tar -xzf "$file" -C "$src"
    fi
    ;;
  member)
    if [ "$format" = tar.gz ]; then from=$src/$a; else from=$file; fi
    install -D -m 0755 "$from" "$ROOT$b"
    ;;
  esac
done < "$MANIFEST"
`

// bringUp is a containerd node with its release binaries, served from a
// loopback mirror.
type bringUp struct {
	node     *kubenode.Node
	manifest string // the shell's list of artifacts and members
}

func newBringUp(b *testing.B) *bringUp {
	s := releasetest.NewServer(b)
	n := plansample.ContainerdNode()
	n.Kubernetes, n.Runtime, n.RuntimeVersion = "1.35.2", kubenode.Containerd, "2.2.9"
	n.Downloads = &kubenode.Downloads{Mirror: s.URL}
	plan := planOf(b, n)
	for p, data := range releaseFiles(b, plan.Artifacts) {
		s.Put(p, data)
	}
	var m strings.Builder
	for _, a := range plan.Artifacts {
		m.WriteString("artifact " + a.URL + " " + a.ChecksumURL + " " + string(a.Format) + " " + a.FileName() + "\n")
		for _, mem := range a.Members {
			m.WriteString("member " + mem.Name + " " + mem.Path + "\n")
		}
	}
	manifest := filepath.Join(b.TempDir(), "manifest")
	if err := os.WriteFile(manifest, []byte(m.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return &bringUp{node: n, manifest: manifest}
}

func planOf(b *testing.B, n *kubenode.Node) *runtime.Plan {
	plan, err := n.Plan(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return plan
}

// kubenode plans the node and applies it under root.
func (u *bringUp) kubenode(b *testing.B, root string) *apply.Result {
	res, err := apply.Apply(context.Background(), planOf(b, u.node), apply.Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// shell runs seedSteps, downloading into work and installing under root.
func (u *bringUp) shell(b *testing.B, work, root string, cached bool) {
	cmd := exec.Command("sh", "-c", seedSteps)
	cmd.Env = append(os.Environ(), "WORK="+work, "ROOT="+root, "MANIFEST="+u.manifest)
	if cached {
		cmd.Env = append(cmd.Env, "CACHED=1")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
}

// fresh returns a new empty directory under dir, after the last one is
// removed and the page cache's dirty pages are written out, so that no run
// pays for the one before. The caller stops the timer around it.
func fresh(b *testing.B, dir, name string) string {
	p := filepath.Join(dir, name)
	if err := os.RemoveAll(p); err != nil {
		b.Fatal(err)
	}
	syscall.Sync()
	if err := os.Mkdir(p, 0o755); err != nil {
		b.Fatal(err)
	}
	return p
}

// cpuNow is the CPU time (user and system) this process and the programs
// it ran have taken so far.
func cpuNow() time.Duration {
	var self, children syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + children.Utime.Nano() + children.Stime.Nano())
}

// timed runs op b.N times, each after prep (untimed), and reports besides
// the wall time the CPU time op took (cpu-ns/op): on a shared machine the
// wall time also holds the waits for the other work on it.
func timed(b *testing.B, prep, op func()) {
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		prep()
		b.StartTimer()
		start := cpuNow()
		op()
		cpu += cpuNow() - start
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkBringUp times bringing up a containerd node's release binaries
// (containerd, runc, the CNI plugins, crictl, the kubelet: about 200 MB of
// real-format release files from a loopback mirror) by kubenode's plan and
// Apply, against the seed guide's shell steps on the same files: each with
// a cold cache (nothing downloaded, an empty root) and a warm one (every
// file downloaded already, every binary to install); and kubenode's
// re-apply of the unchanged node. Compare with `benchstat -col /impl`
// (see BENCHMARKS.md).
func BenchmarkBringUp(b *testing.B) {
	for _, p := range []string{"sh", "curl", "sha256sum", "tar", "install"} {
		testenv.Program(b, p)
	}
	u := newBringUp(b)
	dir := b.TempDir()
	var work, root string
	newRoot := func() { root = fresh(b, dir, "root") }

	b.Run("impl=kubenode/cache=cold", func(b *testing.B) {
		timed(b, newRoot, func() { u.kubenode(b, root) })
	})
	b.Run("impl=shell/cache=cold", func(b *testing.B) {
		timed(b, func() { work, root = fresh(b, dir, "work"), fresh(b, dir, "root") },
			func() { u.shell(b, work, root, false) })
	})

	b.Run("impl=kubenode/cache=warm", func(b *testing.B) {
		newRoot()
		u.kubenode(b, root)
		timed(b, func() { removeBinaries(b, root, planOf(b, u.node)) }, func() {
			if res := u.kubenode(b, root); res.Artifacts[0].Source != "cache" {
				b.Fatalf("downloaded %s again", res.Artifacts[0].URL)
			}
		})
	})
	b.Run("impl=shell/cache=warm", func(b *testing.B) {
		work = fresh(b, dir, "work")
		u.shell(b, work, fresh(b, dir, "root"), false)
		timed(b, newRoot, func() { u.shell(b, work, root, true) })
	})

	b.Run("impl=kubenode/cache=reapply", func(b *testing.B) {
		newRoot()
		u.kubenode(b, root)
		timed(b, func() {}, func() {
			if u.kubenode(b, root).Changed() {
				b.Fatal("the unchanged node changed")
			}
		})
	})
}

// removeBinaries removes what the plan's artifacts installed, and writes
// out the page cache's dirty pages, as fresh does.
func removeBinaries(b *testing.B, root string, plan *runtime.Plan) {
	for _, a := range plan.Artifacts {
		for _, m := range a.Members {
			if err := os.Remove(filepath.Join(root, m.Path)); err != nil {
				b.Fatal(err)
			}
		}
	}
	syscall.Sync()
}
