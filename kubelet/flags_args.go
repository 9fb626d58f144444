package kubelet

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
		if len(f.NodeIPs) == 0 {
			return b, false
		}
		b = append(appendFlagName(b, t.name), '=')
		for i, ip := range f.NodeIPs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ip...)
		}
		return b, true
	case "node-labels":
		if len(f.NodeLabels) == 0 {
			return b, false
		}
		b = append(appendFlagName(b, t.name), '=')
		for i, l := range f.NodeLabels {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(append(append(b, l.Key...), '='), l.Value...)
		}
		return b, true
	case "register-with-taints":
		if len(f.RegisterWithTaints) == 0 {
			return b, false
		}
		b = append(appendFlagName(b, t.name), '=')
		for i, taint := range f.RegisterWithTaints {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, taint.Key...)
			if taint.Value != "" {
				b = append(append(b, '='), taint.Value...)
			}
			b = append(append(b, ':'), taint.Effect...)
		}
		return b, true
	}
	v, ok := t.get(f)
	if !ok {
		return b, false
	}
	return append(append(appendFlagName(b, t.name), '='), v...), true
}
