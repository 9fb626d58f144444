package kubenode

import (
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// The simple bridge network containerd's cri-containerd-cni bundle ships
// (containerd's script/setup/install-cni writes it into the bundle's
// etc/cni/net.d), kept as the bundle has it.
const (
	// CNIConfDir is where every runtime kubenode sets up looks for its
	// pod network: containerd's cni.conf_dir, CRI-O's network_dir and
	// cri-dockerd's --cni-conf-dir all default to it.
	CNIConfDir = "/etc/cni/net.d"
	// BridgeCNIName is the network's name, the bundle's.
	BridgeCNIName = "containerd-net"
	// BridgeCNIFile is the conflist the node writes, the bundle's file.
	BridgeCNIFile = CNIConfDir + "/10-" + BridgeCNIName + ".conflist"
	// BridgeCNIVersion is the conflist's cniVersion, the bundle's: CNI
	// 1.0.0, which the libcni of containerd 1.6 and later, CRI-O and
	// cri-dockerd read, and containernetworking/plugins 1.0 and later run.
	BridgeCNIVersion = "1.0.0"
	// DefaultBridge is the bridge's name, the bundle's.
	DefaultBridge = "cni0"
	// DefaultPodSubnet is the pods' IPv4 range, the bundle's.
	DefaultPodSubnet = "10.88.0.0/16"
	// DefaultServiceSubnet is the cluster's service range kubeadm uses
	// by default (serviceSubnet); pod ranges must stay out of it.
	DefaultServiceSubnet = "10.96.0.0/12"
)

// BridgeCNI is the simple bridge pod network of containerd's
// cri-containerd-cni bundle, for single-node and test clusters, where no
// CNI add-on (Calico, Cilium, Flannel...) writes its own: every pod of the
// node gets an address from Subnets on the bridge (bridge plugin, the
// gateway and IP masquerading on), from host-local IPAM, with hostPort
// through portmap. Pods on different nodes cannot reach each other
// through it. The node's runtime sets up each pod's loopback itself, with
// the loopback plugin; the bridge, host-local, loopback and portmap
// plugins must be in /opt/cni/bin (containernetworking/plugins). The
// runtimes watch /etc/cni/net.d, so a change restarts nothing.
//
// The bundle also ships an IPv6 range, 2001:4860:4860::/64, which is a
// public prefix; kubenode gives no IPv6 default: name one in Subnets.
type BridgeCNI struct {
	// Subnets are the pods' address ranges, host-local's ranges: at most
	// one IPv4 and one IPv6 CIDR, each a network address ("10.88.0.0/16",
	// "fd00:10:88::/64"). Each family gets a default route through the
	// bridge. Default: DefaultPodSubnet.
	Subnets []string
	// Bridge is the Linux bridge the pods' veths join (bridge's "bridge").
	// Default: DefaultBridge.
	Bridge string
	// ServiceSubnets are the cluster's service ranges (the API server's
	// --service-cluster-ip-range), which no pod range may overlap.
	// Default: DefaultServiceSubnet.
	ServiceSubnets []string
}

// withDefaults returns the network with every empty field filled.
func (c BridgeCNI) withDefaults() BridgeCNI {
	if len(c.Subnets) == 0 {
		c.Subnets = []string{DefaultPodSubnet}
	}
	if c.Bridge == "" {
		c.Bridge = DefaultBridge
	}
	if len(c.ServiceSubnets) == 0 {
		c.ServiceSubnets = []string{DefaultServiceSubnet}
	}
	return c
}

// maxIfName is the longest Linux interface name (IFNAMSIZ less the NUL).
const maxIfName = 15

// checkCNI validates the node's pod network.
func (d *Node) checkCNI() field.ErrorList {
	if d.CNI == nil {
		return nil
	}
	c := d.CNI.withDefaults()
	p := field.NewPath("cni")
	var errs field.ErrorList
	services := make([]netip.Prefix, 0, len(c.ServiceSubnets))
	sp := p.Child("serviceSubnets")
	for i, s := range c.ServiceSubnets {
		pfx, e := parseSubnet(sp.Index(i), s)
		if errs = append(errs, e...); len(e) == 0 {
			services = append(services, pfx)
		}
	}
	subnetsPath := p.Child("subnets")
	families := map[bool]string{} // IPv4? -> the first range of that family
	for i, s := range c.Subnets {
		ip := subnetsPath.Index(i)
		pfx, e := parseSubnet(ip, s)
		if len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		is4 := pfx.Addr().Is4()
		if first, ok := families[is4]; ok {
			errs = append(errs, field.Invalid(ip, s, "one range per address family: "+first+" is one already"))
			continue
		}
		families[is4] = s
		if room := pfx.Addr().BitLen() - pfx.Bits(); room < 2 {
			errs = append(errs, field.Invalid(ip, s, "too small for a gateway and a pod: at most /30 (IPv4) or /126 (IPv6)"))
		}
		for j, svc := range services {
			if pfx.Overlaps(svc) {
				errs = append(errs, field.Conflict(ip, s, "overlaps cni.serviceSubnets["+strconv.Itoa(j)+"] ("+svc.String()+"): a pod address would be a service's"))
			}
		}
		for j, a := range d.NodeIPs {
			if addr, err := netip.ParseAddr(a); err == nil && pfx.Contains(addr.Unmap()) {
				errs = append(errs, field.Conflict(ip, s, "holds nodeIPs["+strconv.Itoa(j)+"] ("+a+"): the bridge would route the node's own address to pods"))
			}
		}
	}
	errs = append(errs, validateIfName(p.Child("bridge"), c.Bridge)...)
	return errs
}

// parseSubnet parses a pod or service range: a CIDR whose address is its
// network's, of global unicast or private addresses.
func parseSubnet(p *field.Path, s string) (netip.Prefix, field.ErrorList) {
	pfx, err := netip.ParsePrefix(s)
	if err != nil {
		return pfx, field.ErrorList{field.Invalid(p, s, "a CIDR such as 10.88.0.0/16 or fd00:10:88::/64")}
	}
	if pfx.Addr().Zone() != "" || pfx.Addr().Is4In6() {
		return pfx, field.ErrorList{field.Invalid(p, s, "a plain IPv4 or IPv6 CIDR, without zone or IPv4-mapped address")}
	}
	if m := pfx.Masked(); m != pfx {
		return pfx, field.ErrorList{field.Invalid(p, s, "a network address: "+m.String())}
	}
	if a := pfx.Addr(); !a.IsGlobalUnicast() || pfx.Bits() == 0 {
		return pfx, field.ErrorList{field.Invalid(p, s, "a unicast range, not loopback, link-local, multicast or everything")}
	}
	return pfx, nil
}

// validateIfName checks a Linux interface name.
func validateIfName(p *field.Path, name string) field.ErrorList {
	switch {
	case len(name) > maxIfName:
		return field.ErrorList{field.TooLong(p, name, maxIfName)}
	case name == "." || name == ".." || strings.ContainsAny(name, "/: \t\n\r\x00"):
		return field.ErrorList{field.Invalid(p, name, "a Linux interface name: no /, :, whitespace, not . or ..")}
	}
	return nil
}

// The conflist, field for field as the bundle writes it; encoding/json
// keeps the struct order, so the output is deterministic.
type (
	cniConfList struct {
		CNIVersion string `json:"cniVersion"`
		Name       string `json:"name"`
		Plugins    []any  `json:"plugins"`
	}
	cniBridge struct {
		Type        string       `json:"type"`
		Bridge      string       `json:"bridge"`
		IsGateway   bool         `json:"isGateway"`
		IPMasq      bool         `json:"ipMasq"`
		PromiscMode bool         `json:"promiscMode"`
		IPAM        cniHostLocal `json:"ipam"`
	}
	cniHostLocal struct {
		Type   string         `json:"type"`
		Ranges [][]cniRange   `json:"ranges"`
		Routes []cniRouteDest `json:"routes"`
	}
	cniRange struct {
		Subnet string `json:"subnet"`
	}
	cniRouteDest struct {
		Dst string `json:"dst"`
	}
	cniPortMap struct {
		Type         string          `json:"type"`
		Capabilities map[string]bool `json:"capabilities"`
	}
)

// Render returns the conflist of the network, with defaults filled. It
// does not validate; a Node validates its CNI before it plans it.
func (c BridgeCNI) Render() ([]byte, error) {
	c = c.withDefaults()
	ipam := cniHostLocal{Type: "host-local"}
	for _, s := range c.Subnets {
		ipam.Ranges = append(ipam.Ranges, []cniRange{{Subnet: s}})
		dst := "0.0.0.0/0"
		if pfx, err := netip.ParsePrefix(s); err == nil && pfx.Addr().Is6() {
			dst = "::/0"
		}
		ipam.Routes = append(ipam.Routes, cniRouteDest{Dst: dst})
	}
	list := cniConfList{
		CNIVersion: BridgeCNIVersion,
		Name:       BridgeCNIName,
		Plugins: []any{
			cniBridge{Type: "bridge", Bridge: c.Bridge, IsGateway: true, IPMasq: true, PromiscMode: true, IPAM: ipam},
			cniPortMap{Type: "portmap", Capabilities: map[string]bool{"portMappings": true}},
		},
	}
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// cniInstaller writes the node's pod network; nil without one. No unit
// restarts: containerd, CRI-O and cri-dockerd watch the directory.
func (d *Node) cniInstaller() (runtime.Installer, field.ErrorList) {
	if d.CNI == nil {
		return nil, nil
	}
	data, err := d.CNI.Render()
	if err != nil {
		return nil, field.ErrorsAt(field.NewPath("cni"), err)
	}
	plan := &runtime.Plan{Files: []runtime.File{{Path: BridgeCNIFile, Mode: 0o644, Content: data}}}
	return planInstaller{name: "cni", plan: plan}, nil
}
