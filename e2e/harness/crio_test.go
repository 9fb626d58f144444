package harness

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCRIO starts the CRI-O daemon built by .ci/install.d/crio-daemon.sh
// inside a booted systemd's namespaces and asks it, over CRI, who it is.
func TestCRIO(t *testing.T) {
	crictl := Tool(t, "crictl-1.37.0/crictl")
	s := BootSystemd(t, OwnNetwork())
	c := StartCRIO(t, s)

	fields := map[string]string{}
	deadline := time.Now().Add(time.Minute)
	var out []byte
	var err error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err = exec.CommandContext(ctx, crictl, "--runtime-endpoint", c.Endpoint(), "--timeout", "10s", "version").CombinedOutput()
		cancel()
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		t.Fatalf("crictl version: %v\n%s\ncrio:\n%s", err, out, c.daemon.log())
	}
	for _, l := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if fields["RuntimeName"] != "cri-o" || fields["RuntimeVersion"] != CRIOVersion {
		t.Errorf("crictl version: runtime %q %q, want cri-o %s\n%s", fields["RuntimeName"], fields["RuntimeVersion"], CRIOVersion, out)
	}
}
