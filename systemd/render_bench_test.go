package systemd_test

import (
	"testing"

	"github.com/kubenode/kubenode/systemd"
)

// benchUnit is a runtime's service unit as kubenode writes them.
func benchUnit() *systemd.UnitFile {
	yes, adj := true, -999
	return &systemd.UnitFile{Name: "containerd.service", Sections: systemd.Sections{
		Unit: &systemd.Unit{
			Description:   "containerd container runtime",
			Documentation: []string{"https://containerd.io"},
			After:         []string{"network.target", "dbus.service"},
		},
		Service: &systemd.Service{
			Type:           systemd.ServiceType("notify"),
			ExecStartPre:   []systemd.Command{{Argv: []string{"/sbin/modprobe", "overlay"}, IgnoreFailure: true}},
			ExecStart:      []systemd.Command{systemd.NewCommand("/usr/local/bin/containerd")},
			Restart:        systemd.RestartPolicy("always"),
			RestartSec:     "5",
			Delegate:       &yes,
			KillMode:       systemd.KillMode("process"),
			OOMScoreAdjust: &adj,
			LimitNPROC:     "infinity",
			LimitCORE:      "infinity",
			TasksMax:       "infinity",
		},
		Install: &systemd.Install{WantedBy: []string{"multi-user.target"}},
	}}
}

// benchDropIn is the kubelet's kubeadm drop-in.
func benchDropIn() *systemd.DropIn {
	return &systemd.DropIn{Unit: "kubelet.service", Name: "10-kubeadm.conf", Sections: systemd.Sections{
		Service: &systemd.Service{
			ExecStart: []systemd.Command{{}, systemd.NewCommand("/usr/bin/kubelet", "$KUBELET_KUBECONFIG_ARGS", "$KUBELET_CONFIG_ARGS", "$KUBELET_KUBEADM_ARGS", "$KUBELET_EXTRA_ARGS")},
			Environment: []systemd.Env{
				{Name: "KUBELET_KUBECONFIG_ARGS", Value: "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"},
				{Name: "KUBELET_CONFIG_ARGS", Value: "--config=/var/lib/kubelet/config.yaml"},
			},
			EnvironmentFile: []systemd.EnvironmentFile{{Path: "/var/lib/kubelet/kubeadm-flags.env", Optional: true}, {Path: "/etc/default/kubelet", Optional: true}},
		},
	}}
}

// BenchmarkUnitRender validates and renders a service unit.
func BenchmarkUnitRender(b *testing.B) {
	u := benchUnit()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := u.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnitParse reads the service unit back.
func BenchmarkUnitParse(b *testing.B) {
	data, err := benchUnit().Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := systemd.ParseUnitFile("containerd.service", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDropInRender validates and renders a drop-in.
func BenchmarkDropInRender(b *testing.B) {
	d := benchDropIn()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Render(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDropInParse reads the drop-in back.
func BenchmarkDropInParse(b *testing.B) {
	data, err := benchDropIn().Render()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := systemd.ParseDropIn("kubelet.service", "10-kubeadm.conf", data); err != nil {
			b.Fatal(err)
		}
	}
}
