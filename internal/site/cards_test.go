package site

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/nktimeline/timeline/internal/card"
)

// metaTags returns the content of a page's <meta property|name=…>
// elements by property or name, as a link preview reads them.
func metaTags(t *testing.T, page []byte) map[string]string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" {
			var key, content string
			for _, a := range n.Attr {
				switch a.Key {
				case "property", "name":
					key = a.Val
				case "content":
					content = a.Val
				}
			}
			if key != "" {
				tags[key] = content
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return tags
}

// TestSocialCards reads the cards back the way a link preview does: from
// the og: tags of each kind of page to the PNG they name.
func TestSocialCards(t *testing.T) {
	ds := smallDataset(t)
	opt := Options{BaseURL: "https://nk.example/sub/", Schema: testSchema}
	files, err := BuildFiles(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{
		"index.html",
		"events/2017-11-29-hwasong-15/index.html",
		"events/2017-09-03-sixth-nuclear-test/index.html",
		"events/2018-06-12-singapore-summit/index.html",
		"charts/index.html",
	}
	for _, id := range []string{"ballistic-missiles-per-year", "ballistic-missiles-by-month", "launch-sites", "nuclear-tests"} {
		pages = append(pages, "charts/"+id+"/index.html")
	}
	seen := map[string]string{}
	for _, p := range pages {
		tags := metaTags(t, files[p])
		img := tags["og:image"]
		if tags["og:image:width"] != "1200" || tags["og:image:height"] != "630" || tags["twitter:card"] != "summary_large_image" {
			t.Errorf("%s: og:image:width %q, og:image:height %q, twitter:card %q; want 1200, 630, summary_large_image",
				p, tags["og:image:width"], tags["og:image:height"], tags["twitter:card"])
		}
		if alt := tags["og:image:alt"]; len(alt) < 10 || alt != tags["twitter:image:alt"] {
			t.Errorf("%s: og:image:alt %q, twitter:image:alt %q", p, alt, tags["twitter:image:alt"])
		}
		u, err := url.Parse(img)
		if err != nil || u.Host != "nk.example" || !strings.HasPrefix(u.Path, "/sub/og/") || !strings.HasSuffix(u.Path, ".png") {
			t.Errorf("%s: og:image %q is not an absolute URL of a PNG under /sub/og/", p, img)
			continue
		}
		data, ok := files[strings.TrimPrefix(u.Path, "/sub/")]
		if !ok {
			t.Errorf("%s: og:image %s is not in the output", p, img)
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != card.Width || cfg.Height != card.Height {
			t.Errorf("%s: %s: %v, %d×%d; want a 1200×630 PNG", p, img, err, cfg.Width, cfg.Height)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %s: %v", p, img, err)
		}
		if other, dup := seen[img]; dup && p != "charts/ballistic-missiles-per-year/index.html" && other != "charts/index.html" {
			t.Errorf("%s and %s share the card %s", p, other, img)
		}
		seen[img] = p
	}
	alt := metaTags(t, files["events/2017-11-29-hwasong-15/index.html"])["og:image:alt"]
	for _, want := range []string{"Missile launch", "29 November 2017", "Hwasong-15 ICBM", "1 ICBM", "apogee 4,475 km"} {
		if !strings.Contains(alt, want) {
			t.Errorf("event card alt %q lacks %q", alt, want)
		}
	}

	// The same input gives the same cards, byte for byte, whether they are
	// drawn again or kept from the last build in memory, which draws none.
	memCards.Lock()
	memCards.files = nil
	memCards.Unlock()
	again, err := BuildFiles(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	before := cardsDrawn.Load()
	kept, err := BuildFiles(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := cardsDrawn.Load() - before; n != 0 {
		t.Errorf("a second build in memory drew %d cards, want 0", n)
	}
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, data := range files {
		if strings.HasPrefix(name, "og/") {
			n++
			if !bytes.Equal(again[name], data) || !bytes.Equal(kept[name], data) {
				t.Errorf("%s differs between builds", name)
			}
		}
	}
	// One card per event, one per chart, one for the home page.
	if want := len(ds.Events) + 7 + 1; n != want {
		t.Errorf("%d cards, want %d", n, want)
	}
}

// TestCardsKept checks that a build keeps the cards of the site it
// replaces instead of drawing them again, and draws a card anew when its
// data changes.
func TestCardsKept(t *testing.T) {
	dir := t.TempDir()
	ds := smallDataset(t)
	before := cardsDrawn.Load()
	out := buildTo(t, ds, dir)
	cards, err := filepath.Glob(filepath.Join(out, "og", "*.png"))
	if err != nil || len(cards) == 0 {
		t.Fatalf("no cards in %s: %v", out, err)
	}
	if n := cardsDrawn.Load() - before; n != int64(len(cards)) {
		t.Errorf("first build drew %d cards, want %d", n, len(cards))
	}
	first := map[string]os.FileInfo{}
	for _, c := range cards {
		fi, err := os.Stat(c)
		if err != nil {
			t.Fatal(err)
		}
		first[filepath.Base(c)] = fi
	}

	before = cardsDrawn.Load()
	buildTo(t, ds, dir)
	if n := cardsDrawn.Load() - before; n != 0 {
		t.Errorf("second build drew %d cards, want 0", n)
	}
	for name, fi := range first {
		now, err := os.Stat(filepath.Join(out, "og", name))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(fi, now) {
			t.Errorf("og/%s was written again, not linked", name)
		}
	}

	// A changed title changes one card: that one is drawn.
	ds.Events[0].Title += " (revised)"
	before = cardsDrawn.Load()
	buildTo(t, ds, dir)
	if n := cardsDrawn.Load() - before; n != 1 {
		t.Errorf("after one title changed, the build drew %d cards, want 1", n)
	}
}

// TestCardCache builds twice into new directories with one cache: the
// second build draws no card, and its cards, linked from the cache, are
// the bytes the first drew, readable by others. The cache's cards are
// made readable by their owner alone before the second build, as earlier
// versions cached them.
func TestCardCache(t *testing.T) {
	ds, cache := smallDataset(t), t.TempDir()
	var trees [2]map[string][]byte
	var drawn [2]int64
	for i := range trees {
		if i == 1 {
			cached, _ := filepath.Glob(filepath.Join(cache, "*.png"))
			if len(cached) == 0 {
				t.Fatal("no cards cached")
			}
			for _, c := range cached {
				if err := os.Chmod(c, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		before := cardsDrawn.Load()
		out := filepath.Join(t.TempDir(), "out")
		if err := Build(context.Background(), ds, Options{Out: out, BaseURL: "https://nk.example/", Schema: testSchema, CacheDir: cache}); err != nil {
			t.Fatal(err)
		}
		drawn[i] = cardsDrawn.Load() - before
		trees[i] = readTree(t, out)
		if i == 1 {
			cards, _ := filepath.Glob(filepath.Join(out, "og", "*.png"))
			if len(cards) == 0 {
				t.Fatal("no cards built")
			}
			for _, c := range cards {
				fi, err := os.Stat(c)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != 0o644 {
					t.Errorf("%s has mode %v, want 0644", c, fi.Mode().Perm())
				}
				if cfi, err := os.Stat(filepath.Join(cache, filepath.Base(c))); err != nil || !os.SameFile(fi, cfi) {
					t.Errorf("%s is not linked from the cache (%v)", c, err)
				}
			}
		}
	}
	if drawn[0] == 0 || drawn[1] != 0 {
		t.Errorf("cards drawn: %d by the first build, %d by the second; want some, then none", drawn[0], drawn[1])
	}
	sameTree(t, trees[0], trees[1])
}
