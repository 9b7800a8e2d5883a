package tmplgen

import (
	"html/template"
	"reflect"
	"strings"
	"testing"
)

type testDot struct {
	Title string
	Body  template.HTML
	URL   string
	N     int
	Items []string
	Map   map[string]string
	Data  any
}

func generate(t *testing.T, src string) ([]byte, error) {
	t.Helper()
	set := template.Must(template.New("page.html").Parse(src))
	return Generate(Config{Package: "p", PkgPath: "example.com/p"}, []Entry{{
		Func: "render", Set: set, Name: "page.html", Dot: reflect.TypeFor[*testDot](),
	}})
}

// TestGenerate compiles the constructs the site's pages use.
func TestGenerate(t *testing.T) {
	src, err := generate(t, `<h1 title="{{.Title}}">{{.Title}}</h1>{{.Body}}
<a href="{{.URL}}">{{if .N}}{{.N}}{{else}}none{{end}}</a>
{{range $i, $s := .Items}}{{if $i}}, {{end}}{{$s}}{{else}}no items{{end}}
{{with .Title}}<p>{{.}}</p>{{end}}{{if or .Title .Items}}x{{end}}{{or .Title .URL}}{{if eq .N 3}}three{{end}}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`tmplgen.EscapeText(w, dot.Title)`,
		`w.WriteString(string(dot.Body))`,
		`tmplgen.EscapeText(w, tmplgen.NormalizeURL(tmplgen.FilterURL(dot.URL)))`,
		`strconv.FormatInt(int64(dot.N), 10)`,
		`int64(dot.N) == 3`,
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the generated code lacks %s:\n%s", want, src)
		}
	}
}

// TestGenerateRefuses checks that what cannot be compiled is an error
// that says where.
func TestGenerateRefuses(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"line one\n{{range .Map}}{{.}}{{end}}", "page.html:2:8: {{range .Map}}"},
		{`{{printf "%s" .Title}}`, "function printf is not in Config.Funcs"},
		{`<script>f({{.Title}})</script>`, "only template.JS is compiled in script"},
		{`<a onclick="f({{.Title}})">`, "the escapers \"jsvalescaper | attrescaper\" are not supported"},
		{`<p title="{{.Body}}">`, "template.HTML is not compiled here"},
		{`{{.Data.X}}`, "Entry.Dynamic"},
		{`{{.Missing}}`, "no exported field Missing"},
	} {
		_, err := generate(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", tc.src, err, tc.want)
		}
	}
}

// TestGenerateSharesOnlyAlike checks that a template whose text is the
// same in two sets gets a function of its own in each when it calls
// templates that differ.
func TestGenerateSharesOnlyAlike(t *testing.T) {
	const wrapper = `{{define "frame"}}<main>{{template "wrapper" .}}</main>{{end}}{{define "wrapper"}}<div>{{template "content" .}}</div>{{end}}`
	one := template.Must(template.New("one").Parse(wrapper + `{{define "content"}}first{{end}}`))
	two := template.Must(template.New("two").Parse(wrapper + `{{define "content"}}second{{end}}`))
	dot := reflect.TypeFor[*testDot]()
	src, err := Generate(Config{Package: "p", PkgPath: "example.com/p"}, []Entry{
		{Func: "renderOne", Set: one, Name: "frame", Dot: dot},
		{Func: "renderTwo", Set: two, Name: "frame", Dot: dot},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), `w.WriteString("<div>")`); n != 2 {
		t.Errorf("the wrapper was compiled %d times, want 2 (one per content):\n%s", n, src)
	}
	for _, want := range []string{`"first"`, `"second"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the generated code lacks %s", want)
		}
	}
}
