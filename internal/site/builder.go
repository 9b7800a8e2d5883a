package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// A builder renders the output files of a build and hands each to its
// output as soon as it exists, from as many goroutines as there are cores,
// so that no build holds the whole site in memory. The output decides where
// the files go: a new directory beside out/ that is swapped in at the end
// (Build), or memory (tests and the preview server).
//
// File names are slash-separated paths relative to the output directory
// ("index.html", "events/<id>/index.html", "data/events.csv").
type builder struct {
	ctx  context.Context
	ds   *event.Dataset
	site *Site
	// base is the absolute site URL; its path ends in "/".
	base *url.URL
	// origin is base without its path ("https://example.org"), the start
	// of every absolute URL (see AbsURL).
	origin string
	// embedEnd is the end of every card's embed code (see embedCode).
	embedEnd string
	out      output
	// tfs holds the templates and assets (Options.FS).
	tfs fs.FS
	// cacheDir is Options.CacheDir: where social cards are kept between
	// builds ("" for none).
	cacheDir string

	mu sync.Mutex
	// added holds the name of every file added so far, to refuse a second
	// file of the same name and to list the pages in the sitemap; the
	// value is true for pages rendered with Page.NoIndex.
	added map[string]bool

	// assets maps a name under templates/assets ("site.css",
	// "vendor/echarts/echarts.min.js") to its hashed site path
	// ("assets/site.0123456789.css").
	assets map[string]string
	// pages maps a page template file name to its template set, parsed
	// when first used (see parseTemplates).
	pages map[string]*pageTemplate
	md    *markdown
	// infos holds an eventInfo for each event of ds, by index.
	infos []eventInfo
	// charts are the charts of the whole record (allCharts); the about
	// page describes them.
	charts []*chartView
	// recordBook is the dataset's records, computed once (see records).
	recordsOnce sync.Once
	recordBook  *stats.RecordBook
	// cardSet holds the social cards the pages asked for (cards.go).
	cardSet cardSet
	// bufs recycles the buffers pages are rendered into.
	bufs sync.Pool
	// frames are the parts of the frame that many pages share (frame.go).
	framesMu sync.Mutex
	frames   frames
	// fragments holds the parts of pages rendered once (fragment), and
	// links those shown for nearly every event (catalogueLinks).
	fragments sync.Map
	linksMu   sync.Mutex
	links     map[linksKey]*catalogueLinks

	// figs holds the per-system and per-site figures, computed once for
	// the pages, cards and downloads that share them (see catalogue).
	figs     catalogueFigures
	figsOnce sync.Once
	// pageFigs holds those of the systems and sites whose pages an
	// incremental build renders (see pageFigures).
	pageFigs     catalogueFigures
	pageFigsOnce sync.Once
	// workbookDone receives the result of the workbook, which is built in
	// the background (startWorkbook), and splicedDone those of the spliced
	// files (startSpliced).
	workbookDone chan error
	splicedDone  chan error

	// plan, in an incremental build, says which parts of the site to
	// render; nil renders all (see State).
	plan *plan
	// cardOwners maps each social card's file name to the owners (see
	// owner) of the pages that show it.
	cardOwners map[string]map[string]bool
	// tfsSum is the digest of every file of tfs.
	tfsSum [sha256.Size]byte
	// tmplSum is the digest of the page templates, in hex: the compiled
	// pages are used when it is the one they were compiled from (see
	// compiled.go).
	tmplSum string
	// assetFiles are the assets, added first when the build runs.
	assetFiles []assetFile
	// spliced records where each event's part lies in the spliced files
	// (see addSpliced), by file name.
	spliced map[string]splicedState
	// workbook records the workbook's chunks (see recordWorkbook).
	workbook *workbookState

	// step is the part of the whole site (an aspect, "@index") that the
	// step running renders, or "" for a step that renders owned pages or
	// files that every build renders; run sets it between steps.
	step string
	// aspects maps each file of an aspect to its aspect; shown holds, by
	// aspect, the ids of the events whose views it made (see view).
	aspects map[string]string
	shown   map[string]map[string]bool

	// timeline and charts are made once per build.
	timelineOnce sync.Once
	years        []*yearGroup
	chartsOnce   sync.Once
	chartsErr    error
}

// assetFile is an asset's output file name and content.
type assetFile struct {
	name string
	data []byte
}

// newBuilder parses the templates in tfs and names every asset under
// assets/ with a content hash, for run to add.
func newBuilder(ctx context.Context, ds *event.Dataset, base *url.URL, tfs fs.FS, out output) (*builder, error) {
	b := &builder{
		ctx:    ctx,
		ds:     ds,
		base:   base,
		out:    out,
		tfs:    tfs,
		added:  make(map[string]bool),
		assets: make(map[string]string),
		pages:  make(map[string]*pageTemplate),
		md:     newMarkdown(),
	}
	b.bufs.New = func() any { return new(bytes.Buffer) }
	b.origin = originOf(base)
	b.embedEnd = b.makeEmbedEnd()
	b.infos = b.newInfos()
	b.site = &Site{
		Title:       ds.Meta.Title,
		Description: ds.Meta.Description,
		Licence:     ds.Meta.Licence,
		AsOf:        ds.Meta.AsOf,
		BaseURL:     base.String(),
	}
	sum := sha256.New()
	if err := b.loadAssets(tfs, sum); err != nil {
		return nil, err
	}
	if err := b.parseTemplates(tfs, sum); err != nil {
		return nil, err
	}
	sum.Sum(b.tfsSum[:0])
	return b, nil
}

// originOf returns the base URL without its path: the scheme and host
// that AbsURL puts before a root-relative URL.
func originOf(base *url.URL) string {
	origin := *base
	origin.Path, origin.RawPath = "", ""
	return origin.String()
}

func (b *builder) loadAssets(tfs fs.FS, sum io.Writer) error {
	return fs.WalkDir(tfs, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(tfs, p)
		if err != nil {
			return err
		}
		digest := sha256.Sum256(data)
		fmt.Fprintf(sum, "%s\x00%d\x00", p, len(data))
		sum.Write(digest[:])
		name := strings.TrimPrefix(p, "assets/")
		hash := hex.EncodeToString(digest[:])[:10]
		dir, file := path.Split(name)
		stem, ext := file, ""
		if i := strings.LastIndexByte(file, '.'); i > 0 {
			stem, ext = file[:i], file[i:]
		}
		out := "assets/" + dir + stem + "." + hash + ext
		b.assets[name] = out
		b.assetFiles = append(b.assetFiles, assetFile{out, data})
		return nil
	})
}

// layoutFile holds the partials shared by every page. Files named
// *partials.html hold more shared partials; every other top-level *.html
// file is a page template, parsed into its own copy of the partials so that
// pages may define blocks of the same name.
const layoutFile = "layout.html"

func isPartials(name string) bool {
	return name == layoutFile || strings.HasSuffix(name, "partials.html")
}

func (b *builder) parseTemplates(tfs fs.FS, sum io.Writer) error {
	names, err := fs.Glob(tfs, "*.html")
	if err != nil {
		return err
	}
	shared := template.New("").Funcs(b.funcs())
	tsum := sha256.New()
	defer func() { b.tmplSum = hex.EncodeToString(tsum.Sum(nil)) }()
	sum = io.MultiWriter(sum, tsum)
	for _, name := range names {
		if !isPartials(name) {
			continue
		}
		src, err := fs.ReadFile(tfs, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(src))
		sum.Write(src)
		if _, err := shared.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
	}
	for _, name := range names {
		if isPartials(name) {
			continue
		}
		src, err := fs.ReadFile(tfs, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(src))
		sum.Write(src)
		b.pages[name] = &pageTemplate{name: name, src: string(src), shared: shared}
	}
	return nil
}

// A pageTemplate is a page template, parsed into its own copy of the
// shared partials when first used: an incremental build renders few pages
// (a full build, which parses every template, found them all sound).
type pageTemplate struct {
	name, src string
	shared    *template.Template
	once      sync.Once
	t         *template.Template
	err       error
}

func (p *pageTemplate) parse() (*template.Template, error) {
	p.once.Do(func() {
		t, err := p.shared.Clone()
		if err == nil {
			_, err = t.New(p.name).Parse(p.src)
		}
		if err != nil {
			p.err = fmt.Errorf("templates: %w", err)
			return
		}
		p.t = t
	})
	return p.t, p.err
}

// parseAll parses every page template.
func (b *builder) parseAll() error {
	for _, name := range slices.Sorted(maps.Keys(b.pages)) {
		if _, err := b.pages[name].parse(); err != nil {
			return err
		}
	}
	return nil
}

// Add adds a file to the output. name is a clean, slash-separated path
// relative to the output directory; adding the same name twice is an error.
// The output may keep data after Add returns: the caller must not change it.
func (b *builder) Add(name string, data []byte) error {
	return b.add(name, data, false)
}

func (b *builder) add(name string, data []byte, noindex bool) error {
	if err := b.claim(name, noindex); err != nil {
		return err
	}
	if err := b.out.Put(name, data); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}

// claim records name as a file of the output, refusing a name that is
// not a clean relative path or that was added before.
func (b *builder) claim(name string, noindex bool) error {
	if !fs.ValidPath(name) || name == "." || strings.HasSuffix(name, "/") {
		return fmt.Errorf("site: invalid output file name %q", name)
	}
	if name == markerName {
		return fmt.Errorf("site: %s is reserved for the build marker", markerName)
	}
	b.mu.Lock()
	_, dup := b.added[name]
	if !dup {
		b.added[name] = noindex
		if b.step != "" && owner(name) == "" {
			if b.aspects == nil {
				b.aspects = make(map[string]string)
			}
			b.aspects[name] = b.step
		}
	}
	b.mu.Unlock()
	if dup {
		return fmt.Errorf("site: output file %s added twice", name)
	}
	return nil
}

// page returns the page template file name (for example "event.html"),
// parsed.
func (b *builder) page(name string) (*template.Template, error) {
	pt, ok := b.pages[name]
	if !ok {
		return nil, fmt.Errorf("site: no page template %q", name)
	}
	return pt.parse()
}

// Render executes the page template file page (for example "event.html")
// in its frame with p as the dot and adds the result as the output file
// name. p.Path, if empty, is derived from name ("events/x/index.html" →
// "events/x/"). It is safe to call from many goroutines.
func (b *builder) Render(name, page string, p *Page) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	t, err := b.page(page)
	if err != nil {
		return err
	}
	if p.Site == nil {
		p.Site = b.site
	}
	if p.Path == "" {
		p.Path = strings.TrimSuffix(name, "index.html")
	}
	if p.URL == "" {
		p.URL = b.AbsURL(p.Path)
	}
	if p.Image != nil {
		b.ownCard(p.Image.Path, b.fileOwner(name))
	}
	if p.Frame == nil {
		f, err := b.frame(t, p.Section, p.Path)
		if err != nil {
			return err
		}
		p.Frame = f
	}
	frame := "frame"
	if p.Embed {
		frame = "embed-frame"
	}
	buf := b.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer b.bufs.Put(buf)
	done, err := b.runCompiled(buf, page, frame, p)
	if err != nil {
		return fmt.Errorf("site: rendering %s: %w", name, err)
	}
	if !done {
		if err := t.ExecuteTemplate(buf, frame, p); err != nil {
			return fmt.Errorf("site: rendering %s: %w", name, err)
		}
	}
	if _, ok := b.out.(keepsNothing); ok {
		return b.add(name, buf.Bytes(), p.NoIndex)
	}
	// The output may keep the bytes, so they are copied out of the
	// recycled buffer.
	return b.add(name, bytes.Clone(buf.Bytes()), p.NoIndex)
}

// An output that keepsNothing is done with the bytes that Put passes it
// once Put returns (it writes them out), so that Render can pass it the
// buffer it reuses rather than a copy.
type keepsNothing interface {
	keepsNoData()
}

// ownCard records that a page of the owner shows the social card name.
func (b *builder) ownCard(name, owner string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cardOwners == nil {
		b.cardOwners = make(map[string]map[string]bool)
	}
	if b.cardOwners[name] == nil {
		b.cardOwners[name] = make(map[string]bool)
	}
	b.cardOwners[name][owner] = true
}

// renderAll renders the n pages that page(i) describes with one template
// on every core, each written as soon as it is rendered. page returns the
// output file name and the page.
func (b *builder) renderAll(tmpl string, n int, page func(i int) (string, *Page)) error {
	return parallel(n, func(i int) error {
		name, p := page(i)
		return b.Render(name, tmpl, p)
	})
}

// Asset returns the URL of a file under templates/assets (name as
// "site.css" or "vendor/echarts/echarts.min.js"), with its content hash in
// the file name so that it can be cached for ever.
func (b *builder) Asset(name string) (string, error) {
	p, ok := b.assets[name]
	if !ok {
		return "", fmt.Errorf("site: no asset %q under templates/assets", name)
	}
	return b.URL(p), nil
}

// URL turns a site path ("", "events/x/", "data/events.csv") into the URL
// that pages link with: root-relative, under the path of the base URL, so
// that the site works at any path of a host and on any page depth.
func (b *builder) URL(sitePath string) string {
	return b.base.Path + strings.TrimPrefix(sitePath, "/")
}

// AbsURL turns a site path into an absolute URL under the base URL, for
// feeds, sitemaps, canonical links and embed codes.
func (b *builder) AbsURL(sitePath string) string {
	p := b.URL(sitePath)
	if plainPath(p) {
		// What url.URL.String gives for a path that escapes to itself,
		// as every path of the site does, without its work: pages ask
		// for several absolute URLs each.
		return b.origin + p
	}
	u := *b.base
	u.Path = p
	u.RawPath = ""
	return u.String()
}

// plainPath reports whether p is an absolute path of unreserved URL
// characters and slashes only, which URL escaping leaves as they are.
func plainPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
		default:
			return false
		}
	}
	return true
}

// pagesAdded returns the site paths of the pages added so far that are
// not NoIndex (every index.html, as "" or "events/<id>/"), sorted, with
// those of the owners an incremental build keeps.
func (b *builder) pagesAdded() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var paths []string
	page := func(name string, noindex bool) {
		if !noindex && (name == "index.html" || strings.HasSuffix(name, "/index.html")) {
			paths = append(paths, strings.TrimSuffix(name, "index.html"))
		}
	}
	for name, noindex := range b.added {
		page(name, noindex)
	}
	if p := b.plan; p != nil {
		for o, files := range p.prev.Owned {
			if p.want(o) {
				continue
			}
			for _, f := range files {
				page(f.Name, f.NoIndex)
			}
		}
	}
	sort.Strings(paths)
	return paths
}

func (b *builder) funcs() template.FuncMap {
	return template.FuncMap{
		// csp is the content attribute of every page's Content-Security-Policy.
		"csp": func() template.HTMLAttr {
			return template.HTMLAttr(`content="` + contentSecurityPolicy + `"`) //nolint:gosec // a constant
		},
		// asset "site.css" → hashed URL of the asset.
		"asset": b.Asset,
		// url "events/x/" → root-relative URL of a site path.
		"url": b.URL,
		// absurl "events/x/" → absolute URL of a site path.
		"absurl": b.AbsURL,
		// inline renders curated inline Markdown without the paragraph around it.
		"inline": b.md.Inline,
		// date formats a date for readers ("3 Sep 2017", "Sep 2017", "2017").
		"date": formatDate,
		// isodate formats a date as YYYY[-MM[-DD]].
		"isodate": isoDate,
		// num formats a number without trailing zeros ("6.3", "2802").
		"num": formatNum,
		// int formats an integer with thousands separators.
		"int": formatInt,
		// eventPath, systemPath and sitePath give the site path of an
		// event's, a system's or a site's page from its id.
		"eventPath":  eventPath,
		"systemPath": systemPath,
		"sitePath":   sitePath,
		// cellLink pairs a chart table's cell with the site path it links to.
		"cellLink": cellLink,
		// classTitle heads a class ("Cruise missiles").
		"classTitle": classTitle,
		// propellant names a propellant for readers ("liquid", "not known").
		"propellant": propellantLabel,
		// classLabel names a missile class for readers ("ballistic, class unknown").
		"classLabel": classLabel,
		// plural picks the singular or plural word for n: plural 1 "missile" "missiles".
		"plural": pluralWord,
	}
}

// tableCell is a cell of a chart's table with the site path of the page it
// names ("" for none).
type tableCell struct {
	Text, Link string
}

func cellLink(text, link string) tableCell { return tableCell{text, link} }
