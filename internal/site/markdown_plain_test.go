package site

import (
	"context"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// plainSeeds are texts near the edge of what simpleHTML accepts.
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
	// Emphasis and links.
	"North Korea fired **two missiles**, *KCNA* said.",
	"*KCNA* at the start\n**Strong** on a later line",
	"(*em*) \"**strong**\" *a*.*b*, *a*: **b**; *c*?",
	"*em over\ntwo lines* and **strong\nover two**",
	"a*b* *a*b **a**b a**b** *a **b** c* **a *b* c** ***a*** *a** **a*",
	"* a\n*\n**\n** a\n*a\na*",
	"*\"quoted\"* *a\"* *1* *ü* *aü* ü*a* *a*ü",
	"According to [the Reuters\nreport](https://www.reuters.com/world/x-2026-05-07/), a test.",
	"[a](http://example.org) [b](https://example.org/a/b?c=d#e) [c](https://x.org/%20%zz)",
	"[a](/relative) [b](javascript:alert(1)) [c](mailto:a@b.org) [d](https:x) [e](http://)",
	"[a](<https://example.org/>) [b](https://example.org/ \"title\") [c](https://e.org/(x))",
	"[ a](https://e.org/) [a ](https://e.org/) [](https://e.org/) [a]\n(https://e.org/)",
	"*[a](https://e.org/)* [*a*](https://e.org/) [a](https://e.org/)*b* **[a](https://e.org/)**",
	"[a][b] [a] [a]: https://e.org/ [a [b](https://e.org/)](https://e.org/)",
	"[link](https://e.org/)\n\n[ref]: https://e.org/",
	"[ref]: https://e.org/\n\nText [ref]",
	"[a](https://e.org/&amp;) [a](https://e.org/a'b) [a](https://e.org/a!b) [a](HTTPS://E.ORG/)",
	// Underscores, lists, numbers at the start of a line.
	"snake_case a_b_c [a_b](https://e.org/a_b) _a_ a_ _a __a__ a__b",
	"- a\n- **b**\n- [c](https://e.org/)\n\nd\n\n- e",
	"- a\n\n- b\n\n\n- c",
	"- a\nb\n- c\n  d",
	"a\n2019. b\n1. c\n01. d\n2) e\n1)\n1.\n0. f",
	"- 1. a\n- 2019. b\n- # c\n- - d\n- > e",
	"a.*b.* (*c*) **(d)** **(e)**. *f.*g *h*.i",
	// Emphasis and links at the ends of lines, next to punctuation.
	"*a*\nb **c**\n[d](https://e.org/)\n*e*",
	"*.* *(a)* \"*a*\" a'*b*' @*a*@ {*a*} ^*a*^ $*a*$ %*a*% *a*# /*a*/ [b](https://e.org/)*a*",
	"a*\"b\"* a*(b)* a**(b)**c *a*[b](https://e.org/) #*a*# =*a*= +*a*+",
	// URLs: ports, user info, escapes, empty hosts, bytes goldmark escapes.
	"[a](http://a:80/) [b](http://u:p@h/) [c](http://:80/) [d](http://h:/) [e](https://-/)",
	"[a](https://e.org/a;b@c+d,e=f?g#h) [b](https://e.org/%41) [c](https://e.org/a%20)",
	"[a](https://e.org/%4) [b](http://%41/) [c](http://?x) [d](http:///x) [e](https://e.org/~)",
	"[a](https://e.org/_a_) [b](https://e.org/a)b) [c](https://e.org/)(d) x[e](https://e.org/)y",
	"[a (b)](https://e.org/) [a \"b\"](https://e.org/) [a)](https://e.org/) [a\n2. b](https://e.org/)",
	// Numbers that do or do not start a list after the first line.
	"a\n0. b\n00. c\n2)\n2.\n1234567890. d\n0000000002. e\n10) f",
	"a\n0000000001. b",
	// Lists next to paragraphs.
	"a\n\n- b\n- c\n\nd\n\n- e\n\n\n\nf",
	"- a_b\n- \"c\"\n- (d)\n- 2019 e\n- 2019.5 f\n- [g](https://e.org/) h\n\n",
}

// FuzzPlainMarkdown checks that, for every text simpleHTML accepts, the
// forms made without parsing are the bytes goldmark makes.
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
			if r < 0x80 && r != '\n' && !plainByte[r] && !inlineSyntax[r] {
				return -1
			}
			return r
		}, s))
		// And the bytes of s read as choices among pieces of the syntax
		// that simpleHTML knows, which random text seldom forms.
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteString(fragments[int(s[i])%len(fragments)])
		}
		checkPlainMarkdown(t, m, b.String())
	})
}

// fragments are the pieces that FuzzPlainMarkdown builds texts of.
var fragments = []string{
	"[a](https://e.org/)", "[a\nb](http://e.org/a?b=c#d)", "*a*", "**a b**", "\n- ", "\n\n- ", "\n1. ", "\n2. ",
	"a", "b", "1", " ", "  ", "\n", "\n\n", "*", "**", "[", "]", "](", ")", "(",
	"https://e.org/", "http://e.org/a?b=c#d", "%20", "/", ".", ",", ":", "\"", "'",
	"ü", "—", "-", "#", "=", "1.", "+", "_", "!", "<", "&", "`", "\\", "\t",
}

// checkPlainMarkdown fails t if s is simple but its forms made without
// parsing differ from goldmark's.
func checkPlainMarkdown(t *testing.T, m *markdown, s string) {
	t.Helper()
	got, ok := simpleRendered(s)
	gotBlock, _, okBlock := simpleHTML(s, nil)
	if ok != okBlock {
		t.Fatalf("%q: simpleRendered takes it %v, simpleHTML %v", s, ok, okBlock)
	}
	if !ok {
		return
	}
	want, err := m.renderGoldmark(s)
	if err != nil {
		t.Fatal(err)
	}
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
	if gotBlock != string(wantBlock) {
		t.Errorf("%q: simpleHTML\n got %q\nwant %q", s, gotBlock, wantBlock)
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
		"North Korea fired **two short-range ballistic missiles** from Sunan, *KCNA* said.",
		"*KCNA* said (**three**) \"*new*\" weapons were *tested*.",
		"According to [the Reuters\nreport](https://www.reuters.com/world/asia-pacific/spa-session-5225-15676-2026-05-07/),\na session took place.",
		"See [the statement](https://press.un.org/en/2022/sc15100.doc.htm) and\n[this one](http://example.org/a%20b?x=1;y=2#z).",
		"The **missile (type not reported)** and *(the other)* one,\n**(its launcher)** too.",
		"A snake_case word and [a_link to](https://www.mod.go.jp/en/press/2020/1216_13350.html) it.",
		"The submarine 8.24 Yongung was first seen in October\n2021. It was a\n3) test\n2019.",
		"A paragraph.\n\n- Reuters: [reuters.com/a](https://www.reuters.com/a)\n- *KCNA*, said\n\nAnother paragraph.",
		"- A list alone\n- of two items",
	} {
		if _, _, ok := simpleHTML(s, nil); !ok {
			t.Errorf("simpleHTML(%q) refuses it", s)
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
	r, err = newMarkdown().render("One *short* [paragraph](https://e.org/).")
	if err != nil {
		t.Fatal(err)
	}
	if r.block != "<p>One <em>short</em> <a href=\"https://e.org/\">paragraph</a>.</p>\n" || r.inline != r.block[3:len(r.block)-5] || r.plain != "One short paragraph." {
		t.Errorf("render = %+v", r)
	}
}

// TestPlainMarkdownRefuses checks that text with any of the syntax that
// Markdown treats specially, other than the emphasis and links that
// simpleHTML knows, goes through goldmark.
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
		"# a", "a\n# b", "-a", "a\n- b", "+ a", "a\n+ b", "= a", "a\n===", "a\n---",
		"1. a", "a\n1. b", "a\n01) b", "a\n1.", "1) a", "123456789. a", "1234567890. a", "2019.",
		// Lists other than tight ones of one line an item.
		"- a\nb", "- a\n  b", "- a\n\n- b", "-  a", "- ", "-", "- # a", "- - a", "- * a", "- 1. a",
		"- 2. a", "- =", "- a\n-b", "- a\n* b", "* a", "+ a\n+ b",
		// Underscores that could open or close emphasis.
		"_a_", "a_", "_a", "a _b", "a__b", "a_ b", "a_.", "ü_a", "a_ü", "[a_](https://e.org/)", "[_a](https://e.org/)",
		// Indentation, blank lines of spaces, trailing spaces.
		" a", "    a", "a\n b", "a\n \nb", "a ", "a  \nb", "a \nb",
		// Emphasis whose runs could open and close, or whose meaning
		// depends on what is around it.
		"* a", "a\n* b", "*", "a *", "* a*", "a*b*", "*a*b", "**a**b", "a**b**", "***a***",
		"*a** b", "**a* b", "*a **b** c*", "*a", "a*", "*ü*", "*aü*", "ü*a*", "*a*ü", "*a.*.",
		"a(*(b)*)", "*a*[b](https://e.org/)", "* a*", "*a *", "*\na*", "*a\n*",
		// Links that are not absolute http(s) URLs, or not plain.
		"[a](/b)", "[a](javascript:b)", "[a](mailto:a@b.org)", "[a](https:b)", "[a](https://)",
		"[a](<https://e.org/>)", `[a](https://e.org/ "t")`, "[a](https://e.org/(b))", "[a](https://e.org/&amp;)",
		"[a](https://e.org/%zz)", "[ a](https://e.org/)", "[a ](https://e.org/)", "[](https://e.org/)",
		"[*a*](https://e.org/)", "*[a](https://e.org/)*", "[a [b](https://e.org/)](https://e.org/)",
		"[a]", "[a][b]", "[a]\n(https://e.org/)", "[a]: https://e.org/", "a]", "a [", "[a](https://e.org/",
	} {
		if _, _, ok := simpleHTML(s, nil); ok {
			t.Errorf("simpleHTML(%q) takes it", s)
		}
	}
}
