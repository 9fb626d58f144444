package docker_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
)

// daemonSeeds are this package's daemon.json files: the golden ones, the
// seed guide's, and those inside the golden plans.
func daemonSeeds(f *testing.F) [][]byte {
	names, err := filepath.Glob("testdata/*")
	require.NoError(f, err)
	var seeds [][]byte
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, ".json"):
			data, err := os.ReadFile(name)
			require.NoError(f, err)
			seeds = append(seeds, data)
		case strings.HasSuffix(name, ".txtar"):
			data, err := os.ReadFile(name)
			require.NoError(f, err)
			if c, ok := runtime.TxtarFiles(data)[docker.DaemonPath]; ok {
				seeds = append(seeds, []byte(c))
			}
		}
	}
	return seeds
}

// FuzzParseDaemonConfig: no panic, and whatever parses and renders parses
// back to the same value (an empty list or map being no list or map) and
// renders to the same bytes.
func FuzzParseDaemonConfig(f *testing.F) {
	for _, data := range daemonSeeds(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"exec-opts":["native.cgroupdriver=systemd"],"log-opts":{"max-size":"10m"}}`))
	f.Add([]byte(`{"graph":"/x","runtimes":{"kata":{"runtimeType":"io.containerd.kata.v2"}}}`))
	f.Add([]byte(`{"default-ulimits":{"nofile":{"Name":"nofile","Hard":1,"Soft":1}},"proxies":{"no-proxy":"a"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := docker.ParseDaemonConfig(data)
		if err != nil {
			return
		}
		out, err := cfg.Render()
		if err != nil {
			return
		}
		back, err := docker.ParseDaemonConfig(out)
		require.NoError(t, err, "%s", out)
		again, err := back.Render()
		require.NoError(t, err)
		require.Equal(t, string(out), string(again))
		// Render leaves out an empty list or map, as it leaves out every
		// unset key: dockerd's default is the same.
		require.Equal(t, nilEmpty(cfg), nilEmpty(back), "%s", out)
	})
}

// nilEmpty sets every empty slice and map reachable from v (a pointer) to
// nil, in place, and returns v, so values that differ only there compare
// equal.
func nilEmpty[T any](v T) T {
	clearEmpty(reflect.ValueOf(v))
	return v
}

func clearEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				clearEmpty(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.SetZero()
			}
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, such as a json.RawMessage
		}
		for i := 0; i < v.Len(); i++ {
			clearEmpty(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.SetZero()
			}
			return
		}
		// Map values are not addressable: clear a copy and store it back.
		for _, k := range v.MapKeys() {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(v.MapIndex(k))
			clearEmpty(val)
			v.SetMapIndex(k, val)
		}
	}
}
