package kubenode

import (
	"errors"
	"sort"
	"strings"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/inspect"
)

// startOrder is the order a node's units must start in: each needs the
// ones before it. In a cycle, an ordering that contradicts it is the one
// to remove.
var startOrder = map[string]int{
	containerd.UnitName:    0,
	docker.SocketName:      1,
	docker.ServiceName:     2,
	cridockerd.SocketName:  3,
	cridockerd.ServiceName: 4,
	crio.UnitName:          4,
	kubelet.UnitName:       5,
}

// orderEdge is one ordering between two units Lint read: from starts after
// to. An implicit edge (a socket before its service) has no file.
type orderEdge struct {
	from, to string
	file     string
	path     *field.Path
	value    string
}

func (e orderEdge) key() string { return e.file + "\x00" + e.path.String() }

// orderingEdges returns every After= and Before= between the units read,
// and the ordering systemd adds itself: a socket before the service it
// activates.
func (l *linter) orderingEdges() []orderEdge {
	var edges []orderEdge
	for _, name := range lintUnits {
		u := l.units[name]
		if u == nil {
			continue
		}
		if un := u.Effective.Unit; un != nil {
			for i, other := range un.After {
				if l.units[other] != nil && other != name {
					file, p := u.At("Unit", "After", i)
					edges = append(edges, orderEdge{from: name, to: other, file: file, path: p, value: other})
				}
			}
			for i, other := range un.Before {
				if l.units[other] != nil && other != name {
					file, p := u.At("Unit", "Before", i)
					edges = append(edges, orderEdge{from: other, to: name, file: file, path: p, value: other})
				}
			}
		}
		if sock := u.Effective.Socket; sock != nil {
			svc := sock.Service
			if svc == "" {
				svc = strings.TrimSuffix(name, ".socket") + ".service"
			}
			if l.units[svc] != nil {
				edges = append(edges, orderEdge{from: svc, to: name})
			}
		}
	}
	return edges
}

// checkOrderingCycles reports each ordering cycle among the units read
// once, at the ordering that contradicts the start order (docker.service
// After=cri-docker.service, where cri-dockerd needs dockerd), naming every
// unit of the cycle. A component's own report of that ordering gives way
// to it.
func (l *linter) checkOrderingCycles() {
	edges := l.orderingEdges()
	for _, scc := range stronglyConnected(lintUnits, edges) {
		if len(scc) < 2 {
			continue
		}
		in := map[string]bool{}
		for _, n := range scc {
			in[n] = true
		}
		var inside []orderEdge
		for _, e := range edges {
			if in[e.from] && in[e.to] && e.file != "" {
				inside = append(inside, e)
			}
		}
		if len(inside) == 0 {
			continue
		}
		sort.Slice(inside, func(i, j int) bool { return inside[i].key() < inside[j].key() })
		blame := inside[0]
		for _, e := range inside {
			if startOrder[e.from] < startOrder[e.to] {
				blame = e
				break
			}
		}
		chain := append([]string{blame.from}, cyclePath(blame.to, blame.from, edges, in)...)
		detail := "ordering cycle: " + strings.Join(chain, " after ") +
			"; systemd breaks it by dropping a start job, so a unit may not start at boot: remove this ordering"
		cycle := field.Conflict(blame.path, blame.value, detail)
		l.Add(SeverityError, blame.file, cycle)
		for _, f := range l.Findings {
			if f.Err != cycle && f.File == blame.file && f.Path == inspect.DisplayPath(blame.path) && errors.Is(f.Err, field.ErrConflict) {
				l.replaced = append(l.replaced, f)
			}
		}
	}
}

// cyclePath returns the shortest chain of orderings from start to end
// within the cycle's units, both included.
func cyclePath(start, end string, edges []orderEdge, in map[string]bool) []string {
	prev := map[string]string{start: ""}
	queue := []string{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == end {
			break
		}
		for _, e := range edges {
			if e.from != n || !in[e.to] {
				continue
			}
			if _, seen := prev[e.to]; !seen {
				prev[e.to] = n
				queue = append(queue, e.to)
			}
		}
	}
	var chain []string
	for n := end; n != ""; n = prev[n] {
		chain = append([]string{n}, chain...)
	}
	return chain
}

// stronglyConnected returns the strongly connected components of the graph
// (Tarjan's algorithm), each in the order of nodes.
func stronglyConnected(nodes []string, edges []orderEdge) [][]string {
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.from] = append(adj[e.from], e.to)
	}
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var visit func(n string)
	visit = func(n string) {
		index[n], low[n] = next, next
		next++
		stack = append(stack, n)
		onStack[n] = true
		for _, m := range adj[n] {
			if _, seen := index[m]; !seen {
				visit(m)
				low[n] = min(low[n], low[m])
			} else if onStack[m] {
				low[n] = min(low[n], index[m])
			}
		}
		if low[n] != index[n] {
			return
		}
		members := map[string]bool{}
		for {
			m := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[m] = false
			members[m] = true
			if m == n {
				break
			}
		}
		var scc []string
		for _, x := range nodes {
			if members[x] {
				scc = append(scc, x)
			}
		}
		out = append(out, scc)
	}
	for _, n := range nodes {
		if _, seen := index[n]; !seen {
			visit(n)
		}
	}
	return out
}
