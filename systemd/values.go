package systemd

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ServiceType is the value of Type= in [Service]: when systemd considers the
// service started.
type ServiceType string

// The service types systemd knows.
const (
	// TypeSimple: started as soon as the process is forked (the default when
	// ExecStart= is set).
	TypeSimple ServiceType = "simple"
	// TypeExec: started once the binary has been executed.
	TypeExec ServiceType = "exec"
	// TypeForking: started when the first process exits, leaving a daemon.
	TypeForking ServiceType = "forking"
	// TypeOneshot: started when the process exits; may have several ExecStart=.
	TypeOneshot ServiceType = "oneshot"
	// TypeDBus: started when it takes its BusName= on D-Bus.
	TypeDBus ServiceType = "dbus"
	// TypeNotify: started when the daemon sends READY=1 over sd_notify
	// (dockerd, containerd and cri-dockerd do).
	TypeNotify ServiceType = "notify"
	// TypeNotifyReload: notify, and reloads are signalled too (systemd 253+).
	TypeNotifyReload ServiceType = "notify-reload"
	// TypeIdle: like simple, delayed until other jobs are dispatched.
	TypeIdle ServiceType = "idle"
)

// ServiceTypes lists every valid [ServiceType].
var ServiceTypes = []ServiceType{TypeSimple, TypeExec, TypeForking, TypeOneshot, TypeDBus, TypeNotify, TypeNotifyReload, TypeIdle}

// RestartPolicy is the value of Restart= in [Service]: when systemd restarts
// a service that ended.
type RestartPolicy string

// The restart policies systemd knows.
const (
	RestartNo         RestartPolicy = "no"
	RestartOnSuccess  RestartPolicy = "on-success"
	RestartOnFailure  RestartPolicy = "on-failure"
	RestartOnAbnormal RestartPolicy = "on-abnormal"
	RestartOnWatchdog RestartPolicy = "on-watchdog"
	RestartOnAbort    RestartPolicy = "on-abort"
	RestartAlways     RestartPolicy = "always"
)

// RestartPolicies lists every valid [RestartPolicy].
var RestartPolicies = []RestartPolicy{RestartNo, RestartOnSuccess, RestartOnFailure, RestartOnAbnormal, RestartOnWatchdog, RestartOnAbort, RestartAlways}

// KillMode is the value of KillMode= in [Service]: which processes systemd
// signals when it stops the service.
type KillMode string

// The kill modes systemd knows.
const (
	// KillControlGroup signals every process of the unit (the default).
	KillControlGroup KillMode = "control-group"
	// KillMixed sends SIGTERM to the main process and SIGKILL to the rest.
	KillMixed KillMode = "mixed"
	// KillProcess signals only the main process; container runtimes use it so
	// that stopping the daemon leaves the containers running.
	KillProcess KillMode = "process"
	// KillNone signals nothing; systemd deprecates it.
	KillNone KillMode = "none"
)

// KillModes lists every valid [KillMode].
var KillModes = []KillMode{KillControlGroup, KillMixed, KillProcess, KillNone}

// Timespan is a systemd time span as a unit file writes it: "60s", "5min",
// "1h 30min", "100ms", "0", a plain number of seconds ("5"), or "infinity".
// Units: us (usec), ms (msec), s (sec, second, seconds), m (min, minute,
// minutes), h (hr, hour, hours), d (day, days), w (week, weeks), M (month,
// months), y (year, years). It is kept as written so a parsed file renders
// the same text back.
type Timespan string

// TimespanInfinity disables a timeout.
const TimespanInfinity Timespan = "infinity"

// TimespanOf writes d the way systemd prints a time span: "0", "100ms",
// "2s", "1min 30s", "1h 30min". A negative d gives "0"; sub-microsecond
// precision is dropped.
func TimespanOf(d time.Duration) Timespan {
	if d < time.Microsecond {
		return "0"
	}
	parts := []struct {
		unit time.Duration
		name string
	}{
		{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "min"}, {time.Second, "s"},
		{time.Millisecond, "ms"}, {time.Microsecond, "us"},
	}
	var words []string
	for _, p := range parts {
		if n := d / p.unit; n > 0 {
			words = append(words, strconv.FormatInt(int64(n), 10)+p.name)
			d -= n * p.unit
		}
	}
	return Timespan(strings.Join(words, " "))
}

// Limit is a resource limit for the Limit*= keys: "infinity", a number, or
// "soft:hard" with each side a number or "infinity". Byte limits (LimitCORE,
// LimitMEMLOCK) also take the 1024-based suffixes K, M, G, T, P, E ("64M").
type Limit string

// LimitInfinity removes a resource limit.
const LimitInfinity Limit = "infinity"

// whitespace is what systemd's parsers skip; unicode spaces are not in it.
const whitespace = " \t\n\r"

func isWhitespace(c byte) bool {
	return strings.IndexByte(whitespace, c) >= 0
}

func digitSpan(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// timeUnits is systemd's table (time-util.c) in its order: the first suffix
// that prefixes the rest of the value wins, so longer spellings come first.
var timeUnits = []struct {
	suffix string
	usec   uint64
}{
	{"seconds", 1e6}, {"second", 1e6}, {"sec", 1e6}, {"s", 1e6},
	{"minutes", 60e6}, {"minute", 60e6}, {"min", 60e6},
	{"months", 2629800e6}, {"month", 2629800e6}, {"M", 2629800e6},
	{"msec", 1e3}, {"ms", 1e3}, {"m", 60e6},
	{"hours", 3600e6}, {"hour", 3600e6}, {"hr", 3600e6}, {"h", 3600e6},
	{"days", 86400e6}, {"day", 86400e6}, {"d", 86400e6},
	{"weeks", 604800e6}, {"week", 604800e6}, {"w", 604800e6},
	{"years", 31557600e6}, {"year", 31557600e6}, {"y", 31557600e6},
	{"usec", 1}, {"us", 1}, {"μs", 1}, {"µs", 1},
}

// valid follows systemd's parse_sec: whitespace-separated or juxtaposed
// number+unit pairs, a bare number meaning seconds, fractions allowed
// (".5s", not "5."), negative values and overflows refused.
func (t Timespan) valid() bool {
	const inf = math.MaxUint64
	p := strings.TrimLeft(string(t), whitespace)
	if rest, ok := strings.CutPrefix(p, "infinity"); ok {
		return strings.TrimLeft(rest, whitespace) == ""
	}
	var total uint64
	something := false
	for {
		p = strings.TrimLeft(p, whitespace)
		if p == "" {
			return something
		}
		if p[0] == '-' {
			return false
		}
		// strtoll: an optional sign, then digits; e is where it stopped,
		// which is p itself when it converted nothing.
		q := strings.TrimPrefix(p, "+")
		n := digitSpan(q)
		e := p
		var whole uint64
		if n > 0 {
			v, err := strconv.ParseInt(q[:n], 10, 64)
			if err != nil {
				return false
			}
			whole, e = uint64(v), q[n:]
		}
		frac := ""
		if strings.HasPrefix(e, ".") {
			frac = e[1 : 1+digitSpan(e[1:])]
			p = e[1+len(frac):]
		} else if n == 0 {
			return false
		} else {
			p = e
		}
		s := strings.TrimLeft(p, whitespace)
		mult := uint64(1e6)
		for _, u := range timeUnits {
			if rest, ok := strings.CutPrefix(s, u.suffix); ok {
				mult, s = u.usec, rest
				break
			}
		}
		// "12.34.56" is refused, "12.34 .56" and "12.34s.56" are not.
		if len(s) == len(p) && s != "" {
			return false
		}
		p = s
		if whole >= inf/mult {
			return false
		}
		if whole*mult >= inf-total {
			return false
		}
		total += whole * mult
		if strings.HasPrefix(e, ".") {
			// "3." "3.sec" and "3. 1" are refused.
			if frac == "" {
				return false
			}
			m := mult / 10
			for _, d := range frac {
				k := uint64(d-'0') * m
				if k >= inf-total {
					return false
				}
				total += k
				m /= 10
			}
		}
		something = true
	}
}

// sizeSuffixes is parse_size's 1024-based table; each later term of a sum
// ("1G 512M") must use a smaller suffix.
var sizeSuffixes = []struct {
	suffix string
	factor float64
}{
	{"E", 1 << 60}, {"P", 1 << 50}, {"T", 1 << 40}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}, {"", 1},
}

// parseSize follows systemd's parse_size with base 1024.
func parseSize(s string) (float64, bool) {
	p := s
	start := 0
	total := 0.0
	for {
		p = strings.TrimLeft(p, whitespace)
		n := digitSpan(p)
		if n == 0 {
			return 0, false
		}
		i, err := strconv.ParseUint(p[:n], 10, 64)
		if err != nil {
			return 0, false
		}
		value := float64(i)
		e := p[n:]
		if strings.HasPrefix(e, ".") {
			m := digitSpan(e[1:])
			if m > 0 {
				f, _ := strconv.ParseFloat("0."+e[1:1+m], 64)
				value += f
			}
			e = e[1+m:]
		}
		e = strings.TrimLeft(e, whitespace)
		k := start
		for ; k < len(sizeSuffixes); k++ {
			if strings.HasPrefix(e, sizeSuffixes[k].suffix) {
				break
			}
		}
		if k == len(sizeSuffixes) {
			return 0, false
		}
		total += value * sizeSuffixes[k].factor
		if total >= math.MaxUint64 {
			return 0, false
		}
		p = e[len(sizeSuffixes[k].suffix):]
		start = k + 1
		if p == "" {
			return total, true
		}
	}
}

// limitSide parses one side of a Limit; byteLimit allows size suffixes.
func limitSide(s string, byteLimit bool) (float64, bool) {
	if s == "infinity" {
		return math.Inf(1), true
	}
	if byteLimit {
		return parseSize(s)
	}
	if s == "" || digitSpan(s) != len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return float64(v), err == nil
}

// valid follows systemd's rlimit_parse: one value for both the soft and the
// hard limit, or soft:hard with soft no larger than hard.
func (l Limit) valid(byteLimit bool) bool {
	soft, hard, pair := strings.Cut(string(l), ":")
	s, ok := limitSide(soft, byteLimit)
	if !ok || !pair {
		return ok
	}
	h, ok := limitSide(hard, byteLimit)
	return ok && s <= h
}

// validTasksMax accepts what TasksMax= takes: a positive count, a positive
// percentage of the system's limit, or "infinity".
func validTasksMax(s string) bool {
	if s == "infinity" {
		return true
	}
	num, pct := strings.CutSuffix(s, "%")
	whole, frac, dot := strings.Cut(num, ".")
	if whole == "" || digitSpan(whole) != len(whole) {
		return false
	}
	if dot && (!pct || frac == "" || len(frac) > 2 || digitSpan(frac) != len(frac)) {
		return false
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v <= 0 {
		return false
	}
	return !pct || v <= 100
}

// validSocketMode accepts an octal access mode from 0 to 0777.
func validSocketMode(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	v, err := strconv.ParseUint(s, 8, 32)
	return err == nil && v <= 0o777
}

// parseBool accepts every spelling systemd's parse_boolean does.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "1", "yes", "y", "true", "t", "on":
		return true, true
	case "0", "no", "n", "false", "f", "off":
		return false, true
	}
	return false, false
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
