package site

import (
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestAbsURL checks that AbsURL's short way gives what url.URL.String
// gives.
func TestAbsURL(t *testing.T) {
	for _, base := range []string{"https://nk.example/", "http://localhost:8000/", "https://example.org/nk/", "https://EXAMPLE.org:8443/a-b/c_d~/"} {
		b := urlBuilder(t, base)
		u := b.base
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

// TestEventInfoURLs checks that an event's info holds the path and URLs
// that eventPath, URL and AbsURL give.
func TestEventInfoURLs(t *testing.T) {
	for _, base := range []string{"https://nk.example/", "https://example.org/nk/", "https://example.org/n k/", "https://example.org/é/"} {
		b := urlBuilder(t, base)
		for _, id := range []string{"2017-09-03-x", "2017-x"} {
			e := &event.Event{ID: id}
			in := b.newInfo(e)
			p := eventPath(id)
			if in.path != p || in.url != b.URL(p) || in.absURL != b.AbsURL(p) {
				t.Errorf("base %s: info of %s = %q, %q, %q; want %q, %q, %q", base, id, in.path, in.url, in.absURL, p, b.URL(p), b.AbsURL(p))
			}
		}
	}
}

// urlBuilder returns a builder that makes the URLs of a site at base and
// nothing else.
func urlBuilder(t *testing.T, base string) *builder {
	t.Helper()
	u, err := parseBaseURL(base)
	if err != nil {
		t.Fatal(err)
	}
	return &builder{base: u, origin: originOf(u)}
}
