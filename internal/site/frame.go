package site

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/nktimeline/timeline/internal/event"
)

// The frame (templates/layout.html) draws the same header, footer and
// links on thousands of pages. Executing those templates for every page
// would cost more than most pages' own content, so each is rendered once
// per build (the header once per section) from its template in
// layout.html, and the frame inserts the result as HTML. The frame stays
// the one template that draws every page around its "content".

// Frame holds the parts of the frame that are the same on many pages,
// rendered from their templates. Each is HTML made for the text of the
// page's body or head, where the frame inserts it.
type Frame struct {
	// MetaHead is "meta-head", the first lines of the head, and Icon is
	// "icon", the link to the site's icon. Their dot is the *Site.
	MetaHead, Icon template.HTML
	// HeadLinks is "head-links": the site's style sheet and feed. Its dot
	// is the *Site.
	HeadLinks template.HTML
	// Header is "header", the site's header with its navigation, for the
	// page's section. Its dot is a navView.
	Header template.HTML
	// Footer is "footer", the downloads and the counting rule. Its dot is
	// the *Site.
	Footer template.HTML
}

// navView is the dot of the "header" template.
type navView struct {
	Site *Site
	// Section is the page's Section: its link is marked aria-current.
	Section string
	// Current is the value of that mark: "page" on the section's own
	// page (sectionPaths), "true" on the other pages of the section. The
	// about section is one page, always marked "page".
	Current string
}

// sectionPaths is the site path of each section's own page.
var sectionPaths = map[string]string{
	"timeline": "",
	"charts":   "charts/",
	"systems":  "systems/",
	"sites":    "sites/",
	"records":  "records/",
}

// frames are the Frames of a build, one per section and mark, made the
// first time a page asks for them.
type frames struct {
	m map[navKey]*Frame
	// site holds the parts that every section shares, once made.
	site *Frame
}

type navKey struct{ section, current string }

// frame returns the Frame of a page of the section at the site path p,
// rendered with t, the page's template set (every set holds layout.html).
func (b *builder) frame(t *template.Template, section, p string) (*Frame, error) {
	k := navKey{section: section}
	if root, ok := sectionPaths[section]; ok {
		k.current = "true"
		if p == root {
			k.current = "page"
		}
	}
	b.framesMu.Lock()
	defer b.framesMu.Unlock()
	if f := b.frames.m[k]; f != nil {
		return f, nil
	}
	if b.frames.site == nil {
		f := new(Frame)
		for _, part := range []struct {
			name string
			html *template.HTML
		}{{"meta-head", &f.MetaHead}, {"icon", &f.Icon}, {"head-links", &f.HeadLinks}, {"footer", &f.Footer}} {
			h, err := b.renderPart(t, part.name, b.site)
			if err != nil {
				return nil, err
			}
			*part.html = h
		}
		b.frames.site = f
	}
	header, err := b.renderPart(t, "header", navView{Site: b.site, Section: k.section, Current: k.current})
	if err != nil {
		return nil, err
	}
	f := *b.frames.site
	f.Header = header
	if b.frames.m == nil {
		b.frames.m = make(map[navKey]*Frame)
	}
	b.frames.m[k] = &f
	return &f, nil
}

// fragment returns the template name of the template set t executed with
// dot, rendered once per build for each set, name and dot: for the parts
// that many pages show alike (a tag's link, a system's link), which would
// otherwise be executed and escaped again on every page. dot must be
// comparable, and name must render HTML for the text of an element.
func (b *builder) fragment(t *template.Template, name string, dot any) (template.HTML, error) {
	k := fragmentKey{t, name, dot}
	if h, ok := b.fragments.Load(k); ok {
		return h.(template.HTML), nil
	}
	h, err := b.renderPart(t, name, dot)
	if err != nil {
		return "", err
	}
	b.fragments.Store(k, h)
	return h, nil
}

type fragmentKey struct {
	t    *template.Template
	name string
	dot  any
}

// renderPart executes the template name of t with dot and returns the
// result as HTML. html/template escapes it for the text of an HTML
// element, the context the frame inserts it in.
func (b *builder) renderPart(t *template.Template, name string, dot any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, dot); err != nil {
		return "", fmt.Errorf("site: rendering %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // escaped by html/template
}

// catalogueLinks holds the fragments (see fragment) that the pages of one
// template set show for nearly every event: the badge of every kind and
// the link to every system's and site's page, rendered once for the whole
// catalogue. Found by kind or id in maps that no longer change, they cost
// far less than found in fragments by their dots. Its methods render, as
// fragments, the few that the maps lack.
type catalogueLinks struct {
	b              *builder
	t              *template.Template
	link           string              // see linksKey
	url            func(string) string // builder.URL or builder.AbsURL
	badges         map[event.Kind]template.HTML
	systems, sites map[string]template.HTML // by id
}

// linksKey identifies the catalogueLinks of a build: the template set t
// and how it links to a page.
type linksKey struct {
	t *template.Template
	// link is the partial that renders a nameLink, and abs is set when
	// it links with absolute URLs.
	link string
	abs  bool
}

// catalogueLinks returns the catalogueLinks of the template set t, whose
// partial link renders a nameLink with a root-relative URL, or with an
// absolute one if abs is set.
func (b *builder) catalogueLinks(t *template.Template, link string, abs bool) (*catalogueLinks, error) {
	k := linksKey{t, link, abs}
	b.linksMu.Lock()
	defer b.linksMu.Unlock()
	if l := b.links[k]; l != nil {
		return l, nil
	}
	l := &catalogueLinks{b: b, t: t, link: link, url: b.URL,
		badges:  make(map[event.Kind]template.HTML, len(event.Kinds)),
		systems: make(map[string]template.HTML, len(b.ds.Systems)), sites: make(map[string]template.HTML, len(b.ds.Sites))}
	if abs {
		l.url = b.AbsURL
	}
	for _, kind := range event.Kinds {
		h, err := b.fragment(t, "badge", kind)
		if err != nil {
			return nil, err
		}
		l.badges[kind] = h
	}
	// A system or site without a name, which only a dataset that
	// event.Load did not check can have, is left out: the event page
	// names its link by the id where the lists leave the name empty (see
	// system).
	add := func(links map[string]template.HTML, id, name, path string) error {
		if name == "" {
			return nil
		}
		h, err := b.fragment(t, link, nameLink{Name: name, URL: l.url(path)})
		links[id] = h
		return err
	}
	for _, s := range b.ds.Systems {
		if err := add(l.systems, s.ID, s.Name, systemPath(s.ID)); err != nil {
			return nil, err
		}
	}
	for _, s := range b.ds.Sites {
		if err := add(l.sites, s.ID, s.Name, sitePath(s.ID)); err != nil {
			return nil, err
		}
	}
	if b.links == nil {
		b.links = make(map[linksKey]*catalogueLinks)
	}
	b.links[k] = l
	return l, nil
}

// badge returns the "badge" of the kind.
func (l *catalogueLinks) badge(kind event.Kind) (template.HTML, error) {
	if h, ok := l.badges[kind]; ok {
		return h, nil
	}
	return l.b.fragment(l.t, "badge", kind)
}

// system returns the link to the page of the system id. name is the
// system's name as the dataset has it, or what the caller shows for a
// system the catalogue lacks (see catalogueLinks).
func (l *catalogueLinks) system(id, name string) (template.HTML, error) {
	if h, ok := l.systems[id]; ok {
		return h, nil
	}
	return l.b.fragment(l.t, l.link, nameLink{Name: name, URL: l.url(systemPath(id))})
}

// site returns the link to the page of the site id, named name as system
// names a system's.
func (l *catalogueLinks) site(id, name string) (template.HTML, error) {
	if h, ok := l.sites[id]; ok {
		return h, nil
	}
	return l.b.fragment(l.t, l.link, nameLink{Name: name, URL: l.url(sitePath(id))})
}

// nameLink is the dot of layout.html's "link" and of the card's
// "card-link": a name and the URL it links to.
type nameLink struct {
	Name, URL string
}
