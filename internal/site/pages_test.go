package site

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

func renderSmall(t *testing.T) map[string][]byte {
	t.Helper()
	files, _, err := render(context.Background(), smallDataset(t), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// squash removes the whitespace between tags so that tests can match
// markup without caring about line breaks.
func squash(s string) string {
	return regexp.MustCompile(`>\s+<`).ReplaceAllString(s, "><")
}

func TestIndexContent(t *testing.T) {
	files := renderSmall(t)
	index := squash(string(files["index.html"]))
	for _, tc := range []struct{ name, want string }{
		{"total ballistic", `<dt>Ballistic missiles since 2017</dt><dd><strong>4</strong> in 2 launch events</dd>`},
		{"record year", `<dt>Record year</dt><dd><strong>2022</strong> with 3 ballistic missiles</dd>`},
		{"nuclear tests", `<dt>Nuclear tests</dt><dd><strong>1</strong></dd>`},
		{"events", `<strong>6</strong> including 1 context event`},
		{"latest launch", `<dt>Latest missile launch</dt><dd><a href="/events/2022-03-mixed/">Salvo of mixed missiles</a>, <time datetime="2022-03">Mar 2022</time>`},
		{"year heading", `<h2 id="y2017-h"><a href="/years/2017/">2017</a><span class="sub">2 events · 1 ballistic missile</span></h2>`},
		{"year without events", `<h2 id="y2011-h">2011</h2>`},
		{"context lane", `<li class="ev ctx" data-id="2018-06-12-singapore-summit">`},
		{"search index", `<div class="timeline" id="timeline" data-search="/data/search.json" data-complete>`},
		{"every year page", `<li><a href="/years/1998/">1998</a><span class="sub">1 event</span></li>`},
		{"system filter", `<option value="kn-23">KN-23</option>`},
		{"site filter", `<option value="punggye-ri">Punggye-ri nuclear test site</option>`},
		{"outcome filter", `<option>failure</option>`},
		{"tag filter", `<option value="salvo">salvo</option>`},
		{"era filter", `<option value="kim-jong-un">Kim Jong Un</option>`},
		{"missiles by class and outcome", `<p class="facts">3 SRBM, 2 cruise · <a href="/systems/kn-23/">KN-23</a>, <a href="/systems/hwasal-2/">Hwasal-2</a> · from <a href="/sites/sunan/">Sunan</a> · outcome: 2 success, 1 failure, 2 unknown</p>`},
		{"summary Markdown", `<em>Hwasong-15</em>, with a <a href="https://example.org/a">record</a> apogee.`},
		{"era marker", `<li class="era"><span>Kim Jong Un era begins, <time datetime="2011-12-18">18 Dec 2011</time></span></li>`},
		{"kind filter", `<option value="nuclear-test">Nuclear test</option>`},
		{"class filter", `<option value="ICBM">ICBM</option>`},
		{"filters hidden without script", `<form class="filters" id="filters" role="search" aria-label="Filter the timeline" hidden>`},
		{"charts in the nav", `<a href="/charts/">Charts</a>`},
		{"script", `<script src="/assets/timeline.`},
	} {
		if !strings.Contains(index, tc.want) {
			t.Errorf("%s: index.html lacks %s", tc.name, tc.want)
		}
	}
	if strings.Contains(index, "Latest event") {
		t.Error("the latest event is shown twice: it is also the latest launch")
	}
	// Years newest first, every event present: the page is complete
	// without JavaScript.
	var years []string
	for _, m := range regexp.MustCompile(`<section class="year" id="y(\d+)"`).FindAllStringSubmatch(index, -1) {
		years = append(years, m[1])
	}
	if got := strings.Join(years, " "); got != "2022 2018 2017 2012 2011 1998" {
		t.Errorf("year sections = %s", got)
	}
	// An era that began before the first event (Kim Jong Il's, 1994; the
	// record starts in 1998) is marked at the foot of the first year, not
	// in a year section of its own.
	first := index[strings.Index(index, `id="y1998"`):]
	if !strings.Contains(first, "Kim Jong Il era begins") {
		t.Error("the Kim Jong Il era is not marked in the record's first year")
	}
	ds := smallDataset(t)
	for _, e := range ds.Events {
		if !strings.Contains(index, `<h3><a href="/events/`+e.ID+`/">`) {
			t.Errorf("index.html lacks %s", e.ID)
		}
	}
	// Within a year, newest first.
	if i, j := strings.Index(index, "2017-11-29-hwasong-15"), strings.Index(index, "2017-09-03-sixth"); i > j {
		t.Error("2017 is not newest first")
	}
}

// TestHalfYearRecord checks the figure the project's source article states,
// in a dataset shaped like 2022: more missiles by June than in any earlier
// whole year.
func TestHalfYearRecord(t *testing.T) {
	ds := smallDataset(t)
	f := testBuilder(t, ds).figures()
	if f.HalfYear != 2022 || f.HalfCount != 3 || !f.HalfRecord {
		t.Errorf("half-year record = %d, %d, %v; want 2022, 3, true", f.HalfYear, f.HalfCount, f.HalfRecord)
	}
}

func TestEventPageContent(t *testing.T) {
	files := renderSmall(t)
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"2017-11-29-hwasong-15", []string{
			`<title>Hwasong-15 ICBM · Test timeline</title>`,
			`<meta name="description" content="First flight of the Hwasong-15, with a record apogee.">`,
			`<link rel="canonical" href="https://nk.example/events/2017-11-29-hwasong-15/">`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:title" content="Hwasong-15 ICBM">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<span class="badge k-missile-launch">Missile launch</span>`,
			`<time datetime="2017-11-29">29 Nov 2017</time>, 03:17 KST</span><span>Kim Jong Un era</span>`,
			`<h1>Hwasong-15 ICBM</h1>`,
			`<div class="body"><p>Longer text.</p><p>Second paragraph.</p>`,
			`<tr><th scope="row"><a href="/systems/hwasong-15/">Hwasong-15</a></th><td>ICBM</td><td class="n">1</td><td>success</td><td><a href="/sites/sunan/">Sunan</a></td><td class="n">4475</td><td class="n">950</td><td class="n">53</td></tr>`,
			`<a href="https://example.org/hs15" rel="noopener noreferrer">ICBM launch</a>, Example News, <time datetime="2017-11-29">29 Nov 2017</time>`,
			`<li><a href="/?tag=icbm" rel="tag">ICBM</a></li>`,
			`<a href="/events/2017-09-03-sixth-nuclear-test/">Sixth nuclear test</a>, <time datetime="2017-09-03">3 Sep 2017</time>`,
			`“Hwasong-15 ICBM” (29 Nov 2017). Test timeline, data as of 31 Dec 2023, CC BY 4.0. <a href="https://nk.example/events/2017-11-29-hwasong-15/">https://nk.example/events/2017-11-29-hwasong-15/</a>`,
			`<a class="prev" href="/events/2017-09-03-sixth-nuclear-test/" rel="prev">`,
			`<a class="next" href="/events/2018-06-12-singapore-summit/" rel="next">`,
		}},
		{"2017-09-03-sixth-nuclear-test", []string{
			`<dt>Site</dt><dd><a href="/sites/punggye-ri/">Punggye-ri nuclear test site</a></dd>`,
			`<dt>Estimated yield</dt><dd>70 to 280 kilotons</dd>`,
			`<dt>Seismic magnitude</dt><dd>6.3 m<sub>b</sub></dd>`,
			`<dt>North Korea's claim</dt><dd>hydrogen bomb</dd>`,
			`<a href="https://example.org/usgs" rel="noopener noreferrer" class="bare">https://example.org/usgs</a>, USGS</li>`,
		}},
		{"2022-03-mixed", []string{
			`<p>3 ballistic missiles: 3 SRBM, 2 cruise. Outcome: 2 success, 1 failure, 2 unknown.</p>`,
			`<td class="n">2 <abbr title="estimated">est.</abbr></td>`,
			`<td>unknown</td><td class="n"><span class="na" title="not reported">–</span>`,
			`<time datetime="2022-03">Mar 2022</time>`,
		}},
		{"2018-06-12-singapore-summit", []string{
			`<article class="event ctx">`,
			`<time datetime="2018-06-12">12 Jun 2018</time> to <time datetime="2018-06-13">13 Jun 2018</time>`,
		}},
		{"1998-unha", []string{
			`<time datetime="1998">1998</time></span><span>Kim Jong Il era</span></p>`,
			`<a class="next" href="/events/2012-12-12-unha-3/" rel="next">`,
		}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			page := squash(string(files["events/"+tc.id+"/index.html"]))
			if page == "" {
				t.Fatal("no page")
			}
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			m := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no JSON-LD")
			}
			var ld struct {
				Type  string `json:"@type"`
				URL   string `json:"url"`
				About struct {
					Type      string `json:"@type"`
					Name      string `json:"name"`
					StartDate string `json:"startDate"`
				} `json:"about"`
				Citation []struct {
					URL string `json:"url"`
				} `json:"citation"`
			}
			if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
				t.Fatalf("JSON-LD: %v", err)
			}
			ds := smallDataset(t)
			e, _ := ds.Event(tc.id)
			if ld.Type != "WebPage" || ld.About.Type != "Event" || ld.About.Name != e.Title ||
				ld.About.StartDate != e.Date.String() || ld.URL != "https://nk.example/events/"+tc.id+"/" ||
				len(ld.Citation) != len(e.Sources) {
				t.Errorf("JSON-LD = %+v", ld)
			}
		})
	}
}

func TestFeedNewest50(t *testing.T) {
	small := smallDataset(t)
	var events []event.Event
	for i := range 60 {
		d := mustDate(t, fmt.Sprintf("2020-%02d-%02d", i/28+1, i%28+1))
		events = append(events, event.Event{
			ID: fmt.Sprintf("%s-e%d", d, i), Date: d, Kind: event.KindMissileLaunch,
			Title: fmt.Sprintf("Event %d", i), Summary: "S", Sources: []event.Source{{URL: "https://example.org", Publisher: "P"}},
		})
	}
	ds := event.NewDataset(small.Meta, small.Systems, small.Sites, events)
	files, _, err := render(context.Background(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema})
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 50 || feed.Entries[0].Title != "Event 59" || feed.Entries[49].Title != "Event 10" {
		t.Errorf("feed has %d entries from %+v to %+v; want 50, Event 59 to Event 10", len(feed.Entries), feed.Entries[0], feed.Entries[len(feed.Entries)-1])
	}
	var sitemap struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &sitemap); err != nil {
		t.Fatal(err)
	}
	if len(sitemap.URLs) < 61 || sitemap.URLs[0] != "https://nk.example/" {
		t.Errorf("sitemap lists %d URLs starting with %v", len(sitemap.URLs), sitemap.URLs[:1])
	}
	for _, u := range sitemap.URLs {
		if strings.Contains(u, "404") {
			t.Errorf("sitemap lists %s", u)
		}
	}
}

// TestSitemapSplit checks that a site with more pages than one sitemap
// may list gets a sitemap index of files that together list every page,
// in order, once.
func TestSitemapSplit(t *testing.T) {
	ds := smallDataset(t)
	opt := Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema}
	whole, _, err := render(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	type urls struct {
		Locs []string `xml:"url>loc"`
		Mods []string `xml:"url>lastmod"`
	}
	var want urls
	if err := xml.Unmarshal(whole["sitemap.xml"], &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Locs) < 20 {
		t.Fatalf("only %d pages", len(want.Locs))
	}
	defer func(n int) { sitemapLimit = n }(sitemapLimit)
	sitemapLimit = 7
	files, _, err := render(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	var index struct {
		XMLName xml.Name
		Locs    []string `xml:"sitemap>loc"`
		Mods    []string `xml:"sitemap>lastmod"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
		t.Fatal(err)
	}
	if index.XMLName.Local != "sitemapindex" || len(index.Locs) != (len(want.Locs)+6)/7 {
		t.Fatalf("sitemap.xml is a %s of %d files for %d pages", index.XMLName.Local, len(index.Locs), len(want.Locs))
	}
	var got urls
	for i, loc := range index.Locs {
		name := strings.TrimPrefix(loc, "https://nk.example/")
		if name != fmt.Sprintf("sitemap-%d.xml", i+1) {
			t.Errorf("index lists %s", loc)
		}
		var part urls
		if err := xml.Unmarshal(files[name], &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(part.Locs) > 7 {
			t.Errorf("%s lists %d pages", name, len(part.Locs))
		}
		latest := slices.Max(part.Mods)
		if index.Mods[i] != latest {
			t.Errorf("%s dated %s in the index, want its latest page's %s", name, index.Mods[i], latest)
		}
		got.Locs = append(got.Locs, part.Locs...)
		got.Mods = append(got.Mods, part.Mods...)
	}
	if !slices.Equal(got.Locs, want.Locs) || !slices.Equal(got.Mods, want.Mods) {
		t.Errorf("the parts list %d pages, not the %d of one sitemap in the same order", len(got.Locs), len(want.Locs))
	}
}

func TestMarkdown(t *testing.T) {
	m := newMarkdown()
	for _, tc := range []struct{ in, block, inline, plain string }{
		{"*a* & b", "<p><em>a</em> &amp; b</p>\n", "<em>a</em> &amp; b", "a & b"},
		{"[x](https://e.org/?a=1&b=2)", `<p><a href="https://e.org/?a=1&amp;b=2">x</a></p>` + "\n", `<a href="https://e.org/?a=1&amp;b=2">x</a>`, "x"},
		{"[x](javascript:alert(1))", "<p>x</p>\n", "x", "x"},
		{"[x](/relative)", "<p>x</p>\n", "x", "x"},
		{"[x](mailto:a@b.c)", "<p>x</p>\n", "x", "x"},
		{"<https://e.org>", `<p><a href="https://e.org">https://e.org</a></p>` + "\n", `<a href="https://e.org">https://e.org</a>`, "https://e.org"},
		{"<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n", "javascript:alert(1)", "javascript:alert(1)"},
		{"![alt](https://e.org/i.png)", "<p>alt</p>\n", "alt", "alt"},
		{"a <b>b</b>", "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n", "a <!-- raw HTML omitted -->b<!-- raw HTML omitted -->", "a b"},
		{"one\n\ntwo", "<p>one</p>\n<p>two</p>\n", "<p>one</p>\n<p>two</p>\n", "one two"},
		{"line\nbreak `code`", "<p>line\nbreak <code>code</code></p>\n", "line\nbreak <code>code</code>", "line break code"},
	} {
		if got, _ := m.BlockOnce(tc.in); string(got) != tc.block {
			t.Errorf("BlockOnce(%q) = %q, want %q", tc.in, got, tc.block)
		}
		if r, _ := m.text(tc.in); string(r.block) != tc.block {
			t.Errorf("the block form of %q is %q, want %q", tc.in, r.block, tc.block)
		}
		if got, _ := m.Inline(tc.in); string(got) != tc.inline {
			t.Errorf("Inline(%q) = %q, want %q", tc.in, got, tc.inline)
		}
		if got := m.Plain(tc.in); got != tc.plain {
			t.Errorf("Plain(%q) = %q, want %q", tc.in, got, tc.plain)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", DefaultBaseURL, ""},
		{"https://example.org", "https://example.org/", ""},
		{"https://example.org/nk", "https://example.org/nk/", ""},
		{"http://127.0.0.1:8000/", "http://127.0.0.1:8000/", ""},
		{"ftp://example.org/", "", "absolute http(s)"},
		{"/relative/", "", "absolute http(s)"},
		{"https://example.org/?q=1", "", "no query"},
		{"http://h/%2e%2e/", "", "without . or .. segments"},
		{"http://h/a/../b/", "", "without . or .. segments"},
		{"http://h/./", "", "without . or .. segments"},
		{"http://h/a..b/", "http://h/a..b/", ""},
	} {
		u, err := parseBaseURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseBaseURL(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || u.String() != tc.want {
			t.Errorf("parseBaseURL(%q) = %v, %v; want %s", tc.in, u, err, tc.want)
		}
	}
}

// TestEventEmbedCode checks that every event page offers its card's embed
// code: the snippet of cardSnippet in a read-only box that needs no script,
// a copy button that copy.js reveals, and a link to the card. The page must
// not load the chart code, and with it ECharts.
func TestEventEmbedCode(t *testing.T) {
	ds := smallDataset(t)
	files := renderSmall(t)
	b, err := newBuilder(t.Context(), ds, mustURL(t, "https://nk.example/"), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	box := regexp.MustCompile(`<textarea id="embed-code" class="embed-code" rows="\d+" readonly spellcheck="false">([^<]*)</textarea>`)
	for _, e := range ds.Events {
		name := "events/" + e.ID + "/index.html"
		page := string(files[name])
		m := box.FindAllStringSubmatch(page, -1)
		if len(m) != 1 {
			t.Errorf("%s: %d read-only embed code boxes, want 1", name, len(m))
			continue
		}
		if got, want := html.UnescapeString(m[0][1]), b.cardSnippet(&e); got != want {
			t.Errorf("%s: embed code\n got %s\nwant %s", name, got, want)
		}
		for _, want := range []string{
			`<h2 id="embed-h">Embed this event</h2>`,
			`<label class="code-label" for="embed-code">Embed code</label>`,
			`<button type="button" data-copy="embed-code" hidden>Copy embed code</button>`,
			`<a href="/` + cardPath(e.ID) + `">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
		if !regexp.MustCompile(`<script src="/assets/copy\.[0-9a-f]{10}\.js" defer></script>`).MatchString(page) {
			t.Errorf("%s does not load copy.js", name)
		}
		if strings.Contains(page, "echarts") || strings.Contains(page, "/assets/charts.") {
			t.Errorf("%s refers to the chart code", name)
		}
	}
	// The gallery's copy buttons are the same.
	if !strings.Contains(string(files["charts/index.html"]), `<button type="button" data-copy="code-ballistic-missiles-per-year" hidden>Copy embed code</button>`) {
		t.Error("the gallery's copy button differs from the event pages'")
	}
}
