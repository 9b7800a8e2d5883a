package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nktimeline/timeline/internal/eventtest"
	"github.com/nktimeline/timeline/internal/site"
)

// reloadWithin is how long the tests wait for open pages to be told to
// reload after a file is saved: long enough for a busy machine, so that
// they test that the reload comes, not how soon. How soon (within one
// second) is measured by TestMeasureReload and BenchmarkRebuild, not by
// unit tests. Longer under the race detector (race_test.go).
var reloadWithin = 10 * time.Second

// talks is an event file of the fixture and its page.
const (
	talksFile = "2015/2015-06-15-talks.yaml"
	talksPage = "events/2015-06-15-talks/"
)

// harness is a running server on a free loopback port.
type harness struct {
	t      testing.TB
	dir    string // the events directory
	base   string // the site's URL, ending in "/"
	srv    *Server
	client *http.Client
	cancel context.CancelFunc
	done   chan error
}

// eventsDir writes the fixture record, with the real schema, into a new
// directory.
func eventsDir(t testing.TB) string {
	dir := eventtest.WriteDir(t)
	schema, err := os.ReadFile("../../events/event.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "event.schema.json"), schema, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// start serves the events in dir (and the templates in cfg.Templates) until
// the test ends or stop is called. A cfg.BaseURL of "/path/" serves the
// site under that path.
func start(t testing.TB, dir string, cfg Config) *harness {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Events = dir
	if !strings.HasPrefix(cfg.BaseURL, "/") {
		cfg.BaseURL = "/"
	}
	cfg.BaseURL = "http://" + ln.Addr().String() + cfg.BaseURL
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{
		t: t, dir: dir, base: cfg.BaseURL, srv: srv, cancel: cancel, done: make(chan error, 1),
		client: &http.Client{
			Transport:     &http.Transport{},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	go func() { h.done <- srv.Run(ctx, ln) }()
	t.Cleanup(h.stop)
	return h
}

// stop cancels the server as Ctrl-C does and waits for Run to return.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		h.t.Fatal("Run did not return 10s after its context was cancelled")
	}
	h.client.CloseIdleConnections()
}

func (h *harness) get(path string) (*http.Response, string) {
	h.t.Helper()
	resp, err := h.client.Get(h.base + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, string(body)
}

// page fetches a page that must exist.
func (h *harness) page(path string) string {
	h.t.Helper()
	resp, body := h.get(path)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("GET %s: %s", path, resp.Status)
	}
	return body
}

func (h *harness) write(name, content string) {
	h.t.Helper()
	p := filepath.Join(h.dir, filepath.FromSlash(name))
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) read(name string) string {
	h.t.Helper()
	data, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(name)))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(data)
}

var buildAttr = regexp.MustCompile(`<script src="/_timeline/reload.js" data-build="([^"]+)"></script>`)

// stream is a page's event stream, opened as the reload script opens it.
type stream struct {
	body   io.Closer
	events chan string // names of the events received
}

// listen opens the event stream of a page served as html.
func (h *harness) listen(html string) *stream {
	h.t.Helper()
	m := buildAttr.FindStringSubmatch(html)
	if m == nil {
		h.t.Fatal("the page has no reload script")
	}
	resp, err := h.client.Get(strings.TrimSuffix(h.base, "/") + Prefix + "events?build=" + m[1])
	if err != nil {
		h.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		h.t.Fatalf("event stream's Content-Type = %q", ct)
	}
	s := &stream{body: resp.Body, events: make(chan string, 16)}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				s.events <- name
			}
		}
	}()
	h.t.Cleanup(s.close)
	return s
}

func (s *stream) close() { s.body.Close() }

// waitReload waits for a "reload" event and returns how long it took.
func (s *stream) waitReload(t testing.TB, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream ended before a reload")
		}
		if ev != "reload" {
			t.Fatalf("event %q, want reload", ev)
		}
	case <-time.After(within):
		t.Fatalf("no reload within %v", within)
	}
	return time.Since(start)
}

// noReload checks that no event comes for a while.
func (s *stream) noReload(t testing.TB, wait time.Duration) {
	t.Helper()
	select {
	case ev := <-s.events:
		t.Fatalf("unexpected event %q", ev)
	case <-time.After(wait):
	}
}

// The serve loop end to end: a page, an edit that shows, an error that
// shows over the last good site, and the fix that clears it.
func TestServeLoop(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	page := h.page(talksPage)
	if !strings.Contains(page, "<h1>Talks</h1>") && !strings.Contains(page, ">Talks<") {
		t.Fatalf("%s does not show the event's title", talksPage)
	}
	orig := h.read(talksFile)

	// Edit: the new text is served after one reload event.
	events := h.listen(page)
	h.write(talksFile, strings.Replace(orig, "title: Talks", "title: Talks in Panmunjom", 1))
	d := events.waitReload(t, reloadWithin)
	t.Logf("edit to reload event: %v", d)
	page = h.page(talksPage)
	if !strings.Contains(page, "Talks in Panmunjom") {
		t.Fatal("the edited title is not served after the reload event")
	}
	events.close()

	// Break: every page, the 404 page included, lists the problems with
	// file, line and message, over the last good build.
	events = h.listen(page)
	h.write(talksFile, strings.Replace(orig, "title: Talks", "titel: Talks in Panmunjom", 1))
	events.waitReload(t, reloadWithin)
	file := filepath.ToSlash(filepath.Join(h.dir, talksFile))
	for _, p := range []string{talksPage, "", "charts/", "no/such/page"} {
		resp, body := h.get(p)
		if want := http.StatusOK; p == "no/such/page" {
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %s, want 404", p, resp.Status)
			}
		} else if resp.StatusCode != want {
			t.Errorf("GET %s: %s", p, resp.Status)
		}
		for _, want := range []string{
			`role="alert"`,
			`href="/_timeline/overlay.css"`,
			file + ":3:1: unknown field `titel` in event, did you mean `title`?",
			file + ":1:1: event is missing required field `title`",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: the overlay does not show %q", p, want)
			}
		}
		if p == talksPage && !strings.Contains(body, "Talks in Panmunjom") {
			t.Errorf("GET %s: the last good build is not served under the overlay", p)
		}
	}
	events.close()

	// Fix: the overlay goes.
	page = h.page(talksPage)
	events = h.listen(page)
	h.write(talksFile, strings.Replace(orig, "title: Talks", "title: Talks, fixed", 1))
	events.waitReload(t, reloadWithin)
	page = h.page(talksPage)
	if strings.Contains(page, "timeline-problems") {
		t.Error("the overlay is still shown after the fix")
	}
	if !strings.Contains(page, "Talks, fixed") {
		t.Error("the fixed title is not served")
	}
}

// The overlay's text is the lines `timeline validate` prints, escaped.
func TestOverlayEscapes(t *testing.T) {
	s := &Server{}
	st := &state{gen: "g", problems: []string{"a.yaml:1:2: unknown field `<script>` & more"}}
	got := string(s.injection(st))
	if strings.Contains(got, "<script>`") || !strings.Contains(got, "unknown field `&lt;script&gt;` &amp; more") {
		t.Errorf("problem text not escaped:\n%s", got)
	}
	if strings.Contains(got, "style=") || strings.Contains(got, "<style") {
		t.Errorf("the overlay carries inline style, which the pages' CSP refuses:\n%s", got)
	}
	if n := strings.Count(got, "<script"); n != strings.Count(got, "<script src=") {
		t.Errorf("inline script in the injection, which the pages' CSP refuses:\n%s", got)
	}
}

// A page opened just before a rebuild learns of it when its stream
// connects; an up-to-date page gets no event.
func TestStreamCatchesUp(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	page := h.page("")
	fresh := h.listen(page)
	fresh.noReload(t, 300*time.Millisecond)
	fresh.close()
	stale := h.listen(strings.Replace(page, `data-build="`, `data-build="old-`, 1))
	stale.waitReload(t, reloadWithin)
}

// A save that changes nothing a page shows (a touch, a rewrite with the
// same bytes, an unrelated hidden file) does not reload open pages.
func TestNoReloadWithoutChange(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	events := h.listen(h.page(""))
	h.write(talksFile, h.read(talksFile))
	h.write("2015/.talks.yaml.swp", "swap")
	events.noReload(t, 600*time.Millisecond)
	if n := h.srv.builds.Load(); n < 2 {
		t.Errorf("%d builds; the changes were not seen", n)
	}
}

// A year folder made after the server started is watched too.
func TestNewYearFolder(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	events := h.listen(h.page(""))
	if err := os.Mkdir(filepath.Join(h.dir, "2021"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The empty folder changes no page; let its rebuild pass before the
	// file is written, so that only the new folder's watch can see it.
	events.noReload(t, 500*time.Millisecond)
	h.write("2021/2021-05-05-talks.yaml", strings.NewReplacer("2015-06-15", "2021-05-05", "title: Talks", "title: Talks of 2021").Replace(h.read(talksFile)))
	events.waitReload(t, reloadWithin)
	if page := h.page("events/2021-05-05-talks/"); !strings.Contains(page, "Talks of 2021") {
		t.Error("the event in the new year folder is not served")
	}
}

// In a checkout, template edits show without rebuilding timeline, and a
// broken template is reported like broken data.
func TestTemplatesReload(t *testing.T) {
	tdir := t.TempDir()
	if err := os.CopyFS(tdir, os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	h := start(t, eventsDir(t), Config{Templates: tdir})
	events := h.listen(h.page("about/"))
	about := filepath.Join(tdir, "about.html")
	src, err := os.ReadFile(about)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "</main>", "<p>Edited while serving.</p></main>", 1)
	if err := os.WriteFile(about, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	events.waitReload(t, reloadWithin)
	if !strings.Contains(h.page("about/"), "Edited while serving.") {
		t.Error("the edited template is not used")
	}
	if err := os.WriteFile(about, []byte(edited+"{{end"), 0o644); err != nil {
		t.Fatal(err)
	}
	events.waitReload(t, reloadWithin)
	if page := h.page("about/"); !strings.Contains(page, "timeline-problems") || !strings.Contains(page, "about.html") {
		t.Error("a broken template is not reported over the page")
	}
}

func countFDs(t testing.TB) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count file descriptors: %v", err)
	}
	return len(entries)
}

// settle waits for the goroutines and descriptors to fall back to at most
// the counts before, as closing connections takes a moment.
func settle(t *testing.T, goroutines, fds int) {
	t.Helper()
	var g, f int
	for range 100 {
		runtime.GC()
		g, f = runtime.NumGoroutine(), countFDs(t)
		if g <= goroutines && f <= fds {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	t.Errorf("leak: %d goroutines (was %d), %d file descriptors (was %d)\n%s", g, goroutines, f, fds, buf)
}

// Fifty rapid saves, half of them by rename as editors do, give at most a
// few rebuilds; stopping the server leaves no goroutine or descriptor
// behind.
func TestRapidEditsNoLeak(t *testing.T) {
	dir := eventsDir(t)
	goroutines, fds := runtime.NumGoroutine(), countFDs(t)

	// A quiet time well above the pauses between the saves, even on a
	// busy machine: the test counts rebuilds, not how soon they come.
	const debounce = 500 * time.Millisecond
	h := start(t, dir, Config{Debounce: debounce})
	page := h.page(talksPage)
	events := h.listen(page)
	before := h.srv.builds.Load()
	orig := h.read(talksFile)
	for i := range 50 {
		text := strings.Replace(orig, "title: Talks", "title: Talks, take "+string(rune('A'+i%26))+string(rune('a'+i/26)), 1)
		if i%2 == 0 {
			h.write(talksFile, text)
		} else {
			tmp := filepath.Join(dir, "2015", ".talks.yaml~")
			if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, filepath.Join(dir, talksFile)); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	events.waitReload(t, reloadWithin)
	// Let any rebuild still due happen before counting.
	time.Sleep(debounce + 500*time.Millisecond)
	rebuilds := h.srv.builds.Load() - before
	t.Logf("50 saves: %d rebuilds", rebuilds)
	if rebuilds < 1 || rebuilds > 3 {
		t.Errorf("50 rapid saves gave %d rebuilds, want 1 to 3", rebuilds)
	}
	if page := h.page(talksPage); !strings.Contains(page, "Talks, take Xb") {
		t.Error("the last save is not served")
	}
	events.close()
	h.stop()
	settle(t, goroutines, fds)
}

// Ctrl-C with pages open: Run returns at once, though their event streams
// never end by themselves.
func TestStopWithOpenStreams(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	page := h.page("")
	var streams []*stream
	for range 3 {
		streams = append(streams, h.listen(page))
	}
	// Stopping must not wait for the streams, which never end by
	// themselves: a stop that has not returned long after is stuck.
	stopped := make(chan struct{})
	go func() {
		h.stop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(reloadWithin):
		t.Fatal("stopping waits for the open event streams")
	}
	for _, s := range streams {
		select {
		case _, ok := <-s.events:
			if ok {
				t.Error("an event came while stopping")
			}
		case <-time.After(5 * time.Second):
			t.Error("an event stream is still open after the server stopped")
		}
	}
}

// What the server answers: pages and directories, redirects, types, the
// 404 page, and the headers of the site's _headers file.
func TestResponses(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'"
	tests := []struct {
		path        string
		status      int
		ctype       string
		csp         string // "" means none expected
		location    string
		injected    bool
		cacheImmut  bool
		bodyContain string
	}{
		{"", 200, "text/html; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", true, false, "</html>"},
		{"index.html", 200, "text/html; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", true, false, ""},
		{"charts", 301, "", "", "/charts/", false, false, ""},
		{"charts/", 200, "text/html; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", true, false, ""},
		{"charts/ballistic-missiles-per-year/", 200, "text/html; charset=utf-8", pageCSP + "; frame-ancestors *", "", true, false, ""},
		{"events/2015-06-15-talks/embed.html", 200, "text/html; charset=utf-8", pageCSP + "; frame-ancestors *", "", true, false, ""},
		{"data/events.json", 200, "application/json", pageCSP + "; frame-ancestors 'none'", "", false, false, ""},
		{"data/events.csv", 200, "text/csv; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", false, false, ""},
		{"feed.xml", 200, "application/xml; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", false, false, ""},
		{"robots.txt", 200, "text/plain; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", false, false, ""},
		{"assets/embed.js", 200, "text/javascript; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", false, false, ""},
		{"_headers", 404, "text/html; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", true, false, ""},
		{"no/such/page", 404, "text/html; charset=utf-8", pageCSP + "; frame-ancestors 'none'", "", true, false, ""},
		{"_timeline/reload.js", 200, "text/javascript; charset=utf-8", "", "", false, false, "EventSource"},
		{"_timeline/overlay.css", 200, "text/css; charset=utf-8", "", "", false, false, ".timeline-problems"},
		{"_timeline/nothing", 404, "text/plain; charset=utf-8", "", "", false, false, ""},
	}
	for _, tt := range tests {
		resp, body := h.get(tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("GET /%s: %s, want %d", tt.path, resp.Status, tt.status)
			continue
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("GET /%s: Content-Type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if got := strings.Join(resp.Header.Values("Content-Security-Policy"), ", "); got != tt.csp {
			t.Errorf("GET /%s: Content-Security-Policy %q, want %q", tt.path, got, tt.csp)
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("GET /%s: Location %q, want %q", tt.path, got, tt.location)
		}
		if got := strings.Contains(body, Prefix+"reload.js"); got != tt.injected {
			t.Errorf("GET /%s: reload script injected = %v, want %v", tt.path, got, tt.injected)
		}
		if tt.injected && strings.Count(body, Prefix+"reload.js") != 1 {
			t.Errorf("GET /%s: reload script injected %d times", tt.path, strings.Count(body, Prefix+"reload.js"))
		}
		if tt.injected && !strings.Contains(body, "</script>\n</body>") {
			t.Errorf("GET /%s: reload script not just before </body>", tt.path)
		}
		if tt.csp != "" && resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET /%s: no X-Content-Type-Options: nosniff", tt.path)
		}
		if !strings.Contains(body, tt.bodyContain) {
			t.Errorf("GET /%s: body lacks %q", tt.path, tt.bodyContain)
		}
	}
	// Hashed assets may be cached for good; the rest is revalidated.
	page := h.page("")
	css := regexp.MustCompile(`href="/(assets/site\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	resp, _ := h.get(css[1])
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("%s: Cache-Control %q, want immutable", css[1], cc)
	}
	resp, _ = h.get("")
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("home page: Cache-Control %q, want no-cache", cc)
	}
	// A page not modified since is answered 304.
	req, _ := http.NewRequest("GET", h.base, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	r2, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %s, want 304", r2.Status)
	}
}

// The reload script and overlay exist only in served pages: a build's
// output never holds them.
func TestBuildHasNoReloadScript(t *testing.T) {
	dir := eventsDir(t)
	schema, err := os.ReadFile(filepath.Join(dir, "event.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	ds := eventtest.Dataset()
	if err := site.Build(context.Background(), ds, site.Options{Out: out, BaseURL: "http://127.0.0.1:1313/", Schema: schema}); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".html") {
			pages++
		}
		for _, s := range []string{Prefix, "reload.js", "EventSource", "timeline-problems"} {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds %q", p, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 30 {
		t.Fatalf("only %d pages built", pages)
	}
}

// Before any good build, every path shows the problems and reloads when
// they are fixed.
func TestNoGoodBuildYet(t *testing.T) {
	dir := eventsDir(t)
	orig, err := os.ReadFile(filepath.Join(dir, talksFile))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(orig), "title: Talks", "titel: Talks", 1)
	if err := os.WriteFile(filepath.Join(dir, talksFile), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	h := start(t, dir, Config{})
	resp, body := h.get(talksPage)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "unknown field `titel`") || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("GET %s before a good build: %s\n%s", talksPage, resp.Status, body)
	}
	events := h.listen(body)
	h.write(talksFile, string(orig))
	events.waitReload(t, reloadWithin)
	if page := h.page(talksPage); strings.Contains(page, "timeline-problems") {
		t.Error("the overlay is still shown after the fix")
	}
}

// A base URL with a path serves the site under it, as it will be
// published; the server's own files stay at the root.
func TestBasePath(t *testing.T) {
	h := start(t, eventsDir(t), Config{BaseURL: "/nk/"})
	root := strings.TrimSuffix(h.base, "nk/")
	for _, tt := range []struct {
		url      string
		status   int
		location string
	}{
		{h.base, 200, ""},
		{h.base + talksPage, 200, ""},
		{root, 302, "/nk/"},
		{root + "nk", 302, "/nk/"},
		{root + talksPage, 404, ""},
		{root + "_timeline/reload.js", 200, ""},
	} {
		resp, err := h.client.Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("GET %s: %s, Location %q; want %d, %q", tt.url, resp.Status, resp.Header.Get("Location"), tt.status, tt.location)
		}
	}
	if page := h.page(talksPage); !strings.Contains(page, `href="/nk/charts/"`) {
		t.Error("the pages' links do not carry the base path")
	}
	resp, _ := h.get("charts/ballistic-missiles-per-year/")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors *") {
		t.Errorf("a chart page under the base path: CSP %q, want frame-ancestors *", csp)
	}
}

// A git checkout that writes 300 event files at once gives one rebuild
// (two at most, should the machine stall between files), not a storm.
func TestCheckoutOneRebuild(t *testing.T) {
	h := start(t, eventsDir(t), Config{})
	events := h.listen(h.page(""))
	before := h.srv.builds.Load()
	talks := h.read(talksFile)
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		date := day.AddDate(0, 0, i).Format("2006-01-02")
		text := strings.NewReplacer("2015-06-15", date, "title: Talks", fmt.Sprintf("title: Talks %d", i)).Replace(talks)
		name := fmt.Sprintf("%s/%s-talks-%d.yaml", date[:4], date, i)
		if err := os.MkdirAll(filepath.Join(h.dir, date[:4]), 0o755); err != nil {
			t.Fatal(err)
		}
		h.write(name, text)
	}
	events.waitReload(t, 10*time.Second)
	time.Sleep(DefaultDebounce + 500*time.Millisecond)
	rebuilds := h.srv.builds.Load() - before
	t.Logf("300 files: %d rebuilds", rebuilds)
	if rebuilds > 2 {
		t.Errorf("writing 300 files gave %d rebuilds, want 1 or 2", rebuilds)
	}
	page := h.page("events/2023-10-27-talks-299/")
	if !strings.Contains(page, "Talks 299") {
		t.Error("the last of the 300 files is not served")
	}
	if strings.Contains(page, "timeline-problems") {
		t.Errorf("the 300 files do not validate:\n%s", page[strings.Index(page, "timeline-problems"):])
	}
}

// A rebuild after an event file is written in place reads that file alone
// (event.LoadChanged), and serves its change; one after a file is added
// looks at every file.
func TestWatchedWrites(t *testing.T) {
	type told struct {
		written            []string
		other, changedOnly bool
	}
	loads := make(chan told, 16)
	loadHook = func(written []string, other, changedOnly bool) { loads <- told{written, other, changedOnly} }
	defer func() { loadHook = nil }()
	next := func() told {
		t.Helper()
		select {
		case got := <-loads:
			return got
		case <-time.After(reloadWithin):
			t.Fatal("no rebuild")
			return told{}
		}
	}
	h := start(t, eventsDir(t), Config{})
	if first := next(); !first.other || first.changedOnly {
		t.Errorf("the first build was told %+v", first)
	}
	page := h.page(talksPage)
	events := h.listen(page)
	orig := h.read(talksFile)
	h.write(talksFile, strings.Replace(orig, "title: Talks", "title: Talks written in place", 1))
	events.waitReload(t, reloadWithin)
	if got := next(); got.other || !got.changedOnly || len(got.written) != 1 || got.written[0] != talksFile {
		t.Errorf("the rebuild after a write was told %+v, want %s alone, read alone", got, talksFile)
	}
	if !strings.Contains(h.page(talksPage), "Talks written in place") {
		t.Error("the written title is not served")
	}
	events.close()
	// Any later rebuild of that write is not the next phase's.
	time.Sleep(DefaultDebounce + 200*time.Millisecond)
	for len(loads) > 0 {
		<-loads
	}

	events = h.listen(h.page(talksPage))
	h.write("2019/2019-08-04-added.yaml", strings.Replace(strings.Replace(orig, "title: Talks", "title: Added talks", 1), "date: 2015-06-15", "date: 2019-08-04", 1))
	events.waitReload(t, reloadWithin)
	if got := next(); !got.other || got.changedOnly {
		t.Errorf("the rebuild after a file was added was told %+v", got)
	}
	if !strings.Contains(h.page("events/2019-08-04-added/"), "Added talks") {
		t.Error("the added event is not served")
	}
}
