package kubelet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// withEviction is a valid config with every eviction and reservation key
// set as the kubelet takes them.
func withEviction(t *testing.T) *kubelet.Config {
	c := validConfig(t)
	c.EvictionHard = map[string]string{"memory.available": "100Mi", "nodefs.available": "10%", "imagefs.inodesFree": "0%", "pid.available": "100%"}
	c.EvictionSoft = map[string]string{"memory.available": "300Mi", "allocatableMemory.available": "12.5%"}
	c.EvictionSoftGracePeriod = map[string]string{"memory.available": "1m30s", "allocatableMemory.available": "0s"}
	c.EvictionMinimumReclaim = map[string]string{"memory.available": "0", "nodefs.available": "5%"}
	c.SystemReserved = map[string]string{"cpu": "500m", "memory": "1Gi", "ephemeral-storage": "10Gi", "pid": "1000"}
	c.KubeReserved = map[string]string{"cpu": "0", "memory": "512Mi"}
	return c
}

func TestEvictionValuesTheKubeletTakes(t *testing.T) {
	c := withEviction(t)
	require.NoError(t, c.Validate(v137))
	c.EvictionHard["containerfs.available"] = "10%"
	assert.NoError(t, c.Validate(runtime.NewVersion(1, 29)))
}

// Issue 20, item 8: evictionHard and systemReserved values "bogus", "-5Gi"
// or holding a newline were accepted, and the kubelet then refused to
// start. Each is now refused at its key, as the kubelet parses it.
func TestEvictionValuesTheKubeletRefuses(t *testing.T) {
	requireOneProblem(t, withEviction, (*kubelet.Config).Validate, []oneProblem[*kubelet.Config]{
		{"hard bogus", v137, func(c *kubelet.Config) { c.EvictionHard["memory.available"] = "bogus" }, field.ErrInvalid, `evictionHard."memory.available"`},
		{"hard negative", v137, func(c *kubelet.Config) { c.EvictionHard["memory.available"] = "-5Gi" }, field.ErrInvalid, `evictionHard."memory.available"`},
		{"hard with a newline", v137, func(c *kubelet.Config) { c.EvictionHard["memory.available"] = "100Mi\nx" }, field.ErrInvalid, `evictionHard."memory.available"`},
		{"hard zero", v137, func(c *kubelet.Config) { c.EvictionHard["memory.available"] = "0" }, field.ErrInvalid, `evictionHard."memory.available"`},
		{"hard over 100%", v137, func(c *kubelet.Config) { c.EvictionHard["nodefs.available"] = "101%" }, field.ErrInvalid, `evictionHard."nodefs.available"`},
		{"hard negative percentage", v137, func(c *kubelet.Config) { c.EvictionHard["nodefs.available"] = "-1%" }, field.ErrInvalid, `evictionHard."nodefs.available"`},
		{"hard percentage not a number", v137, func(c *kubelet.Config) { c.EvictionHard["nodefs.available"] = "ten%" }, field.ErrInvalid, `evictionHard."nodefs.available"`},
		{"hard NaN percentage", v137, func(c *kubelet.Config) { c.EvictionHard["nodefs.available"] = "NaN%" }, field.ErrInvalid, `evictionHard."nodefs.available"`},
		{"unknown signal", v137, func(c *kubelet.Config) { c.EvictionHard["disk.available"] = "1Gi" }, field.ErrNotSupported, `evictionHard."disk.available"`},
		{"signal with a newline", v137, func(c *kubelet.Config) { c.EvictionHard["memory.available\n"] = "1Gi" }, field.ErrNotSupported, `evictionHard."memory.available\n"`},
		{"containerfs before 1.29", runtime.NewVersion(1, 28), func(c *kubelet.Config) { c.EvictionHard["containerfs.available"] = "10%" }, field.ErrNotSupported, `evictionHard."containerfs.available"`},
		{"soft bogus", v137, func(c *kubelet.Config) { c.EvictionSoft["memory.available"] = "bogus" }, field.ErrInvalid, `evictionSoft."memory.available"`},
		{"soft without a grace period", v137, func(c *kubelet.Config) { c.EvictionSoft["nodefs.available"] = "15%" }, field.ErrRequired, `evictionSoftGracePeriod."nodefs.available"`},
		{"grace period not a duration", v137, func(c *kubelet.Config) { c.EvictionSoftGracePeriod["memory.available"] = "90" }, field.ErrInvalid, `evictionSoftGracePeriod."memory.available"`},
		{"grace period negative", v137, func(c *kubelet.Config) { c.EvictionSoftGracePeriod["memory.available"] = "-1s" }, field.ErrInvalid, `evictionSoftGracePeriod."memory.available"`},
		{"minimum reclaim negative", v137, func(c *kubelet.Config) { c.EvictionMinimumReclaim["memory.available"] = "-1Mi" }, field.ErrInvalid, `evictionMinimumReclaim."memory.available"`},
		{"minimum reclaim 0%", v137, func(c *kubelet.Config) { c.EvictionMinimumReclaim["nodefs.available"] = "0%" }, field.ErrInvalid, `evictionMinimumReclaim."nodefs.available"`},
		{"reserved bogus", v137, func(c *kubelet.Config) { c.SystemReserved["memory"] = "bogus" }, field.ErrInvalid, "systemReserved.memory"},
		{"reserved negative", v137, func(c *kubelet.Config) { c.SystemReserved["memory"] = "-5Gi" }, field.ErrInvalid, "systemReserved.memory"},
		{"reserved with a newline", v137, func(c *kubelet.Config) { c.SystemReserved["cpu"] = "1\n" }, field.ErrInvalid, "systemReserved.cpu"},
		{"reserved unknown resource", v137, func(c *kubelet.Config) { c.KubeReserved["hugepages-2Mi"] = "1Gi" }, field.ErrNotSupported, "kubeReserved.hugepages-2Mi"},
	})
}

// The same values given as the kubelet's (deprecated) flags.
func TestEvictionFlags(t *testing.T) {
	ok := func(name, value string) {
		t.Helper()
		f := validFlags()
		f.Extra = append(f.Extra, kubelet.Flag{Name: name, Value: value})
		_, err := f.Validate(v137)
		assert.NoError(t, err, "--%s=%s", name, value)
	}
	bad := func(name, value string, sentinel error) {
		t.Helper()
		f := validFlags()
		f.Extra = append(f.Extra, kubelet.Flag{Name: name, Value: value})
		_, err := f.Validate(v137)
		fieldtest.RequireExactly(t, err, fieldtest.Match(sentinel, "kubelet --"+name))
	}
	ok("eviction-hard", "memory.available<100Mi,nodefs.available<1Gi")
	ok("eviction-soft", "memory.available<300Mi")
	ok("eviction-soft-grace-period", "memory.available=1m30s")
	ok("eviction-minimum-reclaim", "memory.available=0,nodefs.available=500Mi")
	ok("system-reserved", "cpu=500m,memory=1Gi")
	ok("kube-reserved", "cpu=100m,,pid=100")

	bad("eviction-hard", "memory.available<bogus", field.ErrInvalid)
	bad("eviction-hard", "memory.available=100Mi", field.ErrInvalid)
	bad("eviction-hard", "disk.available<1Gi", field.ErrNotSupported)
	bad("eviction-soft-grace-period", "memory.available=soon", field.ErrInvalid)
	bad("system-reserved", "memory=-5Gi", field.ErrInvalid)
	bad("kube-reserved", "gpu=1", field.ErrNotSupported)
}
