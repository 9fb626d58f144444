package kubenode_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/plantest"
)

// testClusterNode is a single-node test cluster's node: the bundle's
// bridge network, dual stack.
func testClusterNode(r kubenode.Runtime) *kubenode.Node {
	return &kubenode.Node{
		Kubernetes: "1.37",
		Runtime:    r,
		NodeIPs:    []string{"192.168.1.31", "2001:db8::31"},
		CNI:        &kubenode.BridgeCNI{Subnets: []string{"10.88.0.0/16", "fd00:10:88::/64"}},
	}
}

func TestNodeCNIGolden(t *testing.T) {
	plan, err := testClusterNode(kubenode.Containerd).Plan(context.Background())
	require.NoError(t, err)
	plantest.Golden(t, "testdata/node-containerd-cni.txtar", plan, *update)
}

// TestBridgeCNIAsTheBundle checks the conflist against the one
// containerd's script/setup/install-cni writes into cri-containerd-cni,
// decoded, so that formatting does not matter but every key does.
func TestBridgeCNIAsTheBundle(t *testing.T) {
	const bundle = `{
  "cniVersion": "1.0.0",
  "name": "containerd-net",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "promiscMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [
          [{
            "subnet": "10.88.0.0/16"
          }],
          [{
            "subnet": "2001:4860:4860::/64"
          }]
        ],
        "routes": [
          { "dst": "0.0.0.0/0" },
          { "dst": "::/0" }
        ]
      }
    },
    {
      "type": "portmap",
      "capabilities": {"portMappings": true}
    }
  ]
}`
	got, err := kubenode.BridgeCNI{Subnets: []string{"10.88.0.0/16", "2001:4860:4860::/64"}}.Render()
	require.NoError(t, err)
	var want, have any
	require.NoError(t, json.Unmarshal([]byte(bundle), &want))
	require.NoError(t, json.Unmarshal(got, &have))
	assert.Equal(t, want, have)

	// The defaults are the bundle's IPv4 network alone.
	def, err := kubenode.BridgeCNI{}.Render()
	require.NoError(t, err)
	assert.Contains(t, string(def), `"subnet": "10.88.0.0/16"`)
	assert.NotContains(t, string(def), "::/0")
}

func TestNodeCNIPlannedAlone(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		t.Run(string(r), func(t *testing.T) {
			plan, err := testClusterNode(r).Plan(context.Background())
			require.NoError(t, err)
			f := plan.File(kubenode.BridgeCNIFile)
			require.NotNil(t, f, "every runtime reads the same directory")
			assert.Empty(t, f.RestartUnits, "the runtimes watch /etc/cni/net.d")
			assert.Equal(t, 0o644, int(f.Mode))
		})
	}
	plan, err := (&kubenode.Node{}).Plan(context.Background())
	require.NoError(t, err)
	assert.Nil(t, plan.File(kubenode.BridgeCNIFile), "no network unless asked: an add-on brings its own")
}

func TestNodeCNIValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*kubenode.Node)
		want []fieldtest.Matcher
	}{
		{"not a CIDR", func(n *kubenode.Node) { n.CNI.Subnets[0] = "10.88.0.0" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[0]").Value("10.88.0.0")}},
		{"host bits", func(n *kubenode.Node) { n.CNI.Subnets[0] = "10.88.0.1/16" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[0]")}},
		{"loopback", func(n *kubenode.Node) { n.CNI.Subnets[0] = "127.0.0.0/8" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[0]")}},
		{"everything", func(n *kubenode.Node) { n.CNI.Subnets[1] = "::/0" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[1]")}},
		{"too small", func(n *kubenode.Node) { n.CNI.Subnets[0] = "10.88.0.0/31" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[0]")}},
		{"two of a family", func(n *kubenode.Node) { n.CNI.Subnets[1] = "10.89.0.0/16" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.subnets[1]")}},
		{"the service range", func(n *kubenode.Node) { n.CNI.Subnets[0] = "10.96.0.0/16" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "cni.subnets[0]").Value("10.96.0.0/16")}},
		{"a service range given", func(n *kubenode.Node) { n.CNI.ServiceSubnets = []string{"10.0.0.0/8"} },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "cni.subnets[0]")}},
		{"a bad service range", func(n *kubenode.Node) { n.CNI.ServiceSubnets = []string{"10.96.0.0/12", "services"} },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.serviceSubnets[1]")}},
		{"the node's address", func(n *kubenode.Node) { n.CNI.Subnets[0] = "192.168.0.0/16" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "cni.subnets[0]")}},
		{"the node's IPv6 address", func(n *kubenode.Node) { n.CNI.Subnets[1] = "2001:db8::/64" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "cni.subnets[1]")}},
		{"bridge name too long", func(n *kubenode.Node) { n.CNI.Bridge = "a-bridge-name-too-long" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrTooLong, "cni.bridge")}},
		{"bridge name with a slash", func(n *kubenode.Node) { n.CNI.Bridge = "cni/0" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cni.bridge")}},
		{"every problem at once", func(n *kubenode.Node) {
			n.CNI.Subnets = []string{"10.96.0.0/16", "nope"}
			n.CNI.Bridge = ".."
		}, []fieldtest.Matcher{
			fieldtest.Match(field.ErrConflict, "cni.subnets[0]"),
			fieldtest.Match(field.ErrInvalid, "cni.subnets[1]"),
			fieldtest.Match(field.ErrInvalid, "cni.bridge"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := testClusterNode(kubenode.Containerd)
			_, err := n.Validate()
			require.NoError(t, err, "the case starts valid")
			tc.edit(n)
			_, err = n.Validate()
			fieldtest.RequireExactly(t, err, tc.want...)
		})
	}
}

// TestBridgeCNIDeterministic: the same network renders the same bytes.
func TestBridgeCNIDeterministic(t *testing.T) {
	c := kubenode.BridgeCNI{Subnets: []string{"fd00:10:88::/64", "10.88.0.0/16"}, Bridge: "kube0"}
	a, err := c.Render()
	require.NoError(t, err)
	for range 20 {
		b, err := c.Render()
		require.NoError(t, err)
		require.Equal(t, a, b)
	}
	// The route of each range is its family's default route, in order.
	var list struct {
		Plugins []struct {
			IPAM struct {
				Routes []struct{ Dst string }
			}
		}
	}
	require.NoError(t, json.Unmarshal(a, &list))
	assert.Equal(t, "::/0", list.Plugins[0].IPAM.Routes[0].Dst)
	assert.Equal(t, "0.0.0.0/0", list.Plugins[0].IPAM.Routes[1].Dst)
}
