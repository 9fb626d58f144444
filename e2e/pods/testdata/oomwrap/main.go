// Command oomwrap is an OCI runtime for the e2e pods on a machine where
// no process may lower its oom_score_adj (CAP_SYS_RESOURCE is dropped):
// runc fails every container whose config.json asks for a negative
// process.oomScoreAdj ("can't get final child's PID from pipe: EOF"), and
// the kubelet asks for -998 for every pod sandbox. Docker and CRI-O have
// no setting to restrict it (containerd has restrict_oom_score_adj), so
// the test registers this program as the node's default runtime handler:
// on create and run it raises a negative oomScoreAdj in the bundle's
// config.json to 0, then it execs runc with the same arguments. It
// belongs in tests on such machines only.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// runc is the runtime it hands over to: Debian's.
const runc = "/usr/sbin/runc"

func main() {
	if err := raise(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "oomwrap:", err)
		os.Exit(1)
	}
	err := syscall.Exec(runc, append([]string{runc}, os.Args[1:]...), os.Environ())
	fmt.Fprintln(os.Stderr, "oomwrap: exec", runc+":", err)
	os.Exit(1)
}

// raise edits the bundle's config.json of a create or run command.
func raise(args []string) error {
	cmd, bundle := "", "."
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--bundle" || a == "-b":
			if i+1 < len(args) {
				bundle = args[i+1]
				i++
			}
		case len(a) > 9 && a[:9] == "--bundle=":
			bundle = a[9:]
		case cmd == "" && (a == "create" || a == "run"):
			cmd = a
		}
	}
	if cmd == "" {
		return nil
	}
	path := filepath.Join(bundle, "config.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var spec map[string]any
	if err := json.Unmarshal(data, &spec); err != nil {
		return err
	}
	proc, _ := spec["process"].(map[string]any)
	if adj, ok := proc["oomScoreAdj"].(float64); !ok || adj >= 0 {
		return nil
	}
	proc["oomScoreAdj"] = 0
	out, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}
