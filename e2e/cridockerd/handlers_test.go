package cridockerd_test

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
)

// handlerBinary is the binary of the test's handler. It does not exist:
// dockerd's runc shim then fails to run it, naming it, which shows the
// handler's Docker runtime was the one used.
const handlerBinary = "/nonexistent/kubenode-handler"

// TestCRIDockerdRunsHandlerWithDockerRuntime shows the fact
// cridockerd.ValidateRuntimeHandlers encodes: cri-dockerd 0.4.0 creates the
// sandbox of a pod whose RuntimeClass handler is H with the Docker runtime
// H that docker.WithRuntimeHandlers wrote in daemon.json, and refuses a
// handler Docker has no runtime for.
func TestCRIDockerdRunsHandlerWithDockerRuntime(t *testing.T) {
	handlers := []runtime.RuntimeHandler{
		{Name: "kubenode-test", Kind: runtime.HandlerRunc, Binary: handlerBinary},
		{Name: "kubenode-shim", Kind: runtime.HandlerShim, Shim: "io.containerd.kubenode.v1", ConfigPath: "/etc/kubenode/shim.toml"},
	}
	require.Empty(t, cridockerd.ValidateRuntimeHandlers(nil, runtime.MustParseVersion(version), []string{handlers[0].Name, handlers[1].Name}))

	// cri-dockerd 0.4 needs Docker's API 1.42 (23.0): not Debian's 20.10.
	s := realcheck.NewBuiltDockerdSandbox(t)
	startDockerd(t, s, docker.WithRuntimeHandlers(handlers))

	// The pause image, imported: the sandbox has no network to pull it.
	const pause = "kubenode.test/pause:1"
	out, err := s.Docker(t, "import", "--change", `ENTRYPOINT ["/pause"]`, pauseArchive(t), pause)
	require.NoError(t, err, out)

	cd := startCRIDockerd(t, s, pause)
	cd.WaitServing(t)
	crictl := realcheck.CrictlFor(t, cd.Endpoint)
	dir := t.TempDir()

	runp := func(name, handler string) error {
		pod := map[string]any{
			"metadata":      map[string]any{"name": name, "namespace": "default", "uid": "kubenode-" + name},
			"log_directory": filepath.Join(dir, "logs", name),
			"linux":         map[string]any{"security_context": map[string]any{"namespace_options": map[string]any{"network": 2}}},
		}
		b, err := json.Marshal(pod)
		require.NoError(t, err)
		file := filepath.Join(dir, name+".json")
		require.NoError(t, os.WriteFile(file, b, 0o644))
		_, err = crictl.Run(t, 60*time.Second, "runp", "--runtime", handler, file)
		return err
	}

	// sandboxRuntime is the Docker runtime of the pod's sandbox container
	// (cri-dockerd names it k8s_POD_<pod>_<namespace>_...), "" for none.
	sandboxRuntime := func(pod string) string {
		ids, err := s.Docker(t, "ps", "-aq", "--filter", "name=k8s_POD_"+pod+"_default_")
		require.NoError(t, err, ids)
		if strings.TrimSpace(ids) == "" {
			return ""
		}
		rt, err := s.Docker(t, "inspect", "--format", "{{.HostConfig.Runtime}}", strings.Fields(ids)[0])
		require.NoError(t, err, rt)
		return strings.TrimSpace(rt)
	}

	// A runc-compatible handler: the sandbox is created with the
	// handler's Docker runtime, whose binary does not exist here.
	require.Error(t, runp("handled", handlers[0].Name), "the handler's binary does not exist")
	assert.Equal(t, handlers[0].Name, sandboxRuntime("handled"), "cri-dockerd created the sandbox with the handler's runtime:\n%s", cd.Log())

	// A shim handler: dockerd asks containerd for the shim of its runtime
	// type, which is not installed.
	require.Error(t, runp("shimmed", handlers[1].Name), "the handler's shim does not exist")
	assert.Equal(t, handlers[1].Name, sandboxRuntime("shimmed"), "cri-dockerd created the sandbox with the shim handler's runtime")

	// A handler Docker has no runtime for: refused before any container.
	require.Error(t, runp("unhandled", "kubenode-absent"))
	assert.Empty(t, sandboxRuntime("unhandled"), "no sandbox container for a handler Docker does not know")
}

// TestCRIDockerdNeedsDocker23 shows the fact
// cridockerd.ValidateDockerVersion encodes: cri-dockerd 0.4.0 stops at
// start on Debian's dockerd 20.10, whose API is 1.41.
func TestCRIDockerdNeedsDocker23(t *testing.T) {
	require.NotEmpty(t, cridockerd.ValidateDockerVersion(nil, runtime.MustParseVersion(version), runtime.MustParseVersion(realcheck.DockerVersion)))
	s := realcheck.NewDockerSandbox(t)
	startDockerd(t, s)

	cd := startCRIDockerd(t, s, "registry.k8s.io/pause:3.10")
	_ = cd.WaitUntil(60*time.Second, func() error { return errors.New("still running") })
	exited, err := cd.Exited()
	require.True(t, exited, "cri-dockerd runs on dockerd %s:\n%s", realcheck.DockerVersion, cd.Log())
	assert.Error(t, err)
	assert.Contains(t, cd.Log(), "docker API version is older than 1.42.0")
}

// TestCRIDockerdBranch03RunsOnDocker2010 is the other side of
// TestCRIDockerdNeedsDocker23: cri-dockerd 0.4.3, cut from the 0.3 branch,
// which cridockerd.ValidateDockerVersion accepts with Docker 20.10, serves
// the CRI on Debian's dockerd 20.10 and reports it through crictl.
func TestCRIDockerdBranch03RunsOnDocker2010(t *testing.T) {
	const branch03 = realcheck.CRIDockerdBranch03Version
	require.Empty(t, cridockerd.ValidateDockerVersion(nil, runtime.MustParseVersion(branch03), runtime.MustParseVersion(realcheck.DockerVersion)))
	s := realcheck.NewDockerSandbox(t)
	startDockerd(t, s)

	flags, err := cridockerd.New(cridockerd.WithVersion(branch03))
	require.NoError(t, err)
	cd := s.StartCRIDockerd(t, branch03, *flags)
	cd.WaitServing(t)
	crictl := realcheck.CrictlFor(t, cd.Endpoint)
	crictl.WaitForInfo(t, cd.Daemon).RequireRuntimeReady(t)
	out, err := crictl.Run(t, 10*time.Second, "version")
	require.NoError(t, err)
	assert.Contains(t, string(out), "RuntimeName:  docker")
	assert.Contains(t, string(out), "RuntimeVersion:  "+realcheck.DockerVersion+".", "cri-dockerd talks to dockerd %s", realcheck.DockerVersion)
}

// startDockerd starts the sandbox's dockerd on the daemon.json the docker
// Installer plans for its release with the cgroupfs driver and opts, and
// waits until it answers.
func startDockerd(t *testing.T, s *realcheck.DockerSandbox, opts ...docker.InstallerOption) {
	t.Helper()
	in, err := docker.NewInstaller(append([]docker.InstallerOption{docker.WithVersion(s.Version), docker.WithCgroupDriver(runtime.CgroupCgroupfs)}, opts...)...)
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	s.Info(t, s.Start(t, s.ForFlags(t, plan.File(docker.DaemonPath).Content)))
}

// startCRIDockerd starts cri-dockerd of version, with the flags kubenode
// plans for it and pause as its sandbox image, on the sandbox's dockerd.
func startCRIDockerd(t *testing.T, s *realcheck.DockerSandbox, pause string) *realcheck.CRIDockerd {
	t.Helper()
	flags, err := cridockerd.New(cridockerd.WithVersion(version), cridockerd.WithSandboxImage(pause))
	require.NoError(t, err)
	return s.StartCRIDockerd(t, version, *flags)
}

// pauseArchive writes a one-file root file system as a tar for docker
// import: enough for an image to exist; no container of it needs to run.
func pauseArchive(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pause.tar")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := tar.NewWriter(f)
	content := []byte("kubenode test image\n")
	require.NoError(t, w.WriteHeader(&tar.Header{Name: "pause", Mode: 0o755, Size: int64(len(content)), ModTime: time.Unix(0, 0)}))
	_, err = w.Write(content)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())
	return path
}
