module github.com/kubenode/kubenode/e2e

go 1.26.0

require (
	github.com/coreos/go-systemd/v22 v22.7.0
	github.com/kubenode/kubenode v0.0.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/distribution/reference v0.6.0 // indirect
	github.com/godbus/dbus/v5 v5.1.0 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/pelletier/go-toml/v2 v2.4.3 // indirect
	go.yaml.in/yaml/v2 v2.4.4 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/tools v0.52.0 // indirect
	sigs.k8s.io/yaml v1.6.0 // indirect
)

replace github.com/kubenode/kubenode => ../
