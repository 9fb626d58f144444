package realcheck

import (
	"maps"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/systemd"
)

// KubeletArgs returns the kubelet's arguments as systemd passes them on the
// node a plan describes: kubelet.service's ExecStart= after the plan's
// drop-ins for it (in name order; an empty ExecStart= clears the list),
// with the variables of Environment= and of the plan's EnvironmentFile=
// files (which override Environment=) substituted in its words as systemd
// substitutes them. An optional environment file the plan lacks is skipped,
// as systemd skips it.
func KubeletArgs(t testing.TB, plan *runtime.Plan) []string {
	t.Helper()
	unitPath := path.Join(systemd.SystemDir, kubelet.UnitName)
	f := plan.File(unitPath)
	require.NotNil(t, f, "the plan has no %s", unitPath)
	unit, err := systemd.ParseUnitFile(kubelet.UnitName, f.Content)
	require.NoError(t, err)
	services := []*systemd.Service{unit.Service}
	var dropIns []runtime.File
	for _, f := range plan.Files {
		if path.Dir(f.Path) == unitPath+".d" && path.Ext(f.Path) == ".conf" {
			dropIns = append(dropIns, f)
		}
	}
	sort.Slice(dropIns, func(i, j int) bool { return dropIns[i].Path < dropIns[j].Path })
	for _, f := range dropIns {
		d, err := systemd.ParseDropIn(kubelet.UnitName, path.Base(f.Path), f.Content)
		require.NoError(t, err)
		services = append(services, d.Service)
	}

	var commands []systemd.Command
	var envFiles []systemd.EnvironmentFile
	env := map[string]string{}
	for _, s := range services {
		if s == nil {
			continue
		}
		for _, c := range s.ExecStart {
			if c.IsReset() {
				commands = nil
			} else {
				commands = append(commands, c)
			}
		}
		for _, e := range s.Environment {
			if e.IsReset() {
				clear(env)
			} else {
				env[e.Name] = e.Value
			}
		}
		for _, ef := range s.EnvironmentFile {
			if ef.IsReset() {
				envFiles = nil
			} else {
				envFiles = append(envFiles, ef)
			}
		}
	}
	for _, ef := range envFiles {
		f := plan.File(ef.Path)
		if f == nil {
			require.True(t, ef.Optional, "EnvironmentFile=%s is not in the plan", ef.Path)
			continue
		}
		vars, err := systemd.ParseEnvironmentFile(f.Content)
		require.NoError(t, err, ef.Path)
		maps.Copy(env, vars)
	}
	require.Len(t, commands, 1, "kubelet.service has one ExecStart= in effect")
	if strings.Contains(commands[0].Prefix, ":") {
		return commands[0].Argv[1:]
	}
	return expandWords(t, commands[0].Argv[1:], env)
}

var (
	// wholeVariable is a word that is one "$NAME": systemd replaces it with
	// the value split into words.
	wholeVariable = regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*)$`)
	// bracedVariable is "${NAME}" anywhere in a word: systemd replaces it
	// with the value as it is, in the same word.
	bracedVariable = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)
)

// expandWords substitutes variables in command-line words the way systemd
// does (systemd.exec(5), "Command lines"). It refuses the other uses of "$"
// ("$$", "$NAME" inside a word), which kubenode never writes.
func expandWords(t testing.TB, words []string, env map[string]string) []string {
	t.Helper()
	var out []string
	for _, w := range words {
		if m := wholeVariable.FindStringSubmatch(w); m != nil {
			split, err := systemd.SplitWords(env[m[1]])
			require.NoError(t, err, "$%s", m[1])
			out = append(out, split...)
			continue
		}
		require.NotContains(t, bracedVariable.ReplaceAllString(w, ""), "$", "a use of $ kubenode does not write: %s", w)
		out = append(out, bracedVariable.ReplaceAllStringFunc(w, func(v string) string {
			return env[bracedVariable.FindStringSubmatch(v)[1]]
		}))
	}
	return out
}
