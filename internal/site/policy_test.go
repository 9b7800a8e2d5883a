package site

import (
	"context"
	"encoding/xml"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryPagePolicy checks that every HTML page carries the site's
// Content-Security-Policy, exactly once and first among the metas that
// matter, and nothing the policy would block: no inline style attribute or
// element and no inline script other than JSON data blocks.
func TestEveryPagePolicy(t *testing.T) {
	ds, schema := realDataset(t)
	files, names, err := render(context.Background(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		var csp []string
		for _, tg := range scanTags(string(files[name])) {
			if tg.Name == "meta" && strings.EqualFold(tg.Attrs["http-equiv"], "Content-Security-Policy") {
				csp = append(csp, tg.Attrs["content"])
			}
			if _, ok := tg.Attrs["style"]; ok {
				t.Errorf("%s: inline style attribute in %s", name, tg.Raw)
			}
			if tg.Name == "style" {
				t.Errorf("%s: style element", name)
			}
			if tg.Name == "script" {
				if typ := tg.Attrs["type"]; tg.Attrs["src"] == "" && typ != "application/json" && typ != "application/ld+json" {
					t.Errorf("%s: inline script %s", name, tg.Raw)
				}
			}
		}
		if len(csp) != 1 || csp[0] != contentSecurityPolicy {
			t.Errorf("%s: Content-Security-Policy metas %q, want exactly %q", name, csp, contentSecurityPolicy)
		}
	}
	if pages < 2*len(ds.Events) {
		t.Errorf("checked %d pages for %d events", pages, len(ds.Events))
	}
	if !strings.Contains(contentSecurityPolicy, "style-src 'self';") || strings.Contains(contentSecurityPolicy, "unsafe") {
		t.Errorf("policy allows inline code: %s", contentSecurityPolicy)
	}
	h := string(files["_headers"])
	if !strings.Contains(h, "/*\n  Content-Security-Policy: "+contentSecurityPolicy+"; frame-ancestors 'none'\n") {
		t.Errorf("_headers does not forbid framing site pages:\n%s", h)
	}
	if !strings.Contains(h, "/charts/:chart/\n  ! Content-Security-Policy\n  Content-Security-Policy: "+contentSecurityPolicy+"; frame-ancestors *\n") {
		t.Errorf("_headers does not let chart pages be framed:\n%s", h)
	}
}

// TestSitemapPages checks that the sitemap lists exactly the pages a
// search engine should index: every index.html but the cards made for
// iframes (marked noindex), and neither the 404 page nor any file that is
// not a page.
func TestSitemapPages(t *testing.T) {
	ds, schema := realDataset(t)
	files, names, err := render(context.Background(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/sub/", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, name := range names {
		if name == "index.html" || strings.HasSuffix(name, "/index.html") {
			if strings.HasSuffix(name, "/embed/index.html") || strings.HasPrefix(name, "embed/") || strings.HasPrefix(name, "cards/") {
				continue // cards and the list: noindex
			}
			want = append(want, "https://nk.example/sub/"+strings.TrimSuffix(name, "index.html"))
		}
	}
	var sm urlSet
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range sm.URLs {
		got = append(got, u.Loc)
	}
	slices.Sort(want)
	if !slices.IsSorted(got) {
		t.Errorf("sitemap not sorted")
	}
	if !slices.Equal(got, want) {
		t.Errorf("sitemap lists %d pages, want %d", len(got), len(want))
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("missing %s", w)
			}
		}
		for _, g := range got {
			if !slices.Contains(want, g) {
				t.Errorf("extra %s", g)
			}
		}
	}
	for _, must := range []string{"https://nk.example/sub/", "https://nk.example/sub/charts/", "https://nk.example/sub/about/"} {
		if !slices.Contains(got, must) {
			t.Errorf("sitemap lacks %s", must)
		}
	}
	charts := 0
	for _, g := range got {
		if strings.HasPrefix(g, "https://nk.example/sub/charts/") && g != "https://nk.example/sub/charts/" {
			charts++
		}
	}
	if charts < 5 {
		t.Errorf("sitemap lists %d chart pages", charts)
	}
}
