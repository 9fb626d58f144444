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
		l.runtimes().Child("*", optionsKey),
		l.registry().Child("mirrors"),
		l.registry().Child("configs"),
		l.registry().Child("auths"),
		l.registry().Child("headers"),
		l.images.Child("pinned_images"),
		l.images.Child("runtime_platforms"),
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
	known, err := knownKeys()
	if err != nil {
		panic(err) // the embedded files are part of the source
	}
	return known[referenceFor[target.MinorOf()]][normalize(l, k)]
}

// knownKeys are the normalized keys of each reference file, read once.
var knownKeys = sync.OnceValues(func() (map[string]map[string]bool, error) {
	known := map[string]map[string]bool{}
	for _, name := range referenceFor {
		data, err := referenceFiles.ReadFile("reference/" + name)
		var doc tree
		if err == nil {
			err = toml.Unmarshal(data, &doc)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		version, _ := doc["version"].(int64)
		keys := map[string]bool{}
		tomltree.Walk(doc, nil, func(k key, v any) bool {
			keys[normalize(layouts[int(version)], k)] = true
			return true
		})
		known[name] = keys
	}
	return known, nil
})

// normalize replaces the runtime name in a key under the runtimes table by
// "*", so every runtime knows the keys of the default runc table.
func normalize(l *layout, k key) string {
	rt := l.runtimes()
	if len(k) > len(rt) && matchKey(rt, k[:len(rt)]) {
		k = append(k[:len(rt):len(rt)], append([]string{"*"}, k[len(rt)+1:]...)...)
	}
	return strings.Join(k, "\x00")
}
