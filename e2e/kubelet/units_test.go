package kubelet_test

import (
	"testing"

	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/kubelet"
)

// TestUnitsPassSystemdAnalyzeVerify verifies every unit and drop-in the
// Installer writes, in both styles and for each target, with the real
// systemd-analyze (the runtime's unit it Wants= and orders After= need not
// exist: systemd tolerates both).
func TestUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	for _, v := range targets {
		for _, style := range kubelet.UnitStyles {
			t.Run(v+"/"+string(style), func(t *testing.T) {
				harness.VerifyUnits(t, planFor(t, v, style).Files)
			})
		}
	}
}
