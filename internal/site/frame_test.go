package site

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFrameNav checks the header that the frame inserts, rendered once
// per section and mark: each page marks its section's link, "page" on the
// section's own page and "true" on the others; pages of no section and
// embeddable pages mark none (embeddable pages have no header).
func TestFrameNav(t *testing.T) {
	files, _, err := render(context.Background(), smallDataset(t), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	mark := regexp.MustCompile(`<li><a href="[^"]*" aria-current="(page|true)">([^<]*)</a></li>`)
	for _, tc := range []struct {
		file, link, current string // link "" for no mark
	}{
		{"index.html", "Timeline", "page"},
		{"events/2017-11-29-hwasong-15/index.html", "Timeline", "true"},
		{"years/2017/index.html", "Timeline", "true"},
		{"charts/index.html", "Charts", "page"},
		{"systems/index.html", "Systems", "page"},
		{"systems/hwasong-15/index.html", "Systems", "true"},
		{"sites/index.html", "Sites", "page"},
		{"sites/sunan/index.html", "Sites", "true"},
		{"records/index.html", "Records", "page"},
		{"about/index.html", "About the data", "page"},
		{"404.html", "", ""},
		{cardFile("2017-11-29-hwasong-15"), "", ""},
	} {
		page, ok := files[tc.file]
		if !ok {
			t.Errorf("no %s", tc.file)
			continue
		}
		marks := mark.FindAllStringSubmatch(string(page), -1)
		switch {
		case tc.link == "" && len(marks) > 0:
			t.Errorf("%s: marks %q, want none", tc.file, marks[0][2])
		case tc.link != "" && (len(marks) != 1 || marks[0][2] != tc.link || marks[0][1] != tc.current):
			t.Errorf("%s: marks %q, want %s marked %q", tc.file, marks, tc.link, tc.current)
		}
		embed := strings.Contains(tc.file, "/embed")
		if got := strings.Count(string(page), `<header class="site-head">`); got != map[bool]int{true: 0, false: 1}[embed] {
			t.Errorf("%s: %d site headers", tc.file, got)
		}
	}
}
