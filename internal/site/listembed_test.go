package site

import (
	"html"
	"strings"
	"testing"
)

func TestListSnippet(t *testing.T) {
	b, err := newBuilder(t.Context(), smallDataset(t), mustURL(t, "https://nk.example/sub/"), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"", `<iframe title="Events from Test timeline" src="https://nk.example/sub/embed/list/" style="display:block;width:100%;max-width:640px;height:480px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="https://nk.example/sub/assets/embed.js" async></script>`},
		{"kind=missile-launch&from=2022&theme=dark", `<iframe title="Events from Test timeline" src="https://nk.example/sub/embed/list/?kind=missile-launch&amp;from=2022&amp;theme=dark" style="display:block;width:100%;max-width:640px;height:480px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="https://nk.example/sub/assets/embed.js" async></script>`},
	} {
		if got := b.listSnippet(tc.q); got != tc.want {
			t.Errorf("listSnippet(%q)\n got %s\nwant %s", tc.q, got, tc.want)
		}
	}
}

// TestListPage checks the embeddable list's page: made for frames, kept
// out of search engines, loading the search index (never events.json)
// with the shared filter code, and linking to the timeline without
// JavaScript.
func TestListPage(t *testing.T) {
	files := renderSmall(t)
	page := squash(string(files["embed/list/index.html"]))
	if page == "" {
		t.Fatal("no embed/list/index.html")
	}
	for _, want := range []string{
		`<meta name="robots" content="noindex">`,
		`<body class="embed">`,
		`data-search="/data/search.json" data-timeline="https://nk.example/" data-limit="10"`,
		`<noscript><p class="list-noscript">This list is drawn by JavaScript, which is off. <a href="https://nk.example/" target="_blank" rel="noopener">Open the timeline of Test timeline</a>`,
		`<script src="/assets/filter.`,
		`<script src="/assets/list.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("embed/list/ lacks %s", want)
		}
	}
	if strings.Contains(page, "events.json") || strings.Contains(page, "site.css") {
		t.Error("the list page refers to events.json or the site's stylesheet")
	}
	// The gallery's builder starts from the code of the whole list, and
	// offers the timeline's filters.
	gallery := squash(string(files["charts/index.html"]))
	b, err := newBuilder(t.Context(), smallDataset(t), mustURL(t, "https://nk.example/"), templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	if want := `<textarea id="code-list" class="embed-code" rows="4" readonly spellcheck="false">` + html.EscapeString(b.listSnippet("")) + `</textarea>`; !strings.Contains(gallery, want) {
		t.Errorf("gallery lacks the list's default code %s", want)
	}
	for _, name := range []string{"q", "kind", "class", "system", "site", "outcome", "tag", "era", "from", "to"} {
		if !strings.Contains(gallery, `id="l-`+name+`"`) || !strings.Contains(gallery, `name="`+name+`"`) {
			t.Errorf("the list builder has no %s filter", name)
		}
	}
}
