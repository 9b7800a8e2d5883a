package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
	"github.com/nktimeline/timeline/internal/chart"
)

// grantClipboard lets the pages of origin read and write the clipboard, and
// makes the tab count as focused, which the clipboard API also asks for, so
// that a test can read back what a copy button copied.
func grantClipboard(t *testing.T, tab *browsertest.Tab, origin string) {
	t.Helper()
	err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, p := range []*browser.PermissionDescriptor{
			{Name: "clipboard-read"},
			{Name: "clipboard-write", AllowWithoutSanitization: true},
		} {
			if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: p, Setting: browser.PermissionSettingGranted, Origin: origin}); err != nil {
				return fmt.Errorf("granting %s: %w", p.Name, err)
			}
		}
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// clipboard returns the text on the clipboard, as the page sees it.
func clipboard(t *testing.T, tab *browsertest.Tab) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading the clipboard: %v", err)
	}
	return s
}

// setClipboard puts text on the clipboard, so that a test can tell a copy
// that happened from one left over.
func setClipboard(t *testing.T, tab *browsertest.Tab, text string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`navigator.clipboard.writeText(%q).then(() => true)`, text), chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("writing the clipboard: %v", err)
	}
}

// copyAndRead clicks the copy button sel as a reader would (a real click,
// which the clipboard API wants) and returns what landed on the clipboard
// once the status beside the button says "Copied.".
func copyAndRead(t *testing.T, tab *browsertest.Tab, sel, status string) string {
	t.Helper()
	const sentinel = "nothing copied yet"
	setClipboard(t, tab, sentinel)
	if err := tab.Do(chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, "copy status", fmt.Sprintf(`document.querySelector(%q).textContent === 'Copied.'`, status))
	got := clipboard(t, tab)
	if got == sentinel {
		t.Fatalf("clicking %s said Copied. but left the clipboard as it was", sel)
	}
	return got
}

func origin(t *testing.T, base string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Scheme + "://" + u.Host
}

// TestBrowserEventEmbed copies an event's embed code from its page and
// checks that the clipboard holds exactly the card's snippet; that the page
// does it without ECharts; and that without JavaScript the code is there to
// select and the button, which would do nothing, is not.
func TestBrowserEventEmbed(t *testing.T) {
	ds := smallDataset(t)
	e, _ := ds.Event("2022-03-mixed")
	// Quotes, an ampersand and angle brackets: the snippet escapes them.
	e.Title = `Salvo of "mixed" missiles & <rockets>`
	tab, base := serveBuilt(t, ds)
	b, err := newBuilder(t.Context(), ds, mustURL(t, base), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	want := b.cardSnippet(e)
	grantClipboard(t, tab, origin(t, base))

	if err := tab.Navigate(base + "events/" + e.ID + "/"); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, tab, `document.getElementById('embed-code').value`); got != want {
		t.Errorf("embed code on the page\n got %s\nwant %s", got, want)
	}
	waitFor(t, tab, "copy button shown", `!document.querySelector('#embed-h ~ p [data-copy]').hidden`)
	if got := copyAndRead(t, tab, `button[data-copy="embed-code"]`, `#embed-h ~ p .copy-status`); got != want {
		t.Errorf("copied\n%s\nwant the card's snippet\n%s", got, want)
	}
	// The page loads the copy script alone: no ECharts, no chart code.
	loaded := eval[[]string](t, tab, `performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)`)
	for _, p := range loaded {
		if strings.Contains(p, "echarts") || strings.Contains(p, "/charts.") {
			t.Errorf("the event page loaded %s", p)
		}
	}
	if eval[bool](t, tab, `typeof window.echarts !== 'undefined'`) {
		t.Error("the event page has ECharts")
	}
	// The link to the card leads to it.
	if href := eval[string](t, tab, `document.querySelector('#embed-h ~ p a').pathname`); href != "/"+cardPath(e.ID) {
		t.Errorf("card link goes to %s", href)
	}

	// Without JavaScript.
	if _, err := chromedp.Call(tab.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := tab.Navigate(base + "events/" + e.ID + "/"); err != nil {
		t.Fatal(err)
	}
	got := eval[struct {
		Code          string
		ReadOnly      bool
		ButtonVisible bool
	}](t, tab, `(() => { const ta = document.getElementById('embed-code'), b = document.querySelector('[data-copy]');
		return {code: ta.value, readOnly: ta.readOnly, buttonVisible: b.offsetParent !== null} })()`)
	if got.Code != want || !got.ReadOnly {
		t.Errorf("without JavaScript the code box holds %q (read-only %v), want %q", got.Code, got.ReadOnly, want)
	}
	if got.ButtonVisible {
		t.Error("without JavaScript the copy button shows, and does nothing")
	}
}

// emulateScheme makes the tab's pages see prefers-color-scheme as scheme
// ("light" or "dark"), as a reader's system setting would.
func emulateScheme(t *testing.T, tab *browsertest.Tab, scheme string) {
	t.Helper()
	if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserEmbedTheme opens a chart page and an event card, as embeds
// do, with theme=auto (and with no theme, the gallery's code for auto),
// theme=light and theme=dark, under a light and a dark system setting, and
// checks the page's colours and, on the chart page, the theme ECharts drew
// with. Auto follows prefers-color-scheme, also when it changes while the
// page is open; light and dark override it.
func TestBrowserEmbedTheme(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	const (
		darkBG  = "rgb(21, 23, 26)"
		lightBG = "rgb(255, 255, 255)"
	)
	pages := []struct {
		name, path string
		chart      bool
	}{
		{"chart page", "charts/ballistic-missiles-per-year/", true},
		{"event card", cardPath(ds.Events[len(ds.Events)-1].ID), false},
	}
	// state reports the page's background and, on a chart page once the
	// chart is drawn, whether ECharts drew it with its dark theme.
	const stateJS = `(() => {
		const fig = document.querySelector('figure.chart');
		const inst = fig && fig.hasAttribute('data-ready') && echarts.getInstanceByDom(fig.querySelector('.chart-canvas'));
		return {background: getComputedStyle(document.body).backgroundColor, drawn: !!inst,
			chartDark: !!inst && inst.getModel().get('darkMode') === true};
	})()`
	type state struct {
		Background       string
		Drawn, ChartDark bool
	}
	check := func(t *testing.T, chart, dark bool) {
		t.Helper()
		want := state{Background: lightBG, Drawn: chart, ChartDark: chart && dark}
		if dark {
			want.Background = darkBG
		}
		var got state
		eventually(t, "theme", func() error {
			got = eval[state](t, tab, stateJS)
			if got != want {
				return fmt.Errorf("got %+v, want %+v", got, want)
			}
			return nil
		})
	}
	for _, p := range pages {
		for _, theme := range []string{"", "auto", "light", "dark"} {
			for _, scheme := range []string{"light", "dark"} {
				t.Run(fmt.Sprintf("%s/theme=%s/%s", p.name, theme, scheme), func(t *testing.T) {
					// dark is what the reader should see under a scheme.
					dark := func(scheme string) bool { return theme == "dark" || (theme != "light" && scheme == "dark") }
					emulateScheme(t, tab, scheme)
					u := base + p.path
					if theme != "" {
						u += "?theme=" + theme
					}
					if err := tab.Navigate(u); err != nil {
						t.Fatal(err)
					}
					check(t, p.chart, dark(scheme))
					// The reader's setting changes while the page is open.
					other := map[string]string{"light": "dark", "dark": "light"}[scheme]
					emulateScheme(t, tab, other)
					check(t, p.chart, dark(other))
				})
			}
		}
	}
}

// TestBrowserEmbedForeignFrame puts on a host page, beside a marked chart
// frame, a third-party frame that posts a height of 9999 over and over and
// an unmarked frame of the same chart: embed.js resizes the marked frame
// only. The security report found the third-party frame resized to 9999
// pixels with scrolling turned off.
func TestBrowserEmbedForeignFrame(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	dir := t.TempDir()
	host := browsertest.Serve(t, dir) // another origin, as an article's
	foreign := `<!doctype html><html lang=en><head><meta charset=utf-8><title>Ad</title><link rel=icon href="data:,"></head><body>ad<script>
		setInterval(() => parent.postMessage({type: 'nktimeline:height', height: 9999, href: location.href}, '*'), 50);</script></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "ad.html"), []byte(foreign), 0o644); err != nil {
		t.Fatal(err)
	}
	chartURL := base + "charts/ballistic-missiles-per-year/"
	page := `<!doctype html><html lang=en><head><meta charset=utf-8><title>Host</title><link rel=icon href="data:,"></head><body>` +
		`<iframe id=marked title=Chart src="` + chartURL + `" style="display:block;width:100%;height:200px;border:0" data-nktimeline-embed></iframe>` +
		`<iframe id=unmarked title=Chart src="` + chartURL + `" style="display:block;width:100%;height:200px;border:0"></iframe>` +
		`<iframe id=ad title=Ad src="` + host + `ad.html" style="display:block;width:300px;height:250px;border:0"></iframe>` +
		// The ad marked as an embed by mistake, but posting from a page
		// whose origin is not its src's (the frame was navigated away):
		// srcdoc has the host's origin while src names the site's.
		`<iframe id=navigated title=Chart src="` + chartURL + `" srcdoc="<script>setInterval(() => parent.postMessage({type: 'nktimeline:height', height: 9999}, '*'), 50)</script>" style="display:block;width:100%;height:200px;border:0" data-nktimeline-embed></iframe>` +
		`<script src="` + base + `assets/embed.js" async></script></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := tab.Navigate(host); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Marked, Unmarked, Ad, Navigated float64
		AdScrolling                     string
	}
	const stateJS = `(() => { const h = id => document.getElementById(id).getBoundingClientRect().height;
		return {marked: h('marked'), unmarked: h('unmarked'), ad: h('ad'), navigated: h('navigated'),
			adScrolling: document.getElementById('ad').getAttribute('scrolling') || ''} })()`
	eventually(t, "the marked frame resized", func() error {
		if s := eval[state](t, tab, stateJS); s.Marked == 200 {
			return fmt.Errorf("marked frame still %v high", s.Marked)
		}
		return nil
	})
	// Give the others many messages' time.
	time.Sleep(500 * time.Millisecond)
	s := eval[state](t, tab, stateJS)
	if s.Unmarked != 200 || s.Ad != 250 || s.Navigated != 200 || s.AdScrolling != "" {
		t.Errorf("embed.js resized a frame it must leave alone: %+v", s)
	}
	if s.Marked < 300 || s.Marked > 2000 {
		t.Errorf("marked frame %v high, want the chart page's height", s.Marked)
	}
}

// TestBrowserChartRangeOutside opens chart pages with years outside the
// record: they are ignored, as the gallery's form ignores them, so the page
// shows the whole record (not "From 3000 to 2026").
func TestBrowserChartRangeOutside(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	whole, _ := chart.ByID(chart.All(ds), "ballistic-missiles-per-year")
	part, _ := chart.ByID(chart.Range(ds, 0, 2017), "ballistic-missiles-per-year")
	for q, want := range map[string]string{
		"from=3000&to=3001": whole.Description,
		"from=1000":         whole.Description,
		"to=3001":           whole.Description,
		"from=3000&to=2017": part.Description,
	} {
		if err := tab.Navigate(base + "charts/ballistic-missiles-per-year/?" + q); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, q, `!!document.querySelector('figure.chart[data-ready]')`)
		if got := eval[string](t, tab, `document.querySelector('.chart-desc').textContent`); got != want {
			t.Errorf("?%s: description\n got %s\nwant %s", q, got, want)
		}
	}
}
