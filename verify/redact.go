package verify

import (
	"encoding/json"
	"strings"
)

// secretKeys are the keys whose values a verbose info may carry
// credentials in: containerd 1.x publishes its CRI config whole, registry
// configs[HOST].auth (username, password, auth, identitytoken) and auths
// included.
var secretKeys = map[string]bool{
	"auth": true, "auths": true, "password": true, "identitytoken": true,
	"identity_token": true, "token": true, "registrytoken": true,
}

// redacted replaces what secretKeys name in every JSON document of info
// by "[redacted]", so that a Report a caller prints or logs holds no
// credential. A value that is no JSON is kept as it is.
func redacted(info map[string]string) map[string]string {
	out := make(map[string]string, len(info))
	for k, v := range info {
		out[k] = v
		var doc any
		if json.Unmarshal([]byte(v), &doc) != nil {
			continue
		}
		if changed := redact(doc); changed {
			if data, err := json.Marshal(doc); err == nil {
				out[k] = string(data)
			}
		}
	}
	return out
}

// redact replaces the values of secretKeys in doc, and says whether it
// found any.
func redact(doc any) bool {
	changed := false
	switch d := doc.(type) {
	case map[string]any:
		for k, v := range d {
			if secretKeys[strings.ToLower(k)] && v != nil {
				d[k] = "[redacted]"
				changed = true
				continue
			}
			changed = redact(v) || changed
		}
	case []any:
		for _, v := range d {
			changed = redact(v) || changed
		}
	}
	return changed
}
