package kubelet

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The eviction thresholds and reservations, checked as the kubelet parses
// them at start (pkg/kubelet/eviction/helpers.go ParseThresholdConfig and
// cmd/kubelet/app/server.go parseResourceList): a value it refuses stops
// it, so the node never registers. Each is a map from a name to a string,
// in the config file or in a flag.

// evictionSignals are the signals a threshold may name, by the release
// that added them (containerfs.* came with the split image filesystem,
// kubernetes PR 120616, 1.29).
var evictionSignals = map[string]runtime.Version{
	"memory.available":            {},
	"allocatableMemory.available": {},
	"nodefs.available":            {},
	"nodefs.inodesFree":           {},
	"imagefs.available":           {},
	"imagefs.inodesFree":          {},
	"pid.available":               {},
	"containerfs.available":       v1(29),
	"containerfs.inodesFree":      v1(29),
}

// reservedResources are the resources systemReserved and kubeReserved may
// name.
var reservedResources = []string{"cpu", "memory", "ephemeral-storage", "pid"}

// eviction is one kubelet's eviction and reservation settings, by the name
// of their config key.
type eviction struct {
	hard, soft, softGracePeriod, minimumReclaim map[string]string
	systemReserved, kubeReserved                map[string]string
	// graceElsewhere: the soft thresholds' grace periods are given
	// somewhere this does not see (another flag), so none is required.
	graceElsewhere bool
}

// evictionOf returns the settings of a KubeletConfiguration.
func (c *Config) evictionOf() eviction {
	kc := &c.KubeletConfiguration
	return eviction{hard: kc.EvictionHard, soft: kc.EvictionSoft, softGracePeriod: kc.EvictionSoftGracePeriod,
		minimumReclaim: kc.EvictionMinimumReclaim, systemReserved: kc.SystemReserved, kubeReserved: kc.KubeReserved}
}

// validate checks every setting; at gives the path of one entry of the
// setting with the given config key. target may be zero (unknown): then no
// signal is judged by its release.
func (e eviction) validate(target runtime.Version, at func(key, name string) *field.Path) field.ErrorList {
	if len(e.hard)+len(e.soft)+len(e.softGracePeriod)+len(e.minimumReclaim)+len(e.systemReserved)+len(e.kubeReserved) == 0 {
		return nil // most configs set none; the checks below cost closures and sorted keys
	}
	var errs field.ErrorList
	signal := func(key, name string) bool {
		since, ok := evictionSignals[name]
		switch {
		case !ok:
			errs = append(errs, field.NotSupported(at(key, name), name, slices.Sorted(maps.Keys(evictionSignals))))
		case !target.IsZero() && target.MinorOf().Before(since):
			errs = append(errs, &field.Error{Type: field.ErrNotSupported, Path: at(key, name), BadValue: name,
				Detail: "added in Kubernetes " + since.String() + "; the " + target.MinorOf().String() + " kubelet refuses it"})
		default:
			return true
		}
		return false
	}
	thresholds := func(key string, m map[string]string) (set []string) {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			if !signal(key, name) {
				continue
			}
			off, problem := checkThreshold(m[name])
			if problem != "" {
				errs = append(errs, field.Invalid(at(key, name), m[name], problem))
			} else if !off {
				set = append(set, name)
			}
		}
		return set
	}
	thresholds("evictionHard", e.hard)
	soft := thresholds("evictionSoft", e.soft)
	for _, name := range slices.Sorted(maps.Keys(e.softGracePeriod)) {
		if !signal("evictionSoftGracePeriod", name) {
			continue
		}
		if d, err := time.ParseDuration(e.softGracePeriod[name]); err != nil || d < 0 {
			errs = append(errs, field.Invalid(at("evictionSoftGracePeriod", name), e.softGracePeriod[name], "a duration of 0 or more, such as 1m30s"))
		}
	}
	for _, name := range soft {
		if _, ok := e.softGracePeriod[name]; !ok && !e.graceElsewhere {
			errs = append(errs, field.Required(at("evictionSoftGracePeriod", name), "a soft threshold needs a grace period; the kubelet refuses one without"))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(e.minimumReclaim)) {
		if !signal("evictionMinimumReclaim", name) {
			continue
		}
		if problem := checkMinimumReclaim(e.minimumReclaim[name]); problem != "" {
			errs = append(errs, field.Invalid(at("evictionMinimumReclaim", name), e.minimumReclaim[name], problem))
		}
	}
	for _, r := range []struct {
		key string
		m   map[string]string
	}{{"systemReserved", e.systemReserved}, {"kubeReserved", e.kubeReserved}} {
		for _, name := range slices.Sorted(maps.Keys(r.m)) {
			p := at(r.key, name)
			if !slices.Contains(reservedResources, name) {
				errs = append(errs, field.NotSupported(p, name, reservedResources))
				continue
			}
			if q, err := resource.ParseQuantity(r.m[name]); err != nil || q.Sign() < 0 {
				errs = append(errs, field.Invalid(p, r.m[name], "a quantity of 0 or more, such as 500m, 1Gi or 100"))
			}
		}
	}
	return errs
}

// checkThreshold reads a hard or soft threshold: a positive quantity, or a
// percentage from 0% to 100%, where 0% and 100% turn the signal's
// threshold off. It returns the problem, or whether the value is off.
func checkThreshold(v string) (off bool, problem string) {
	if strings.HasSuffix(v, "%") {
		if v == "0%" || v == "100%" {
			return true, ""
		}
		pct, ok := parsePercent(v)
		if !ok || pct < 0 || pct > 100 {
			return false, "a percentage from 0% to 100%, such as 10%"
		}
		return false, ""
	}
	if q, err := resource.ParseQuantity(v); err != nil || q.Sign() <= 0 {
		return false, "a positive quantity such as 100Mi or 1000, or a percentage such as 10%"
	}
	return false, ""
}

// checkMinimumReclaim reads a minimum reclaim: a positive percentage or a
// quantity of 0 or more.
func checkMinimumReclaim(v string) string {
	if strings.HasSuffix(v, "%") {
		if pct, ok := parsePercent(v); !ok || pct <= 0 {
			return "a percentage above 0%, such as 5%"
		}
		return ""
	}
	if q, err := resource.ParseQuantity(v); err != nil || q.Sign() < 0 {
		return "a quantity of 0 or more such as 500Mi, or a percentage such as 5%"
	}
	return ""
}

// parsePercent reads "12.5%" as the kubelet does (strconv.ParseFloat after
// trimming the signs); NaN and infinities, which it would take and never
// compare with anything, are refused.
func parsePercent(v string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimRight(v, "%"), 32)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// evictionFlags are the flags that carry the same settings, by the config
// key each sets, and the separator between a name and its value
// (--eviction-hard=memory.available<100Mi,... and
// --system-reserved=cpu=500m,...).
var evictionFlags = map[string]struct{ key, sep string }{
	"eviction-hard":              {"evictionHard", "<"},
	"eviction-soft":              {"evictionSoft", "<"},
	"eviction-soft-grace-period": {"evictionSoftGracePeriod", "="},
	"eviction-minimum-reclaim":   {"evictionMinimumReclaim", "="},
	"system-reserved":            {"systemReserved", "="},
	"kube-reserved":              {"kubeReserved", "="},
}

// checkEvictionFlag checks the value of one of evictionFlags, reporting at
// p; any other flag has nothing to check here. The soft thresholds'
// grace periods may be in another flag, so only the values are judged.
func checkEvictionFlag(name, value string, target runtime.Version, p *field.Path) field.ErrorList {
	f, ok := evictionFlags[name]
	if !ok {
		return nil
	}
	m := map[string]string{}
	for _, item := range strings.Split(value, ",") {
		if item == "" {
			continue
		}
		k, v, found := strings.Cut(item, f.sep)
		if !found {
			return field.ErrorList{field.Invalid(p, value, "a list of name"+f.sep+"value separated by commas")}
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	e := eviction{}
	switch f.key {
	case "evictionHard":
		e.hard = m
	case "evictionSoft":
		e.soft, e.graceElsewhere = m, true
	case "evictionSoftGracePeriod":
		e.softGracePeriod = m
	case "evictionMinimumReclaim":
		e.minimumReclaim = m
	case "systemReserved":
		e.systemReserved = m
	case "kubeReserved":
		e.kubeReserved = m
	}
	return e.validate(target, func(string, string) *field.Path { return p })
}
