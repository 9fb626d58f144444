// Command etcd is a one-member etcd for the e2e control plane: the real etcd
// server, started in process with go.etcd.io/etcd/server/v3's embed package,
// so that the tests need no etcd release binary (the Go module proxy serves
// the module; the release tarballs are not reachable here).
//
//	etcd --data-dir DIR [--client-url http://127.0.0.1:2379] [--peer-url http://127.0.0.1:2380]
//
// It serves plain HTTP on the client URL, which e2e/harness puts on the
// loopback of a network namespace of the test's own, where only the
// kube-apiserver started beside it reaches it. It prints "ready" on
// standard output once the member serves, and on SIGTERM or SIGINT stops
// cleanly and exits 0.
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

func main() {
	dataDir := flag.String("data-dir", "", "the member's data directory (required)")
	clientURL := flag.String("client-url", "http://127.0.0.1:2379", "the URL to serve clients on")
	peerURL := flag.String("peer-url", "http://127.0.0.1:2380", "the URL to serve peers on (no peer ever comes; etcd needs one)")
	flag.Parse()
	if *dataDir == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dataDir, *clientURL, *peerURL); err != nil {
		fmt.Fprintln(os.Stderr, "etcd:", err)
		os.Exit(1)
	}
}

func run(dataDir, clientURL, peerURL string) error {
	client, err := url.Parse(clientURL)
	if err != nil {
		return fmt.Errorf("--client-url: %w", err)
	}
	peer, err := url.Parse(peerURL)
	if err != nil {
		return fmt.Errorf("--peer-url: %w", err)
	}
	cfg := embed.NewConfig()
	cfg.Name = "kubenode-e2e"
	cfg.Dir = dataDir
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "warn"
	// The data lives in a temp dir for one test run: fsync buys nothing
	// there and costs seconds on a loaded machine.
	cfg.UnsafeNoFsync = true

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return err
	}
	defer e.Close()
	select {
	case <-e.Server.ReadyNotify():
		fmt.Println("ready")
	case err := <-e.Err():
		return err
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("not ready after 2 minutes")
	case <-stop:
		return nil
	}
	select {
	case err := <-e.Err():
		return err
	case <-stop:
		return nil
	}
}
