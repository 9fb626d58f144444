package bytetable

import "testing"

func TestOf(t *testing.T) {
	digit := Of(func(c byte) bool { return '0' <= c && c <= '9' })
	for c := range 256 {
		if want := '0' <= c && c <= '9'; digit[c] != want {
			t.Errorf("entry %#x is %t, want %t", c, digit[c], want)
		}
	}
}
