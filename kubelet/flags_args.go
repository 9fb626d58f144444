package kubelet

import corev1 "k8s.io/api/core/v1"

// Args renders the flags as kubelet arguments, each as --name=value: the
// typed fields in a fixed order, then Extra in its order. It does not
// validate; call Validate first.
func (f *Flags) Args() []string {
	// Every argument is cut from one string: two allocations, not one per
	// argument.
	var buf [512]byte
	var endBuf [32]int
	b, ends := f.appendArgs(buf[:0], endBuf[:0], anyFlag)
	if len(ends) == 0 {
		return nil // no flags: nil, as Args has always returned
	}
	s := string(b)
	args := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		args[i] = s[start:end]
		start = end + 1 // past the space
	}
	return args
}

// appendArgs appends to b the arguments Args renders whose flag keep
// selects, in Args' order, a space between two, and to ends where each
// ends. It builds no string: Args and the kubeadm files cut theirs from b.
func (f *Flags) appendArgs(b []byte, ends []int, keep func(name string) bool) ([]byte, []int) {
	first := len(ends)
	for i := range typedFlags {
		t := &typedFlags[i]
		if !keep(t.name) {
			continue
		}
		mark := len(b)
		if len(ends) > first {
			b = append(b, ' ')
		}
		var ok bool
		if b, ok = f.appendTyped(b, t); ok {
			ends = append(ends, len(b))
		} else {
			b = b[:mark]
		}
	}
	for _, x := range f.Extra {
		if !keep(x.Name) {
			continue
		}
		if len(ends) > first {
			b = append(b, ' ')
		}
		b = append(append(appendFlagName(b, x.Name), '='), x.Value...)
		ends = append(ends, len(b))
	}
	return b, ends
}

// anyFlag keeps every flag (see appendArgs).
func anyFlag(string) bool { return true }

func appendFlagName(b []byte, name string) []byte {
	return append(append(b, "--"...), name...)
}

// appendTyped appends typed flag t as Args renders it, --name=value;
// false when f leaves it unset. The lists are appended element by element,
// as get joins them, without building the joined string.
func (f *Flags) appendTyped(b []byte, t *typedFlag) ([]byte, bool) {
	switch t.name {
	case "node-ip":
		return appendListFlag(b, t.name, f.NodeIPs, func(b []byte, ip string) []byte { return append(b, ip...) })
	case "node-labels":
		return appendListFlag(b, t.name, f.NodeLabels, func(b []byte, l Label) []byte {
			return append(append(append(b, l.Key...), '='), l.Value...)
		})
	case "register-with-taints":
		return appendListFlag(b, t.name, f.RegisterWithTaints, func(b []byte, taint corev1.Taint) []byte {
			b = append(b, taint.Key...)
			if taint.Value != "" {
				b = append(append(b, '='), taint.Value...)
			}
			return append(append(b, ':'), taint.Effect...)
		})
	}
	v, ok := t.get(f)
	if !ok {
		return b, false
	}
	return append(append(appendFlagName(b, t.name), '='), v...), true
}

// appendListFlag appends --name= and the items, each written by item,
// separated by commas; false, and nothing appended, when there is none.
func appendListFlag[T any](b []byte, name string, items []T, item func([]byte, T) []byte) ([]byte, bool) {
	if len(items) == 0 {
		return b, false
	}
	b = append(appendFlagName(b, name), '=')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, it)
	}
	return b, true
}
