package kubelet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/randfill"

	"github.com/kubenode/kubenode/internal/corpus"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// Args, the drop-in's variables and kubeadm-flags.env are written straight
// from the flags into one buffer each. These tests hold them to what they
// were written as before, one string per argument, over random flags:
// every value, and every problem (by sentinel, path and value).

// referenceArgs is Args as it was: each typed flag's get, then Extra.
func referenceArgs(f *Flags) []string {
	var args []string
	for _, t := range typedFlags {
		if v, ok := t.get(f); ok {
			args = append(args, "--"+t.name+"="+v)
		}
	}
	for _, x := range f.Extra {
		args = append(args, x.String())
	}
	return args
}

// referenceSplit is how kubeadm's three groups were cut from Args: by the
// name in each rendered argument.
func referenceSplit(f *Flags) (kubeconfig, config, rest []string) {
	for _, arg := range referenceArgs(f) {
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		switch name {
		case "bootstrap-kubeconfig", "kubeconfig":
			kubeconfig = append(kubeconfig, arg)
		case "config", "config-dir":
			config = append(config, arg)
		default:
			rest = append(rest, arg)
		}
	}
	return kubeconfig, config, rest
}

// referenceCheckWord is checkWord as it was, rune by rune, without the
// byte-wise fast path.
func referenceCheckWord(p *field.Path, v string) field.ErrorList {
	if strings.ContainsAny(v, unsafeChars) {
		return field.ErrorList{field.Invalid(p, v, "unsafe")}
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return field.ErrorList{field.Invalid(p, v, "control")}
		}
	}
	return nil
}

// referenceFlagsEnv is kubeadm-flags.env as it was written.
func referenceFlagsEnv(f *Flags) ([]byte, error) {
	_, _, rest := referenceSplit(f)
	var errs field.ErrorList
	for i, arg := range rest {
		errs = append(errs, referenceCheckWord(kubeadmArgsPath.Index(i), arg)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return []byte(EnvKubeadmArgs + `="` + strings.Join(rest, " ") + "\"\n"), nil
}

// randomFlags fills flags at random: values of any runes (quotes,
// spaces, control characters), and extra flags that kubeadm's groups
// pick by name, some spelled with an "=".
func randomFlags(seed int64) []*Flags {
	names := []string{"kubeconfig", "config", "config-dir", "bootstrap-kubeconfig", "config=x", "kubeconfig=", "max-pods", "v", "node-ip"}
	f := randfill.NewWithSeed(seed).NilChance(0.4).NumElements(0, 3).Funcs(
		func(x *Flag, c randfill.Continue) {
			c.Fill(&x.Value)
			x.Name = names[c.Intn(len(names))]
			if c.Intn(4) == 0 {
				c.Fill(&x.Name)
			}
		},
		func(t *corev1.Taint, c randfill.Continue) {
			c.Fill(&t.Key)
			if c.Intn(2) == 0 {
				c.Fill(&t.Value)
			}
			t.Effect = corev1.TaintEffect(taintEffects[c.Intn(len(taintEffects))])
		},
	)
	out := []*Flags{{}, validKubeadmFlags()}
	for range 500 {
		var fl Flags
		f.Fill(&fl)
		out = append(out, &fl)
	}
	return out
}

func validKubeadmFlags() *Flags {
	v := 2
	return &Flags{
		BootstrapKubeconfig: DefaultBootstrapKubeconfig, Kubeconfig: DefaultKubeconfig, Config: DefaultConfigPath,
		NodeIPs:            []string{"192.168.1.31", "2001:db8::31"},
		NodeLabels:         []Label{{Key: "a", Value: "b"}, {Key: "c"}},
		RegisterWithTaints: []corev1.Taint{{Key: "k", Value: "v", Effect: corev1.TaintEffectNoSchedule}, {Key: "k", Effect: corev1.TaintEffectNoExecute}},
		Verbosity:          &v,
		Extra:              []Flag{{Name: "max-pods", Value: "100"}},
	}
}

func TestArgsAsBefore(t *testing.T) {
	for i, f := range randomFlags(1) {
		require.Equal(t, referenceArgs(f), f.Args(), "flags %d", i)
	}
}

func TestKubeadmFilesAsBefore(t *testing.T) {
	refused := 0
	for i, f := range randomFlags(2) {
		kubeconfig, config, _ := referenceSplit(f)
		args := kubeadmDropInArgs(f)
		require.Equal(t, strings.Join(kubeconfig, " "), args.kubeconfig, "flags %d", i)
		require.Equal(t, strings.Join(config, " "), args.config, "flags %d", i)

		want, wantErr := referenceFlagsEnv(f)
		got, err := KubeadmFlagsEnv(f)
		require.Equal(t, string(want), string(got), "flags %d", i)
		if wantErr == nil {
			require.NoError(t, err, "flags %d", i)
			continue
		}
		refused++
		fieldtest.RequireSame(t, err, wantErr)
	}
	require.Positive(t, refused, "no flags refused: the problems went untested")
}

// checkWord's byte-wise fast path accepts exactly what the rune-wise
// check accepts, and refuses the rest with the same problem.
func TestCheckWordAsBefore(t *testing.T) {
	f := randfill.NewWithSeed(3)
	words := []string{"", "a", "a b", "\x7f", "\x01", "é", "\xff", "\xc2\x85", "$x", "100%", "`", "\u2028"}
	words = append(words, corpus.EveryByte(func(b string) []string { return []string{b, "a" + b + "b"} })...)
	for range 3000 {
		var s string
		f.Fill(&s)
		words = append(words, s)
	}
	p := kubeadmArgsPath.Index(0)
	for _, w := range words {
		want := referenceCheckWord(p, w)
		got := checkWord(p, w)
		require.Equal(t, len(want) == 0, safeWord(w), "%q", w)
		require.Equal(t, len(want) == 0, safeWord([]byte(w)), "%q", w)
		if len(want) == 0 {
			require.Empty(t, got, "%q", w)
			continue
		}
		fieldtest.RequireExactly(t, got.Err(), fieldtest.Match(field.ErrInvalid, p.String()).Value(w))
	}
}

// TestFlagNamedIsTheNameBeforeEquals: flagNamed tells a flag by its name,
// with or without "=value", as cutting at the first "=" does.
func TestFlagNamedIsTheNameBeforeEquals(t *testing.T) {
	for _, name := range []string{"config", "config=/x", "config-dir", "config-dir=/d", "configx", "config=", "conf", "",
		"kubeconfig", "kubeconfig=/k", "bootstrap-kubeconfig=/b", "kubeconfig-x", "=config", "node-ip=1.2.3.4"} {
		before, _, _ := strings.Cut(name, "=")
		if got, want := configFlag(name), before == "config" || before == "config-dir"; got != want {
			t.Errorf("configFlag(%q) = %v, want %v", name, got, want)
		}
		if got, want := kubeconfigFlag(name), before == "kubeconfig" || before == "bootstrap-kubeconfig"; got != want {
			t.Errorf("kubeconfigFlag(%q) = %v, want %v", name, got, want)
		}
	}
}
