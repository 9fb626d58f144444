// Package field describes where in a file a problem is and what the problem
// is.
//
// A [Path] prints in the syntax of the file it points into, so a message
// names the key the way the person who edits that file writes it:
//
//	plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.runtime_type   (TOML)
//	exec-opts[0]                                                                      (JSON, YAML)
//	kubelet.service [Service] ExecStart                                               (systemd unit)
//	kubelet --node-ip                                                                 (command-line flags)
//
// An [Error] carries a sentinel ([ErrRequired], [ErrInvalid], ...) that
// errors.Is matches, the path, the bad value and a detail. Validators collect
// every problem in an [ErrorList] and return [ErrorList.Err], which is a plain
// nil when the list is empty. Warnings travel in a separate ErrorList, never
// mixed with errors.
package field
