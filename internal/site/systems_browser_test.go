package site

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/nktimeline/timeline/internal/browsertest"
	"github.com/nktimeline/timeline/internal/eventtest"
)

// TestBrowserSystemCard copies a system's embed code from its page, pastes
// it into a reporter's page on another origin, and checks at phone and
// desktop widths that embed.js fits the frame to the card: no scrollbar
// inside, nothing clipped.
func TestBrowserSystemCard(t *testing.T) {
	ds := eventtest.Dataset()
	tab, base := serveBuilt(t, ds)
	grantClipboard(t, tab, origin(t, base))
	if err := tab.Navigate(base + "systems/kn-25/"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "systems/kn-25/")
	if err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	defer resp.Body.Close()
	_, _ = io.Copy(&page, resp.Body)
	m := regexp.MustCompile(`(?s)<textarea id="embed-code"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page.String())
	if m == nil {
		t.Fatal("no embed code on the system page")
	}
	snippet := html.UnescapeString(m[1])
	if !strings.Contains(snippet, `src="`+base+`systems/kn-25/embed/"`) || !strings.Contains(snippet, base+`assets/embed.js`) {
		t.Fatalf("embed code %s", snippet)
	}
	waitFor(t, tab, "copy button shown", `!document.querySelector('#embed-h ~ p [data-copy]').hidden`)
	if got := copyAndRead(t, tab, `button[data-copy="embed-code"]`, `#embed-h ~ p .copy-status`); got != snippet {
		t.Errorf("copied\n%s\nwant\n%s", got, snippet)
	}

	out := filepath.Join(t.TempDir(), "host")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	host := browsertest.Serve(t, out) // another origin, as an article's
	doc := "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'><title>Host</title><link rel=icon href=\"data:,\">" +
		"<style>body{margin:0;padding:0 8px;font:16px serif}</style></head><body><h1>An article</h1><p>Text before.</p>" +
		snippet + "<p>Text after.</p></body></html>"
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	src := base + "systems/kn-25/embed/"
	for _, width := range []int64{320, 1200} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			if err := tab.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
					Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			if err := tab.Navigate(host); err != nil {
				t.Fatal(err)
			}
			var last float64
			eventually(t, fmt.Sprintf("the system card at %d", width), func() error {
				type hostView struct {
					Height  float64
					Resized bool
				}
				h, err := browsertest.Eval[hostView](tab, `(() => { const f = document.querySelector('iframe');
					return {height: f.getBoundingClientRect().height, resized: f.style.height !== '' && f.getAttribute('scrolling') === 'no'} })()`)
				if err != nil {
					return err
				}
				if !h.Resized {
					return errors.New("embed.js has not resized the frame")
				}
				type frameView struct {
					ClientH, ScrollH, ClientW, ScrollW float64
					Title                              string
					ChartCode                          bool
				}
				f, err := inFrameE[frameView](tab, src, `(() => { const de = document.documentElement;
					return {clientH: de.clientHeight, scrollH: de.scrollHeight, clientW: de.clientWidth, scrollW: de.scrollWidth,
						title: document.querySelector('.card-title').textContent,
						chartCode: performance.getEntriesByType('resource').some(r => /echarts|\/charts\./.test(r.name))} })()`)
				if err != nil {
					return err
				}
				switch {
				case f.Title != "KN-25":
					return fmt.Errorf("the card shows %q", f.Title)
				case f.ChartCode:
					return errors.New("the card, which has no chart, loaded chart code")
				case f.ScrollH > f.ClientH+1 || f.ScrollW > f.ClientW+1:
					return fmt.Errorf("the card scrolls inside the frame: content %vx%v in %vx%v", f.ScrollW, f.ScrollH, f.ClientW, f.ClientH)
				case h.Height < f.ScrollH-1:
					return fmt.Errorf("the card is clipped: frame %v high, content %v", h.Height, f.ScrollH)
				case h.Height != last:
					last = h.Height
					return fmt.Errorf("frame height %v still changing", h.Height)
				}
				return nil
			})
		})
	}
}
