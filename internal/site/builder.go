package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
)

// A builder collects every output file of a build in memory. Nothing touches
// the disk until all of them exist, so a build that fails half-way leaves the
// previous site as it was (see writeAtomic).
//
// File names are slash-separated paths relative to the output directory
// ("index.html", "events/<id>/index.html", "data/events.csv").
type builder struct {
	ctx  context.Context
	ds   *event.Dataset
	site *Site
	// base is the absolute site URL; its path ends in "/".
	base *url.URL

	files map[string][]byte
	// assets maps a name under templates/assets ("site.css",
	// "vendor/echarts/echarts.min.js") to its hashed site path
	// ("assets/site.0123456789.css").
	assets map[string]string
	// pages maps a page template file name to its parsed template set.
	pages map[string]*template.Template
	// noindex holds the pages rendered with Page.NoIndex; the sitemap leaves them out.
	noindex map[string]bool
	md      *markdown
	// charts are the charts of the whole record, once addCharts has made
	// them; the about page describes them.
	charts []*chartView
}

// newBuilder parses the templates in tfs and adds every asset under
// assets/ to the file set with a content hash in its name.
func newBuilder(ctx context.Context, ds *event.Dataset, base *url.URL, tfs fs.FS) (*builder, error) {
	b := &builder{
		ctx:     ctx,
		ds:      ds,
		base:    base,
		files:   make(map[string][]byte),
		assets:  make(map[string]string),
		pages:   make(map[string]*template.Template),
		noindex: make(map[string]bool),
		md:      newMarkdown(),
	}
	b.site = &Site{
		Title:       ds.Meta.Title,
		Description: ds.Meta.Description,
		Licence:     ds.Meta.Licence,
		AsOf:        ds.Meta.AsOf,
		BaseURL:     base.String(),
	}
	if err := b.loadAssets(tfs); err != nil {
		return nil, err
	}
	if err := b.parseTemplates(tfs); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *builder) loadAssets(tfs fs.FS) error {
	return fs.WalkDir(tfs, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(tfs, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])[:10]
		dir, file := path.Split(name)
		stem, ext := file, ""
		if i := strings.LastIndexByte(file, '.'); i > 0 {
			stem, ext = file[:i], file[i:]
		}
		out := "assets/" + dir + stem + "." + hash + ext
		b.assets[name] = out
		return b.Add(out, data)
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

func (b *builder) parseTemplates(tfs fs.FS) error {
	names, err := fs.Glob(tfs, "*.html")
	if err != nil {
		return err
	}
	shared := template.New("").Funcs(b.funcs())
	for _, name := range names {
		if !isPartials(name) {
			continue
		}
		src, err := fs.ReadFile(tfs, name)
		if err != nil {
			return err
		}
		if _, err := shared.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
	}
	for _, name := range names {
		if isPartials(name) {
			continue
		}
		t, err := shared.Clone()
		if err != nil {
			return err
		}
		src, err := fs.ReadFile(tfs, name)
		if err != nil {
			return err
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		b.pages[name] = t
	}
	return nil
}

// Add adds a file to the output. name is a clean, slash-separated path
// relative to the output directory; adding the same name twice is an error.
func (b *builder) Add(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." || strings.HasSuffix(name, "/") {
		return fmt.Errorf("site: invalid output file name %q", name)
	}
	if name == markerName {
		return fmt.Errorf("site: %s is reserved for the build marker", markerName)
	}
	if _, dup := b.files[name]; dup {
		return fmt.Errorf("site: output file %s added twice", name)
	}
	b.files[name] = data
	return nil
}

// Render executes the page template file page (for example "event.html")
// with p as its dot and adds the result as the output file name. p.Path, if
// empty, is derived from name ("events/x/index.html" → "events/x/").
func (b *builder) Render(name, page string, p *Page) error {
	data, err := b.execute(name, page, p)
	if err != nil {
		return err
	}
	if p.NoIndex {
		b.noindex[name] = true
	}
	return b.Add(name, data)
}

// execute runs a page template; unlike Render it adds nothing to the
// builder, so pages can be executed in parallel.
func (b *builder) execute(name, page string, p *Page) ([]byte, error) {
	if err := b.ctx.Err(); err != nil {
		return nil, err
	}
	t, ok := b.pages[page]
	if !ok {
		return nil, fmt.Errorf("site: no page template %q", page)
	}
	if p.Site == nil {
		p.Site = b.site
	}
	if p.Path == "" {
		p.Path = strings.TrimSuffix(name, "index.html")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, page, p); err != nil {
		return nil, fmt.Errorf("site: rendering %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// renderAll renders many pages of one template on every core and adds
// them in the order given, so the output does not depend on scheduling.
func (b *builder) renderAll(page string, names []string, pages []*Page) error {
	out := make([][]byte, len(names))
	err := parallel(len(names), func(i int) (err error) {
		out[i], err = b.execute(names[i], page, pages[i])
		return err
	})
	if err != nil {
		return err
	}
	for i, name := range names {
		if pages[i].NoIndex {
			b.noindex[name] = true
		}
		if err := b.Add(name, out[i]); err != nil {
			return err
		}
	}
	return nil
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
	u := *b.base
	u.Path = b.URL(sitePath)
	u.RawPath = ""
	return u.String()
}

// names returns the output file names, sorted.
func (b *builder) names() []string {
	names := make([]string, 0, len(b.files))
	for n := range b.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (b *builder) funcs() template.FuncMap {
	return template.FuncMap{
		// asset "site.css" → hashed URL of the asset.
		"asset": b.Asset,
		// url "events/x/" → root-relative URL of a site path.
		"url": b.URL,
		// absurl "events/x/" → absolute URL of a site path.
		"absurl": b.AbsURL,
		// markdown renders curated block Markdown (no raw HTML, http(s) links only).
		"markdown": b.md.Block,
		// inline renders curated inline Markdown without the paragraph around it.
		"inline": b.md.Inline,
		// plain turns curated Markdown into plain text.
		"plain": b.md.Plain,
		// date formats a date for readers ("3 Sep 2017", "Sep 2017", "2017").
		"date": formatDate,
		// isodate formats a date as YYYY[-MM[-DD]].
		"isodate": func(d event.Date) string { return d.String() },
		// num formats a number without trailing zeros ("6.3", "2802").
		"num": formatNum,
		// int formats an integer with thousands separators.
		"int": formatInt,
		// classLabel names a missile class for readers ("ballistic, class unknown").
		"classLabel": classLabel,
		// plural picks the singular or plural word for n: plural 1 "missile" "missiles".
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
	}
}
