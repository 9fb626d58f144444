package render

// Option changes what a renderer writes: the download steps of the shell
// script, which every renderer may carry ([ArtifactScript]), and what the
// kubeadm and Cluster API renderings take from the node ([WithKubeadm]).
// A renderer ignores the options that are not about it.
type Option func(*settings)

// settings are what the options set.
type settings struct {
	// crossHost lets a download follow a redirect to another host.
	crossHost bool
	// kubeadm is what the kubeadm and Cluster API renderings take from
	// the node (WithKubeadm).
	kubeadm Kubeadm
}

// AllowCrossHostRedirects lets the script's downloads follow a redirect
// to another host, or from https to http. By default the script follows
// a redirect only on the host of the URL the plan names (an upgrade from
// http on port 80 to https on 443 included) and stops at any other, the
// rule runtime/apply's Options.AllowCrossHostRedirects lifts for Apply.
// Upstream release URLs do redirect (github.com's release assets and
// dl.k8s.io to their CDNs), so a plan without a mirror needs it.
func AllowCrossHostRedirects() Option {
	return func(s *settings) { s.crossHost = true }
}

func settingsOf(opts []Option) settings {
	var s settings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}
