package site

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/templates"
)

// TestChartFiles checks every chart's page, CSV and oEmbed file, and the
// gallery, in a build of the small dataset.
func TestChartFiles(t *testing.T) {
	ds := smallDataset(t)
	out := buildTo(t, ds, t.TempDir())
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	gallery := read("charts/index.html")
	for _, c := range chart.All(ds) {
		if got := read("data/" + c.ID + ".csv"); got != string(c.Table.CSV()) {
			t.Errorf("data/%s.csv differs from the chart's table", c.ID)
		}
		page := read("charts/" + c.ID + "/index.html")
		for _, want := range []string{
			"<h1 class=\"chart-title\" id=\"chart-title\">" + html.EscapeString(c.Title) + "</h1>",
			html.EscapeString(c.Description),
			`Source: <a href="https://nk.example/charts/` + c.ID + `/"`,
			"data as of <time datetime=\"2023-12-31\">31 Dec 2023</time>",
			`href="/data/` + c.ID + `.csv"`,
			`<link rel="alternate" type="application/json+oembed" href="https://nk.example/charts/` + c.ID + `/oembed.json"`,
			"<table>", `<main id="main"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("charts/%s/index.html lacks %q", c.ID, want)
			}
		}
		// The option is embedded verbatim as JSON.
		if !strings.Contains(page, `<script type="application/json" class="chart-option">`+string(c.Option)+`</script>`) {
			t.Errorf("charts/%s/index.html does not embed the option as JSON", c.ID)
		}
		if c.Map && !regexp.MustCompile(`data-map="/assets/korea\.geo\.[0-9a-f]{10}\.json"`).MatchString(page) {
			t.Errorf("charts/%s: no base map URL", c.ID)
		}

		var oe struct {
			Version, Type, Title, HTML string
			ProviderName               string `json:"provider_name"`
			ProviderURL                string `json:"provider_url"`
			Width, Height              int
		}
		if err := json.Unmarshal([]byte(read("charts/"+c.ID+"/oembed.json")), &oe); err != nil {
			t.Fatalf("oembed.json: %v", err)
		}
		if oe.Version != "1.0" || oe.Type != "rich" || oe.Title != c.Title || oe.ProviderName != ds.Meta.Title ||
			oe.ProviderURL != "https://nk.example/" || oe.Width != 640 || oe.Height != c.Height+chrome {
			t.Errorf("oembed.json = %+v", oe)
		}
		// The oEmbed html is the gallery's default embed code.
		m := regexp.MustCompile(`(?s)<textarea id="code-` + c.ID + `"[^>]*>(.*?)</textarea>`).FindStringSubmatch(gallery)
		if m == nil {
			t.Fatalf("gallery has no embed code for %s", c.ID)
		}
		if got := html.UnescapeString(m[1]); got != oe.HTML {
			t.Errorf("gallery snippet for %s:\n%s\noEmbed html:\n%s", c.ID, got, oe.HTML)
		}
	}
	if !strings.Contains(read("assets/embed.js"), "nktimeline:height") {
		t.Error("assets/embed.js is missing or not the resizer")
	}
	for _, e := range ds.Events {
		card := read(cardFile(e.ID))
		for _, want := range []string{html.EscapeString(e.Title), `<meta name="robots" content="noindex">`, `href="https://nk.example/events/` + e.ID + `/"`} {
			if !strings.Contains(card, want) {
				t.Errorf("card of %s lacks %q", e.ID, want)
			}
		}
	}
}

func TestSnippet(t *testing.T) {
	const u, js = "https://nk.example/charts/x/", "https://nk.example/assets/embed.js"
	tests := []struct {
		o    snippetOpts
		want string
	}{
		{snippetOpts{}, `<iframe title="A &#34;chart&#34; &amp; more" src="https://nk.example/charts/x/" style="display:block;width:100%;aspect-ratio:640/500;min-height:500px;max-height:660px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="https://nk.example/assets/embed.js" async></script>`},
		{snippetOpts{Theme: "dark", From: 2017, To: 2024, HideTitle: true, Fixed: true},
			`<iframe title="A &#34;chart&#34; &amp; more" src="https://nk.example/charts/x/?theme=dark&amp;from=2017&amp;to=2024&amp;title=0" width="640" height="500" style="border:0" loading="lazy"></iframe>`},
		{snippetOpts{Theme: "auto", To: 2000}, `<iframe title="A &#34;chart&#34; &amp; more" src="https://nk.example/charts/x/?to=2000" style="display:block;width:100%;aspect-ratio:640/500;min-height:500px;max-height:660px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="https://nk.example/assets/embed.js" async></script>`},
	}
	for _, tt := range tests {
		if got := snippet(`A "chart" & more`, u, js, 500, tt.o); got != tt.want {
			t.Errorf("snippet(%+v) =\n%s\nwant\n%s", tt.o, got, tt.want)
		}
	}
}

// TestChartPayloads checks that curated text reaching a chart (a nuclear
// test's title lands in its table) stays text in the page.
func TestChartPayloads(t *testing.T) {
	ds := xssDataset(t)
	out := buildTo(t, ds, t.TempDir())
	b, err := os.ReadFile(filepath.Join(out, "charts", "nuclear-tests", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{[]byte("<script>alert"), []byte("<img src=x")} {
		if bytes.Contains(b, bad) {
			t.Errorf("charts/nuclear-tests/index.html contains %q", bad)
		}
	}
}

func TestCardSnippet(t *testing.T) {
	ds := smallDataset(t)
	b, err := newBuilder(t.Context(), ds, mustURL(t, "https://nk.example/"), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	for id, src := range map[string]string{
		// Published before cards moved beside the page: the old path.
		"2017-09-03-sixth-nuclear-test": "https://nk.example/events/2017-09-03-sixth-nuclear-test/embed/",
		"2017-11-29-hwasong-15":         "https://nk.example/events/2017-11-29-hwasong-15/embed.html",
	} {
		e, _ := ds.Event(id)
		want := `<iframe title="` + html.EscapeString(e.Title) + `" src="` + src + `" style="display:block;width:100%;max-width:640px;height:320px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="https://nk.example/assets/embed.js" async></script>`
		if got := b.cardSnippet(e); got != want {
			t.Errorf("cardSnippet(%s) =\n%s\nwant\n%s", id, got, want)
		}
	}
}

// TestCardPaths checks that a card is a file beside its event's page,
// except the cards published at events/<id>/embed/, which stay there, and
// that either kind may be framed by other sites.
func TestCardPaths(t *testing.T) {
	ds := smallDataset(t)
	out := filepath.Join(t.TempDir(), "out")
	if err := Build(t.Context(), ds, Options{Out: out, BaseURL: "https://nk.example/", Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		return err == nil
	}
	if !publishedCards["2017-09-03-sixth-nuclear-test"] || publishedCards["2017-11-29-hwasong-15"] {
		t.Fatal("the test needs one published card and one new one in the small dataset")
	}
	for _, e := range ds.Events {
		// The card's file and URL, and the other shape, which must not be.
		file, url, other := "events/"+e.ID+"/embed.html", "/events/"+e.ID+"/embed.html", "events/"+e.ID+"/embed"
		if publishedCards[e.ID] {
			file, url, other = "events/"+e.ID+"/embed/index.html", "/events/"+e.ID+"/embed/", "events/"+e.ID+"/embed.html"
		}
		if !exists(file) {
			t.Errorf("no card %s", file)
		}
		if exists(other) {
			t.Errorf("%s: there is also %s", e.ID, other)
		}
		page, err := os.ReadFile(filepath.Join(out, "events", e.ID, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte(`<a href="`+url+`">`)) {
			t.Errorf("events/%s/index.html does not link to its card %s", e.ID, url)
		}
	}
	headers, err := os.ReadFile(filepath.Join(out, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rules := string(headers)
	for _, p := range []string{"/events/:id/embed/\n", "/events/:id/embed.html\n"} {
		i := strings.Index(rules, p)
		if i < 0 || !strings.HasPrefix(rules[i+len(p):], "  ! Content-Security-Policy\n  Content-Security-Policy: "+contentSecurityPolicy+"; frame-ancestors *\n") {
			t.Errorf("_headers does not let %s be framed", strings.TrimSpace(p))
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var templatesFS = templates.FS
