package site

import "testing"

func TestTagLabel(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"first-flight", "first flight"},
		{"japan-eez", "Japan EEZ"},
		{"un-security-council", "UN security council"},
		{"icbm", "ICBM"},
		{"us-north-korea", "US–North Korea"},
		{"j-alert", "J-Alert"},
		{"hypersonic", "hypersonic"},
	} {
		if got := tagLabel(tc.tag); got != tc.want {
			t.Errorf("tagLabel(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}
