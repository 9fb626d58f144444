package docker

import (
	"maps"
	"regexp"
	"slices"
	"strconv"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// ramSize is a size as dockerd's go-units parses it: "10m", "10MB", "1.5g",
// "100" (bytes).
var ramSize = regexp.MustCompile(`^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`)

// logDriversOf lists the built-in log drivers of a release on Linux.
func logDriversOf(target runtime.Version) []string {
	d := []string{"json-file", "local", "journald", "syslog", "gelf", "fluentd", "awslogs", "splunk", "gcplogs", "none"}
	if target.Before(v25_0) {
		d = append(d, "logentries")
	}
	return d
}

// Options every driver accepts: the logging mode and, since 20.10, the
// local cache that keeps `docker logs` working with remote drivers.
var commonLogOpts = []string{"mode", "max-buffer-size", "cache-disabled", "cache-max-size", "cache-max-file", "cache-compress"}

// Options describing containers in log lines.
var attrLogOpts = []string{"labels", "labels-regex", "env", "env-regex", "tag"}

// logOptsOf returns the option names a built-in driver accepts, and whether
// kubenode knows them (only for the drivers below).
func logOptsOf(driver string, target runtime.Version) ([]string, bool) {
	switch driver {
	case "json-file":
		return append([]string{"max-size", "max-file", "compress"}, attrLogOpts...), true
	case "local":
		opts := []string{"max-size", "max-file", "compress"}
		if !target.Before(v29_5) {
			opts = append(opts, attrLogOpts...)
		}
		return opts, true
	case "journald":
		return attrLogOpts, true
	case "syslog":
		return append([]string{"syslog-address", "syslog-facility", "syslog-tls-ca-cert", "syslog-tls-cert",
			"syslog-tls-key", "syslog-tls-skip-verify", "syslog-format"}, attrLogOpts...), true
	}
	return nil, false
}

// validateLogging checks log-driver and log-opts. dockerd refuses unknown
// options of a built-in driver at start, but bad values (max-size "abc",
// max-file "0") only when it creates a container, so each would fail every
// pod of the node.
func validateLogging(driver string, opts map[string]string, target runtime.Version) (warnings, errs field.ErrorList) {
	if driver == "" {
		driver = "json-file"
	}
	dp := field.NewPath("log-driver")
	op := field.NewPath("log-opts")
	if e := checkLogDriverName(dp, driver, target); len(e) > 0 {
		return nil, e // the options of a driver dockerd lacks mean nothing
	}
	if driver == "none" {
		for _, k := range slices.Sorted(maps.Keys(opts)) {
			warnings = append(warnings, field.Unknown(op.Key(k), "the none log driver ignores every option"))
		}
		return warnings, nil
	}
	known, checked := logOptsOf(driver, target)
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		if checked && !contains(known, k) && !contains(commonLogOpts, k) {
			errs = append(errs, field.NotSupported(op.Key(k), k, append(known, commonLogOpts...)))
		}
	}
	if m, ok := opts["mode"]; ok && m != "blocking" && m != "non-blocking" {
		errs = append(errs, field.NotSupported(op.Key("mode"), m, []string{"blocking", "non-blocking"}))
	}
	if s, ok := opts["max-buffer-size"]; ok {
		if opts["mode"] != "non-blocking" {
			errs = append(errs, field.Forbidden(op.Key("max-buffer-size"), s, "only with mode non-blocking"))
		}
		if !ramSize.MatchString(s) {
			errs = append(errs, field.Invalid(op.Key("max-buffer-size"), s, `not a size such as "4m"`))
		}
	}
	if v, ok := opts["cache-disabled"]; ok {
		if _, err := strconv.ParseBool(v); err != nil {
			errs = append(errs, field.Invalid(op.Key("cache-disabled"), v, "not a boolean"))
		}
	}
	if driver == "json-file" || driver == "local" {
		errs = append(errs, validateRotation(op, driver, opts)...)
	}
	return warnings, errs
}

// validateRotation checks max-size, max-file and compress of json-file and
// local, which differ: json-file needs max-size > 0 and max-file >= 1 and
// compresses only when asked; local defaults to compressing, which needs
// max-file > 1.
func validateRotation(op *field.Path, driver string, opts map[string]string) field.ErrorList {
	var errs field.ErrorList
	sizeSet := false
	if s, ok := opts["max-size"]; ok {
		sizeSet = true
		switch {
		case !ramSize.MatchString(s):
			errs = append(errs, field.Invalid(op.Key("max-size"), s, `not a size such as "10m"`))
		case driver == "json-file" && isZeroSize(s):
			errs = append(errs, field.Invalid(op.Key("max-size"), s, "must be a positive size"))
		}
	}
	files, filesSet := 1, false
	if driver == "local" {
		files = 5
	}
	if s, ok := opts["max-file"]; ok {
		n, err := strconv.Atoi(s)
		lowest := 1
		if driver == "local" {
			lowest = 0
		}
		if err != nil || n < lowest {
			errs = append(errs, field.Invalid(op.Key("max-file"), s, "must be a whole number of at least "+strconv.Itoa(lowest)))
		} else {
			files, filesSet = n, true
		}
	}
	compress := driver == "local"
	if s, ok := opts["compress"]; ok {
		b, err := strconv.ParseBool(s)
		if err != nil {
			errs = append(errs, field.Invalid(op.Key("compress"), s, "not a boolean"))
		}
		compress = b
	}
	if compress {
		switch {
		case driver == "json-file" && (files < 2 || !sizeSet):
			errs = append(errs, field.Forbidden(op.Key("compress"), opts["compress"], "json-file compresses only with max-file of 2 or more and max-size set"))
		case driver == "local" && files <= 1:
			p := op.Key("max-file")
			if !filesSet {
				p = op.Key("compress")
			}
			errs = append(errs, field.Forbidden(p, opts["max-file"], "the local driver compresses by default, which needs max-file of 2 or more; set compress to false"))
		}
	}
	return errs
}

func isZeroSize(s string) bool {
	m := ramSize.FindStringSubmatch(s)
	f, err := strconv.ParseFloat(m[1], 64)
	return err == nil && f == 0
}
