package systemd_test

import (
	"fmt"
	"time"

	"github.com/kubenode/kubenode/systemd"
)

func Example() {
	yes := true
	u := &systemd.UnitFile{
		Name: "containerd.service",
		Sections: systemd.Sections{
			Unit: &systemd.Unit{
				Description: "containerd container runtime",
				After:       []string{"network.target", "local-fs.target"},
			},
			Service: &systemd.Service{
				Type:         systemd.TypeNotify,
				ExecStartPre: []systemd.Command{{IgnoreFailure: true, Argv: []string{"/sbin/modprobe", "overlay"}}},
				ExecStart:    []systemd.Command{systemd.NewCommand("/usr/bin/containerd", "--config", "/etc/containerd/config.toml")},
				Restart:      systemd.RestartAlways,
				RestartSec:   systemd.TimespanOf(5 * time.Second),
				Delegate:     &yes,
				KillMode:     systemd.KillProcess,
				TasksMax:     "infinity",
			},
			Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
		},
	}
	out, err := u.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// [Unit]
	// Description=containerd container runtime
	// After=network.target
	// After=local-fs.target
	//
	// [Service]
	// Type=notify
	// ExecStartPre=-/sbin/modprobe overlay
	// ExecStart=/usr/bin/containerd --config /etc/containerd/config.toml
	// Restart=always
	// RestartSec=5s
	// Delegate=yes
	// KillMode=process
	// TasksMax=infinity
	//
	// [Install]
	// WantedBy=multi-user.target
}

func ExampleDropIn() {
	d := &systemd.DropIn{
		Unit: "kubelet.service",
		Name: "20-node-ip.conf",
		Sections: systemd.Sections{Service: &systemd.Service{
			Environment: []systemd.Env{{Name: "KUBELET_EXTRA_ARGS", Value: "--node-ip=192.168.1.31,2408:822a:245:8c01::fab"}},
			// The zero Command clears the unit's ExecStart before the new one.
			ExecStart: []systemd.Command{{}, systemd.NewCommand("/usr/bin/kubelet", "$KUBELET_EXTRA_ARGS")},
		}},
	}
	out, err := d.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Path(systemd.SystemDir))
	fmt.Print(string(out))
	// Output:
	// /etc/systemd/system/kubelet.service.d/20-node-ip.conf
	// [Service]
	// ExecStart=
	// ExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS
	// Environment=KUBELET_EXTRA_ARGS=--node-ip=192.168.1.31,2408:822a:245:8c01::fab
}

func ExampleUnitFile_Validate() {
	u := &systemd.UnitFile{
		Name: "cri-docker.service",
		Sections: systemd.Sections{
			Unit: &systemd.Unit{Description: "CRI for Docker\nExecStartPre=/bin/sh -c evil"},
			Service: &systemd.Service{
				Type:      "notfy",
				ExecStart: []systemd.Command{systemd.NewCommand("cri-dockerd", "--network-plugin=cni")},
			},
		},
	}
	fmt.Println(u.Validate())
	// Output:
	// cri-docker.service [Unit] Description: invalid value: "CRI for Docker\nExecStartPre=/bin/sh -c evil": a line break or NUL would end the line, and systemd would read the rest as a directive of its own
	// cri-docker.service [Service] Type: unsupported value: "notfy": supported values: "simple", "exec", "forking", "oneshot", "dbus", "notify", "notify-reload", "idle"
	// cri-docker.service [Service] ExecStart[0][0]: invalid value: "cri-dockerd": the program must be an absolute path
}

func ExampleQuoteWord() {
	fmt.Println(systemd.QuoteWord("--node-labels=node.kubernetes.io/node="))
	fmt.Println(systemd.QuoteWord("echo 'a b'"))
	fmt.Println(systemd.QuoteWord(""))
	// Output:
	// --node-labels=node.kubernetes.io/node=
	// "echo 'a b'"
	// ""
}
