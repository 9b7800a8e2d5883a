package site

import "testing"

// TestAbsURL checks that AbsURL's short way gives what url.URL.String
// gives.
func TestAbsURL(t *testing.T) {
	for _, base := range []string{"https://nk.example/", "http://localhost:8000/", "https://example.org/nk/", "https://EXAMPLE.org:8443/a-b/c_d~/"} {
		u, err := parseBaseURL(base)
		if err != nil {
			t.Fatal(err)
		}
		b := &builder{base: u, origin: originOf(u)}
		for _, p := range []string{"", "events/2017-09-03-x/", "og/0123abcd.png", "data/events.json", "a b/", "é/", "x?y", "x#y", "%41/", "a:b/", "/events/x/"} {
			want := *u
			want.Path = b.URL(p)
			want.RawPath = ""
			if got := b.AbsURL(p); got != want.String() {
				t.Errorf("base %s: AbsURL(%q) = %q, want %q", base, p, got, want.String())
			}
		}
	}
}
