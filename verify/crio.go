package verify

// crioPublished reads CRI-O's verbose info (its server's createRuntimeInfo,
// read from the 1.34 sources): the pause image it runs pods with, and its
// runtime config with the handlers, for a CRI-O that publishes no
// runtime_handlers in its Status.
func crioPublished(rt *Runtime) published {
	c := parseInfoConfig(rt.Info)
	e := published{sandboxImage: c.SandboxImage}
	if c.CRIO != nil {
		e.handlers = sortedKeys(c.CRIO.Runtimes)
		if rt.CgroupDriver == "" {
			e.cgroupDriver = c.CRIO.CgroupManagerName
		}
	}
	return e
}
