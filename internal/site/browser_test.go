package site

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
	"github.com/nktimeline/timeline/internal/event"
)

// serveBuilt builds ds and serves it on loopback with the server's address
// as the base URL, as `timeline serve` would.
func serveBuilt(t *testing.T, ds *event.Dataset) (tab *browsertest.Tab, base string) {
	t.Helper()
	b := browsertest.New(t) // skips without Chromium
	out := filepath.Join(t.TempDir(), "out")
	base = browsertest.Serve(t, out)
	if err := Build(t.Context(), ds, Options{Out: out, BaseURL: base, Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	return b.NewTab(t), base
}

func eval[T any](t *testing.T, tab *browsertest.Tab, js string) T {
	t.Helper()
	v, err := browsertest.Eval[T](tab, js)
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// visibleJS lists the titles of the timeline entries a reader can see.
const visibleJS = `[...document.querySelectorAll('#timeline li.ev')].filter(e => e.offsetParent !== null).map(e => e.querySelector('h3').textContent)`

// settle waits until the timeline has applied its filters: the first
// filter loads data/search.json, and the list is busy until it has.
func settle(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	waitFor(t, tab, "the filters applied", `!document.getElementById('timeline').hasAttribute('aria-busy')`)
}

// headingsJS maps each shown year of the timeline to its heading's counts.
const headingsJS = `Object.fromEntries([...document.querySelectorAll('#timeline section.year, #results section.year')].filter(s => !s.hidden && s.offsetParent !== null).map(s => [s.getAttribute('data-year'), (s.querySelector('h2 .sub') || {}).textContent || '']))`

// setJS sets a filter control as a reader would and fires its events.
func setJS(id, value string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q); el.value = %q;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, id, value)
}

func TestBrowserIndexFilters(t *testing.T) {
	tab, base := serveBuilt(t, smallDataset(t))
	if err := tab.Navigate(base); err != nil {
		t.Fatal(err)
	}
	if hidden := eval[bool](t, tab, `document.getElementById('filters').hidden`); hidden {
		t.Fatal("the filter form is still hidden: the script did not run")
	}
	if got := eval[[]string](t, tab, visibleJS); len(got) != 6 {
		t.Fatalf("visible at start = %q, want all 6 events", got)
	}

	// only sets one filter and clears the others.
	only := func(id, value string) func() error {
		return func() error {
			for _, f := range []string{"q", "kind", "class", "system", "site", "outcome", "tag", "era", "from", "to"} {
				v := ""
				if "f-"+f == id {
					v = value
				}
				if _, err := browsertest.Eval[bool](tab, setJS("f-"+f, v)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	steps := []struct {
		name    string
		do      func() error
		visible []string
		search  string // location.search afterwards
	}{
		{"kind", func() error { _, err := browsertest.Eval[bool](tab, setJS("f-kind", "missile-launch")); return err },
			[]string{"Salvo of mixed missiles", "Hwasong-15 ICBM"}, "?kind=missile-launch"},
		{"search typed", func() error { return tab.Do(chromedp.SendKeys(chromedp.CSS("#f-q"), "salvo")) },
			[]string{"Salvo of mixed missiles"}, "?q=salvo&kind=missile-launch"},
		{"reset", func() error { return tab.Do(chromedp.Click(chromedp.CSS("#filters button[type=reset]"))) },
			nil, ""},
		{"class", func() error { _, err := browsertest.Eval[bool](tab, setJS("f-class", "ICBM")); return err },
			[]string{"Hwasong-15 ICBM"}, "?class=ICBM"},
		{"class ballistic", func() error { _, err := browsertest.Eval[bool](tab, setJS("f-class", "ballistic")); return err },
			[]string{"Salvo of mixed missiles", "Hwasong-15 ICBM"}, "?class=ballistic"},
		{"year range", func() error {
			if _, err := browsertest.Eval[bool](tab, setJS("f-class", "")); err != nil {
				return err
			}
			if _, err := browsertest.Eval[bool](tab, setJS("f-from", "2017")); err != nil {
				return err
			}
			_, err := browsertest.Eval[bool](tab, setJS("f-to", "2018"))
			return err
		}, []string{"Singapore summit", "Hwasong-15 ICBM", "Sixth nuclear test"}, "?from=2017&to=2018"},
		{"search in summaries, any case", func() error {
			_, err := browsertest.Eval[bool](tab, setJS("f-q", "KWANGMYONGSONG"))
			return err
		}, []string{}, "?q=KWANGMYONGSONG&from=2017&to=2018"},
		{"context", func() error {
			for id, v := range map[string]string{"f-q": "", "f-from": "", "f-to": "", "f-kind": "context"} {
				if _, err := browsertest.Eval[bool](tab, setJS(id, v)); err != nil {
					return err
				}
			}
			return nil
		}, []string{"Singapore summit"}, "?kind=context"},
		{"system", only("f-system", "kn-23"), []string{"Salvo of mixed missiles"}, "?system=kn-23"},
		{"launch site", only("f-site", "sunan"), []string{"Salvo of mixed missiles", "Hwasong-15 ICBM"}, "?site=sunan"},
		{"nuclear test site", only("f-site", "punggye-ri"), []string{"Sixth nuclear test"}, "?site=punggye-ri"},
		{"outcome", only("f-outcome", "failure"), []string{"Salvo of mixed missiles"}, "?outcome=failure"},
		{"tag", only("f-tag", "icbm"), []string{"Hwasong-15 ICBM"}, "?tag=icbm"},
		{"era", only("f-era", "kim-jong-il"), []string{"A test known only to the year"}, "?era=kim-jong-il"},
		{"era and kind", func() error {
			if err := only("f-era", "kim-jong-un")(); err != nil {
				return err
			}
			_, err := browsertest.Eval[bool](tab, setJS("f-kind", "weapons"))
			return err
		}, []string{"Salvo of mixed missiles", "Hwasong-15 ICBM", "Sixth nuclear test", "Unha-3 puts a satellite in orbit"}, "?kind=weapons&era=kim-jong-un"},
		{"search by system name", only("f-q", "hwasal"), []string{"Salvo of mixed missiles"}, "?q=hwasal"},
		{"search by site name", only("f-q", "sohae"), []string{"Unha-3 puts a satellite in orbit"}, "?q=sohae"},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		settle(t, tab)
		got := eval[[]string](t, tab, visibleJS)
		if s.visible == nil {
			if len(got) != 6 {
				t.Errorf("%s: visible = %q, want all 6", s.name, got)
			}
		} else if strings.Join(got, "|") != strings.Join(s.visible, "|") {
			t.Errorf("%s: visible = %q, want %q", s.name, got, s.visible)
		}
		if loc := eval[string](t, tab, `location.search`); loc != s.search {
			t.Errorf("%s: URL query = %q, want %q", s.name, loc, s.search)
		}
	}
	if empty := eval[bool](t, tab, `document.getElementById('f-empty').hidden`); !empty {
		t.Error("the no-match message shows while events match")
	}

	// A shared URL opens the same view.
	if err := tab.Navigate(base + "?kind=weapons&class=SRBM&q=mixed"); err != nil {
		t.Fatal(err)
	}
	settle(t, tab)
	if got := eval[[]string](t, tab, visibleJS); strings.Join(got, "|") != "Salvo of mixed missiles" {
		t.Errorf("shared URL shows %q", got)
	}
	if v := eval[string](t, tab, `document.getElementById('f-kind').value + ' ' + document.getElementById('f-q').value`); v != "weapons mixed" {
		t.Errorf("controls after loading a shared URL = %q", v)
	}
	if c := eval[string](t, tab, `document.getElementById('f-count').textContent`); c != "Showing 1 of 6 events" {
		t.Errorf("count = %q", c)
	}
	// Nothing matches: the message shows, the year headings go.
	if _, err := browsertest.Eval[bool](tab, setJS("f-q", "zzzz-nothing")); err != nil {
		t.Fatal(err)
	}
	settle(t, tab)
	if empty := eval[bool](t, tab, `document.getElementById('f-empty').hidden`); empty {
		t.Error("no message when nothing matches")
	}
	if n := eval[int](t, tab, `[...document.querySelectorAll('#timeline section.year')].filter(e => !e.hidden).length`); n != 0 {
		t.Errorf("%d year sections still shown when nothing matches", n)
	}
}

// TestBrowserIndexWithoutScript checks that the index is complete without
// JavaScript: every event shows, and the filters (which need the script)
// stay out of the way.
func TestBrowserIndexWithoutScript(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	if _, err := chromedp.Call(tab.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := tab.Navigate(base + "?kind=context"); err != nil {
		t.Fatal(err)
	}
	if got := eval[[]string](t, tab, visibleJS); len(got) != len(ds.Events) {
		t.Errorf("without script %d events show, want all %d: %q", len(got), len(ds.Events), got)
	}
	if visible := eval[bool](t, tab, `document.getElementById('filters').offsetParent !== null`); visible {
		t.Error("the filter form shows without the script that makes it work")
	}
}

func TestBrowserEventPage(t *testing.T) {
	tab, base := serveBuilt(t, smallDataset(t))
	if err := tab.Navigate(base + "events/2022-03-mixed/"); err != nil {
		t.Fatal(err)
	}
	if h := eval[string](t, tab, `document.querySelector('h1').textContent`); h != "Salvo of mixed missiles" {
		t.Errorf("h1 = %q", h)
	}
	rows := eval[[]string](t, tab, `[...document.querySelectorAll('table tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ').trim())`)
	want := []string{
		"KN-23 SRBM 2 est. success Sunan – 600.5 –",
		"KN-23 SRBM 1 failure unknown – – –",
		"Hwasal-2 cruise 2 unknown unknown – – –",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("launch table rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	ld := eval[string](t, tab, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).about.name`)
	if ld != "Salvo of mixed missiles" {
		t.Errorf("JSON-LD about.name = %q", ld)
	}
	if og := eval[string](t, tab, `document.querySelector('meta[property="og:url"]').content`); og != base+"events/2022-03-mixed/" {
		t.Errorf("og:url = %q", og)
	}
	// Previous/next lead through the timeline in order.
	if err := tab.Do(chromedp.Click(chromedp.CSS("a[rel=prev]"))); err != nil {
		t.Fatal(err)
	}
	if err := tab.Do(chromedp.WaitReady(chromedp.CSS(".event"))); err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, tab, `location.pathname`); loc != "/events/2018-06-12-singapore-summit/" {
		t.Errorf("previous event link went to %s", loc)
	}
}

// TestBrowserNoInjection loads every page of the payload dataset and checks
// that nothing ran (no dialog: the tab fails the test on one) and that no
// element came out of curated text.
func TestBrowserNoInjection(t *testing.T) {
	ds := xssDataset(t)
	tab, base := serveBuilt(t, ds)
	// The filters and the list draw events from data/search.json, and
	// take text from the URL.
	payload := url.QueryEscape(`<img src=x onerror=alert(1)>`)
	pages := []string{"", "404.html", "about/", "?q=" + payload, "?kind=missile-launch", listPath, listPath + "?q=" + payload + "&tag=" + payload, listPath + "?kind=missile-launch"}
	for _, e := range ds.Events {
		pages = append(pages, eventPath(e.ID), cardPath(e.ID))
	}
	files, _, err := render(t.Context(), ds, Options{Out: filepath.Join(t.TempDir(), "x"), BaseURL: base, Schema: testSchema})
	if err != nil {
		t.Fatal(err)
	}
	for name := range files {
		if strings.HasPrefix(name, "charts/") && strings.HasSuffix(name, "/index.html") {
			pages = append(pages, strings.TrimSuffix(name, "index.html"))
		}
	}
	const injectedJS = `(() => {
		const bad = [];
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.attributes) if (a.name.startsWith('on')) bad.push(el.outerHTML.slice(0, 80));
			// The gallery's list builder previews the list in a frame of its own.
			const preview = el.tagName === 'IFRAME' && el.classList.contains('list-preview') && new URL(el.src || 'about:blank').origin === location.origin;
			if (['IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && !preview) bad.push(el.outerHTML.slice(0, 80));
			if (el.tagName === 'A' && /^\s*(javascript|data|vbscript):/i.test(el.getAttribute('href') || '')) bad.push(el.outerHTML.slice(0, 80));
		}
		for (const s of document.querySelectorAll('script')) {
			const type = s.getAttribute('type') || '';
			if (s.src ? !new URL(s.src).pathname.startsWith('/assets/') : !/^application\/(ld\+)?json$/.test(type)) bad.push(s.outerHTML.slice(0, 80));
		}
		return bad;
	})()`
	for _, p := range pages {
		if err := tab.Navigate(base + p); err != nil {
			t.Fatal(err)
		}
		// Give charts that draw on scroll and timers a chance to run.
		if _, err := browsertest.Eval[bool](tab, `window.scrollTo(0, document.body.scrollHeight), true`); err != nil {
			t.Fatal(err)
		}
		if bad := eval[[]string](t, tab, injectedJS); len(bad) > 0 {
			t.Errorf("/%s: injected elements: %q", p, bad)
		}
		if title := eval[string](t, tab, `document.title`); !strings.Contains(title, "<img src=x onerror=alert(1)>") {
			t.Errorf("/%s: the payload is not in the title as text: %q", p, title)
		}
	}
}

// TestBrowserIndexHeadings checks that each year's heading counts the
// events and missiles that the filters leave, and its own totals again
// once they are cleared; and that a filter among those a phone folds away
// opens them when it comes in the URL.
func TestBrowserIndexHeadings(t *testing.T) {
	tab, base := serveBuilt(t, smallDataset(t))
	all := map[string]string{"2022": "1 event · 3 ballistic missiles", "2018": "1 event", "2017": "2 events · 1 ballistic missile",
		"2012": "1 event", "2011": "", "1998": "1 event"}
	if err := tab.Navigate(base); err != nil {
		t.Fatal(err)
	}
	if got := eval[map[string]string](t, tab, headingsJS); fmt.Sprint(got) != fmt.Sprint(all) {
		t.Errorf("headings = %v, want %v", got, all)
	}
	for _, tc := range []struct {
		query string
		want  map[string]string
	}{
		{"?kind=missile-launch", map[string]string{"2022": "1 event · 3 ballistic missiles", "2017": "1 event · 1 ballistic missile"}},
		{"?kind=nuclear-test", map[string]string{"2017": "1 event"}},
		{"?from=2012&to=2017", map[string]string{"2017": "2 events · 1 ballistic missile", "2012": "1 event"}},
		{"?era=kim-jong-un", map[string]string{"2022": "1 event · 3 ballistic missiles", "2018": "1 event", "2017": "2 events · 1 ballistic missile", "2012": "1 event"}},
	} {
		if err := tab.Navigate(base + tc.query); err != nil {
			t.Fatal(err)
		}
		settle(t, tab)
		if got := eval[map[string]string](t, tab, headingsJS); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: headings = %v, want %v", tc.query, got, tc.want)
		}
	}
	// Clearing brings back every year's own counts.
	if err := tab.Do(chromedp.Click(chromedp.CSS("#filters button[type=reset]"))); err != nil {
		t.Fatal(err)
	}
	settle(t, tab)
	if got := eval[map[string]string](t, tab, headingsJS); fmt.Sprint(got) != fmt.Sprint(all) {
		t.Errorf("after clearing, headings = %v, want %v", got, all)
	}
	if loc := eval[string](t, tab, `location.search`); loc != "" {
		t.Errorf("after clearing, the URL query is %q", loc)
	}
}

// TestBrowserAliasSearch searches the real record as a reporter would, by
// the names others use: every launch of the Hwasong-11Ga shows for
// "KN-23", every event at Sohae for "Tongchang-ri".
func TestBrowserAliasSearch(t *testing.T) {
	ds, _ := realDataset(t)
	tab, base := serveBuilt(t, ds)
	for _, tc := range []struct{ q, system, site string }{
		{"KN-23", "kn-23", ""},
		{"Tongchang-ri", "", "sohae"},
		{"Scud-B", "hwasong-5", ""},
	} {
		var want []string
		for _, e := range ds.Events {
			for _, l := range e.Launches {
				if (tc.system != "" && l.System == tc.system) || (tc.site != "" && l.Site == tc.site) {
					want = append(want, e.ID)
					break
				}
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: no event in the record to find", tc.q)
		}
		if err := tab.Navigate(base + "?q=" + url.QueryEscape(tc.q)); err != nil {
			t.Fatal(err)
		}
		settle(t, tab)
		shown := eval[[]string](t, tab, `[...document.querySelectorAll('#timeline li.ev')].filter(e => e.offsetParent !== null).map(e => e.getAttribute('data-id'))`)
		for _, id := range want {
			if !slices.Contains(shown, id) {
				t.Errorf("%q: %s is not shown", tc.q, id)
			}
		}
		if got := eval[string](t, tab, `document.getElementById('f-q').value`); got != tc.q {
			t.Errorf("search box = %q, want %q", got, tc.q)
		}
		// The search names a system or site: its page is one click away.
		page := "systems/" + tc.system + "/"
		name := ""
		if tc.system != "" {
			s, _ := ds.System(tc.system)
			name = s.Name
		} else {
			s, _ := ds.Site(tc.site)
			page, name = "sites/"+tc.site+"/", s.Name
		}
		links := eval[[]string](t, tab, `[...document.querySelectorAll('#f-entities:not([hidden]) a')].map(a => a.getAttribute('href'))`)
		if !slices.Contains(links, "/"+page) {
			t.Errorf("%q: the search does not offer %s (offers %q)", tc.q, page, links)
			continue
		}
		if err := tab.Do(chromedp.Click(chromedp.CSS(`#f-entities a[href="/` + page + `"]`))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, "the page of "+name, `location.pathname === "/`+page+`" && document.readyState === "complete"`)
		if h1 := eval[string](t, tab, `document.querySelector('h1').textContent`); h1 != name {
			t.Errorf("%q: the link leads to a page headed %q, want %q", tc.q, h1, name)
		}
	}
}

// TestBrowserLargeIndex filters the home page of a record past
// indexThreshold, which lists only the newest years: the matches of every
// year are drawn from data/search.json under headings that count them,
// and clearing brings back the page as it was.
func TestBrowserLargeIndex(t *testing.T) {
	ds := synthDataset(t, indexThreshold+200)
	tab, base := serveBuilt(t, ds)
	var want []string
	years := map[int]int{}
	for i := len(ds.Events) - 1; i >= 0; i-- {
		if e := ds.Events[i]; e.Kind == event.KindNuclearTest {
			want = append(want, e.ID)
			years[e.Date.Year]++
		}
	}
	if err := tab.Navigate(base + "?kind=nuclear-test"); err != nil {
		t.Fatal(err)
	}
	settle(t, tab)
	shown := eval[[]string](t, tab, `[...document.querySelectorAll('#results li.ev')].map(e => e.getAttribute('data-id'))`)
	if strings.Join(shown, " ") != strings.Join(want, " ") {
		t.Errorf("drawn %d events, want the %d nuclear tests newest first", len(shown), len(want))
	}
	heads := eval[map[string]string](t, tab, headingsJS)
	for y, n := range years {
		if w := fmt.Sprintf("%d %s", n, map[bool]string{true: "event", false: "events"}[n == 1]); heads[fmt.Sprint(y)] != w {
			t.Errorf("%d: heading %q, want %q", y, heads[fmt.Sprint(y)], w)
		}
	}
	if n := eval[int](t, tab, `[...document.querySelectorAll('#timeline section.year')].filter(s => s.offsetParent !== null).length`); n != 0 {
		t.Errorf("%d of the page's own year sections still show", n)
	}
	if c := eval[string](t, tab, `document.getElementById('f-count').textContent`); c != fmt.Sprintf("Showing %d of 1,200 events", len(want)) {
		t.Errorf("count = %q", c)
	}
	if err := tab.Do(chromedp.Click(chromedp.CSS("#filters button[type=reset]"))); err != nil {
		t.Fatal(err)
	}
	settle(t, tab)
	if n := eval[int](t, tab, `document.querySelectorAll('#results li').length + (document.getElementById('results').hidden ? 0 : 1000)`); n != 0 {
		t.Error("the results are still shown after clearing")
	}
	if n := eval[int](t, tab, `[...document.querySelectorAll('#timeline li.ev')].filter(e => e.offsetParent !== null).length`); n == 0 || n > indexMaxEvents {
		t.Errorf("after clearing, %d of the page's events show", n)
	}
}
