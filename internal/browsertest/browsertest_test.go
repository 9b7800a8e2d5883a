package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIsLocal(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8080/x", true},
		{"http://127.5.6.7/", true},
		{"http://localhost:3000/", true},
		{"http://[::1]:80/", true},
		{"data:image/png;base64,AAAA", true},
		{"blob:http://127.0.0.1/abc", true},
		{"about:blank", true},
		{"https://example.org/", false},
		{"http://10.0.0.1/", false},
		{"http://192.168.1.1/", false},
		{"https://cdn.jsdelivr.net/npm/echarts", false},
		{"http://127.0.0.1.example.com/", false},
		{"%zz", false},
	} {
		if got := IsLocal(tc.url); got != tc.want {
			t.Errorf("IsLocal(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

// TestHarnessCatchesProblems checks that a tab reports each kind of broken
// page, so that browser tests that see no problem mean something.
func TestHarnessCatchesProblems(t *testing.T) {
	b := New(t)
	dir := t.TempDir()
	pages := map[string]string{
		"ok.html":       `<!doctype html><title>ok</title><p id="x">fine</p>`,
		"console.html":  `<!doctype html><title>c</title><script>console.error("boom")</script>`,
		"throw.html":    `<!doctype html><title>t</title><script>throw new Error("kaput")</script>`,
		"missing.html":  `<!doctype html><title>m</title><img src="nope.png" alt="">`,
		"external.html": `<!doctype html><title>e</title><script src="https://cdn.example.com/lib.js"></script>`,
		"alert.html":    `<!doctype html><title>a</title><script>alert(1)</script>`,
	}
	for name, body := range pages {
		// No favicon request: only the problem under test.
		body = strings.Replace(body, "<title>", `<link rel="icon" href="data:,"><title>`, 1)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := Serve(t, dir)
	for _, tc := range []struct{ page, want string }{
		{"ok.html", ""},
		{"console.html", "boom"},
		{"throw.html", "kaput"},
		{"missing.html", "HTTP 404"},
		{"external.html", "not on this machine"},
		{"alert.html", "dialog"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			tab := b.NewTab(t)
			if err := tab.Navigate(base + tc.page); err != nil {
				t.Fatal(err)
			}
			if _, err := Eval[string](tab, `document.title`); err != nil {
				t.Fatal(err)
			}
			probs := strings.Join(tab.Problems(), "\n")
			if tc.want == "" && probs != "" {
				t.Errorf("problems on a good page: %s", probs)
			}
			if tc.want != "" && !strings.Contains(probs, tc.want) {
				t.Errorf("problems = %q, want one mentioning %q", probs, tc.want)
			}
			tab.ClearProblems()
		})
	}
}
