// Package site renders the validated events into the static web site laid
// out in the design: the timeline, a page per event, the charts, the data
// downloads, a feed and a sitemap. It collects every file in memory first
// and then swaps the finished site into the output directory in one step.
package site

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"path/filepath"
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
	// output file name when empty. The canonical URL is absurl .Path.
	Path string
	// Title is the page's own title; the layout appends the site title.
	// Empty on the home page.
	Title string
	// Description is plain text for the meta description and OpenGraph.
	Description string
	// Section names the current item of the header navigation:
	// "timeline", "charts" or "about".
	Section string
	// OGType is the OpenGraph type; empty means "website".
	OGType string
	// JSONLD, when set, is emitted as <script type="application/ld+json">.
	// It must come from encoding/json, which escapes <, > and &.
	JSONLD template.JS
	// NoIndex keeps the page out of search engines and the sitemap.
	NoIndex bool
	// Data is the page-specific value the page template documents.
	Data any
}

// Build renders the dataset into the directory opt.Out. It builds the whole
// site in memory, writes it into a new directory beside opt.Out and then
// swaps it in, so that a failed or cancelled build leaves the previous site
// exactly as it was. A non-empty opt.Out that holds no marker file from an
// earlier build is refused unless opt.Force is set.
func Build(ctx context.Context, ds *event.Dataset, opt Options) error {
	files, names, err := render(ctx, ds, opt)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return writeAtomic(out, files, names, opt.Force)
}

// render builds every output file in memory.
func render(ctx context.Context, ds *event.Dataset, opt Options) (map[string][]byte, []string, error) {
	if opt.Out == "" {
		return nil, nil, fmt.Errorf("site: no output directory")
	}
	if len(opt.Schema) == 0 {
		return nil, nil, fmt.Errorf("site: no event schema to publish as data/event.schema.json")
	}
	base, err := parseBaseURL(opt.BaseURL)
	if err != nil {
		return nil, nil, err
	}
	// Refuse early, before the work, when the output may not be replaced.
	if out, err := filepath.Abs(opt.Out); err != nil {
		return nil, nil, fmt.Errorf("site: %w", err)
	} else if err := checkOut(out, opt.Force); err != nil {
		return nil, nil, err
	}
	b, err := newBuilder(ctx, ds, base, templates.FS)
	if err != nil {
		return nil, nil, err
	}
	steps := []func() error{
		b.addIndex,
		b.addEvents,
		b.addData,
		func() error { return b.Add("data/event.schema.json", opt.Schema) },
		func() error { return addCharts(ctx, b, ds) },
		b.addAbout, // after the charts, which it describes
		b.addNotFound,
		b.addFeed,
		b.addRobots,
		b.addSitemap, // last: it lists the pages the steps before added
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := step(); err != nil {
			return nil, nil, err
		}
	}
	return b.files, b.names(), nil
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
	return u, nil
}
