package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
	"github.com/nktimeline/timeline/internal/stats"
)

// setViewport sets the tab's viewport width (900 pixels high), as a phone
// or a desktop browser.
func setViewport(t *testing.T, tab *browsertest.Tab, width, height int64) {
	t.Helper()
	if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 600})
		return err
	})); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPaceCardHost pastes the pace card's embed code into an
// article on another origin, as a reporter would, three times (the code as
// given, then with theme=light and theme=dark), and checks at a phone's and
// a desktop's width, under a light and a dark system setting, that
// embed.js fits every frame to its card (no scrollbar inside, nothing
// clipped), that each shows the theme asked for, and that the card's
// figures are those of the records page.
func TestBrowserPaceCardHost(t *testing.T) {
	ds, _ := realDataset(t)
	tab, base := serveBuilt(t, ds)
	b, err := newBuilder(t.Context(), ds, mustURL(t, base), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	code := b.paceSnippet()
	src := base + pacePath
	withTheme := func(th string) string {
		return strings.Replace(code, `src="`+src+`"`, `src="`+src+`?theme=`+th+`"`, 1)
	}
	out := filepath.Join(t.TempDir(), "host")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	host := browsertest.Serve(t, out)
	article := "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'><title>Host</title><link rel=icon href=\"data:,\">" +
		"<style>body{margin:0;padding:0 8px;font:16px serif}</style></head><body><h1>An article</h1><p>Text before.</p>" +
		code + "<p>Between.</p>" + withTheme("light") + "<p>And dark.</p>" + withTheme("dark") + "<p>Text after.</p></body></html>"
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	want := b.pace(true)

	type frame struct {
		Src string
		frameBox
		Background string
		Lines      []string
	}
	const frameJS = `(() => { const de = document.documentElement;
		return {src: location.href, clientH: de.clientHeight, scrollH: de.scrollHeight, clientW: de.clientWidth, scrollW: de.scrollWidth,
			background: getComputedStyle(document.body).backgroundColor,
			lines: [...document.querySelectorAll('.pace-lines li')].map(li => li.textContent.replace(/\s+/g, ' ').trim())} })()`
	const (
		darkBG  = "rgb(21, 23, 26)"
		lightBG = "rgb(255, 255, 255)"
	)
	for _, width := range []int64{320, 1200} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprintf("%d/%s", width, scheme), func(t *testing.T) {
				setViewport(t, tab, width, 900)
				emulateScheme(t, tab, scheme)
				if err := tab.Navigate(host); err != nil {
					t.Fatal(err)
				}
				var frames []frame
				var last string
				eventually(t, "the pace cards", func() error {
					type hostState struct {
						Srcs    []string
						Heights []float64
						Resized bool
					}
					h, err := browsertest.Eval[hostState](tab, `(() => { const fs = [...document.querySelectorAll('iframe')];
						return {srcs: fs.map(f => f.src), heights: fs.map(f => f.getBoundingClientRect().height),
							resized: fs.every(f => f.getAttribute('scrolling') === 'no')} })()`)
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
					for i, s := range h.Srcs {
						f, err := inFrameE[frame](tab, s, frameJS)
						if err != nil {
							return err
						}
						f.FrameHeight = h.Heights[i]
						frames = append(frames, f)
						problems = append(problems, f.fitProblems(s)...)
					}
					if len(problems) > 0 {
						return errors.New(strings.Join(problems, "; "))
					}
					if heights := fmt.Sprint(h.Heights); heights != last {
						last = heights
						return fmt.Errorf("frame heights %s still changing", heights)
					}
					return nil
				})
				wantBG := []string{lightBG, lightBG, darkBG}
				if scheme == "dark" {
					wantBG[0] = darkBG // the code as given follows the reader
				}
				for i, f := range frames {
					if f.Background != wantBG[i] {
						t.Errorf("%s under a %s setting: background %s, want %s", f.Src, scheme, f.Background, wantBG[i])
					}
					if len(f.Lines) < 4 {
						t.Errorf("%s shows %d pace lines: %q", f.Src, len(f.Lines), f.Lines)
					}
					for _, l := range f.Lines {
						if !strings.Contains(l, "this record's count") && !strings.HasPrefix(l, "Not counted above") {
							t.Errorf("%s: line without the counting rule: %q", f.Src, l)
						}
					}
				}
				if len(frames) > 0 && len(frames[0].Lines) > 0 {
					first := frames[0].Lines[0]
					if !strings.Contains(first, formatInt(want.Year.Missiles)+" ballistic missiles in "+formatInt(want.Year.LaunchEvents)+" launch events") {
						t.Errorf("first line %q does not give %d missiles in %d launch events", first, want.Year.Missiles, want.Year.LaunchEvents)
					}
				}
			})
		}
	}
}

// TestBrowserScreenshots saves screenshots of the records page, the pace
// card, the home page and the page of an event that holds a record, of the
// committed record, at a phone's and a desktop's width into the
// directory TIMELINE_SCREENSHOTS names, for a person to look at. Without it
// the test is skipped.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("TIMELINE_SCREENSHOTS")
	if dir == "" {
		t.Skip("TIMELINE_SCREENSHOTS names no directory")
	}
	ds, _ := realDataset(t)
	tab, base := serveBuilt(t, ds)
	// The page of the event that holds the apogee record shows its records.
	holder := stats.Records(ds).Progression(stats.MeasureApogee).Current()
	if holder == nil {
		t.Fatal("no apogee record")
	}
	for _, p := range []struct{ name, path string }{
		{"records", recordsPath},
		{"event", eventPath(holder.Event.ID)},
		{"pace", pacePath},
		{"pace-dark", pacePath + "?theme=dark"},
		{"index", ""},
	} {
		for _, width := range []int64{375, 1280} {
			setViewport(t, tab, width, 900)
			if err := tab.Navigate(base + p.path); err != nil {
				t.Fatal(err)
			}
			height := eval[float64](t, tab, `document.documentElement.scrollHeight`)
			// Pieces of at most 2000 pixels, which stay readable.
			for top, i := 0.0, 0; top < height && i < 12; top, i = top+2000, i+1 {
				var png []byte
				err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					beyond := true
					res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
						Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: &beyond,
						Clip: &page.Viewport{X: 0, Y: top, Width: float64(width), Height: min(2000, height-top), Scale: 1}})
					if err != nil {
						return err
					}
					png = res.Data
					return nil
				}))
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.png", p.name, width, i))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestBrowserPaceCode copies the pace card's embed code from the records
// page and from the gallery, as a reporter would, and checks that the
// clipboard holds exactly the card's code.
func TestBrowserPaceCode(t *testing.T) {
	ds := smallDataset(t)
	tab, base := serveBuilt(t, ds)
	b, err := newBuilder(t.Context(), ds, mustURL(t, base), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	want := b.paceSnippet()
	grantClipboard(t, tab, origin(t, base))
	for _, p := range []struct{ path, button, status string }{
		{recordsPath, `button[data-copy="pace-code"]`, `#pace .copy-status`},
		{"charts/", `button[data-copy="code-pace"]`, `#pace .copy-status`},
	} {
		if err := tab.Navigate(base + p.path); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, "copy button shown", fmt.Sprintf(`!document.querySelector(%q).hidden`, p.button))
		if got := copyAndRead(t, tab, p.button, p.status); got != want {
			t.Errorf("%s: copied\n%s\nwant\n%s", p.path, got, want)
		}
	}
}
