package systemd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/randfill"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestKeyTablesFitKeySet(t *testing.T) {
	for name, n := range map[string]int{"Unit": len(unitCodec.keys), "Service": len(serviceCodec.keys),
		"Socket": len(socketCodec.keys), "Install": len(installCodec.keys)} {
		if n >= 64 {
			t.Errorf("[%s] has %d keys: a keySet holds 63", name, n)
		}
	}
}

// requireSetKeysSuffice checks that visiting only the keys measure says s
// sets writes the lines and finds the problems that visiting every key of
// the table does.
func requireSetKeysSuffice[T any](t *testing.T, c *sectionCodec[T], s *T) {
	t.Helper()
	all := keySet(1)<<len(c.keys) - 1
	lines, size, set := c.measure(s)
	p := field.NewUnitPath("x.service").Child(c.name)
	fieldtest.RequireSame(t, c.validate(s, p, set).Err(), c.validate(s, p, all).Err())
	every, some := newUnitWriter(1, lines, size), newUnitWriter(1, lines, size)
	defer every.release()
	defer some.release()
	c.write(every, s, p, all)
	c.write(some, s, p, set)
	every.endSection(c.name)
	some.endSection(c.name)
	require.Equal(t, serializeSections(every.sections), serializeSections(some.sections))
	for i := range c.keys {
		if set&(1<<i) == 0 {
			if l, _ := c.keys[i].measure(s); l != 0 {
				t.Fatalf("[%s] %s renders %d lines but is not in the set", c.name, c.keys[i].name, l)
			}
		}
	}
}

// TestSetKeysSuffice: write and validate visit only the keys a section
// sets, and lose nothing by it, on the units of testdata and on random
// sections (random values are mostly wrong ones, so the problems found
// are compared too).
func TestSetKeysSuffice(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	require.NoError(t, err)
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		u, err := ParseUnitFile(filepath.Base(f), data)
		require.NoError(t, err, f)
		checkSections(t, &u.Sections)
	}
	fill := randfill.NewWithSeed(11).NilChance(0.5).NumElements(0, 2)
	for range 2000 {
		var s Sections
		fill.Fill(&s)
		checkSections(t, &s)
	}
}

func checkSections(t *testing.T, s *Sections) {
	t.Helper()
	if s.Unit != nil {
		requireSetKeysSuffice(t, unitCodec, s.Unit)
	}
	if s.Service != nil {
		requireSetKeysSuffice(t, serviceCodec, s.Service)
	}
	if s.Socket != nil {
		requireSetKeysSuffice(t, socketCodec, s.Socket)
	}
	if s.Install != nil {
		requireSetKeysSuffice(t, installCodec, s.Install)
	}
}
