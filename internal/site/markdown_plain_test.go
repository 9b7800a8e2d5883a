package site

import (
	"context"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// plainSeeds are texts near the edge of what isPlainMarkdown accepts.
var plainSeeds = []string{
	"",
	"\n",
	"\n\n\n",
	"Plain prose.",
	"Two lines\nof one paragraph.",
	"One paragraph.\n\nAnother one.\n",
	"\n\nLeading and trailing blank lines.\n\n\n",
	"Three\n\n\nblank\n\n\n\nruns",
	`He said "no" and 'yes'.`,
	"Times 02:59 and 03:23; about 220 km (peaking near 25 km).",
	"A short-range missile, 1+1=2, #3, 50% of $10 @ noon? {x} ^y /z",
	"1984 saw tests.\n2019 too.",
	"1984. A list?",
	"1) A list?",
	"12345678901. Too long for a list",
	"Line\n1. one",
	"Line\n- item",
	"Line\n+ item",
	"Line\n* item",
	"Title\n=====",
	"Title\n-----",
	"Line\n---",
	"# Heading",
	"Line\n# Heading",
	"> quote",
	"    indented code",
	"Line\n    continued",
	" one space",
	"\tTab",
	"Hard  \nbreak",
	"Trailing space ",
	"Back\\\nslash",
	"Entity &amp; &#34; &#x22; &copy",
	"<b>raw</b> <https://example.org/>",
	"*em* _em_ **strong** __strong__",
	"`code` ~~strike~~ a|b",
	"[link](https://example.org/) ![img](x.png) [ref]\n\n[ref]: https://example.org/",
	"CR\r\nLF",
	"Lone\rCR",
	"NUL\x00byte",
	"Replacement \uFFFD char",
	"\uFEFFBOM",
	"No\u00a0break and\u2003em space",
	"Next\u0085line",
	"Line\u2028separator",
	"Invalid \xff UTF-8",
	"Korean 조선중앙통신 text — with dashes… and “quotes”.",
	"한국어로 시작하는 줄\n둘째 줄",
	"Runs  of   spaces\nand\n\nparagraphs",
	"(parenthesised) start",
	"7.5 million\n2021.\n2021.5\n3)\n3)x\n1.  a",
	"\"quoted\" start",
	": colon start",
	"Line\n~~~\ncode\n~~~",
	"Line\n```\ncode\n```",
}

// FuzzPlainMarkdown checks that, for every text isPlainMarkdown accepts,
// the forms made without parsing are the bytes goldmark makes.
func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add(s)
	}
	if res, err := event.LoadDir(context.Background(), "../../events"); err == nil && res.Dataset != nil {
		for _, e := range res.Dataset.Events {
			f.Add(e.Summary)
			f.Add(e.Body)
			for _, c := range e.Corrections {
				f.Add(c.Text)
			}
		}
	}
	m := newMarkdown()
	f.Fuzz(func(t *testing.T, s string) {
		checkPlainMarkdown(t, m, s)
		// Also the text with what plain text may not hold taken out, which
		// the fast path mostly accepts, so that the fuzzer spends its time
		// near the edge of what it accepts.
		checkPlainMarkdown(t, m, strings.Map(func(r rune) rune {
			if r < 0x80 && r != '\n' && !plainByte[r] {
				return -1
			}
			return r
		}, s))
	})
}

// checkPlainMarkdown fails t if s is plain but its forms made without
// parsing differ from goldmark's.
func checkPlainMarkdown(t *testing.T, m *markdown, s string) {
	t.Helper()
	if !isPlainMarkdown(s) {
		return
	}
	want, err := m.renderGoldmark(s)
	if err != nil {
		t.Fatal(err)
	}
	got := plainRendered(s)
	if got.block != want.block {
		t.Errorf("%q: block\n got %q\nwant %q", s, got.block, want.block)
	}
	if got.inline != want.inline {
		t.Errorf("%q: inline\n got %q\nwant %q", s, got.inline, want.inline)
	}
	if got.plain != want.plain {
		t.Errorf("%q: plain\n got %q\nwant %q", s, got.plain, want.plain)
	}
	wantBlock, err := m.renderBlockGoldmark(s)
	if err != nil {
		t.Fatal(err)
	}
	if gotBlock, _ := plainHTML(s); gotBlock != string(wantBlock) {
		t.Errorf("%q: plainHTML\n got %q\nwant %q", s, gotBlock, wantBlock)
	}
}

// TestPlainMarkdownSeeds runs the fuzz check on the seeds alone.
func TestPlainMarkdownSeeds(t *testing.T) {
	m := newMarkdown()
	for _, s := range plainSeeds {
		checkPlainMarkdown(t, m, s)
	}
}

// TestPlainMarkdownAccepts checks that ordinary prose takes the fast path,
// lest it silently stop being used, and that render uses it.
func TestPlainMarkdownAccepts(t *testing.T) {
	for _, s := range []string{
		"",
		"North Korea fired two short-range ballistic missiles.",
		"The JCS detected launches at 02:59 and 03:23 and said both flew about 220 km,\npeaking around 25 km; the presidential office said they might be a new type.\n",
		"First paragraph.\n\nSecond paragraph, with \"quotes\" (and brackets).\n",
		"2019 was a busy year.",
		"It sold for\n7.5 million, or\n1,300 units\n3)x.",
		"(Bracketed) lines\n\"quoted\" lines\n'single' lines\n: and others %$@/{}.,;?^",
		"KCNA said 조선중앙통신 — “the test” succeeded… 50% of the time?",
	} {
		if !isPlainMarkdown(s) {
			t.Errorf("isPlainMarkdown(%q) = false, want true", s)
		}
	}
	// render must answer plain text from the fast path: its forms share
	// the bytes of the block, which goldmark's do not.
	r, err := newMarkdown().render("One paragraph.")
	if err != nil {
		t.Fatal(err)
	}
	if r.block != "<p>One paragraph.</p>\n" || r.inline != "One paragraph." || r.plain != "One paragraph." {
		t.Errorf("render = %+v", r)
	}
}

// TestPlainMarkdownRefuses checks that text with any of the syntax that
// Markdown treats specially goes through goldmark.
func TestPlainMarkdownRefuses(t *testing.T) {
	for _, s := range []string{
		// Characters that form syntax anywhere in a line.
		`a \ b`, "a ` b", "a * b", "a _ b", "a [ b", "a ] b", "a < b", "a > b",
		"a ! b", "a & b", "a | b", "a ~ b",
		// Control characters, CR, tab and NUL.
		"a\tb", "a\rb", "a\r\nb", "a\x00b", "a\x01b", "a\x7fb", "a\x0bb", "a\x0cb",
		// Runes goldmark or strings.Fields treat specially, and bad UTF-8.
		"a\uFFFDb", "\uFEFFab", "a\u00a0b", "a\u0085b", "a\u2028b", "a\u3000b", "a\u0080b", "a\xffb", "a\xe2\x80",
		// Block syntax at the start of a line, first or later.
		"# a", "a\n# b", "- a", "a\n- b", "+ a", "a\n+ b", "= a", "a\n===", "a\n---",
		"1. a", "a\n1. b", "1) a", "123456789. a", "1234567890. a", "2019.", "a\n2019.\nb", "a\n3)",
		// Indentation, blank lines of spaces, trailing spaces.
		" a", "    a", "a\n b", "a\n \nb", "a ", "a  \nb", "a \nb",
	} {
		if isPlainMarkdown(s) {
			t.Errorf("isPlainMarkdown(%q) = true, want false", s)
		}
	}
}
