// Package site renders the validated events into the static web site laid
// out in the design: the timeline, a page per event, the charts, the data
// downloads, a feed and a sitemap. It writes each file as soon as it is
// rendered (the large data downloads as they are made) into a new
// directory, and then swaps the finished site into the output directory in
// one step.
package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"sort"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/templates"
)

// DefaultBaseURL is the base URL of a site previewed on this machine; a
// command line can use it as the default of its --base-url flag.
const DefaultBaseURL = "http://localhost:8000/"

// Options control a build.
type Options struct {
	// Out is the output directory. It is replaced as a whole: see Build.
	Out string
	// BaseURL is the absolute http(s) URL the site is published at, with or
	// without a path ("https://example.org/nk/"). Feeds, the sitemap,
	// canonical links and embed codes use it; page links use its path, so
	// the site also works under a sub-path. Empty means DefaultBaseURL.
	BaseURL string
	// Force allows replacing a non-empty output directory that timeline did
	// not create.
	Force bool
	// Schema is the JSON Schema of the event files, published as
	// data/event.schema.json. Build fails without it.
	Schema []byte
	// CacheDir, when set, is a directory where drawn social cards are
	// kept for later builds, so that a build into a new output directory
	// draws only the cards whose content changed. Card files are named by
	// a hash of everything drawn on them, so a cached card is always
	// byte-identical to a fresh one.
	CacheDir string
	// Warn, when set, receives what went wrong without failing the build
	// (a replaced site that could not be removed, for example).
	Warn func(msg string)
	// Incremental builds only what changed since the build that left
	// State, in place (see State and buildIncremental), and keeps the
	// state of this build beside the output for the next.
	Incremental bool
	// State is the state ReadState returned for Out, or nil.
	State *State
	// Loaded, with Incremental, is the cache that the load of the dataset
	// returned (event.Result.Cache): it names the content of each event's
	// file, and the next build's load starts from it.
	Loaded *event.Cache
	// FS holds the page templates and assets, laid out as the templates
	// package's FS. Nil means the templates embedded in the binary; the
	// preview server passes the templates directory of a checkout so that
	// edits to them show without rebuilding timeline.
	FS fs.FS
}

// Site holds the facts about the whole dataset that every page shows.
type Site struct {
	Title       string
	Description string // plain text
	Licence     string
	AsOf        event.Date
	BaseURL     string // absolute, ends in "/"
}

// Page is the dot of every page template. Templates may use these fields
// and the functions of builder.funcs.
type Page struct {
	Site *Site // set by Render when nil
	// Path is the site path of the page ("" for the home page,
	// "events/<id>/", "charts/", "404.html"); Render derives it from the
	// output file name when empty.
	Path string
	// URL is the page's canonical URL, absurl .Path; Render sets it.
	URL string
	// Title is the page's own title; the layout appends the site title.
	// Empty on the home page.
	Title string
	// Description is plain text for the meta description and OpenGraph.
	Description string
	// Section names the current item of the header navigation:
	// "timeline", "charts", "systems", "sites", "records" or "about".
	Section string
	// OGType is the OpenGraph type; empty means "website".
	OGType string
	// JSONLD, when set, is emitted as <script type="application/ld+json">.
	// It must come from encoding/json, which escapes <, > and &.
	JSONLD template.JS
	// NoIndex keeps the page out of search engines and the sitemap.
	NoIndex bool
	// Embed draws the page in the frame made for iframes ("embed-frame":
	// no site header, footer or site.css; the page's head-extra brings its
	// styles) instead of the site's frame.
	Embed bool
	// Image, when set, is the page's social card (og:image).
	Image *Image
	// Frame holds the parts of the frame shared with other pages (of
	// the section, for the header); Render sets it (see frame.go).
	Frame *Frame
	// Data is the page-specific value the page template documents.
	Data any
}

// Image is a picture of a page for link previews.
type Image struct {
	Path          string // site path of the PNG
	URL           string // its absolute URL
	Width, Height int
	Alt           string // plain text
}

// contentSecurityPolicy is the policy of every page, in a meta element.
// Scripts and styles come only from the site itself: pages carry no inline
// script and no style attribute or element (scripts style elements through
// the CSSOM, which the policy allows). JSON data blocks are not scripts.
// Servers should send it as a header too, with frame-ancestors, which a
// meta element cannot carry (see _headers).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'"

// Build renders the dataset into the directory opt.Out. Every page is
// written as soon as it is rendered, on every core, into a new directory
// beside opt.Out, which then takes opt.Out's place in one atomic step, so
// that a failed, cancelled or killed build leaves the previous site exactly
// as it was (see writeSite). A non-empty opt.Out that holds no marker file
// from an earlier build is refused unless opt.Force is set.
func Build(ctx context.Context, ds *event.Dataset, opt Options) error {
	base, err := checkOptions(opt)
	if err != nil {
		return err
	}
	if opt.Incremental {
		return buildIncremental(ctx, ds, opt, base)
	}
	return writeSite(ctx, opt, func(out output) error {
		return renderTo(ctx, ds, opt, base, out)
	})
}

// BuildFiles renders the dataset into memory and returns every output file
// by name, for the preview server and tests. opt.Out is ignored.
func BuildFiles(ctx context.Context, ds *event.Dataset, opt Options) (map[string][]byte, error) {
	if opt.Out == "" {
		opt.Out = "."
	}
	base, err := checkOptions(opt)
	if err != nil {
		return nil, err
	}
	m := newMemOutput()
	if err := renderTo(ctx, ds, opt, base, m); err != nil {
		return nil, err
	}
	return m.files, nil
}

func checkOptions(opt Options) (*url.URL, error) {
	if opt.Out == "" {
		return nil, fmt.Errorf("site: no output directory")
	}
	if len(opt.Schema) == 0 {
		return nil, fmt.Errorf("site: no event schema to publish as data/event.schema.json")
	}
	return parseBaseURL(opt.BaseURL)
}

// render builds every output file in memory; tests use it.
func render(ctx context.Context, ds *event.Dataset, opt Options) (map[string][]byte, []string, error) {
	files, err := BuildFiles(ctx, ds, opt)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return files, names, nil
}

// renderTo renders every output file into out.
func renderTo(ctx context.Context, ds *event.Dataset, opt Options, base *url.URL, out output) error {
	tfs := opt.FS
	if tfs == nil {
		tfs = templates.FS
	}
	b, err := newBuilder(ctx, ds, base, tfs, out)
	if err != nil {
		return err
	}
	// Every file is added: about three an event (its page, its card and
	// the card's image) and a few hundred more. The set of their names is
	// made that large at once rather than grown (and rehashed, under the
	// builder's lock) as they come.
	b.added = make(map[string]bool, 3*len(ds.Events)+512)
	return b.run(opt)
}

// run renders the output files of the build into b.out.
func (b *builder) run(opt Options) error {
	ctx, ds := b.ctx, b.ds
	b.cacheDir = opt.CacheDir
	if b.plan == nil {
		if err := b.parseAll(); err != nil {
			return err
		}
	}
	// The workbook and the data files that list every event are made
	// beside the pages, on a core the steps that run on one core leave
	// idle; the build waits for them in any case.
	if err := b.startWorkbook(); err != nil {
		return err
	}
	if err := b.startSpliced(); err != nil {
		b.waitWorkbook()
		return err
	}
	// Each step renders the pages of owners (events, years, systems,
	// sites) or files every build renders (aspect ""), or one part of the
	// whole site, an aspect, which an incremental build may keep as the
	// last build left it (see State).
	steps := []struct {
		aspect string
		add    func() error
	}{
		{"@assets", b.addAssets},
		{"@index", b.addIndex},
		{"@years", b.addYears},
		{"", b.addYearPages},
		{"", b.addEvents},
		{"@systems", b.addSystems},
		{"", b.addSystemPages},
		{"@sites", b.addSites},
		{"", b.addSitePages},
		{"@catalogue", b.addCatalogueData},
		{"@list", b.addListEmbed},
		{"@schema", func() error { return b.Add("data/event.schema.json", opt.Schema) }},
		{"@charts", func() error { return addCharts(ctx, b, ds) }},
		{"", b.addEmbedCards},
		{"@about", b.addAbout},
		{"@changes", b.addChanges},
		{"@404", b.addNotFound},
		{"@feed", b.addFeed},
		{"@robots", b.addRobots},
		{"@headers", b.addHeaders},
		{"@pace", b.addPaceCard},
		{"@records", b.addRecords}, // after every page it may link to (system pages)
		{"", b.addCards},           // after every page that has a card
		{"@sitemap", b.addSitemap}, // last: it lists the pages the steps before added
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			b.waitBackground()
			return err
		}
		if !b.plan.want(s.aspect) {
			continue
		}
		b.beginStep(s.aspect)
		err := s.add()
		b.step = ""
		if err != nil {
			b.waitBackground()
			return err
		}
	}
	return b.waitBackground()
}

func parseBaseURL(s string) (*url.URL, error) {
	if s == "" {
		s = DefaultBaseURL
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("site: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("site: base URL %q: want an absolute http(s) URL such as https://example.org/", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("site: base URL %q: want no query, fragment or user info", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	// A dot segment ("/../", or "/%2e%2e/", which parses to the same path)
	// would make canonical links that browsers resolve elsewhere.
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("site: base URL %q: want a path without . or .. segments", s)
		}
	}
	return u, nil
}
