package site

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/timelinejs"
)

// TestTimelineJSSummaries: the slides of data/timelinejs.json carry the
// summaries as the site's pages render them, not as goldmark's defaults
// would. Validation admits an image with an http(s) source; the slide,
// like the page, shows the image's alt text, so that an embed of the
// export loads nothing from another host. Validation refuses links whose
// reference definitions point elsewhere than at an absolute http(s) URL,
// but the renderer does not rely on it (the dataset here is not
// validated): the slide, like the page, shows such a link's text only.
func TestTimelineJSSummaries(t *testing.T) {
	ds := smallDataset(t)
	summaries := map[string]struct{ summary, want string }{
		"2017-11-29-hwasong-15": {
			"An image ![a chart](https://example.org/c.png) and a [kept link](https://example.org/a).",
			`<p>An image a chart and a <a href="https://example.org/a">kept link</a>.</p>` + "\n",
		},
		"2017-09-03-sixth-nuclear-test": {
			"A [relative][r], a [mail][m] and a [script][s] reference.\n\n[r]: /relative/page\n[m]: mailto:a@example.org\n[s]: javascript:alert(1)",
			"<p>A relative, a mail and a script reference.</p>\n",
		},
		"2022-03-mixed": {
			"[![img](https://a.example/i.png)](https://example.org/z) nested, and a [ref][].\n\n[ref]: https://example.org/y \"T\"",
			`<p><a href="https://example.org/z">img</a> nested, and a <a href="https://example.org/y" title="T">ref</a>.</p>` + "\n",
		},
	}
	for i := range ds.Events {
		if s, ok := summaries[ds.Events[i].ID]; ok {
			ds.Events[i].Summary = s.summary
		}
	}
	files, _, err := render(context.Background(), ds, Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	var tl timelinejs.Timeline
	if err := json.Unmarshal(files["data/timelinejs.json"], &tl); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, s := range tl.Events {
		want, ok := summaries[s.UniqueID]
		if !ok {
			continue
		}
		seen++
		if !strings.HasPrefix(s.Text.Text, want.want+"<p>Sources: ") {
			t.Errorf("%s: slide text %q, want it to begin with %q", s.UniqueID, s.Text.Text, want.want)
		}
		page := string(files["events/"+s.UniqueID+"/index.html"])
		if !strings.Contains(page, strings.TrimSuffix(want.want, "\n")) {
			t.Errorf("%s: the page does not show the summary as the slide does", s.UniqueID)
		}
	}
	if seen != len(summaries) {
		t.Errorf("%d slides checked, want %d", seen, len(summaries))
	}
}
