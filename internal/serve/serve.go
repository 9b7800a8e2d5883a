// Package serve is the preview server of `timeline serve`: it builds the
// site in memory, serves it on this machine, rebuilds it when an event file
// (or, in a checkout, a template) changes, and makes open pages reload
// through Server-Sent Events. While the events do not validate, every page
// shows the problems over the last good build of the site.
//
// The reload script and the problems overlay are added to the pages as they
// are served; the built files, and so `timeline build`, never hold them.
// The server writes nothing to disk.
package serve

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/site"
)

// Prefix is the URL path under which the server serves its own files: the
// reload script, the overlay's stylesheet and the event stream. No site
// file has a name starting with "_timeline/".
const Prefix = "/_timeline/"

// DefaultDebounce is how long the files must stay quiet after a change
// before the site is rebuilt: an editor's save by rename, or a git checkout
// of hundreds of files, gives one rebuild.
const DefaultDebounce = 50 * time.Millisecond

// maxDelay bounds how long a stream of changes can put a rebuild off.
const maxDelay = time.Second

//go:embed assets/reload.js assets/overlay.css
var assets embed.FS

// Config is what the server serves and how.
type Config struct {
	// Events is the events directory.
	Events string
	// Templates, when set, is a templates directory laid out as the
	// templates package (page templates and assets/): the site is built
	// from it and it is watched too. Empty means the templates embedded in
	// the binary.
	Templates string
	// BaseURL is the absolute URL the site is built for, normally the
	// server's own address. The site is served under its path.
	BaseURL string
	// Log receives a line for each rebuild and the problems found; nil
	// discards them.
	Log io.Writer
	// Debounce is the quiet time before a rebuild; zero means
	// DefaultDebounce.
	Debounce time.Duration

	// cacheDir, for benchmarks, is a directory of drawn social cards the
	// builds take cards from (site.Options.CacheDir).
	cacheDir string
}

// Server is the preview server. Its zero value is not usable: see New.
type Server struct {
	cfg      Config
	basePath string // the base URL's path, ends in "/"
	tfs      fs.FS  // nil for the embedded templates
	start    time.Time

	cur atomic.Pointer[state]
	seq int // builds made, for the generation; only the build loop touches it

	mu      sync.Mutex
	clients map[chan string]struct{} // open event streams
	done    chan struct{}            // closed when the server stops

	// builds counts the builds started, for tests.
	builds atomic.Int64
	// preview renders each build, from the last; only the build loop
	// uses it.
	preview site.Preview
	// changes are what the watcher saw since the last rebuild.
	changes *changes
}

// state is one build of the site as the server shows it.
type state struct {
	// gen names the build; pages carry it so that a page served before a
	// rebuild learns of it when its event stream connects.
	gen string
	// files is the last good site by file name; nil before the first.
	files   map[string][]byte
	headers headerRules
	// problems, when not empty, are shown over every page: the lines
	// `timeline validate` prints, or a build error.
	problems []string
	// inject is added before </body> of every HTML page.
	inject []byte
}

// New checks the configuration and returns a server that has built
// nothing yet; Run builds and serves.
func New(cfg Config) (*Server, error) {
	u, err := urlPath(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(cfg.Events)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", cfg.Events)
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	s := &Server{
		cfg:      cfg,
		basePath: u,
		start:    time.Now(),
		clients:  make(map[chan string]struct{}),
		done:     make(chan struct{}),
		changes:  newChanges(),
	}
	if cfg.Templates != "" {
		s.tfs = embedLike{os.DirFS(cfg.Templates)}
	}
	st := &state{gen: s.nextGen()}
	st.inject = s.injection(st)
	s.cur.Store(st)
	return s, nil
}

// urlPath returns the path of the base URL, ending in "/". The site's
// build checks the rest of the URL.
func urlPath(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("serve: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("serve: base URL %q: want an absolute http(s) URL such as http://127.0.0.1:1313/", base)
	}
	p := u.EscapedPath()
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, nil
}

func (s *Server) nextGen() string {
	s.seq++
	return strconv.FormatInt(s.start.UnixNano(), 36) + "-" + strconv.Itoa(s.seq)
}

// Run builds the site, then serves it on ln and rebuilds it on changes
// until ctx is done. It returns when every goroutine it started has ended
// and the listener is closed; the error is nil after ctx is done.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	defer ln.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	w, err := newWatcher(s.cfg.Log, s.changes, s.cfg.Events)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.addTree(s.cfg.Events); err != nil {
		return err
	}
	if s.cfg.Templates != "" {
		if err := w.addTree(s.cfg.Templates); err != nil {
			return err
		}
	}

	s.rebuild(ctx)

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
	}
	var wg sync.WaitGroup
	changed := make(chan struct{}, 1)
	wg.Go(func() { w.run(ctx, changed) })
	wg.Go(func() { s.buildLoop(ctx, changed) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
		served = nil
	}
	cancel()
	s.stop()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if served != nil {
		<-served
	}
	w.close()
	wg.Wait()
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return nil
}

// stop ends the open event streams, which would otherwise keep Shutdown
// waiting.
func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// buildLoop rebuilds the site once the files have been quiet for the
// debounce time after a change (or maxDelay after the first change of a
// stream that does not stop). Changes made during a build are seen by the
// next one.
func (s *Server) buildLoop(ctx context.Context, changed <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
		quiet := time.NewTimer(s.cfg.Debounce)
		deadline := time.NewTimer(maxDelay)
	wait:
		for {
			select {
			case <-ctx.Done():
				quiet.Stop()
				deadline.Stop()
				return
			case <-changed:
				quiet.Reset(s.cfg.Debounce)
			case <-quiet.C:
				break wait
			case <-deadline.C:
				break wait
			}
		}
		quiet.Stop()
		deadline.Stop()
		s.rebuild(ctx)
	}
}

// rebuild loads the events and builds the site. When the events have
// errors, or the build fails, the last good site stays and the problems
// are shown over it. Open pages reload when anything they show changed.
func (s *Server) rebuild(ctx context.Context) {
	s.builds.Add(1)
	start := time.Now()
	old := s.cur.Load()
	next := &state{files: old.files, headers: old.headers}

	// Only the event files the watcher saw written are read again, when
	// it saw nothing else change.
	written, other := s.changes.take()
	var res *event.Result
	var err error
	cache := s.preview.EventCache()
	changedOnly := !other && cache != nil
	if loadHook != nil {
		loadHook(written, other, changedOnly)
	}
	if changedOnly {
		res, err = event.LoadChanged(ctx, s.cfg.Events, cache, written)
	} else {
		res, err = event.LoadCached(ctx, s.cfg.Events, cache)
	}
	loaded := time.Now()
	defer func() {
		// A rebuild that made no new cache leaves what it took for the
		// next.
		if c := s.preview.EventCache(); c == nil || res == nil || c != res.Cache {
			s.changes.putBack(written, other)
		}
	}()
	switch {
	case ctx.Err() != nil:
		return
	case err != nil:
		next.problems = []string{err.Error()}
	case len(res.Problems.Errors()) > 0:
		for _, p := range res.Problems {
			next.problems = append(next.problems, p.String())
		}
	default:
		files, err := s.build(ctx, res.Dataset, res.Cache)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			next.problems = []string{err.Error()}
			break
		}
		next.files = files
		next.headers = parseHeaders(files["_headers"])
		for _, p := range res.Problems { // warnings
			fmt.Fprintln(s.cfg.Log, p.String())
		}
	}

	for _, p := range next.problems {
		fmt.Fprintln(s.cfg.Log, p)
	}
	built := time.Now()
	defer func() {
		// The time from the rebuild's start (once the saves went quiet)
		// to the new site being served.
		ms := func(d time.Duration) int64 { return d.Milliseconds() }
		if len(next.problems) > 0 {
			fmt.Fprintf(s.cfg.Log, "timeline serve: %d problems; showing them over the last good build (%d ms)\n", len(next.problems), ms(time.Since(start)))
		} else {
			fmt.Fprintf(s.cfg.Log, "timeline serve: built %d files in %d ms (loading the events %d ms, building the site %d ms)\n",
				len(next.files), ms(time.Since(start)), ms(loaded.Sub(start)), ms(built.Sub(loaded)))
		}
	}()

	if slicesEqual(old.problems, next.problems) && sameFiles(old.files, next.files) {
		return // nothing a page shows has changed: no reload
	}
	next.gen = s.nextGen()
	next.inject = s.injection(next)
	s.cur.Store(next)
	s.broadcast(next.gen)
}

// loadHook, when set by a test, receives what each rebuild was told had
// changed, and whether it reads only the written files (changedOnly).
var loadHook func(written []string, other, changedOnly bool)

// build renders the site, only what changed since the last build where
// it can (see site.Preview).
func (s *Server) build(ctx context.Context, ds *event.Dataset, loaded *event.Cache) (map[string][]byte, error) {
	schema, err := os.ReadFile(filepath.Join(s.cfg.Events, event.SchemaFile))
	if err != nil {
		return nil, err
	}
	return s.preview.Build(ctx, ds, site.Options{BaseURL: s.cfg.BaseURL, Schema: schema, FS: s.tfs, Loaded: loaded, CacheDir: s.cfg.cacheDir})
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameFiles(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, bytes.Equal)
}

// injection is what goes before </body> of the pages of st: the reload
// script, tagged with the build, and the problems overlay when there are
// problems. Both pass the pages' Content-Security-Policy: the script and
// the stylesheet are files of this server, and nothing is inline.
func (s *Server) injection(st *state) []byte {
	var b bytes.Buffer
	if len(st.problems) > 0 {
		b.WriteString(`<link rel="stylesheet" href="` + Prefix + `overlay.css">` + "\n")
		b.WriteString(`<section class="timeline-problems" role="alert" aria-labelledby="timeline-problems-title">` + "\n")
		title := "The events do not validate"
		if st.files != nil {
			title += "; this is the last good build"
		}
		fmt.Fprintf(&b, `<h2 id="timeline-problems-title">%s</h2>`+"\n<ul>\n", html.EscapeString(title))
		for _, p := range st.problems {
			fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(p))
		}
		b.WriteString("</ul>\n<p>Fix the files and save: the page reloads by itself.</p>\n</section>\n")
	}
	fmt.Fprintf(&b, `<script src="%sreload.js" data-build="%s"></script>`+"\n", Prefix, html.EscapeString(st.gen))
	return b.Bytes()
}

// subscribe registers an event stream; the channel receives the
// generation of each new build.
func (s *Server) subscribe() chan string {
	ch := make(chan string, 1)
	s.mu.Lock()
	s.clients[ch] = struct{}{}
	s.mu.Unlock()
	return ch
}

func (s *Server) unsubscribe(ch chan string) {
	s.mu.Lock()
	delete(s.clients, ch)
	s.mu.Unlock()
}

func (s *Server) broadcast(gen string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		select {
		case <-ch: // a reload not yet sent: the new one replaces it
		default:
		}
		ch <- gen
	}
}

// ServeHTTP serves the site under the base URL's path and the server's own
// files under Prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == Prefix+"events":
		s.serveEvents(w, r)
		return
	case strings.HasPrefix(p, Prefix):
		s.serveAsset(w, r, strings.TrimPrefix(p, Prefix))
		return
	}
	st := s.cur.Load()
	if st.files == nil {
		s.serveNoSite(w, r, st)
		return
	}
	if !strings.HasPrefix(p, s.basePath) {
		if p == "/" || p+"/" == s.basePath {
			http.Redirect(w, r, s.basePath, http.StatusFound)
			return
		}
		s.serveFile(w, r, st, "404.html", http.StatusNotFound)
		return
	}
	name := strings.TrimPrefix(p, s.basePath)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if _, ok := st.files[name]; ok && name != "_headers" {
		s.serveFile(w, r, st, name, http.StatusOK)
		return
	}
	if _, ok := st.files[name+"/index.html"]; ok {
		target := p + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.serveFile(w, r, st, "404.html", http.StatusNotFound)
}

// serveFile serves the site file name with the headers of the request's
// path, adding the reload script (and the overlay) to HTML pages.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, name string, status int) {
	body, ok := st.files[name]
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	h := w.Header()
	st.headers.apply(h, r.URL.Path)
	// Assets whose names carry their hash may stay cached; everything else
	// is checked again on every load, as the site changes under the page.
	if cc := h.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		h.Set("Cache-Control", "no-cache")
	}
	ctype := contentType(name, body)
	h.Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		body = inject(body, st.inject)
	}
	if status != http.StatusOK {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	h.Set("ETag", `"`+st.gen+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// inject adds snippet before the last </body> of page, or at its end.
func inject(page, snippet []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(snippet))
	out = append(out, page[:i]...)
	out = append(out, snippet...)
	return append(out, page[i:]...)
}

// contentTypes are the types of the files a build writes, by extension, so
// that they do not depend on the machine's MIME tables.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".csv":         "text/csv; charset=utf-8",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".webmanifest": "application/manifest+json",
	".woff2":       "font/woff2",
}

func contentType(name string, body []byte) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return http.DetectContentType(body)
}

// serveNoSite answers every request while there has been no good build:
// a page that shows the problems and reloads when they are fixed.
func (s *Server) serveNoSite(w http.ResponseWriter, r *http.Request, st *state) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	page := "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>No site yet</title>\n</head>\n<body>\n<h1>No site yet</h1>\n</body>\n</html>\n"
	if r.Method != http.MethodHead {
		w.Write(inject([]byte(page), st.inject))
	}
}

// serveAsset serves the server's own files.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	data, err := assets.ReadFile("assets/" + name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType(name, data))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// serveEvents is the event stream of a page: an event "reload" when the
// site has been rebuilt since the build the page came from (the query's
// build parameter), at once if it already has.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.subscribe()
	defer s.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	// A dropped stream (the server restarting) is tried again soon.
	io.WriteString(w, "retry: 500\n\n")
	if gen := s.cur.Load().gen; r.URL.Query().Get("build") != gen {
		fmt.Fprintf(w, "event: reload\ndata: %s\n\n", gen)
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case gen := <-ch:
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", gen)
			flusher.Flush()
		}
	}
}
