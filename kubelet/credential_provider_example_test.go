package kubelet_test

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	credentialproviderv1 "k8s.io/kubelet/config/v1"

	"github.com/kubenode/kubenode/kubelet"
)

func ExampleWithCredentialProvider() {
	ecr := &credentialproviderv1.CredentialProviderConfig{Providers: []credentialproviderv1.CredentialProvider{{
		Name:                 "ecr-credential-provider",
		MatchImages:          []string{"*.dkr.ecr.*.amazonaws.com"},
		DefaultCacheDuration: &metav1.Duration{Duration: 12 * time.Hour},
		APIVersion:           "credentialprovider.kubelet.k8s.io/v1",
	}}}
	in, err := kubelet.NewInstaller(kubelet.WithVersion("1.33"), kubelet.WithCredentialProvider(ecr, "/opt/credential-provider/bin"))
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := in.Plan(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(plan.File(kubelet.CredentialProviderConfigPath).Content))
	fmt.Print(string(plan.File(kubelet.KubeadmFlagsEnvPath).Content))

	_, err = kubelet.NewInstaller(kubelet.WithVersion("1.25"), kubelet.WithCredentialProvider(ecr, "/opt/credential-provider/bin"))
	fmt.Println(err)
	// Output:
	// apiVersion: kubelet.config.k8s.io/v1
	// kind: CredentialProviderConfig
	// providers:
	// - apiVersion: credentialprovider.kubelet.k8s.io/v1
	//   defaultCacheDuration: 12h0m0s
	//   matchImages:
	//   - '*.dkr.ecr.*.amazonaws.com'
	//   name: ecr-credential-provider
	// KUBELET_KUBEADM_ARGS="--image-credential-provider-config=/etc/kubernetes/credential-provider.yaml --image-credential-provider-bin-dir=/opt/credential-provider/bin"
	// providers[0].apiVersion: unsupported value: "credentialprovider.kubelet.k8s.io/v1": supported values: "credentialprovider.kubelet.k8s.io/v1alpha1", "credentialprovider.kubelet.k8s.io/v1beta1"
}
