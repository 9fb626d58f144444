package cridockerd_test

import (
	"testing"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func TestValidateRuntimeHandlers(t *testing.T) {
	names := []string{"nvidia", "kata"}
	refused := []fieldtest.Matcher{
		fieldtest.Match(field.ErrNotSupported, "handlers.nvidia"),
		fieldtest.Match(field.ErrNotSupported, "handlers.kata"),
	}
	tests := []struct {
		version string
		names   []string
		want    []fieldtest.Matcher
	}{
		{"0.3.0", names, refused},
		{"0.3.13", names, refused},
		{"0.3.25", names, refused},
		{"0.4.0", names, nil},
		{"0.4.1", names, nil},
		// Cut from the 0.3 branch: without the handler mapping.
		{"0.4.2", names, refused},
		{"0.4.3", names, refused},
		{"0.3.25", nil, nil},
		{"0.4.0", []string{"docker"}, []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "handlers.docker").Value("docker")}},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			errs := cridockerd.ValidateRuntimeHandlers(field.NewPath("handlers"), runtime.MustParseVersion(tt.version), tt.names)
			fieldtest.RequireExactly(t, errs.Err(), tt.want...)
		})
	}
	fieldtest.RequireExactly(t, cridockerd.ValidateRuntimeHandlers(nil, cridockerd.DefaultVersion, names).Err())
}

func TestValidateDockerVersion(t *testing.T) {
	tests := []struct {
		cri, engine string
		want        []fieldtest.Matcher
	}{
		{"0.4.0", "20.10", []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "docker-version").Value("20.10")}},
		{"0.4.1", "20.10.24", []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "docker-version")}},
		{"0.4.0", "23.0", nil},
		{"0.4.1", "28.5", nil},
		{"0.3.25", "20.10", nil},
		{"0.4.3", "20.10", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cri+"/"+tt.engine, func(t *testing.T) {
			errs := cridockerd.ValidateDockerVersion(field.NewPath("docker-version"), runtime.MustParseVersion(tt.cri), runtime.MustParseVersion(tt.engine))
			fieldtest.RequireExactly(t, errs.Err(), tt.want...)
		})
	}
}
