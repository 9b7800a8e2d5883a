package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// catalogueDir makes an events directory holding only the committed
// timeline.yaml, systems.yaml, sites.yaml and schema.
func catalogueDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "events")
	os.MkdirAll(dir, 0o755)
	for _, name := range []string{event.TimelineFile, event.SystemsFile, event.SitesFile, event.SchemaFile} {
		data, err := os.ReadFile(filepath.Join("../../events", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	return dir
}

const templateCSV = "../timelinejs/testdata/template.csv"

// TestImportTemplate imports the 30-row templateCSV sheet end to end: the
// files written validate, the rows that cannot be converted are listed by
// row number, a dry run writes nothing, and a second import replaces
// nothing.
func TestImportTemplate(t *testing.T) {
	dir := catalogueDir(t)
	args := []string{"import", "timelinejs", templateCSV, "--events", dir, "--group-kind", "Tests=engine-test", "--group-kind", "UN=sanctions"}

	before := treeHash(t, dir)
	code, stdout, stderr := run(t, append(args, "--dry-run")...)
	if code != ExitInvalid || strings.Count(stdout, "would write ") != 24 || treeHash(t, dir) != before {
		t.Fatalf("dry run: code %d, %d files listed, tree changed: %v\n%s", code, strings.Count(stdout, "would write "), treeHash(t, dir) != before, stderr)
	}

	code, stdout, stderr = run(t, args...)
	if code != ExitInvalid {
		t.Errorf("code %d, want %d (some rows are not convertible)", code, ExitInvalid)
	}
	if n := strings.Count(stdout, "wrote "); n != 24 {
		t.Errorf("wrote %d files, want 24:\n%s", n, stdout)
	}
	for _, want := range []string{
		"template.csv: row 29: not imported: no start date (Year is empty)",
		"template.csv: row 30: not imported: invalid date \"2023-02-29\": 2023-02 has 28 days",
		"template.csv: row 31: not imported: no Headline",
		"template.csv: row 32: not imported: no kind for group \"Weather\"",
		"template.csv: row 33: not imported: no source",
		"template.csv: row 34: not imported: ends (2020) before it starts (2021)",
		"wrote 24 event files, 7 rows not imported",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	res, err := event.LoadDir(context.Background(), dir)
	if err != nil || res.Dataset == nil || len(res.Dataset.Events) != 24 {
		t.Fatalf("imported record: %v\n%s", err, res.Problems)
	}
	if code, _, stderr := run(t, "validate", "--events", dir); code != ExitOK {
		t.Errorf("validate: %s", stderr)
	}
	if code, _, stderr := run(t, "build", "--events", dir, "--out", filepath.Join(t.TempDir(), "out")); code != ExitOK {
		t.Errorf("build: %s", stderr)
	}

	written := treeHash(t, dir)
	code, stdout, stderr = run(t, args...)
	if code != ExitInvalid || stdout != "" || strings.Count(stderr, "is never replaced") != 24 || treeHash(t, dir) != written {
		t.Errorf("second import: code %d, stdout %q, tree changed %v\n%s", code, stdout, treeHash(t, dir) != written, stderr)
	}
}

func TestImportMovesAsOf(t *testing.T) {
	dir := catalogueDir(t)
	tl := filepath.Join(dir, event.TimelineFile)
	before, _ := os.ReadFile(tl)
	src := filepath.Join(t.TempDir(), "tl.json")
	os.WriteFile(src, []byte(`{"events": [{"start_date": {"year": 2099, "month": 3}, "text": {"headline": "Far ahead", "text": "<p>Later.</p>"}, "media": {"url": "https://example.org/later"}, "group": "Diplomacy"}]}`), 0o644)
	code, stdout, stderr := run(t, "import", "timelinejs", src, "--events", dir)
	if code != ExitOK || !strings.Contains(stdout, "wrote "+filepath.Join(dir, "2099", "2099-03-far-ahead.yaml")+" (event 1)") {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
	after, _ := os.ReadFile(tl)
	if !strings.Contains(stderr, "moved as_of in "+tl) || !bytes.Contains(after, []byte("as_of: 2099-03-01\n")) || len(after) != len(before) {
		t.Errorf("as_of not moved as wanted:\n%s\n%s", stderr, after)
	}
	if code, _, stderr := run(t, "validate", "--events", dir); code != ExitOK {
		t.Errorf("validate: %s", stderr)
	}
}

func TestImportUsage(t *testing.T) {
	dir := catalogueDir(t)
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"import"}, ExitUsage, "want the format and a file"},
		{[]string{"import", "csv", templateCSV}, ExitUsage, "want the format and a file"},
		{[]string{"import", "timelinejs", templateCSV, "--kind", "missile"}, ExitUsage, `unknown kind "missile"`},
		{[]string{"import", "timelinejs", templateCSV, "--group-kind", "Tests"}, ExitUsage, "want GROUP=KIND"},
		{[]string{"import", "timelinejs", "nonexistent.csv"}, ExitInvalid, "no such file"},
		{[]string{"import", "timelinejs", "../../go.mod"}, ExitInvalid, "not a TimelineJS sheet"},
	} {
		code, _, stderr := run(t, append(tc.args, "--events", dir)...)
		if code != tc.code || !strings.Contains(stderr, tc.err) {
			t.Errorf("%q: code %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.err)
		}
	}
}

// TestImportRefusesBrokenRecord: with errors elsewhere in the events
// directory, import writes nothing.
func TestImportRefusesBrokenRecord(t *testing.T) {
	dir := catalogueDir(t)
	f, _ := os.OpenFile(filepath.Join(dir, event.SitesFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("- id: broken\n  name: Broken\n  lat: 95\n  lon: 0\n  province: Nowhere\n")
	f.Close()
	before := treeHash(t, dir)
	code, stdout, stderr := run(t, "import", "timelinejs", templateCSV, "--events", dir, "--kind", "diplomacy")
	if code != ExitInvalid || stdout != "" || !strings.Contains(stderr, "sites.yaml has errors") || treeHash(t, dir) != before {
		t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
