package cli_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/examples/internal/cli"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

func TestMirrorsFlag(t *testing.T) {
	var m cli.Mirrors
	require.NoError(t, m.Set("docker.io=https://a.example"))
	require.NoError(t, m.Set("_default=https://b.example"))
	assert.Error(t, m.Set("nonsense"))
	assert.Equal(t, "docker.io=https://a.example,_default=https://b.example", m.String())
}

func TestEmit(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{{Path: "/etc/a", Mode: 0o644, Content: []byte("a\n")}}}
	var out bytes.Buffer
	require.NoError(t, cli.Emit(&out, plan, ""))
	assert.Equal(t, "a\n", runtime.TxtarFiles(out.Bytes())["/etc/a"])

	dir := t.TempDir()
	out.Reset()
	require.NoError(t, cli.Emit(&out, plan, dir))
	b, err := os.ReadFile(filepath.Join(dir, "etc/a"))
	require.NoError(t, err)
	assert.Equal(t, "a\n", string(b))
}

func TestReportPrintsEveryProblem(t *testing.T) {
	errs := field.ErrorList{
		field.Invalid(field.NewPath("a"), "x", ""),
		field.Required(field.NewPath("b"), ""),
	}
	var stderr bytes.Buffer
	code := cli.Report(&stderr, fmt.Errorf("containerd: %w", errs.Err()))
	assert.Equal(t, 1, code)
	assert.Equal(t, fmt.Sprintf("error: %v\nerror: %v\n", errs[0], errs[1]), stderr.String(), "each problem on a line of its own")

	stderr.Reset()
	assert.Equal(t, 1, cli.Report(&stderr, errors.New("not a field problem")))
	assert.Equal(t, 1, strings.Count(stderr.String(), "error: "), stderr.String())
}

func TestFinish(t *testing.T) {
	plan := &runtime.Plan{Files: []runtime.File{{Path: "/etc/a", Mode: 0o644, Content: []byte("a\n")}}}
	warnings := field.ErrorList{field.Deprecated(field.NewPath("w"), "x", "")}
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, cli.Finish(&stdout, &stderr, "", plan, warnings, nil))
	assert.Equal(t, "a\n", runtime.TxtarFiles(stdout.Bytes())["/etc/a"])
	assert.Equal(t, 1, strings.Count(stderr.String(), "warning: "), stderr.String())

	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, cli.Finish(&stdout, &stderr, "", nil, warnings, field.ErrorList{field.Required(field.NewPath("b"), "")}))
	assert.Empty(t, stdout.String())
	assert.Equal(t, 1, strings.Count(stderr.String(), "warning: "), stderr.String())
	assert.Equal(t, 1, strings.Count(stderr.String(), "error: "), stderr.String())
}
