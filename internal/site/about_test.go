package site

import (
	"context"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
)

// kn25Dataset is the small dataset with the KN-25 in the catalogue and a
// salvo of its rockets whose count is an estimate.
func kn25Dataset(t testing.TB) *event.Dataset {
	small := smallDataset(t)
	systems := append(append([]event.System{}, small.Systems...),
		event.System{ID: "kn-25", Name: "600 mm rocket launcher", Aliases: []string{"KN-25"}, Class: event.ClassSRBM, Propellant: "solid"})
	events := append(append([]event.Event{}, small.Events...), event.Event{
		ID: "2020-03-02-kn-25", Path: "2020/2020-03-02-kn-25.yaml", Date: mustDate(t, "2020-03-02"),
		Kind: event.KindMissileLaunch, Title: "KN-25 salvo", Summary: "Rockets.",
		Launches: []event.Launch{{System: "kn-25", Count: 4, CountEstimated: true, Outcome: "success"}},
		Sources:  []event.Source{{URL: "https://example.org/kn25", Publisher: "Example"}},
		Tags:     []string{"hypersonic"},
	})
	return event.NewDataset(small.Meta, systems, small.Sites, events)
}

func renderAbout(t *testing.T, ds *event.Dataset) (string, map[string][]byte) {
	t.Helper()
	files, _, err := render(context.Background(), ds, Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	page, ok := files["about/index.html"]
	if !ok {
		t.Fatal("no about/index.html")
	}
	return squash(string(page)), files
}

// TestAboutFigures renders the about page of two datasets and checks that
// its figures are the ones each dataset gives: none is typed into the page.
func TestAboutFigures(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   *event.Dataset
		want []string
		not  []string
	}{
		{"small", smallDataset(t), []string{
			`The record holds <strong>6 events</strong> from <time datetime="1998">1998</time> to <time datetime="2023-12-31">31 Dec 2023</time>, the date it is complete up to: 5 of North Korea's weapons activity and 1 of the context around it.`,
			`<strong>4 ballistic missiles in 2 launch events</strong>, the first in 2017. The record year is 2022, with 3. The most from January to June of one year is 3, in 2022, more than in any whole year before it.`,
			`its event carries the tag <code>hypersonic</code> (0 events).`,
			`1 event is dated to the month and 1 to the year, the latest in 2022.`,
			`1 launch group in 1 event is marked so, with 2 missiles and rockets, 2 of them ballistic.`,
			`<tr><th scope="row">Missile launch</th><td>`,
			`<td class="n">2</td></tr>`,
			`<tr><th scope="row">SRBM</th><td>short-range ballistic missiles, up to 1,000 km</td><td>yes</td><td class="n">3</td><td class="n">2</td><td class="n">1</td></tr>`,
			`<tr><th scope="row">cruise</th><td>cruise missiles</td><td>no</td><td class="n">2</td><td class="n">1</td><td class="n">1</td></tr>`,
			`<tr><th scope="row">SLV</th><td>space launch vehicles</td><td>no</td><td class="n">1</td><td class="n">1</td><td class="n">1</td></tr>`,
			`Weapons activity: 5 events`, `Context: 1 event</th>`,
			`The eras: Kim Jong Il, <time datetime="1994-07-09">9 Jul 1994</time> to <time datetime="2011-12-17">17 Dec 2011</time>; Kim Jong Un, <time datetime="2011-12-18">18 Dec 2011</time> to the present.`,
			`<p class="note">1998 to 2023 · numbers: <a href="/data/ballistic-missiles-per-year.csv">data/ballistic-missiles-per-year.csv</a></p>`,
		}, []string{"KN-25"}},
		{"with the KN-25", kn25Dataset(t), []string{
			`The record holds <strong>7 events</strong> from <time datetime="1998">1998</time> to <time datetime="2023-12-31">31 Dec 2023</time>, the date it is complete up to: 6 of North Korea's weapons activity and 1 of the context around it.`,
			`<strong>8 ballistic missiles in 3 launch events</strong>, the first in 2017. The record year is 2020, with 4.`,
			`(1 event).`,
			`The record classes the 600 mm rocket launcher as SRBM and counts its rockets as ballistic missiles, as South Korea and Japan report them: 4 rockets in 1 event.`,
			`2 launch groups in 2 events are marked so, with 6 missiles and rockets, 6 of them ballistic.`,
			`<tr><th scope="row">SRBM</th><td>short-range ballistic missiles, up to 1,000 km</td><td>yes</td><td class="n">7</td><td class="n">3</td><td class="n">2</td></tr>`,
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, _ := renderAbout(t, tc.ds)
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("about page lacks\n%s", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(page, w) {
					t.Errorf("about page has %q", w)
				}
			}
		})
	}
}

// TestAboutContent checks what the page must say and hold: the counting
// rule, every chart's definition, every column of events.csv and every key
// of events.json (read from the code that writes them), the extra keys,
// the licence and how to cite; headings in order and tables with headers.
func TestAboutContent(t *testing.T) {
	ds := smallDataset(t)
	page, files := renderAbout(t, ds)
	for _, want := range []string{
		`<title>About the data · Test timeline</title>`,
		`<link rel="canonical" href="https://nk.example/about/">`,
		`<a href="/about/" aria-current="page">About the data</a>`,
		`<h1>About the data</h1>`,
		`<section id="counting" aria-labelledby="counting-h">`,
		`whose system is a ballistic missile</strong>: SRBM, MRBM, IRBM, ICBM, SLBM or ballistic of unknown class.`,
		`<strong>A launch event is an event with at least one ballistic launch group.</strong>`,
		`Cruise missiles, rocket artillery, surface-to-air missiles and the rockets of satellite launches are listed on the timeline and in the downloads but not counted as ballistic missiles.`,
		`<strong>local date in Korea</strong> (KST, UTC+9)`,
		`<code>count_estimated</code>`,
		`<p id="rocket-artillery"><strong>300 mm rockets are rocket artillery.</strong>`,
		`<p id="count-rule"><strong>Which figure a count holds.</strong> The highest figure given by a government that tracks launches`,
		`<section id="reported-counts" aria-labelledby="reported-counts-h">`,
		`<td>South Korea JCS: about 1; <a href="https://example.org/kcna" rel="noopener noreferrer">KCNA</a>: 2</td><td class="n">2</td>`,
		`<section id="yearly-tallies" aria-labelledby="yearly-tallies-h">`,
		`<tr><th scope="row">2017</th><td>CSIS Missile Defense Project, <a href="https://jbpress.ismedia.jp/articles/print/73373" rel="noopener noreferrer">JBpress, January 2023</a></td><td>24 missiles of every type</td><td>1 ballistic missile in 1 launch event; 0 other missiles, rockets and launch vehicles listed</td>`,
		`<a href="/changes/">Corrections and updates</a> lists every one`,
		`Rocket artillery (systems of class artillery) is left out`,
		`The data is published under <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.`,
		`<div class="cite"><p>Source: Test timeline, data as of 31 Dec 2023</p></div>`,
		`<div class="cite"><p>Test timeline. Data as of 31 Dec 2023, CC BY 4.0. https://nk.example/</p></div>`,
		`<a href="/data/events.json">data/events.json</a>`,
		`<a href="/data/events.csv">data/events.csv</a>`,
		`<a href="/data/event.schema.json">data/event.schema.json</a>`,
		`there are optional extra keys for facts that only some events have: <code>licence</code>, <code>end_date</code>, <code>time</code>, <code>related</code>, <code>updated</code>, <code>corrections</code>, <code>count_estimated</code> (in launch groups), <code>flight_min</code> (in launch groups), <code>reported_counts</code> (in launch groups), <code>claim</code> (in nuclear), <code>title</code> (in sources), <code>published</code> (in sources).`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("about page lacks\n%s", want)
		}
	}
	// The events-per-year chart keeps ballistic launch events apart.
	if !strings.Contains(page, "Ballistic launch events and other missile launches are kept apart") {
		t.Error("the definition of tests-per-year does not say it splits ballistic launch events from other missile launches")
	}
	for _, c := range chart.All(ds) {
		want := fmt.Sprintf(`<section id="chart-%s" aria-labelledby="chart-%s-h"><h3 id="chart-%s-h"><a href="/charts/%s/">%s</a></h3><p>%s</p>`,
			c.ID, c.ID, c.ID, c.ID, htmlText(c.Title), htmlText(c.Definition))
		if c.Definition == "" || !strings.Contains(page, want) {
			t.Errorf("about page lacks the definition of %s:\n%s", c.ID, want)
		}
		if !strings.Contains(page, `<a href="/data/`+c.ID+`.csv">`) {
			t.Errorf("about page does not link data/%s.csv", c.ID)
		}
	}
	// Every column of each CSV file, in order, from the header the file
	// has, in the table that follows the file's heading.
	for _, f := range []struct{ file, heading string }{
		{"data/events.csv", `id="csv-h"`},
		{"data/systems.csv", `id="systems-cols"`},
		{"data/sites.csv", `id="sites-cols"`},
	} {
		header := strings.SplitN(string(files[f.file]), "\r\n", 2)[0]
		_, section, ok := strings.Cut(page, f.heading)
		if !ok {
			t.Errorf("about page has no heading %s", f.heading)
			continue
		}
		section, _, _ = strings.Cut(section, "</table>")
		var cols []string
		for _, m := range regexp.MustCompile(`<tr><th scope="row"><code>([a-z_]+)</code></th><td>[^<]+</td></tr>`).FindAllStringSubmatch(section, -1) {
			cols = append(cols, m[1])
		}
		if got := strings.Join(cols, ","); got != header {
			t.Errorf("%s columns on the page:\n%s\nin the file:\n%s", f.file, got, header)
		}
	}
	// Every key of events.json, object by object.
	for _, o := range jsonObjects() {
		for i := range o.typ.NumField() {
			key, _, _ := strings.Cut(o.typ.Field(i).Tag.Get("json"), ",")
			if !regexp.MustCompile(`<h4 id="` + o.doc.ID + `">(?s:.*?)<th scope="row"><code>` + key + `</code></th>`).MatchString(page) {
				t.Errorf("the table %s lacks the key %s", o.doc.ID, key)
			}
		}
	}
	// Headings go down one level at a time; every table has column headers.
	level := 1
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(page, -1) {
		l := int(m[1][0] - '0')
		if l > level+1 {
			t.Errorf("heading h%d follows h%d", l, level)
		}
		level = l
	}
	if n, th := strings.Count(page, "<table>"), strings.Count(page, `<thead><tr><th scope="col">`); n < 8 || n != th {
		t.Errorf("%d tables, %d with column headers", n, th)
	}

	// The page is in the sitemap, and linked from the header of every
	// page, from the index's counting note and from each chart's source line.
	var sm struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	if !contains(sm.URLs, "https://nk.example/about/") {
		t.Errorf("the sitemap does not list the about page: %v", sm.URLs)
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(data), `<nav aria-label="Site">`) &&
			!strings.Contains(string(data), `<a href="/about/"`) {
			t.Errorf("%s: the header does not link the about page", name)
		}
	}
	if !strings.Contains(string(files["index.html"]), `See <a href="/about/#counting">how missiles are counted</a>`) {
		t.Error("the index's counting note does not link the about page")
	}
	for _, id := range chart.IDs {
		if !strings.Contains(string(files["charts/"+id+"/index.html"]), `<a href="/about/#chart-`+id+`" target="_blank" rel="noopener">How it is counted</a>`) {
			t.Errorf("charts/%s does not link its definition", id)
		}
	}
}

// TestAboutDocumentsEveryKey makes the build fail, rather than publish an
// incomplete page, when a key of events.json has no description.
func TestAboutDocumentsEveryKey(t *testing.T) {
	type withNew struct {
		ID  string `json:"id"`
		New string `json:"new_key,omitempty"`
	}
	_, err := jsonFieldDocs(reflect.TypeFor[withNew](), map[string]jsonDoc{"id": {About: "x"}})
	if err == nil || !strings.Contains(err.Error(), `"new_key"`) {
		t.Errorf("jsonFieldDocs = %v, want an error about new_key", err)
	}
	docs, err := jsonFieldDocs(reflect.TypeFor[withNew](), map[string]jsonDoc{"id": {About: "x"}, "new_key": {About: "y", Extra: true}})
	if err != nil || len(docs) != 2 || docs[0].Present != "always" || docs[1].Present != "when known" || !docs[1].Extra {
		t.Errorf("jsonFieldDocs = %+v, %v", docs, err)
	}
}

func htmlText(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;").Replace(s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
