package harness

import (
	"context"
	"fmt"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// TestControlPlane starts etcd and kube-apiserver inside a booted systemd's
// own network namespace, reaches the API server from the test process,
// checks that a kubelet kubeconfig authenticates as its node, and that the
// cleanups stop both programs.
func TestControlPlane(t *testing.T) {
	s := BootSystemd(t, OwnNetwork())
	t.Run("serve", func(t *testing.T) {
		cp := StartControlPlane(t, s)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()

		client := cp.Client(t)
		nss, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatalf("list namespaces: %v", err)
		}
		var names []string
		for _, ns := range nss.Items {
			names = append(names, ns.Name)
		}
		for _, want := range []string{"default", "kube-system"} {
			if !slices.Contains(names, want) {
				t.Errorf("namespaces %v, want %s among them", names, want)
			}
		}
		v, err := client.Discovery().ServerVersion()
		if err != nil {
			t.Fatal(err)
		}
		if v.GitVersion != "v"+APIServerVersion {
			t.Errorf("server version %s, want v%s", v.GitVersion, APIServerVersion)
		}

		const node = "kubenode-e2e-node"
		cfg, err := clientcmd.RESTConfigFromKubeConfig(cp.KubeletKubeconfig(t, node))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Host != cp.Server {
			t.Errorf("kubelet kubeconfig server %s, want %s", cfg.Host, cp.Server)
		}
		cfg.Dial = cp.DialContext
		kubelet, err := kubernetes.NewForConfig(cfg)
		if err != nil {
			t.Fatal(err)
		}
		review, err := kubelet.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("SelfSubjectReview as the kubelet: %v", err)
		}
		if u := review.Status.UserInfo; u.Username != "system:node:"+node || !slices.Contains(u.Groups, "system:nodes") {
			t.Errorf("the kubelet kubeconfig authenticates as %s %v, want system:node:%s in system:nodes", u.Username, u.Groups, node)
		}

		cp.EnsureDefaultServiceAccount(t, metav1.NamespaceDefault)
		cp.EnsureDefaultServiceAccount(t, metav1.NamespaceDefault) // twice is fine
		if _, err := client.CoreV1().ServiceAccounts(metav1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{}); err != nil {
			t.Errorf("ServiceAccount default/default: %v", err)
		}

		ca, err := os.ReadFile(cp.CAFile)
		if err != nil || string(ca) != string(cp.CA.PEM) {
			t.Errorf("CAFile %s does not hold the CA: %v", cp.CAFile, err)
		}
	})
	// The subtest's cleanups stopped etcd and kube-apiserver: nothing
	// listens on their ports inside the namespace any more.
	dial := NetnsDialer(s.PID)
	for _, addr := range []string{APIServerAddress, "127.0.0.1:2379"} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := dial(ctx, "tcp", addr)
		cancel()
		if err == nil {
			conn.Close()
			t.Errorf("%s still answers after the control plane's cleanup", addr)
		}
	}
}

// TestNetnsDialer checks that a dial through NetnsDialer happens inside the
// other network namespace: a listener made there is reached, while the
// test's own namespace has no such listener.
func TestNetnsDialer(t *testing.T) {
	s := BootSystemd(t, OwnNetwork())
	var ln net.Listener
	var listenErr error
	if err := inNetns(fmt.Sprintf("/proc/%d/ns/net", s.PID), func() { ln, listenErr = net.Listen("tcp", "127.0.0.1:0") }); err != nil {
		t.Fatal(err)
	}
	if listenErr != nil {
		t.Fatal(listenErr)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Write([]byte("inside"))
			c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := NetnsDialer(s.PID)(ctx, "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial %s inside the namespace: %v", ln.Addr(), err)
	}
	buf := make([]byte, 6)
	if _, err := conn.Read(buf); err != nil || string(buf) != "inside" {
		t.Errorf("read %q, %v", buf, err)
	}
	conn.Close()
	var d net.Dialer
	if c, err := d.DialContext(ctx, "tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Errorf("%s of the namespace answers in the test's own network namespace", ln.Addr())
	}
}
