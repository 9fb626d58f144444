package systemd

import (
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
)

// TestReleaseKeepsNoValue: a writer back in the pool holds nothing of the
// file it wrote, not a line, not a formatted value (an Environment= line
// may carry credentials), and its next file starts empty.
func TestReleaseKeepsNoValue(t *testing.T) {
	w := newUnitWriter(2, 3, 64)
	w.beginSection("Service", nil)
	w.add("Environment", formatEnv(&w.values, Env{Name: "HTTPS_PROXY", Value: "http://user:secret@proxy:3128"}))
	w.add("ExecStart", "/usr/bin/kubelet")
	w.endSection("Service")
	w.beginSection("Install", nil)
	w.add("WantedBy", "multi-user.target")
	w.endSection("Install")
	w.release()

	for i, s := range w.secArray {
		if s.Section != "" || s.Entries != nil || w.secPtrs[i] != nil {
			t.Errorf("section %d is still held: %+v", i, s)
		}
	}
	for i, e := range w.entryArray {
		if e != (unit.UnitEntry{}) || w.entryPtrs[i] != nil {
			t.Errorf("line %d is still held: %+v", i, e)
		}
	}
	if w.secs != nil || w.sections != nil || w.entries != nil || w.ptrs != nil || w.values.b.Len() != 0 || w.long != nil {
		t.Errorf("a released writer still holds the file: %+v", w)
	}
}
