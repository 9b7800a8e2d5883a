package site

import (
	"html/template"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the Markdown that curators write. It never lets that text
// become markup of its own: raw HTML is dropped (goldmark without
// html.WithUnsafe), links survive only when they point at http(s) URLs, and
// images become their alt text, since a page must load nothing from another
// host.
//
// A build renders the same text several times (a correction is on its
// event's page and in the changes feed), so each text is parsed once, its
// three forms made together and kept; text shown once (BlockOnce) is not
// kept. Event summaries, shown most often of all, are kept by the builder
// by event (see builder.summary) rather than by text here. It is safe for
// concurrent use.
type markdown struct {
	md    goldmark.Markdown
	texts sync.Map // source string → *rendered
}

// rendered holds the forms of one Markdown text.
type rendered struct {
	block, inline template.HTML
	plain         string
}

func newMarkdown() *markdown {
	return &markdown{md: goldmark.New()}
}

// memo returns the result of f(s) from cache, computing it at most once
// per source in the common case (two goroutines may both compute it; they
// get the same value).
func memo[T any](cache *sync.Map, s string, f func(string) (T, error)) (T, error) {
	if v, ok := cache.Load(s); ok {
		return v.(T), nil
	}
	v, err := f(s)
	if err != nil {
		return v, err
	}
	cache.Store(s, v)
	return v, nil
}

// parse parses src and defuses every link and image in it.
func (m *markdown) parse(src []byte) ast.Node {
	doc := m.md.Parser().Parse(text.NewReader(src))
	var unwrap []ast.Node
	var autolinks []*ast.AutoLink
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			if !safeURL(string(n.URL(src))) {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// Replace a link or image by its children, keeping the text.
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range autolinks {
		parent := n.Parent()
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
	}
	return doc
}

// safeURL reports whether a curated link may become an href: absolute
// http(s) URLs only.
func safeURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// text returns the forms of the Markdown s, made once per build.
func (m *markdown) text(s string) (*rendered, error) {
	return memo(&m.texts, s, m.render)
}

// render makes the three forms of s: directly when s is simple (see
// simpleHTML), else with goldmark.
func (m *markdown) render(s string) (*rendered, error) {
	if r, ok := simpleRendered(s); ok {
		return r, nil
	}
	return m.renderGoldmark(s)
}

// renderGoldmark parses s once and makes its three forms from that.
func (m *markdown) renderGoldmark(s string) (*rendered, error) {
	src := []byte(s)
	doc := m.parse(src)
	r := &rendered{plain: plainText(doc, src)}
	buf := newMDBuffer(src)
	if err := m.md.Renderer().Render(buf, src, doc); err != nil {
		return nil, err
	}
	out := buf.String()
	r.block = template.HTML(out) //nolint:gosec // goldmark escapes; raw HTML is off
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		out = strings.TrimSuffix(strings.TrimPrefix(out, "<p>"), "</p>\n")
	}
	r.inline = template.HTML(out) //nolint:gosec // as the block
	return r, nil
}

// BlockOnce renders block Markdown (paragraphs, lists, emphasis, links),
// directly when s is simple (see simpleHTML), without keeping the result:
// for text that a build shows once (an event's body), which would
// otherwise stay in memory to the end of the build. It does not look
// for s among the texts kept either: such text is seldom there, and
// finding that out means hashing all of it.
func (m *markdown) BlockOnce(s string) (template.HTML, error) {
	if html, _, ok := simpleHTML(s, nil); ok {
		return template.HTML(html), nil //nolint:gosec // escaped as goldmark escapes
	}
	return m.renderBlockGoldmark(s)
}

// mdBuffer is a strings.Builder that goldmark's renderer writes into
// directly: it wraps any writer that is not a util.BufWriter in a
// bufio.Writer of its own, 4 KB for every text rendered. Its String is the
// HTML without a copy.
type mdBuffer struct{ strings.Builder }

func (b *mdBuffer) Available() int { return b.Cap() - b.Len() }
func (*mdBuffer) Buffered() int    { return 0 }
func (*mdBuffer) Flush() error     { return nil }

var _ util.BufWriter = (*mdBuffer)(nil)

// newMDBuffer returns a buffer for the HTML of the Markdown src, sized so
// that it seldom grows.
func newMDBuffer(src []byte) *mdBuffer {
	b := new(mdBuffer)
	b.Grow(len(src) + len(src)/4 + 16)
	return b
}

// renderBlockGoldmark renders s as BlockOnce does, with goldmark.
func (m *markdown) renderBlockGoldmark(s string) (template.HTML, error) {
	src := []byte(s)
	buf := newMDBuffer(src)
	if err := m.md.Renderer().Render(buf, src, m.parse(src)); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil //nolint:gosec // goldmark escapes; raw HTML is off
}

// Inline renders Markdown of one paragraph without the <p> around it, for
// places where a block cannot go (headings, list items). Text of more than
// one paragraph keeps its paragraphs.
func (m *markdown) Inline(s string) (template.HTML, error) {
	r, err := m.text(s)
	if err != nil {
		return "", err
	}
	return r.inline, nil
}

// Plain returns the text of Markdown without any markup, for meta
// descriptions, feeds, JSON-LD and search: words joined by single spaces.
func (m *markdown) Plain(s string) string {
	if r, err := m.text(s); err == nil {
		return r.plain
	}
	src := []byte(s)
	return plainText(m.parse(src), src)
}

// plainText returns the text of doc, parsed from src, as Plain does.
func plainText(doc ast.Node, src []byte) string {
	var buf strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				buf.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			buf.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				buf.WriteByte(' ')
			}
		case *ast.String:
			buf.Write(n.Value)
		case *ast.AutoLink:
			buf.Write(n.Label(src))
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				buf.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(buf.String()), " ")
}
