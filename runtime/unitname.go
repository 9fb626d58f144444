package runtime

// ValidUnitName reports whether s is a unit file name a plan may name: a
// suffix systemd knows (.service, .socket, .swap, ...) after letters,
// digits and ":_.\@-".
func ValidUnitName(s string) bool { return validUnitName(s) }
