package site

import (
	"fmt"
	"path/filepath"
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
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
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
	pages := []string{"", "404.html", "about/"}
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
			if (['IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.outerHTML.slice(0, 80));
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
