package apply

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSameHost(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"https://mirror.example/a", "https://mirror.example/b", true},
		{"https://mirror.example/a", "https://MIRROR.example:443/b", true},
		{"http://mirror.example/a", "https://mirror.example/a", true},
		{"http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", true},
		{"http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a", false},
		{"http://mirror.example:8080/a", "https://mirror.example/a", false},
		{"https://mirror.example/a", "http://mirror.example/a", false},
		{"https://github.com/x", "https://release-assets.githubusercontent.com/x", false},
		{"https://mirror.example/a", "https://mirror.example.evil/a", false},
	}
	for _, tt := range tests {
		from, err := url.Parse(tt.from)
		assert.NoError(t, err)
		to, err := url.Parse(tt.to)
		assert.NoError(t, err)
		assert.Equal(t, tt.want, sameHost(from, to), "%s -> %s", tt.from, tt.to)
	}
}
