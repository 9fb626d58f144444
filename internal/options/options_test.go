package options_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// A toy component: its builder, config, installer and options.
type (
	builder struct{ cfg config }
	config  struct{ size, count int }
	// installer has the config WithConfig gives, if any.
	installer struct {
		binary string
		cfg    *config
	}
	setting         = options.Setting[*builder, *installer]
	option          = options.Option[*builder]
	installerOption = options.InstallerOption[*installer]
)

func withSize(n int) setting {
	return setting{Name: "withSize", Set: func(b *builder) error {
		if n < 0 {
			return field.Invalid(field.NewPath("size"), n, "not negative")
		}
		b.cfg.size = n
		return nil
	}}
}

func withCount(n int) setting {
	return setting{Name: "withCount", Set: func(b *builder) error { b.cfg.count = n; return nil }}
}

func withBinary(path string) installerOption {
	return options.InstallerFunc[*installer](func(in *installer) error {
		if path == "" {
			return field.Required(field.NewPath("binary"), "a path")
		}
		in.binary = path
		return nil
	})
}

func withConfig(c *config) installerOption {
	return options.InstallerFunc[*installer](func(in *installer) error {
		in.cfg = c
		return nil
	})
}

// plain is an option whose problem is no field.Error.
var plain = setting{Name: "plain", Set: func(*builder) error { return errors.New("plain") }}

func TestApply(t *testing.T) {
	tests := []struct {
		name string
		opts []option
		want config
		errs []fieldtest.Matcher
	}{
		{"none", nil, config{}, nil},
		{"in order", []option{withSize(1), withCount(2), withSize(3)}, config{size: 3, count: 2}, nil},
		{"the zero setting sets nothing", []option{setting{}, withCount(2)}, config{count: 2}, nil},
		{"every problem", []option{withSize(-1), withCount(2), withSize(-2)}, config{count: 2}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, "size").Value(-1),
			fieldtest.Match(field.ErrInvalid, "size").Value(-2),
		}},
		{"a plain error is a problem without a path", []option{plain}, config{}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrInvalid, ""),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &builder{}
			errs := options.Apply(b, tt.opts)
			assert.Equal(t, tt.want, b.cfg)
			fieldtest.RequireExactly(t, errs.Err(), tt.errs...)
		})
	}
}

// build is a component's New for Configure: it applies the settings and
// refuses a count over 9, as a Validate would.
func build(settings []setting) (*config, error) {
	b := &builder{}
	errs := options.Apply(b, settings)
	if b.cfg.count > 9 {
		errs = append(errs, field.Invalid(field.NewPath("count"), strconv.Itoa(b.cfg.count), "at most 9"))
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return &b.cfg, nil
}

func TestConfigure(t *testing.T) {
	given := &config{size: 7}
	tests := []struct {
		name   string
		opts   []installerOption
		binary string
		want   *config
		errs   []fieldtest.Matcher
	}{
		{"built from nothing", nil, "", &config{}, nil},
		{"built from the settings in order, the rest applied", []installerOption{withSize(1), withBinary("/bin/x"), withCount(2), withSize(3)},
			"/bin/x", &config{size: 3, count: 2}, nil},
		{"every problem of the options and the build", []installerOption{withBinary(""), withSize(-1), withCount(10), withBinary("")}, "", nil, []fieldtest.Matcher{
			fieldtest.Match(field.ErrRequired, "binary"),
			fieldtest.Match(field.ErrRequired, "binary"),
			fieldtest.Match(field.ErrInvalid, "size").Value(-1),
			fieldtest.Match(field.ErrInvalid, "count").Value("10"),
		}},
		{"given", []installerOption{withConfig(given), withBinary("/bin/x")}, "/bin/x", given, nil},
		{"given refuses every setting by name, before or after it", []installerOption{withSize(1), withConfig(given), withCount(2)}, "", given, []fieldtest.Matcher{
			fieldtest.Match(field.ErrForbidden, "config").Value("withSize"),
			fieldtest.Match(field.ErrForbidden, "config").Value("withCount"),
		}},
		{"a refused setting is not applied", []installerOption{withConfig(given), withSize(-1)}, "", given, []fieldtest.Matcher{
			fieldtest.Match(field.ErrForbidden, "config").Value("withSize"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &installer{}
			errs := options.Configure(in, tt.opts, &in.cfg, "the whole config", build)
			assert.Equal(t, tt.binary, in.binary)
			assert.Equal(t, tt.want, in.cfg)
			if tt.want == given {
				assert.Same(t, given, in.cfg)
				assert.Equal(t, config{size: 7}, *given, "the given config is not changed")
			}
			fieldtest.RequireExactly(t, errs.Err(), tt.errs...)
		})
	}
}

var errBad = errors.New("bad")

func TestParse(t *testing.T) {
	parse := func(s string) (int, error) {
		if s == "bad" {
			return 0, errBad
		}
		return strconv.Atoi(s)
	}
	tests := []struct {
		name, s string
		want    int
		err     error
	}{
		{"parses", "3", 3, nil},
		{"leaves the value on an error", "bad", 5, errBad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := 5
			err := options.Parse(&dst, tt.s, parse)
			require.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.want, dst)
		})
	}
}

// A Setting belongs to the config: given to an installer directly, it
// changes nothing there.
func TestSettingIsNotAnInstallerChange(t *testing.T) {
	in := &installer{binary: "/bin/x"}
	require.NoError(t, withSize(1).ApplyToInstaller(in))
	assert.Equal(t, &installer{binary: "/bin/x"}, in)
}

// A *Setting is a Setting: a caller that keeps its options in one value
// hands over pointers into it, built from, refused next to WithConfig and
// counted in order like the values themselves.
func TestConfigureTakesPointersToSettings(t *testing.T) {
	opts := struct{ size, count, again setting }{withSize(1), withCount(2), withSize(3)}
	in := &installer{}
	errs := options.Configure(in, []installerOption{&opts.size, withBinary("/bin/x"), &opts.count, opts.again}, &in.cfg, "the whole config", build)
	require.Empty(t, errs)
	assert.Equal(t, "/bin/x", in.binary)
	assert.Equal(t, &config{size: 3, count: 2}, in.cfg)

	in = &installer{}
	errs = options.Configure(in, []installerOption{withConfig(&config{}), &opts.size}, &in.cfg, "the whole config", build)
	fieldtest.RequireExactly(t, errs.Err(), fieldtest.Match(field.ErrForbidden, "config").Value("withSize"))
}
