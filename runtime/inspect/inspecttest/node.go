package inspecttest

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// PlanFS is the node a plan writes, as an fs.FS rooted at the node's /:
// each file at its node path with its content and mode.
func PlanFS(t testing.TB, plan *runtime.Plan) fstest.MapFS {
	t.Helper()
	if plan == nil {
		t.Fatalf("no plan")
		return nil
	}
	m := fstest.MapFS{}
	for _, f := range plan.Files {
		m[name(f.Path)] = &fstest.MapFile{Data: f.Content, Mode: f.Mode}
	}
	return m
}

// InstallerFS is the node an installer plans: PlanFS of its plan.
func InstallerFS(t testing.TB, in runtime.Installer) fstest.MapFS {
	t.Helper()
	plan, err := in.Plan(context.Background())
	if err != nil {
		t.Fatalf("plan %s: %v", in.Name(), err)
		return nil
	}
	return PlanFS(t, plan)
}

// NodeFS is a node of files given inline, content by node path.
func NodeFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for p, content := range files {
		Set(m, p, content)
	}
	return m
}

// Set writes a file of the node, by its node path, mode 0644.
func Set(m fstest.MapFS, nodePath, content string) {
	m[name(nodePath)] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
}

// Edit replaces the first old in a file of the node by new, keeping its
// mode; the file must hold old, so a test that no longer changes anything
// fails.
func Edit(t testing.TB, m fstest.MapFS, nodePath, old, new string) {
	t.Helper()
	f := m[name(nodePath)]
	if f == nil {
		t.Fatalf("no file %s to edit", nodePath)
		return
	}
	if !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s does not hold %q:\n%s", nodePath, old, f.Data)
		return
	}
	m[name(nodePath)] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1)), Mode: f.Mode}
}

// name is a node path as an fs.FS name.
func name(nodePath string) string { return strings.TrimPrefix(nodePath, "/") }

// Given is the target of a release the user gave, such as "2.2".
func Given(version string) inspect.Target {
	return inspect.Target{Version: runtime.MustParseVersion(version), Given: true}
}
