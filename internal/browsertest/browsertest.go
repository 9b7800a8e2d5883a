// Package browsertest runs pages of a built site in headless Chromium for
// tests. It finds Debian's chromium, serves a directory on 127.0.0.1, and
// opens tabs that record every sign of a broken page: console errors,
// uncaught exceptions, failed or refused requests, HTTP errors, JavaScript
// dialogs, and any request to a host that is not on this machine (the site
// must work offline and inside newsrooms that block third-party hosts).
//
// Tests that need a browser are skipped with a message when Chromium is not
// installed, and fail instead when TIMELINE_BROWSER=required.
package browsertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// RequiredEnv names the environment variable that, set to "required",
// turns a missing Chromium from a skip into a failure.
const RequiredEnv = "TIMELINE_BROWSER"

// candidates are the Chromium binaries looked for, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"}

// FindChromium returns the path of a Chromium binary: $CHROME_PATH if set,
// else the first of the usual names on $PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROME_PATH: %w", err)
		}
		return p, nil
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (looked for %s on PATH; on Debian: apt-get install chromium)", strings.Join(candidates, ", "))
}

// Chromium returns the path of Chromium, or skips t when there is none
// (fails it when TIMELINE_BROWSER=required).
func Chromium(t testing.TB) string {
	t.Helper()
	p, err := FindChromium()
	if err != nil {
		if os.Getenv(RequiredEnv) == "required" {
			t.Fatalf("%v, and %s=required", err, RequiredEnv)
		}
		t.Skipf("skipping browser test: %v (set %s=required to fail instead)", err, RequiredEnv)
	}
	return p
}

// Serve serves dir over HTTP on 127.0.0.1 until the test ends and returns
// the server's base URL, ending in "/". Missing files answer 404 with
// the site's 404.html when there is one.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := &httptest.Server{
		Listener: ln,
		Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			files.ServeHTTP(w, r)
		})},
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// Browser is a headless Chromium with a fresh profile, closed when the
// test ends.
type Browser struct {
	ctx context.Context
}

// New starts Chromium for t, or skips t when there is none.
func New(t testing.TB) *Browser {
	t.Helper()
	path := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		// Belt and braces: even a request the page should never make
		// cannot leave the machine. Tabs still report it as a problem.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("starting Chromium at %s: %v", path, err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return &Browser{ctx: ctx}
}

// Tab is a browser tab that records what goes wrong in the pages it shows.
type Tab struct {
	// Ctx is the tab's chromedp context, for chromedp.Run.
	Ctx context.Context

	mu       sync.Mutex
	problems []string
	requests map[network.RequestID]string
}

// NewTab opens a tab. When the test ends, the tab is closed and every
// problem it recorded fails the test.
func (b *Browser) NewTab(t testing.TB) *Tab {
	t.Helper()
	tab := &Tab{requests: map[network.RequestID]string{}}
	// chromedp enables the runtime, log, network and page domains of a new
	// tab; WithListener sees their events from the first one on.
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(tab.listen))
	tab.Ctx = ctx
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, p := range tab.Problems() {
			t.Errorf("browser: %s", p)
		}
		cancel()
	})
	return tab
}

func (tab *Tab) add(format string, args ...any) {
	tab.mu.Lock()
	tab.problems = append(tab.problems, fmt.Sprintf(format, args...))
	tab.mu.Unlock()
}

// Problems returns what went wrong so far.
func (tab *Tab) Problems() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.problems...)
}

// ClearProblems forgets the problems recorded so far, for a test that
// provokes one on purpose.
func (tab *Tab) ClearProblems() {
	tab.mu.Lock()
	tab.problems = nil
	tab.mu.Unlock()
}

// IsLocal reports whether a URL stays on this machine: loopback HTTP, or
// a scheme that loads nothing over the network.
func IsLocal(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about", "chrome", "devtools", "chrome-extension":
		return true
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (tab *Tab) listen(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tab.mu.Lock()
		tab.requests[ev.RequestID] = ev.Request.URL
		tab.mu.Unlock()
		if !IsLocal(ev.Request.URL) {
			tab.add("request to a host that is not on this machine: %s", ev.Request.URL)
		}
	case *network.EventLoadingFailed:
		if ev.Canceled {
			return
		}
		tab.mu.Lock()
		u := tab.requests[ev.RequestID]
		tab.mu.Unlock()
		tab.add("request failed: %s: %s %s", u, ev.ErrorText, ev.BlockedReason)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			tab.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Value != nil {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			tab.add("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tab.add("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			tab.add("console (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *page.EventJavascriptDialogOpening:
		tab.add("a JavaScript %s dialog opened: %q", ev.Type, ev.Message)
		// The page is stuck until the dialog goes; close it from outside
		// the event loop.
		go chromedp.Call(tab.Ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	}
}

// Navigate loads url and waits until the page and its subresources have
// loaded.
func (tab *Tab) Navigate(url string) error {
	return tab.Do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
}

// Do runs chromedp actions in the tab, with a time limit.
func (tab *Tab) Do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// Eval evaluates a JavaScript expression in the page and decodes its value
// into a T.
func Eval[T any](tab *Tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(tab.Ctx, 30*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}
