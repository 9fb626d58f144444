package systemd_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

// TestPlanFilePathIsPath checks that PlanFile, which joins a validated
// name to the directory itself, puts the file where Path says, "/"
// included.
func TestPlanFilePathIsPath(t *testing.T) {
	for _, dir := range []string{"/", systemd.SystemDir, systemd.VendorDir, "/run/systemd/system"} {
		for _, name := range []string{"docker.service", "getty@tty1.service", "..service", "a.b.socket"} {
			u := &systemd.UnitFile{Name: name, Sections: systemd.Sections{Unit: &systemd.Unit{Description: "x"}}}
			if strings.HasSuffix(name, ".service") {
				u.Service = &systemd.Service{ExecStart: []systemd.Command{systemd.NewCommand("/bin/true")}}
			} else {
				u.Socket = &systemd.Socket{ListenStream: []string{"/run/x.sock"}}
			}
			f, err := u.PlanFile(dir)
			require.NoError(t, err)
			assert.Equal(t, u.Path(dir), f.Path)

			for _, file := range []string{"10-kubeadm.conf", "..conf", "a b.conf"} {
				d := &systemd.DropIn{Unit: name, Name: file, Sections: systemd.Sections{Unit: &systemd.Unit{Description: "x"}}}
				f, err := d.PlanFile(dir)
				require.NoError(t, err)
				assert.Equal(t, d.Path(dir), f.Path)
			}
		}
	}
}

// bigUnit has more sections and lines than a unitWriter holds in its own
// arrays.
func bigUnit() *systemd.UnitFile {
	u := dockerService()
	for i := range 40 {
		u.Unit.After = append(u.Unit.After, fmt.Sprintf("u%d.service", i))
		u.Service.ExecStartPost = append(u.Service.ExecStartPost, systemd.NewCommand("/bin/echo", "started", fmt.Sprint(i)))
	}
	for i := range 6 {
		u.Extra = append(u.Extra, systemd.Section{Name: fmt.Sprintf("X-Extra%d", i), Options: []systemd.Option{{Name: "Key", Value: fmt.Sprint(i)}}})
	}
	return u
}

// TestRenderBeyondWriterArrays renders a file too big for a unitWriter's
// own arrays: every line is there, in order, and reads back as the same
// unit; a line too long is reported at its own element.
func TestRenderBeyondWriterArrays(t *testing.T) {
	u := bigUnit()
	out, err := u.Render()
	require.NoError(t, err)
	text := string(out)
	assert.Equal(t, 6+3, strings.Count("\n"+text, "\n["))
	assert.Contains(t, text, "After=u0.service\nAfter=u1.service\n")
	assert.Contains(t, text, "ExecStartPost=/bin/echo started 39\nExecReload=")
	assert.True(t, strings.HasSuffix(text, "[X-Extra5]\nKey=5\n"), text)

	back, err := systemd.ParseUnitFile(u.Name, out)
	require.NoError(t, err)
	again, err := back.Render()
	require.NoError(t, err)
	assert.Equal(t, text, string(again))

	long := bigUnit()
	long.Service.ExecStartPost[30].Argv[1] = strings.Repeat("x", systemd.LineMax)
	long.Extra[5].Options[0].Value = strings.Repeat("y", systemd.LineMax)
	fieldtest.RequireExactly(t, long.Validate(),
		fieldtest.Match(field.ErrTooLong, "docker.service [Service] ExecStartPost[30]"),
		fieldtest.Match(field.ErrTooLong, "docker.service [X-Extra5] Key"))
}
