package crio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestWithStorage(t *testing.T) {
	tests := []struct {
		name          string
		root, runRoot string
		errs          []fieldtest.Matcher
	}{
		{"both", "/data/containers", "/run/containers/storage", nil},
		{"root only", "/data/containers", "", nil},
		{"runroot only", "", "/run/crio-storage", nil},
		{"relative", "data", "run", []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, "crio.root").Value("data"),
			fieldtest.Match(field.ErrInvalid, "crio.runroot").Value("run"),
		}},
		{"the file system root", "/", "", []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "crio.root")}},
		{"runroot inside root", "/var/lib/containers", "/var/lib/containers/run", []fieldtest.Matcher{
			fieldtest.Match(field.ErrConflict, "crio.runroot").Value("/var/lib/containers/run"),
		}},
		{"the same", "/var/lib/containers/", "/var/lib/containers", []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "crio.runroot")}},
		{"a sibling with a common prefix", "/var/lib/containers", "/var/lib/containers-run", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := crio.New(crio.WithStorage(tt.root, tt.runRoot))
			fieldtest.RequireExactly(t, err, tt.errs...)
			if len(tt.errs) > 0 {
				return
			}
			require.NotNil(t, cfg)
			assert.Equal(t, tt.root, cfg.Root)
			assert.Equal(t, tt.runRoot, cfg.RunRoot)
			data, err := cfg.Render()
			require.NoError(t, err)
			back, err := crio.Parse(data)
			require.NoError(t, err)
			assert.Equal(t, cfg, back)
		})
	}
}
