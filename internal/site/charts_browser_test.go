package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
	"github.com/nktimeline/timeline/internal/chart"
	"github.com/nktimeline/timeline/internal/event"
)

// chartDataset is the record the chart browser tests draw: the committed
// events when they load, the small test dataset otherwise.
func chartDataset(t *testing.T) *event.Dataset {
	res, err := event.LoadDir(t.Context(), "../../events")
	if err == nil && res.Dataset != nil && len(res.Dataset.Events) > 20 {
		return res.Dataset
	}
	return smallDataset(t)
}

// waitFor polls the JavaScript expression until it is true.
func waitFor(t *testing.T, tab *browsertest.Tab, what, js string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := browsertest.Eval[bool](tab, js)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v (last error %v)", what, js, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// drawnJS reports, for the chart figure sel, whether ECharts initialised
// it and painted pixels on its canvas.
const drawnJS = `((sel) => {
	const fig = document.querySelector(sel);
	if (!fig || !fig.hasAttribute('data-ready')) return {ready: false};
	const inst = echarts.getInstanceByDom(fig.querySelector('.chart-canvas'));
	const cv = fig.querySelector('.chart-canvas canvas');
	if (!inst || !cv) return {ready: true, instance: !!inst};
	const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
	let painted = 0;
	for (let i = 3; i < d.length; i += 16) if (d[i] > 0) painted++;
	return {ready: true, instance: true, series: inst.getOption().series.length, painted, width: cv.width, height: cv.height};
})(%q)`

type drawn struct {
	Ready, Instance bool
	Series, Painted int
	Width, Height   int
}

func checkDrawn(t *testing.T, tab *browsertest.Tab, where, sel string) {
	t.Helper()
	waitFor(t, tab, where+" chart ready", fmt.Sprintf(`!!document.querySelector(%q + '[data-ready]')`, sel))
	d := eval[drawn](t, tab, fmt.Sprintf(drawnJS, sel))
	if !d.Instance || d.Series == 0 || d.Painted < 200 || d.Width < 200 || d.Height < 150 {
		t.Errorf("%s: chart not drawn: %+v", where, d)
	}
}

// TestBrowserChartPages loads every chart page and the gallery: no console
// errors, no failed or outside requests (the tab reports those), and an
// initialised ECharts instance that painted its canvas.
func TestBrowserChartPages(t *testing.T) {
	ds := chartDataset(t)
	tab, base := serveBuilt(t, ds)
	for _, id := range chart.IDs {
		if err := tab.Navigate(base + "charts/" + id + "/"); err != nil {
			t.Fatal(err)
		}
		checkDrawn(t, tab, id, "figure.chart")
	}
	if err := tab.Navigate(base + "charts/"); err != nil {
		t.Fatal(err)
	}
	for _, id := range chart.IDs {
		sel := "#fig-" + id
		eval[bool](t, tab, fmt.Sprintf(`document.querySelector(%q).scrollIntoView(), true`, sel))
		checkDrawn(t, tab, "gallery "+id, sel)
	}
}

// TestBrowserChartRange opens chart pages with ?from=&to= and compares the
// description and table that charts.js recomputes with chart.Range, the Go
// reference, and checks that the plotted data changed.
func TestBrowserChartRange(t *testing.T) {
	ds := chartDataset(t)
	tab, base := serveBuilt(t, ds)
	first, last := chart.All(ds)[0].From, chart.All(ds)[0].To
	ranges := [][2]int{{2017, 2024}, {first, first + 5}, {last, last}, {0, 2000}, {2012, 0}}
	for _, r := range ranges {
		want := chart.Range(ds, r[0], r[1])
		for _, c := range want {
			q := []string{}
			if r[0] != 0 {
				q = append(q, fmt.Sprintf("from=%d", r[0]))
			}
			if r[1] != 0 {
				q = append(q, fmt.Sprintf("to=%d", r[1]))
			}
			where := fmt.Sprintf("%s?%s", c.ID, strings.Join(q, "&"))
			if err := tab.Navigate(base + "charts/" + c.ID + "/?" + strings.Join(q, "&")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, tab, where, `!!document.querySelector('figure.chart[data-ready]')`)
			got := eval[struct {
				Description string
				Rows        [][]string
				Points      int
			}](t, tab, `(() => {
				const fig = document.querySelector('figure.chart');
				const o = echarts.getInstanceByDom(fig.querySelector('.chart-canvas')).getOption();
				let points = 0;
				for (const s of o.series) points += s.data.length;
				return {
					description: fig.querySelector('.chart-desc').textContent,
					rows: [...fig.querySelectorAll('.chart-table tbody tr')].map(tr => [...tr.cells].map(td => td.textContent)),
					points,
				};
			})()`)
			if got.Description != c.Description {
				t.Errorf("%s: description\n got %s\nwant %s", where, got.Description, c.Description)
			}
			wantRows := c.Table.Rows
			if wantRows == nil {
				wantRows = [][]string{}
			}
			if fmt.Sprint(got.Rows) != fmt.Sprint(wantRows) {
				t.Errorf("%s: table\n got %v\nwant %v", where, got.Rows, wantRows)
			}
			// The plotted data is the Go option's, point for point.
			var o struct{ Series []struct{ Data []any } }
			if err := json.Unmarshal(c.Option, &o); err != nil {
				t.Fatal(err)
			}
			points := 0
			for _, s := range o.Series {
				points += len(s.Data)
			}
			if got.Points != points {
				t.Errorf("%s: %d points plotted, Go option has %d", where, got.Points, points)
			}
		}
	}
}

// TestBrowserDownloads clicks the PNG and SVG buttons of a chart page and
// checks that the files are valid images.
func TestBrowserDownloads(t *testing.T) {
	ds := chartDataset(t)
	tab, base := serveBuilt(t, ds)
	dir := t.TempDir()
	if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ballistic-missiles-per-year", "launch-sites"} {
		if err := tab.Navigate(base + "charts/" + id + "/?from=2017&to=2024&theme=dark"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, id, `!!document.querySelector('figure.chart[data-ready]')`)
		for _, typ := range []string{"png", "svg"} {
			eval[bool](t, tab, fmt.Sprintf(`document.querySelector('[data-download=%s]').click(), true`, typ))
			name := filepath.Join(dir, id+"-2017-2024."+typ)
			var data []byte
			deadline := time.Now().Add(10 * time.Second)
			for {
				b, err := os.ReadFile(name)
				if err == nil && len(b) > 0 {
					time.Sleep(200 * time.Millisecond) // let the download finish
					data, _ = os.ReadFile(name)
					break
				}
				if time.Now().After(deadline) {
					entries, _ := os.ReadDir(dir)
					t.Fatalf("%s: no download %s (have %v)", id, name, entries)
				}
				time.Sleep(100 * time.Millisecond)
			}
			switch typ {
			case "png":
				img, err := png.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s.png: %v", id, err)
				}
				if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
					t.Errorf("%s.png is %v", id, b)
				}
			case "svg":
				var doc struct {
					XMLName xml.Name
					Width   string `xml:"width,attr"`
				}
				if err := xml.Unmarshal(data, &doc); err != nil {
					t.Fatalf("%s.svg: %v", id, err)
				}
				if doc.XMLName.Local != "svg" || !bytes.Contains(data, []byte("<path")) || !bytes.Contains(data, []byte("data as of")) {
					t.Errorf("%s.svg: root %q, %d bytes, no drawing or no source line", id, doc.XMLName.Local, len(data))
				}
			}
		}
	}
}

// TestBrowserEmbedHost is a reporter's page on loopback that embeds two
// charts (the gallery's responsive code, one with theme=dark and a year
// range) and an event card, with embed.js, at phone and desktop widths.
func TestBrowserEmbedHost(t *testing.T) {
	ds := chartDataset(t)
	tab, base := serveBuilt(t, ds)
	out := filepath.Join(t.TempDir(), "host")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// The host page lives on another origin, as an article would.
	host := browsertest.Serve(t, out)

	get := func(p string) []byte {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %s", p, resp.Status)
		}
		return b.Bytes()
	}
	var oe struct{ HTML string }
	if err := json.Unmarshal(get("charts/ballistic-missiles-per-year/oembed.json"), &oe); err != nil {
		t.Fatal(err)
	}
	var oe2 struct{ HTML string }
	if err := json.Unmarshal(get("charts/launch-sites/oembed.json"), &oe2); err != nil {
		t.Fatal(err)
	}
	dark := strings.Replace(oe2.HTML, `launch-sites/"`, `launch-sites/?theme=dark&amp;from=2017&amp;to=2024&amp;title=0"`, 1)
	ev := ds.Events[len(ds.Events)-1]
	card := fmt.Sprintf(`<iframe title="Event card" src="%s%s" style="display:block;width:100%%;height:300px;border:0" data-nktimeline-embed></iframe>`, base, cardPath(ev.ID))
	page := "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'><title>Host</title><link rel=icon href=\"data:,\">" +
		"<style>body{margin:0;padding:0 8px;font:16px serif}</style></head><body><h1>An article</h1><p>Text before.</p>" +
		oe.HTML + "<p>Between.</p>" + dark + "<p>And an event.</p>" + card + "<p>Text after.</p></body></html>"
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}

	// A second host page pastes the responsive code without embed.js.
	bare := oe.HTML[:strings.Index(oe.HTML, "<script")]
	if err := os.WriteFile(filepath.Join(out, "bare.html"), []byte(
		"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'><title>Bare</title><link rel=icon href=\"data:,\"></head><body>"+
			bare+"</body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}

	setWidth := func(t *testing.T, width int64) {
		t.Helper()
		if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600})
			return err
		})); err != nil {
			t.Fatal(err)
		}
	}

	for _, width := range []int64{320, 1200} {
		t.Run(fmt.Sprint(width)+"/no-embed.js", func(t *testing.T) {
			setWidth(t, width)
			if err := tab.Navigate(host + "bare.html"); err != nil {
				t.Fatal(err)
			}
			src := eval[string](t, tab, `document.querySelector('iframe').src`)
			// The frame is lazy and ECharts starts when the chart scrolls
			// into view: wait until the chart is drawn and the page has laid
			// itself out in the frame, however long that takes on a busy
			// machine.
			eventually(t, fmt.Sprintf("the framed chart at %d without embed.js", width), func() error {
				f, err := inFrameE[struct {
					ClientH, ScrollH, Canvas float64
					Ready                    bool
				}](tab, src, `(() => { const de = document.documentElement, fig = document.querySelector('figure.chart');
					return {clientH: de.clientHeight, scrollH: de.scrollHeight, canvas: fig.querySelector('.chart-canvas').clientHeight, ready: fig.hasAttribute('data-ready')} })()`)
				switch {
				case err != nil:
					return err
				case !f.Ready:
					return errors.New("the chart is not drawn")
				case f.ScrollH > f.ClientH+1 || f.Canvas < 180:
					return fmt.Errorf("content %v high in a %v frame, chart %v high", f.ScrollH, f.ClientH, f.Canvas)
				}
				return nil
			})
		})
	}

	type frame struct {
		Src string
		frameBox
		Background                  string
		Description                 string
		Ready, Squeezed, TitleShown bool
	}
	const frameJS = `(() => {
		const de = document.documentElement, fig = document.querySelector('figure.chart');
		return {src: location.href, clientH: de.clientHeight, scrollH: de.scrollHeight, clientW: de.clientWidth, scrollW: de.scrollWidth,
			background: getComputedStyle(document.body).backgroundColor,
			description: (document.querySelector('.chart-desc') || {}).textContent || '',
			titleShown: !!document.querySelector('h1') && !document.querySelector('h1').hidden,
			ready: !fig || fig.hasAttribute('data-ready'),
			// A chart squeezed below the height it wants is clipped too.
			squeezed: !!fig && (() => {
				const c = fig.querySelector('.chart-canvas'), h = +fig.dataset.height;
				const want = fig.hasAttribute('data-fixed-height') ? h : Math.round(Math.max(260, Math.min(h, c.clientWidth * h / 640)));
				return c.clientHeight < want - 1;
			})()};
	})()`
	for _, width := range []int64{320, 1200} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			setWidth(t, width)
			if err := tab.Navigate(host); err != nil {
				t.Fatal(err)
			}
			// The frames load, draw their charts and post their heights, and
			// embed.js resizes them, in an order and at a pace that depend on
			// the machine's load. Wait until every frame shows its whole page
			// without scrolling, and the heights stay the same from one look
			// to the next.
			var frames []frame
			var last string
			eventually(t, fmt.Sprintf("the embedded frames at %d", width), func() error {
				type host struct {
					Srcs    []string
					Heights []float64
					Resized bool
				}
				h, err := browsertest.Eval[host](tab, `(() => { const fs = [...document.querySelectorAll('iframe')];
					return {srcs: fs.map(f => f.src), heights: fs.map(f => f.getBoundingClientRect().height),
						resized: fs.every(f => f.style.height !== '' && f.style.aspectRatio === 'auto')} })()`)
				if err != nil {
					return err
				}
				if len(h.Srcs) != 3 {
					return fmt.Errorf("host has %d frames", len(h.Srcs))
				}
				if !h.Resized {
					return errors.New("embed.js has not resized every frame")
				}
				frames = frames[:0]
				var problems []string
				for i, src := range h.Srcs {
					// The frames are on another origin: ask each page through CDP.
					f, err := inFrameE[frame](tab, src, frameJS)
					if err != nil {
						return err
					}
					f.FrameHeight = h.Heights[i]
					frames = append(frames, f)
					problems = append(problems, f.fitProblems(src)...)
					if f.Squeezed {
						problems = append(problems, src+": the chart is squeezed to fit the frame")
					}
					if !f.Ready {
						problems = append(problems, src+": chart not drawn")
					}
				}
				if len(problems) > 0 {
					return errors.New(strings.Join(problems, "; "))
				}
				heights := fmt.Sprint(h.Heights)
				if heights != last {
					last = heights
					return fmt.Errorf("frame heights %s still changing", heights)
				}
				return nil
			})
			for i, f := range frames {
				if i != 1 && !f.TitleShown {
					t.Errorf("%s: no heading", f.Src)
				}
			}
			f := frames[1]
			if f.Background != "rgb(21, 23, 26)" {
				t.Errorf("theme=dark: background %s", f.Background)
			}
			if f.TitleShown {
				t.Error("title=0: the heading is still shown")
			}
			if !strings.HasPrefix(f.Description, "From 2017 to 2024") {
				t.Errorf("from/to: description %q", f.Description)
			}
		})
	}
}

// eventually calls check until it returns nil, and fails the test with the
// last error if it has not within 20 seconds: for conditions that a loaded
// machine reaches late, where a fixed sleep would be a guess.
func eventually(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// inFrameE evaluates js in the document of the host page's frame that
// shows src, in an isolated world (the frame is on another origin, so the
// host page's own scripts cannot look inside). It returns errors rather
// than failing the test, for polling: the frame may not exist yet (it is
// lazy), or be between two documents.
func inFrameE[T any](tab *browsertest.Tab, src, js string) (T, error) {
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (T, error) {
		var zero T
		tree, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return zero, err
		}
		var id cdp.FrameID
		var urls []string
		for _, c := range tree.FrameTree.ChildFrames {
			urls = append(urls, c.Frame.URL)
			if c.Frame.URL == src {
				id = c.Frame.ID
			}
		}
		if id == "" {
			return zero, fmt.Errorf("no frame shows %s (frames: %v)", src, urls)
		}
		w, err := cdp.Call(ctx, tg, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: id, WorldName: "test"})
		if err != nil {
			return zero, err
		}
		return chromedp.Evaluate[T](js, func(p *runtime.EvaluateParams) { p.ContextID = w.ExecutionContextID })(ctx, tg)
	})
	if err != nil {
		return v, fmt.Errorf("in frame %s: %w", src, err)
	}
	return v, nil
}

// TestBrowserGalleryForm changes the gallery's embed options as a reporter
// would and checks the code (against the Go snippet), the preview, and what
// the copy button puts on the clipboard.
func TestBrowserGalleryForm(t *testing.T) {
	ds := chartDataset(t)
	tab, base := serveBuilt(t, ds)
	grantClipboard(t, tab, origin(t, base))
	if err := tab.Navigate(base + "charts/"); err != nil {
		t.Fatal(err)
	}
	c := chart.All(ds)[0]
	form := "#form-" + c.ID
	set := func(name, value string) {
		eval[bool](t, tab, fmt.Sprintf(`(() => { const f = document.querySelector(%q), el = f.elements[%q], v = %q;
			if (!el.type) { f.querySelector('input[name="' + %q + '"][value="' + v + '"]').click(); return true; }
			if (el.type === 'checkbox') el.checked = v === 'on'; else el.value = v;
			el.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, form, name, value, name))
	}
	code := func() string {
		return eval[string](t, tab, fmt.Sprintf(`document.querySelector('%s textarea').value`, form))
	}
	pageURL, embedJS := base+"charts/"+c.ID+"/", base+"assets/embed.js"
	h := c.Height + chrome
	if got, want := code(), snippet(c.Title, pageURL, embedJS, h, snippetOpts{}); got != want {
		t.Errorf("default code\n got %s\nwant %s", got, want)
	}
	eval[bool](t, tab, fmt.Sprintf(`document.querySelector('#fig-%s').scrollIntoView(), true`, c.ID))
	waitFor(t, tab, "gallery chart", fmt.Sprintf(`!!document.querySelector('#fig-%s[data-ready]')`, c.ID))
	set("theme", "dark")
	set("from", "2017")
	set("to", "2024")
	set("notitle", "on")
	want := snippet(c.Title, pageURL, embedJS, h, snippetOpts{Theme: "dark", From: 2017, To: 2024, HideTitle: true})
	if got := code(); got != want {
		t.Errorf("code after changes\n got %s\nwant %s", got, want)
	}
	set("size", "fixed")
	want = snippet(c.Title, pageURL, embedJS, h, snippetOpts{Theme: "dark", From: 2017, To: 2024, HideTitle: true, Fixed: true})
	if got := code(); got != want {
		t.Errorf("fixed code\n got %s\nwant %s", got, want)
	}
	r, _ := chart.ByID(chart.Range(ds, 2017, 2024), c.ID)
	if got := eval[string](t, tab, fmt.Sprintf(`document.querySelector('#desc-%s').textContent`, c.ID)); got != r.Description {
		t.Errorf("preview description\n got %s\nwant %s", got, r.Description)
	}
	// The copy button puts exactly the code on the clipboard.
	if got := copyAndRead(t, tab, form+" [data-copy]", form+" .copy-status"); got != want {
		t.Errorf("copied\n%s\nwant\n%s", got, want)
	}
}

// tooltipPointJS moves nothing: it returns, in page coordinates, points of
// the chart in figure.chart where a reader would hover: a site on the map,
// a heatmap cell, or categories of a bar chart (first, middle, last).
const tooltipPointJS = `(() => {
	const fig = document.querySelector('figure.chart');
	const cv = fig.querySelector('.chart-canvas');
	cv.scrollIntoView({block: 'center'});
	const inst = echarts.getInstanceByDom(cv);
	const o = inst.getOption(), r = cv.getBoundingClientRect();
	const at = (p) => [r.left + p[0], r.top + p[1]];
	const id = fig.getAttribute('data-chart');
	if (id === 'launch-sites') {
		return o.series[0].data.slice(0, 3).map(d => at(inst.convertToPixel({seriesIndex: 0}, [d.value[0], d.value[1]])));
	}
	if (id === 'ballistic-missiles-by-month') {
		const d = o.series[0].data;
		return [d[d.length - 1], d[0]].map(it => at(inst.convertToPixel({seriesIndex: 0}, it.value.slice(0, 2))));
	}
	const cats = o.xAxis[0].data, g = inst.getModel().getComponent('grid').coordinateSystem.getRect();
	return [0, cats.length >> 1, cats.length - 1].map(i => at([inst.convertToPixel({xAxisIndex: 0}, cats[i]), g.y + g.height - 4]));
})()`

// TestBrowserTooltipCSP opens every chart page, whose CSP allows styles
// from 'self' only (no 'unsafe-inline'), hovers over the chart with real
// mouse events in both themes, and checks that tooltips show figures (no
// raw template) and that no CSP violation is reported: ECharts' default
// tooltips write style attributes, which that CSP blocks.
func TestBrowserTooltipCSP(t *testing.T) {
	ds := chartDataset(t)
	b := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "out")
	base := browsertest.Serve(t, out)
	if err := Build(t.Context(), ds, Options{Out: out, BaseURL: base, Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	for _, id := range chart.IDs {
		page, err := os.ReadFile(filepath.Join(out, "charts", id, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindSubmatch(page)
		if csp == nil || !strings.Contains(string(csp[1]), "style-src 'self';") || strings.Contains(string(csp[1]), "unsafe-inline") {
			t.Fatalf("%s: the page's CSP does not keep styles to 'self': %q", id, csp)
		}
	}
	for _, scheme := range []string{"light", "dark"} {
		tab := b.NewTab(t)
		emulateScheme(t, tab, scheme)
		if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `window.__csp = []; document.addEventListener('securitypolicyviolation',
					e => window.__csp.push(e.violatedDirective + ' ' + (e.sample || '') + ' ' + e.sourceFile + ':' + e.lineNumber));`})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		for _, id := range chart.IDs {
			where := scheme + " " + id
			if err := tab.Navigate(base + "charts/" + id + "/"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, tab, where, `!!document.querySelector('figure.chart[data-ready]')`)
			points := eval[[][2]float64](t, tab, tooltipPointJS)
			tips := 0
			for _, pt := range points {
				if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
						Type: input.DispatchMouseEventTypeMouseMoved, X: pt[0], Y: pt[1]})
					return err
				})); err != nil {
					t.Fatal(err)
				}
				var tip string
				deadline := time.Now().Add(3 * time.Second)
				for time.Now().Before(deadline) {
					tip = eval[string](t, tab, `(() => { const e = document.querySelector('.chart-tip');
						return e && getComputedStyle(e).display !== 'none' && e.style.opacity !== '0' ? e.textContent : '' })()`)
					if tip != "" {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				if tip == "" {
					continue
				}
				tips++
				t.Logf("%s: tooltip %q", where, tip)
				if strings.ContainsAny(tip, "{}@") || !strings.ContainsAny(tip, "0123456789") {
					t.Errorf("%s: tooltip %q shows no figures", where, tip)
				}
				if n := eval[int](t, tab, `document.querySelectorAll('.chart-tip [style]:not(.tt-dot)').length`); n != 0 {
					t.Errorf("%s: %d tooltip elements carry a style attribute", where, n)
				}
			}
			if tips == 0 {
				t.Errorf("%s: no tooltip opened at %v", where, points)
			}
			if v := eval[[]string](t, tab, `window.__csp`); len(v) > 0 {
				t.Errorf("%s: CSP violations: %q", where, v)
			}
		}
	}
}

// TestBrowserMapLinks clicks the busiest site's marker on the map (twice:
// a touch screen shows the figures on the first tap) and checks that the
// site's page opens, at sites/<id>/ under the site's root, with the site's
// name and locator map.
func TestBrowserMapLinks(t *testing.T) {
	ds := chartDataset(t)
	b := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "out")
	base := browsertest.Serve(t, out)
	if err := Build(t.Context(), ds, Options{Out: out, BaseURL: base, Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	c, _ := chart.ByID(chart.All(ds), "launch-sites")
	var o struct {
		Series []struct {
			Data []struct {
				Name, URL string
			}
		}
	}
	if err := json.Unmarshal(c.Option, &o); err != nil {
		t.Fatal(err)
	}
	top := o.Series[0].Data[0]
	tab := b.NewTab(t)
	if err := tab.Navigate(base + "charts/launch-sites/"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, "map", `!!document.querySelector('figure.chart[data-ready]')`)
	pt := eval[[][2]float64](t, tab, tooltipPointJS)[0]
	click := func() error {
		return tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			for _, typ := range []input.DispatchMouseEventType{input.DispatchMouseEventTypeMouseMoved,
				input.DispatchMouseEventTypeMousePressed, input.DispatchMouseEventTypeMouseReleased} {
				if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
					Type: typ, X: pt[0], Y: pt[1], Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1}); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	want := base + top.URL
	if err := click(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if got, _ := browsertest.Eval[string](tab, `location.href`); got != want {
		if err := click(); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the site's page", func() error {
		got, err := browsertest.Eval[string](tab, `location.href`)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("at %s, want %s", got, want)
		}
		return nil
	})
	waitFor(t, tab, "the site's page", `document.readyState === 'complete' && !!document.querySelector('svg.locator .here')`)
	if h1 := eval[string](t, tab, `document.querySelector('h1').textContent`); h1 != top.Name {
		t.Errorf("the page opened is %q, want the page of %s", h1, top.Name)
	}
}

// frameBox is what a host page's frame and the page inside it measure:
// the frame's height on the host and the page's client and scroll sizes.
type frameBox struct {
	FrameHeight, ClientH, ScrollH float64
	ClientW, ScrollW              float64
}

// fitProblems says where an embedded page does not fit its frame: it
// scrolls inside it, or the frame cuts it off.
func (f frameBox) fitProblems(src string) []string {
	var problems []string
	if f.ScrollH > f.ClientH+1 || f.ScrollW > f.ClientW+1 {
		problems = append(problems, fmt.Sprintf("%s scrolls inside the frame: content %vx%v in %vx%v", src, f.ScrollW, f.ScrollH, f.ClientW, f.ClientH))
	}
	if f.FrameHeight < f.ScrollH-1 {
		problems = append(problems, fmt.Sprintf("%s is clipped: frame %v high, content %v", src, f.FrameHeight, f.ScrollH))
	}
	return problems
}
