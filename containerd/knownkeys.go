package containerd

import (
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
)

// The keys a release knows are the keys its `containerd config default`
// prints: reference/ holds that output of Debian's 1.6.20 and of 1.7.30,
// 2.2.9 and 2.4.2 built from the Go module proxy. 2.0 and 2.1 are judged by
// 2.2.9's keys and 2.3 by 2.4.2's (plus the keyRules, which know what 2.4
// removed), so an unknown-key warning for them may miss a key only 2.2 or
// 2.4 added.
//
//go:embed reference/*.toml
var referenceFiles embed.FS

var referenceFor = map[runtime.Version]string{
	v1_6: "containerd-1.6.20-default.toml",
	v1_7: "containerd-1.7.30-default.toml",
	v2_0: "containerd-2.2.9-default.toml",
	v2_1: "containerd-2.2.9-default.toml",
	v2_2: "containerd-2.2.9-default.toml",
	v2_3: "containerd-2.4.2-default.toml",
	v2_4: "containerd-2.4.2-default.toml",
}

// openTables are tables whose keys are names the user chooses (a runtime's
// options depend on its shim, registries and timeouts are by name): any key
// below them is known. Patterns are relative to the layout's tables.
func openTables(l *layout) []key {
	return []key{
		l.runtimes().child("*", optionsKey),
		l.registry().child("mirrors"),
		l.registry().child("configs"),
		l.registry().child("auths"),
		l.registry().child("headers"),
		l.images.child("pinned_images"),
		l.images.child("runtime_platforms"),
		{"proxy_plugins"},
		{"stream_processors"},
		{"timeouts"},
	}
}

// omittedKeys are keys a release reads that its `config default` leaves out
// (empty and omitempty), from the releases' config types.
var omittedKeys = []struct {
	since runtime.Version
	key   key
}{
	{v1_7, key{"plugins", "io.containerd.transfer.v1.local", "unpack_config"}},
}

var (
	knownOnce sync.Once
	knownKeys map[string]map[string]bool // reference file -> normalized keys
	knownErr  error
)

// knows reports whether the target release knows key k of its own layout l.
func knows(target runtime.Version, l *layout, k key) bool {
	for _, open := range openTables(l) {
		if len(k) > len(open) && matchKey(open, k[:len(open)]) {
			return true
		}
	}
	for _, o := range omittedKeys {
		if target.AtLeast(o.since) && matchKey(o.key, k) {
			return true
		}
	}
	knownOnce.Do(loadKnownKeys)
	if knownErr != nil {
		panic(knownErr) // the embedded files are part of the source
	}
	return knownKeys[referenceFor[target.MinorOf()]][normalize(l, k)]
}

func loadKnownKeys() {
	knownKeys = map[string]map[string]bool{}
	for _, name := range referenceFor {
		if knownKeys[name] != nil {
			continue
		}
		data, err := referenceFiles.ReadFile("reference/" + name)
		if err != nil {
			knownErr = err
			return
		}
		var doc tree
		if err := toml.Unmarshal(data, &doc); err != nil {
			knownErr = fmt.Errorf("%s: %w", name, err)
			return
		}
		version, _ := doc["version"].(int64)
		l := layouts[int(version)]
		keys := map[string]bool{}
		tomltree.Walk(doc, nil, func(k tomltree.Key, v any) bool {
			keys[normalize(l, key(k))] = true
			return true
		})
		knownKeys[name] = keys
	}
}

// normalize replaces the runtime name in a key under the runtimes table by
// "*", so every runtime knows the keys of the default runc table.
func normalize(l *layout, k key) string {
	rt := l.runtimes()
	if len(k) > len(rt) && matchKey(rt, k[:len(rt)]) {
		k = append(k[:len(rt):len(rt)], append([]string{"*"}, k[len(rt)+1:]...)...)
	}
	return strings.Join(k, "\x00")
}
