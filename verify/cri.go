package verify

import (
	"context"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The paths of a CRI answer, for findings placed on the runtime's socket.
var (
	runtimeNamePath    = field.NewPath("version", "runtimeName")
	runtimeVersionPath = field.NewPath("version", "runtimeVersion")
	conditionsPath     = field.NewPath("status", "conditions")
)

// runtimeNames are the names each runtime gives in its Version answer:
// cri-dockerd answers as docker, with the Engine's release.
var runtimeNames = map[kubenode.Runtime]string{
	kubenode.Containerd: "containerd",
	kubenode.Docker:     "docker",
	kubenode.CRIO:       "cri-o",
}

// runtime asks the CRI runtime the kubelet talks to, and compares its
// answers with the plan. Findings not about a setting go on the planned
// socket's node path.
func (v *verifier) runtime(ctx context.Context) {
	file := socketOf(v.plan.endpoint.Value)
	// /var/run is an absolute link to /run, which under another root than
	// this process's would lead back to this process's /run: fold it.
	addr := v.underRoot(runtime.SocketPath("unix://" + file))
	if v.endpoint != "" {
		addr = socketOf(v.endpoint)
	}
	unreachable := func(p *field.Path, detail string) {
		v.add(file, &field.Error{Type: ErrUnreachable, Path: p, BadValue: "unix://" + addr, Detail: detail})
	}
	if err := probe(ctx, addr); err != nil {
		unreachable(nil, err.Error())
		return
	}
	conn, err := grpcConn(addr)
	if err != nil {
		unreachable(nil, err.Error())
		return
	}
	defer conn.Close()
	client := runtimeapi.NewRuntimeServiceClient(conn)
	ver, err := client.Version(ctx, &runtimeapi.VersionRequest{Version: "v1"})
	if err != nil {
		detail := "CRI Version: " + err.Error()
		if status.Code(err) == codes.Unimplemented {
			detail = "the socket serves no CRI v1 runtime service (containerd without its CRI plugin answers so)"
		}
		unreachable(nil, detail)
		return
	}
	rt := &Runtime{Endpoint: "unix://" + addr, Name: ver.GetRuntimeName(), Version: ver.GetRuntimeVersion(), APIVersion: ver.GetRuntimeApiVersion()}
	v.report.Runtime = rt
	v.checkVersion(file, rt)

	st, err := client.Status(ctx, &runtimeapi.StatusRequest{Verbose: true})
	if err != nil {
		unreachable(field.NewPath("status"), "CRI Status: "+err.Error())
		return
	}
	readStatus(rt, st)
	v.checkConditions(file, rt)
	if err := readRuntimeConfig(ctx, client, rt); err != nil {
		unreachable(field.NewPath("runtimeConfig"), "CRI RuntimeConfig: "+err.Error())
	}

	pub := v.published(rt)
	if rt.CgroupDriver == "" {
		rt.CgroupDriver = pub.cgroupDriver
	}
	rt.SandboxImage = pub.sandboxImage
	if rt.SandboxImage == "" && v.plan.kind == kubenode.Containerd {
		// containerd 2.x publishes its sandbox image nowhere but in the
		// images it pins, once it has it.
		rt.SandboxImage, v.sandboxNotPulled = pinnedSandbox(ctx, runtimeapi.NewImageServiceClient(conn), v.plan.pauseImage.Value)
	}
	if len(rt.Handlers) == 0 {
		rt.Handlers = pub.handlers
	}
	slices.Sort(rt.Handlers)
	rt.Handlers = slices.Compact(rt.Handlers)
	v.checkPublished(rt, pub)
}

// readStatus keeps a Status answer: its conditions, verbose info and named
// runtime handlers ("" is the default handler's second name).
func readStatus(rt *Runtime, st *runtimeapi.StatusResponse) {
	rt.Info = redacted(st.GetInfo())
	rt.Conditions = map[string]Condition{}
	for _, c := range st.GetStatus().GetConditions() {
		rt.Conditions[c.GetType()] = Condition{Status: c.GetStatus(), Reason: c.GetReason(), Message: c.GetMessage()}
	}
	for _, h := range st.GetRuntimeHandlers() {
		if h.GetName() != "" {
			rt.Handlers = append(rt.Handlers, h.GetName())
		}
	}
}

// readRuntimeConfig asks the cgroup driver the runtime tells the kubelet.
// A runtime without the call (containerd before 2.0) leaves it to the
// verbose info, and is no error.
func readRuntimeConfig(ctx context.Context, client runtimeapi.RuntimeServiceClient, rt *Runtime) error {
	rc, err := client.RuntimeConfig(ctx, &runtimeapi.RuntimeConfigRequest{})
	switch {
	case status.Code(err) == codes.Unimplemented:
		return nil
	case err != nil:
		return err
	case rc.GetLinux() == nil:
		// No Linux answer says no driver (SYSTEMD is the enum's zero).
		return nil
	}
	switch rc.GetLinux().GetCgroupDriver() {
	case runtimeapi.CgroupDriver_SYSTEMD:
		rt.CgroupDriver = string(runtime.CgroupSystemd)
	case runtimeapi.CgroupDriver_CGROUPFS:
		rt.CgroupDriver = string(runtime.CgroupCgroupfs)
	}
	return nil
}

// pinnedSandbox is the sandbox image among the images the runtime pins
// (the CRI ImageService's ListImages, pinned true): planned when it is
// among them, else the first pinned tag, or "" when none is pinned yet.
// notPulled says the runtime holds no image tagged planned at all: a
// containerd 2.x restarted with a new pause image keeps the old one pinned
// until a pod sandbox pulls the new one, so the pinned image is then the
// last one pulled rather than the one the runtime will use.
func pinnedSandbox(ctx context.Context, images runtimeapi.ImageServiceClient, planned string) (image string, notPulled bool) {
	list, err := images.ListImages(ctx, &runtimeapi.ListImagesRequest{})
	if err != nil {
		return "", false
	}
	var pinned []string
	present := false
	for _, img := range list.GetImages() {
		tags := img.GetRepoTags()
		present = present || slices.Contains(tags, planned)
		if img.GetPinned() {
			pinned = append(pinned, tags...)
		}
	}
	slices.Sort(pinned)
	switch {
	case len(pinned) == 0:
		return "", false
	case planned != "" && slices.Contains(pinned, planned):
		return planned, false
	}
	return pinned[0], planned != "" && !present
}
