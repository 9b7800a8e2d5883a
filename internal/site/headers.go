package site

import (
	"strings"
)

// embedPatterns are the URL patterns (relative to the site's path) of the
// pages made to live in other sites' iframes: only they may be framed.
var embedPatterns = []string{
	"charts/:chart/",
	"events/:id/embed/",
	"events/:id/embed.html",
	"systems/:id/embed/",
	"cards/*",
	"embed/*",
}

// headersFile is out/_headers, the response headers in the format of
// Cloudflare Pages (and, without the "! Name" lines that detach an
// inherited header, of Netlify): the page's Content-Security-Policy with
// frame-ancestors, which a meta element cannot carry, nosniff, a referrer
// policy, and a year's caching for assets whose names carry their hash.
// The README gives the same headers for other servers.
func (b *builder) headersFile() []byte {
	root := b.base.Path // ends in "/"
	var w strings.Builder
	rule := func(pattern string, lines ...string) {
		w.WriteString(root + pattern + "\n")
		for _, l := range lines {
			w.WriteString("  " + l + "\n")
		}
		w.WriteString("\n")
	}
	w.WriteString("# Response headers for Cloudflare Pages; written by timeline build.\n\n")
	rule("*",
		"Content-Security-Policy: "+contentSecurityPolicy+"; frame-ancestors 'none'",
		"X-Content-Type-Options: nosniff",
		"Referrer-Policy: strict-origin-when-cross-origin",
	)
	for _, p := range embedPatterns {
		rule(p,
			"! Content-Security-Policy",
			"Content-Security-Policy: "+contentSecurityPolicy+"; frame-ancestors *",
		)
	}
	// The downloads may be read by pages elsewhere: TimelineJS's hosted
	// embed fetches data/timelinejs.json, newsroom tools fetch the rest.
	rule("data/*", "Access-Control-Allow-Origin: *")
	rule("assets/*", "Cache-Control: public, max-age=31536000, immutable")
	// embed.js keeps its name across builds so that pasted codes work.
	rule("assets/embed.js", "! Cache-Control", "Cache-Control: public, max-age=3600")
	return []byte(strings.TrimSuffix(w.String(), "\n"))
}

func (b *builder) addHeaders() error {
	return b.Add("_headers", b.headersFile())
}
