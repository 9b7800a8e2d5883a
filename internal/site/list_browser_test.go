package site

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
)

// TestBrowserListEmbed pastes two embedded lists into an article on
// another origin, as a reporter would, at a phone's and a desktop's width
// under a light and a dark system setting, and checks what each frame
// shows: the matching events newest first, the count line, the link to
// the same view on the site, its theme, and a frame that embed.js fitted
// to the list (no scrolling, nothing cut, nothing wider than the frame).
func TestBrowserListEmbed(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	b, err := newBuilder(t.Context(), ds, mustURL(t, base), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "host")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	host := browsertest.Serve(t, out)
	queries := []string{"class=ICBM&theme=dark", "kind=missile-launch&from=2017&theme=light&limit=1"}
	page := "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'><title>Host</title><link rel=icon href=\"data:,\">" +
		"<style>body{margin:0;padding:0 8px;font:16px serif}</style></head><body><h1>An article</h1><p>Text before.</p>" +
		b.listSnippet(queries[0]) + "<p>Between.</p>" + b.listSnippet(queries[1]) + "<p>Text after.</p></body></html>"
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	type frame struct {
		Count, Background, Source, More string
		IDs                             []string
		FrameH, ScrollH, ClientH        float64
		ScrollW, ClientW                float64
	}
	wants := []struct {
		count, background, source, more string
		ids                             []string
	}{
		{"1 event: ICBM", "rgb(21, 23, 26)", base + "?class=ICBM", "", []string{"2017-11-29-hwasong-15"}},
		{"2 events: Missile launch · since 2017, the newest 1 shown", "rgb(255, 255, 255)", base + "?kind=missile-launch&from=2017",
			base + "?kind=missile-launch&from=2017", []string{"2022-03-mixed"}},
	}
	for _, width := range []int64{320, 1200} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprintf("%d/%s", width, scheme), func(t *testing.T) {
				setViewport(t, tab, width, 900)
				emulateScheme(t, tab, scheme)
				if err := tab.Navigate(host); err != nil {
					t.Fatal(err)
				}
				srcs := eval[[]string](t, tab, `[...document.querySelectorAll('iframe')].map(f => f.src)`)
				if len(srcs) != 2 {
					t.Fatalf("%d frames", len(srcs))
				}
				for i, src := range srcs {
					// Frames are lazy: scroll each into view.
					if _, err := browsertest.Eval[bool](tab, fmt.Sprintf(`(document.querySelectorAll('iframe')[%d].scrollIntoView(), true)`, i)); err != nil {
						t.Fatal(err)
					}
					w := wants[i]
					var f frame
					eventually(t, fmt.Sprintf("frame %s", src), func() error {
						var err error
						f, err = inFrameE[frame](tab, src, `(() => { const de = document.documentElement;
							return {count: document.getElementById('list-count').textContent,
								background: getComputedStyle(document.body).backgroundColor,
								source: document.querySelector('#list-source a').href,
								more: (document.querySelector('.list-more a') || {}).href || '',
								ids: [...document.querySelectorAll('#list li')].map(li => li.getAttribute('data-id')),
								scrollH: de.scrollHeight, clientH: de.clientHeight, scrollW: de.scrollWidth, clientW: de.clientWidth} })()`)
						if err != nil {
							return err
						}
						f.FrameH = eval[float64](t, tab, fmt.Sprintf(`document.querySelectorAll('iframe')[%d].getBoundingClientRect().height`, i))
						switch {
						case f.Count != w.count:
							return fmt.Errorf("count %q, want %q", f.Count, w.count)
						case f.ScrollH > f.ClientH+1:
							return fmt.Errorf("content %v high in a %v frame", f.ScrollH, f.ClientH)
						case f.FrameH > float64(f.ScrollH)+2:
							return fmt.Errorf("frame %v high for content of %v", f.FrameH, f.ScrollH)
						}
						return nil
					})
					if f.Background != w.background {
						t.Errorf("%s: background %s, want %s", src, f.Background, w.background)
					}
					if f.Source != w.source || f.More != w.more {
						t.Errorf("%s: links to %q and %q, want %q and %q", src, f.Source, f.More, w.source, w.more)
					}
					if strings.Join(f.IDs, " ") != strings.Join(w.ids, " ") {
						t.Errorf("%s: lists %v, want %v", src, f.IDs, w.ids)
					}
					if f.ScrollW > f.ClientW {
						t.Errorf("%s: content %v wide in a %v frame", src, f.ScrollW, f.ClientW)
					}
				}
			})
		}
	}
}

// TestBrowserListWithoutScript opens the list as a frame would with
// JavaScript off: it shows a link to the site's timeline, and nothing
// that needs the script.
func TestBrowserListWithoutScript(t *testing.T) {
	tab, base := serveBuilt(t, smallDataset(t))
	if _, err := chromedp.Call(tab.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := tab.Navigate(base + "embed/list/?kind=missile-launch"); err != nil {
		t.Fatal(err)
	}
	type link struct {
		Href, Text string
		Shown      bool
	}
	got := eval[link](t, tab, `(() => { const a = document.querySelector('.list-noscript a');
		return a ? {href: a.href, text: a.textContent, shown: a.offsetParent !== null} : {} })()`)
	if !got.Shown || got.Href != base || !strings.HasPrefix(got.Text, "Open the timeline") {
		t.Errorf("no-script link = %+v, want a shown link to %s", got, base)
	}
	if n := eval[int](t, tab, `document.querySelectorAll('#list li').length`); n != 0 {
		t.Errorf("%d items without the script", n)
	}
}

// TestBrowserListBuilder chooses filters in the gallery's list builder as
// a reporter would and checks the code (against the Go snippet), the
// preview frame, and what the copy button copies.
func TestBrowserListBuilder(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	b, err := newBuilder(t.Context(), ds, mustURL(t, base), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	grantClipboard(t, tab, origin(t, base))
	if err := tab.Navigate(base + "charts/"); err != nil {
		t.Fatal(err)
	}
	code := func() string { return eval[string](t, tab, `document.getElementById('code-list').value`) }
	if got, want := code(), b.listSnippet(""); got != want {
		t.Errorf("default code\n got %s\nwant %s", got, want)
	}
	for _, tc := range []struct {
		set   map[string]string // control id → value, in order
		query string
	}{
		{map[string]string{"l-kind": "missile-launch"}, "kind=missile-launch"},
		{map[string]string{"l-class": "ICBM", "l-from": "2017"}, "kind=missile-launch&class=ICBM&from=2017"},
		{map[string]string{"l-site": "sunan", "l-outcome": "success", "l-tag": "icbm", "l-era": "kim-jong-un", "l-to": "2022", "l-system": "hwasong-15"},
			"kind=missile-launch&class=ICBM&system=hwasong-15&site=sunan&outcome=success&tag=icbm&era=kim-jong-un&from=2017&to=2022"},
		{map[string]string{"l-q": "first flight & <more>"}, "q=first+flight+%26+%3Cmore%3E&kind=missile-launch&class=ICBM&system=hwasong-15&site=sunan&outcome=success&tag=icbm&era=kim-jong-un&from=2017&to=2022"},
	} {
		for id, v := range tc.set {
			if _, err := browsertest.Eval[bool](tab, setJS(id, v)); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := code(), b.listSnippet(tc.query); got != want {
			t.Errorf("after %v, code\n got %s\nwant %s", tc.set, got, want)
		}
	}
	// Theme and length come after the filters.
	if _, err := browsertest.Eval[bool](tab, `(() => { const f = document.getElementById('list-form');
		f.elements.theme.value = 'dark'; f.elements.limit.value = '50'; f.elements.q.value = '';
		f.dispatchEvent(new Event('change', {bubbles: true})); return true })()`); err != nil {
		t.Fatal(err)
	}
	query := "kind=missile-launch&class=ICBM&system=hwasong-15&site=sunan&outcome=success&tag=icbm&era=kim-jong-un&from=2017&to=2022&theme=dark&limit=50"
	want := b.listSnippet(query)
	if got := code(); got != want {
		t.Errorf("with theme and limit, code\n got %s\nwant %s", got, want)
	}
	// The preview shows the chosen list.
	src := b.AbsURL(listPath) + "?" + query
	eventually(t, "the preview", func() error {
		if got := eval[string](t, tab, `document.querySelector('#list-preview iframe').src`); got != src {
			return fmt.Errorf("preview shows %s", got)
		}
		count, err := inFrameE[string](tab, src, `document.getElementById('list-count').textContent`)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(count, "1 event: Missile launch · ICBM · Hwasong-15 · Sunan") {
			return errors.New("preview count " + count)
		}
		return nil
	})
	if got := copyAndRead(t, tab, `button[data-copy="code-list"]`, `#list-form .copy-status`); got != want {
		t.Errorf("copied\n%s\nwant\n%s", got, want)
	}
	if got := eval[string](t, tab, `document.getElementById('list-open').href`); got != html.UnescapeString(src) {
		t.Errorf("open link = %s", got)
	}
}

// TestBrowserIndexLayout checks the home page of the real record where
// readers first meet it: on a 375 × 667 phone the filters and the first
// event come within a screen and a half, with a filter set too, and no
// entry of the navigation breaks over two lines (the pace of the year folds
// under its heading, and the less used filters behind a button); on a
// 1280-pixel screen the event cards use the width of the timeline.
func TestBrowserIndexLayout(t *testing.T) {
	ds, _ := realDataset(t)
	tab, base := serveBuilt(t, ds)
	const phoneH = 667
	type layout struct {
		Filters, First, NavMax, Timeline, Card float64
	}
	const layoutJS = `(() => {
		const first = [...document.querySelectorAll('#timeline li.ev')].find(li => li.offsetParent !== null);
		return {filters: document.getElementById('filters').getBoundingClientRect().top,
			first: first.getBoundingClientRect().top,
			navMax: Math.max(...[...document.querySelectorAll('.site-head nav a')].map(a => a.getBoundingClientRect().height)),
			timeline: document.getElementById('timeline').getBoundingClientRect().width,
			card: first.getBoundingClientRect().width} })()`
	for _, q := range []string{"", "?kind=missile-launch&system=kn-23"} {
		if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: 375, Height: phoneH, DeviceScaleFactor: 2, Mobile: true})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		if err := tab.Navigate(base + q); err != nil {
			t.Fatal(err)
		}
		settle(t, tab)
		l := eval[layout](t, tab, layoutJS)
		t.Logf("375 px%s: filters at %.0f, first event at %.0f", q, l.Filters, l.First)
		if l.Filters > 1.5*phoneH || l.First > 1.5*phoneH {
			t.Errorf("375 px%s: filters at %.0f px, first event at %.0f px; want both within %.0f", q, l.Filters, l.First, 1.5*phoneH)
		}
		if l.NavMax > 50 {
			t.Errorf("375 px: a navigation entry is %.0f px high: it wraps", l.NavMax)
		}
		// The folded filters: hidden, counted on the button, shown on a tap.
		type fold struct {
			Shown    bool
			Label    string
			Expanded string
		}
		const foldJS = `({shown: document.getElementById('f-system').offsetParent !== null,
			label: document.querySelector('#filters button.more').textContent,
			expanded: document.querySelector('#filters button.more').getAttribute('aria-expanded')})`
		want := fold{false, "More filters", "false"}
		if q != "" {
			want.Label = "More filters (1)"
		}
		if got := eval[fold](t, tab, foldJS); got != want {
			t.Errorf("375 px%s: folded filters %+v, want %+v", q, got, want)
		}
		// The pace of the year folds under its heading, which opens it.
		if shown := eval[bool](t, tab, `document.getElementById('pace-body').offsetParent !== null`); shown {
			t.Errorf("375 px%s: the pace is not folded", q)
		}
		if err := tab.Do(chromedp.Click(chromedp.CSS(".pace-toggle"))); err != nil {
			t.Fatal(err)
		}
		if shown := eval[bool](t, tab, `document.getElementById('pace-body').offsetParent !== null && document.querySelector('.pace-toggle').getAttribute('aria-expanded') === 'true'`); !shown {
			t.Errorf("375 px%s: a tap on the pace's heading does not open it", q)
		}
		if err := tab.Do(chromedp.Click(chromedp.CSS("#filters button.more"))); err != nil {
			t.Fatal(err)
		}
		want.Shown, want.Expanded = true, "true"
		if got := eval[fold](t, tab, foldJS); got != want {
			t.Errorf("375 px%s: after a tap, filters %+v, want %+v", q, got, want)
		}
		setViewport(t, tab, 1280, 900)
		if err := tab.Navigate(base + q); err != nil {
			t.Fatal(err)
		}
		settle(t, tab)
		l = eval[layout](t, tab, layoutJS)
		if l.Card < 0.9*l.Timeline {
			t.Errorf("1280 px%s: a card %.0f px wide in a timeline of %.0f", q, l.Card, l.Timeline)
		}
	}
}

// TestBrowserFilterMatch runs assets/filter.js, the one implementation of
// the filters, against the small dataset's data/search.json: each case's
// matches are worked out by hand from smallDataset.
func TestBrowserFilterMatch(t *testing.T) {
	tab, base := serveBuilt(t, smallDataset(t))
	if err := tab.Navigate(base + listPath); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, "filter.js", `!!window.nktimelineFilter`)
	const (
		mixed   = "2022-03-mixed"
		summit  = "2018-06-12-singapore-summit"
		hs15    = "2017-11-29-hwasong-15"
		nuclear = "2017-09-03-sixth-nuclear-test"
		unha    = "2012-12-12-unha-3"
		y1998   = "1998-unha"
	)
	for _, tc := range []struct {
		query string // as in a URL
		want  []string
	}{
		{"", []string{mixed, summit, hs15, nuclear, unha, y1998}},
		{"kind=weapons", []string{mixed, hs15, nuclear, unha, y1998}},
		{"kind=context", []string{summit}},
		{"kind=satellite-launch", []string{unha}},
		{"class=ballistic", []string{mixed, hs15}},
		{"class=cruise", []string{mixed}},
		{"class=SLV", []string{unha}},
		{"system=hwasong-15", []string{hs15}},
		{"site=sunan", []string{mixed, hs15}},
		{"site=punggye-ri", []string{nuclear}},
		{"outcome=unknown", []string{mixed}},
		{"outcome=success", []string{mixed, hs15, unha}},
		{"tag=salvo", []string{mixed}},
		{"era=kim-jong-il", []string{y1998}},
		{"from=2017&to=2018", []string{summit, hs15, nuclear}},
		{"from=2018&to=2017", []string{summit, hs15, nuclear}}, // either order
		{"from=2022", []string{mixed}},
		{"to=2012", []string{unha, y1998}},
		{"from=20x2", []string{mixed, summit, hs15, nuclear, unha, y1998}}, // not a year: ignored
		{"q=SALVO", []string{mixed}},                                       // title, any case
		{"q=kwangmyongsong", []string{unha}},                               // summary
		{"q=sohae", []string{unha}},                                        // site name
		{"q=hwasal", []string{mixed}},                                      // system name
		{"q=cruise+missiles+two", []string{mixed}},                         // every word, any order
		{"q=sep+2017", []string{nuclear}},                                  // the date as the site writes it
		{"q=diplomacy", []string{summit}},                                  // kind label
		{"q=jong+un&kind=context", []string{summit}},                       // era name
		{"q=ICBM&kind=missile-launch&era=kim-jong-un", []string{hs15}},
		{"q=zzz", nil},
	} {
		got, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`nktimelineFilter.load(document.getElementById('main').getAttribute('data-search')).then(idx => {
			const p = new URLSearchParams(%q);
			return idx.match(nktimelineFilter.criteria(f => p.get(f))).map(e => e.id); })`, tc.query), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("?%s: %v", tc.query, err)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("?%s: %v, want %v", tc.query, got, tc.want)
		}
		// The query string the filters write back is the canonical one.
		if q := eval[string](t, tab, fmt.Sprintf(`(() => { const p = new URLSearchParams(%q); return nktimelineFilter.query(nktimelineFilter.criteria(f => p.get(f))) })()`, tc.query)); tc.query != "from=2018&to=2017" && tc.query != "from=20x2" && q != tc.query {
			t.Errorf("?%s: written back as ?%s", tc.query, q)
		}
	}
}
