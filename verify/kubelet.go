package verify

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/kubenode/kubenode/runtime/field"
)

// maxHealthzBody is as much of a healthz answer as Node reads: "ok", or a
// list of failed checks.
const maxHealthzBody = 4096

// kubelet asks the kubelet's healthz endpoint: anything but 200 "ok" is a
// finding on the URL asked.
func (v *verifier) kubelet(ctx context.Context) {
	url := v.healthz
	if url == "" {
		url = v.plan.healthz
	}
	if url == "" {
		return // healthzPort 0: the kubelet serves none
	}
	client := &http.Client{Transport: &http.Transport{DialContext: v.dialTCP, Proxy: nil}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		v.add(url, &field.Error{Type: ErrUnreachable, BadValue: url, Detail: err.Error()})
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		v.add(url, &field.Error{Type: ErrUnreachable, BadValue: url, Detail: "the kubelet does not answer: " + unwrapURLError(err)})
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxHealthzBody))
	text := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK || text != "ok" {
		v.add(url, &field.Error{Type: ErrNotReady, BadValue: text, Detail: "the kubelet is not healthy: HTTP " + resp.Status})
		return
	}
	v.report.KubeletHealthz = text
}

// dialTCP connects as the options say: from WithNetworkNamespace's
// namespace, else from this process's.
func (v *verifier) dialTCP(ctx context.Context, network, addr string) (net.Conn, error) {
	if v.netns != "" {
		return dialIn(ctx, v.netns, network, addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// unwrapURLError is an HTTP client's error without the method and URL it
// repeats, which the finding already names.
func unwrapURLError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "\": "); i >= 0 {
		return s[i+3:]
	}
	return s
}
