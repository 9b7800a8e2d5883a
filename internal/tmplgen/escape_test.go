package tmplgen

import (
	"bytes"
	"html/template"
	"math/rand"
	"strings"
	"testing"
)

// escapeCases pairs a template that html/template escapes in one context
// with what the generated code writes there.
var escapeCases = []struct {
	name, src string
	ours      func(w *bytes.Buffer, s string)
}{
	{"text", `{{.}}`, EscapeText},
	{"attr", `<p title="{{.}}">`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<p title="`)
		EscapeText(w, s)
		w.WriteString(`">`)
	}},
	{"rcdata", `<title>{{.}}</title>`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<title>`)
		EscapeText(w, s)
		w.WriteString(`</title>`)
	}},
	{"textarea", `<textarea>{{.}}</textarea>`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<textarea>`)
		EscapeText(w, s)
		w.WriteString(`</textarea>`)
	}},
	{"url", `<a href="{{.}}">`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<a href="`)
		EscapeText(w, NormalizeURL(FilterURL(s)))
		w.WriteString(`">`)
	}},
	{"fragment", `<a href="/x#{{.}}">`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<a href="/x#`)
		EscapeText(w, EscapeURL(s))
		w.WriteString(`">`)
	}},
	{"query", `<a href="/x?tag={{.}}">`, func(w *bytes.Buffer, s string) {
		w.WriteString(`<a href="/x?tag=`)
		EscapeText(w, EscapeURL(s))
		w.WriteString(`">`)
	}},
}

func checkEscapes(t *testing.T, s string) {
	t.Helper()
	for _, c := range escapeCases {
		tm := template.Must(template.New("").Parse(c.src))
		var want, got bytes.Buffer
		if err := tm.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		c.ours(&got, s)
		if got.String() != want.String() {
			t.Errorf("%s of %q:\n got %q\nwant %q", c.name, s, got.String(), want.String())
		}
	}
}

// TestEscapersMatch checks that the escaping functions write what
// html/template writes, for every byte and for random strings.
func TestEscapersMatch(t *testing.T) {
	for c := 0; c < 256; c++ {
		checkEscapes(t, "a"+string(rune(c))+"b")
		checkEscapes(t, string([]byte{byte(c)}))
	}
	for _, s := range []string{
		"", "https://example.org/a?b=c&d=e#f", "HTTPS://x", "javascript:alert(1)",
		" javascript:x", "JavaScript:x", "mailto:a@b", "data:text/html,x", "/rel/path:x",
		"a/b:c", "%zz%41", "100%", "日本語 text", "\xff\xfe", "tel:123", "#frag",
		"<script>alert('x')</script>", "a\x00b", "café",
	} {
		checkEscapes(t, s)
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "Z", "0", ":", "/", "%", "&", "<", ">", "'", `"`, "+", " ", "#", "?", "=", "é", "\x00", "\xff", "javascript", "http", "mailto", "~", "-", "@", "[", "\n", "\t"}
	for i := 0; i < 2000; i++ {
		var b strings.Builder
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		checkEscapes(t, b.String())
	}
}

func FuzzEscapers(f *testing.F) {
	f.Add("https://example.org/?a=b&c")
	f.Add("javascript:alert(1)")
	f.Add("<b>\"x\"</b>")
	f.Fuzz(func(t *testing.T, s string) { checkEscapes(t, s) })
}
