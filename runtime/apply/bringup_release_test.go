package apply_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kubenode/kubenode/internal/releasetest"
	"github.com/kubenode/kubenode/runtime"
)

// The sizes of the release files the bring-up benchmark serves, as the
// upstream projects publish them for amd64 (containerd 2.2, runc 1.3, CNI
// plugins 1.9, crictl and the kubelet 1.35): what each binary holds before
// compression. The content (binaryLike) compresses about 2.3:1 with gzip's
// default level, as Go binaries do, so the archives come out near their
// real sizes: containerd about 35 MB, the CNI plugins about 50 MB, crictl
// about 20 MB; runc (11 MB) and the kubelet (75 MB) are plain binaries.
var bringUpSizes = map[string]int{
	"bin/containerd":              40 << 20,
	"bin/containerd-shim-runc-v2": 9 << 20,
	"bin/ctr":                     19 << 20,
	"bin/containerd-stress":       12 << 20,
	"crictl":                      46 << 20,
	"runc":                        11 << 20,
	"kubelet":                     75 << 20,
}

// cniPluginSize is each CNI plugin's size: 18 plugins, about 115 MB.
const cniPluginSize = 6_400_000

// binaryLike returns n bytes, the same for the same seed, that gzip treats
// as it treats a Go binary: in 256-byte blocks, a quarter random (code,
// compressed tables), a quarter drawn from 16 byte values (repetitive
// data), half zeros (padding, sparse sections).
func binaryLike(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x6b75626e))
	b := make([]byte, n)
	for i := 0; i < n; i += 256 {
		block := b[i:min(i+256, n)]
		switch k := r.IntN(4); k {
		case 0:
			for j := 0; j < len(block); j += 8 {
				v := r.Uint64()
				for q := j; q < min(j+8, len(block)); q++ {
					block[q] = byte(v)
					v >>= 8
				}
			}
		case 1:
			for j := 0; j < len(block); j += 16 {
				v := r.Uint64()
				for q := j; q < min(j+16, len(block)); q++ {
					block[q] = byte(v & 15)
					v >>= 4
				}
			}
		}
	}
	return b
}

// seedOf names a seed after a member, so each binary differs.
func seedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// sizeOf is a member's size in the benchmark's release.
func sizeOf(a runtime.Artifact, m runtime.Member) int {
	if a.Name == "cni-plugins" {
		return cniPluginSize
	}
	if m.Name == "" {
		return bringUpSizes[a.Name]
	}
	return bringUpSizes[m.Name]
}

// releaseFiles packs the files a plan's artifacts download, by URL path:
// each archive as its project packs it (containerd's under bin/, the CNI
// plugins' under ./ beside their LICENSE and README.md), each plain binary
// as it is, and each checksum file in its project's format (sha256sum
// lines, runc's naming both architectures, or a bare digest).
func releaseFiles(tb testing.TB, arts []runtime.Artifact) map[string][]byte {
	files := map[string][]byte{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, a := range arts {
		wg.Go(func() {
			data := releaseFile(tb, a)
			sum := releasetest.SHA256(data)
			var check string
			switch a.Name {
			case "kubelet", "crictl":
				check = sum + "\n"
			case "runc":
				check = sum + "  runc.amd64\n" + strings.Repeat("0", 64) + "  runc.arm64\n"
			default:
				check = sum + "  " + a.FileName() + "\n"
			}
			mu.Lock()
			defer mu.Unlock()
			files[urlPath(tb, a.URL)] = data
			files[urlPath(tb, a.ChecksumURL)] = []byte(check)
		})
	}
	wg.Wait()
	return files
}

func releaseFile(tb testing.TB, a runtime.Artifact) []byte {
	if a.Format == runtime.ArchiveBinary {
		return binaryLike(sizeOf(a, a.Members[0]), seedOf(a.Name))
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	entry := func(name string, data []byte, typ byte) {
		h := &tar.Header{Name: name, Typeflag: typ, Mode: 0o755, Size: int64(len(data)), ModTime: time.Unix(1_700_000_000, 0)}
		if err := tw.WriteHeader(h); err != nil {
			tb.Fatal(err)
		}
		if _, err := tw.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	switch a.Name {
	case "containerd":
		entry("bin/", nil, tar.TypeDir)
	case "cni-plugins":
		entry("./", nil, tar.TypeDir)
		entry("./LICENSE", bytes.Repeat([]byte("Apache License 2.0\n"), 600), tar.TypeReg)
		entry("./README.md", bytes.Repeat([]byte("plugins\n"), 100), tar.TypeReg)
	}
	for _, m := range a.Members {
		entry(m.Name, binaryLike(sizeOf(a, m), seedOf(m.Name)), tar.TypeReg)
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func urlPath(tb testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return u.Path
}
