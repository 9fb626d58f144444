// Command podprog is the one program of the e2e pods' images, built
// static by the test: as /pause (the pause image) it holds the pod's
// namespaces; as /app (the test image) it says it runs. Both wait for
// SIGTERM or SIGINT and exit 0, as a pause container does.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	if filepath.Base(os.Args[0]) != "pause" {
		host, _ := os.Hostname()
		fmt.Printf("kubenode-e2e app running in %s\n", host)
	}
	<-sig
}
