package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRemoveTree checks that a replaced site goes completely, whether its
// marker lists its files or not, and whatever was added to it by hand.
func TestRemoveTree(t *testing.T) {
	names := []string{"index.html", "events/a/index.html", "events/a/embed/index.html", "events/b/index.html", "data/events.json"}
	for _, tc := range []struct {
		name   string
		marker string
		extra  []string // files added after the build
	}{
		{"listed", markerText + markerFiles + strings.Join(names, "\n") + "\n", nil},
		{"listed-with-extra-files", markerText + markerFiles + strings.Join(names, "\n") + "\n", []string{"events/a/notes.txt", "new/dir/file"}},
		{"old-marker-without-list", markerText, []string{"events/b/extra.txt"}},
		{"list-naming-missing-and-bad-paths", markerText + markerFiles + "index.html\n../outside\n/abs\nnot/there.html\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			outside := filepath.Join(parent, "outside")
			os.WriteFile(outside, []byte("keep"), 0o644)
			dir := filepath.Join(parent, "site")
			for _, n := range append(append([]string{}, names...), tc.extra...) {
				p := filepath.Join(dir, filepath.FromSlash(n))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(n), 0o644)
			}
			os.WriteFile(filepath.Join(dir, markerName), []byte(tc.marker), 0o644)
			if err := removeTree(dir); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Lstat(dir); !os.IsNotExist(err) {
				t.Errorf("%s still exists (%v)", dir, err)
			}
			if data, err := os.ReadFile(outside); err != nil || string(data) != "keep" {
				t.Errorf("a file outside the site was touched: %q, %v", data, err)
			}
		})
	}
}
