package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nktimeline/timeline/internal/browsertest"
)

// waitFor evaluates the JavaScript condition in the tab until it is true.
func waitFor(t *testing.T, tab *browsertest.Tab, cond string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := browsertest.Eval[bool](tab, cond)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not true: %s (last error: %v)", within, cond, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, tab *browsertest.Tab, js string) T {
	t.Helper()
	v, err := browsertest.Eval[T](tab, js)
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// A curator's session in a browser: the open page reloads by itself with
// the edit, shows the overlay (styled by its stylesheet, allowed by the
// page's own CSP: the tab fails the test on any console error) when the
// file breaks, and drops it when the file is fixed.
func TestBrowserReload(t *testing.T) {
	b := browsertest.New(t) // skips without Chromium
	h := start(t, eventsDir(t), Config{})
	tab := b.NewTab(t)
	if err := tab.Navigate(h.base + talksPage); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, `document.querySelector('h1').textContent === 'Talks'`, 5*time.Second)
	orig := h.read(talksFile)

	steps := []struct {
		name, title, ready string
	}{
		{"edit", "title: Talks in Panmunjom",
			`document.querySelector('h1').textContent === 'Talks in Panmunjom' && !document.querySelector('.timeline-problems')`},
		{"break", "titel: Talks in Panmunjom",
			`(() => { const o = document.querySelector('.timeline-problems[role=alert]');
				return !!o && o.textContent.includes('2015-06-15-talks.yaml:3:1: unknown field ` + "`titel`" + ` in event, did you mean ` + "`title`" + `?')
					&& getComputedStyle(o).position === 'fixed' })()`},
		{"fix", "title: Talks, fixed",
			`document.querySelector('h1').textContent === 'Talks, fixed' && !document.querySelector('.timeline-problems')`},
	}
	for _, s := range steps {
		// The marker lives until the page reloads.
		eval[bool](t, tab, `window.stillTheSamePage = true`)
		h.write(talksFile, strings.Replace(orig, "title: Talks", s.title, 1))
		waitFor(t, tab, `window.stillTheSamePage !== true && document.readyState !== 'loading' && `+s.ready, 5*time.Second)
	}
	if got := eval[string](t, tab, `document.querySelector('h1').textContent`); got != "Talks, fixed" {
		t.Errorf("h1 = %q", got)
	}

	// A page out of view closes its stream, so that many preview tabs do
	// not use up the browser's connections to the server, and catches up
	// when it comes back into view.
	setHidden := func(hidden bool) {
		eval[bool](t, tab, fmt.Sprintf(`Object.defineProperty(document, 'hidden', {value: %v, configurable: true});
			document.dispatchEvent(new Event('visibilitychange')); true`, hidden))
	}
	waitClients := func(want int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			h.srv.mu.Lock()
			n := len(h.srv.clients)
			h.srv.mu.Unlock()
			if n == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d open event streams, want %d", n, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitClients(1)
	setHidden(true)
	waitClients(0)
	gen := h.srv.cur.Load().gen
	h.write(talksFile, strings.Replace(orig, "title: Talks", "title: Talks, seen later", 1))
	for deadline := time.Now().Add(5 * time.Second); h.srv.cur.Load().gen == gen; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no rebuild after the edit")
		}
	}
	if got := eval[string](t, tab, `document.querySelector('h1').textContent`); got != "Talks, fixed" {
		t.Errorf("a page out of view reloaded: h1 = %q", got)
	}
	setHidden(false)
	waitFor(t, tab, `document.querySelector('h1').textContent === 'Talks, seen later'`, 5*time.Second)
}

// The rebuild-to-reload time on the real record: from the write of an
// event file to the browser's reload of the page (the new page's
// navigation start), and to the new page's DOMContentLoaded. It is a
// measurement, not a test: it runs only with TIMELINE_MEASURE=reload.
//
//	TIMELINE_MEASURE=reload TIMELINE_BROWSER=required go test -run MeasureReload -v ./internal/serve/
func TestMeasureReload(t *testing.T) {
	if os.Getenv("TIMELINE_MEASURE") != "reload" {
		t.Skip("a measurement; run with TIMELINE_MEASURE=reload")
	}
	b := browsertest.New(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../events")); err != nil {
		t.Fatal(err)
	}
	// The newest event of the record, whose page the curator watches.
	years, err := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9][0-9]"))
	if err != nil || len(years) == 0 {
		t.Fatal("no year folders in events/")
	}
	files, err := filepath.Glob(filepath.Join(years[len(years)-1], "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatal("no events in the last year folder")
	}
	file := files[len(files)-1]
	id := strings.TrimSuffix(filepath.Base(file), ".yaml")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, dir, Config{Log: testLog{t}})
	tab := b.NewTab(t)
	if err := tab.Navigate(h.base + "events/" + id + "/"); err != nil {
		t.Fatal(err)
	}
	var toReload, toReady []float64
	for i := range 10 {
		waitFor(t, tab, `document.readyState === 'complete'`, 10*time.Second)
		time.Sleep(300 * time.Millisecond) // let the page open its event stream
		eval[bool](t, tab, `window.stillTheSamePage = true`)
		marker := fmt.Sprintf("Edited %d", i)
		text := strings.Replace(string(orig), "\ntitle: ", "\ntitle: "+marker+" ", 1)
		written := float64(time.Now().UnixNano()) / 1e6
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, tab, `window.stillTheSamePage !== true && document.readyState !== 'loading' && document.querySelector('h1').textContent.startsWith('`+marker+`')`, 20*time.Second)
		nav := eval[[]float64](t, tab, `(() => { const n = performance.getEntriesByType('navigation')[0];
			return [performance.timeOrigin, performance.timeOrigin + n.domContentLoadedEventEnd] })()`)
		toReload = append(toReload, nav[0]-written)
		toReady = append(toReady, nav[1]-written)
	}
	t.Logf("write to reload (ms): %.0f; median %.0f", toReload, median(toReload))
	t.Logf("write to new page ready (ms): %.0f; median %.0f", toReady, median(toReady))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// testLog passes the server's log lines to the test's.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// The server's part of the rebuild-to-reload time on the real record:
// from the write of an event file to the reload event on a page's stream.
//
//	TIMELINE_MEASURE=reload go test -run MeasureReloadEvent -v ./internal/serve/
func TestMeasureReloadEvent(t *testing.T) {
	if os.Getenv("TIMELINE_MEASURE") != "reload" {
		t.Skip("a measurement; run with TIMELINE_MEASURE=reload")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../events")); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "20[0-9][0-9]", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatal("no events")
	}
	file := files[len(files)-1]
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, dir, Config{Log: testLog{t}})
	var took []float64
	for i := range 10 {
		events := h.listen(h.page(""))
		time.Sleep(300 * time.Millisecond)
		text := strings.Replace(string(orig), "\ntitle: ", fmt.Sprintf("\ntitle: Edited %d ", i), 1)
		written := time.Now()
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		events.waitReload(t, 30*time.Second)
		took = append(took, float64(time.Since(written).Milliseconds()))
		events.close()
	}
	t.Logf("write to reload event (ms): %.0f; median %.0f", took, median(took))
}
