package runtime

import "strings"

// The names Kubernetes takes from DNS (RFC 1123), checked in one pass:
// registry hosts, RuntimeClass handlers, node names and cluster domains
// all come to these two.

// dnsLabel reports whether s is one lowercase DNS label: letters, digits
// and '-', starting and ending with a letter or a digit.
func dnsLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !lowerAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// dnsLabels reports whether s is lowercase DNS labels joined by dots.
func dnsLabels(s string) bool {
	for label := range strings.SplitSeq(s, ".") {
		if !dnsLabel(label) {
			return false
		}
	}
	return true
}

// IsDNSSubdomain reports whether s is a DNS subdomain as Kubernetes takes
// one for a node name or a cluster domain (apimachinery's
// IsDNS1123Subdomain): at most 253 bytes of lowercase DNS labels joined by
// dots. It answers in one pass, without the regular expression, so a
// caller may ask IsDNS1123Subdomain only to word the problems of a name it
// refuses.
func IsDNSSubdomain(s string) bool {
	return len(s) <= 253 && dnsLabels(s)
}
