package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(context.Background(), args, Env{Stdout: &o, Stderr: &e})
	return code, o.String(), e.String()
}

// copyEvents copies the committed events directory into a temporary one.
func copyEvents(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "events")
	err := filepath.WalkDir("../../events", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../../events", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// treeHash hashes every path, mode and content below dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v %d\n", p, info.Mode(), info.Size())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{[]string{"--help"}, ExitOK, "Usage:", ""},
		{[]string{"help"}, ExitOK, "timeline validate [flags]", ""},
		{[]string{"validate", "--help"}, ExitOK, "--strict", ""},
		{[]string{"build", "-h"}, ExitOK, "--base-url", ""},
		{[]string{"version"}, ExitOK, "timeline ", ""},
		{[]string{"frobnicate"}, ExitUsage, "", `unknown command "frobnicate"`},
		{[]string{"validate", "--bogus"}, ExitUsage, "", "unknown flag: --bogus"},
		{[]string{"validate", "--format", "xml"}, ExitUsage, "", "--format must be text, json or github"},
		{[]string{"validate", "extra"}, ExitUsage, "", `unexpected argument "extra"`},
		{[]string{"build", "--out"}, ExitUsage, "", "flag needs an argument"},
		{[]string{"validate", "--events", "/nonexistent/events"}, ExitInvalid, "", "no such file or directory"},
	} {
		code, stdout, stderr := run(t, tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("timeline %s: code %d, stdout %q, stderr %q; want code %d, stdout with %q, stderr with %q",
				strings.Join(tc.args, " "), code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}

func TestValidateCommitted(t *testing.T) {
	code, stdout, stderr := run(t, "validate", "--strict", "--events", "../../events")
	if code != ExitOK || stderr != "" {
		t.Fatalf("code %d, stderr:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^\d+ events, \d+ systems, \d+ sites: 0 errors, 0 warnings\n$`).MatchString(stdout) {
		t.Errorf("summary line: %q", stdout)
	}
}

// breakEvents plants one of each defect the foundation issue names into a
// copy of the real events and returns the positions validate must report.
func breakEvents(t *testing.T, dir string) []string {
	t.Helper()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("2023/2023-02-28-broken.yaml", `date: 2023-02-28
kind: missile-launch
title: A launch with every defect
tittle: typo
summary: Broken on purpose.
body: Details.
launches:
  - system: hwasong-41
    count: 0
    outcome: success
sources:
  - url: javascript:alert(1)
    publisher: Example
`)
	write("2023/2023-02-29-impossible.yaml", `date: 2023-02-29
kind: diplomacy
title: No such day
summary: February 2023 had 28 days.
body: Details.
sources:
  - url: https://example.org/
    publisher: Example
`)
	// The same id in two year folders.
	write("2022/2023-03-01-twice.yaml", "date: 2023-03-01\nkind: diplomacy\ntitle: Twice\nsummary: Twice.\nbody: Details.\nsources:\n  - url: https://example.org/\n    publisher: Example\n")
	write("2023/2023-03-01-twice.yaml", "date: 2023-03-01\nkind: diplomacy\ntitle: Twice\nsummary: Twice.\nbody: Details.\nsources:\n  - url: https://example.org/\n    publisher: Example\n")
	sites, err := os.ReadFile(filepath.Join(dir, "sites.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sites), "\n")
	latLine := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "  lat: ") {
			lines[i] = "  lat: 200"
			latLine = i + 1
			break
		}
	}
	os.WriteFile(filepath.Join(dir, "sites.yaml"), []byte(strings.Join(lines, "\n")), 0o644)
	return []string{
		"2023/2023-02-28-broken.yaml:4:1: unknown field `tittle` in event, did you mean `title`?",
		"2023/2023-02-28-broken.yaml:8:13: unknown system \"hwasong-41\" (not in systems.yaml), did you mean `hwasong-14`?",
		"2023/2023-02-28-broken.yaml:9:12: `count` must be 1 or more, found 0",
		"2023/2023-02-28-broken.yaml:12:10: source url \"javascript:alert(1)\" must use http or https, not \"javascript\"",
		"2023/2023-02-29-impossible.yaml:1:7: `date`: invalid date \"2023-02-29\": 2023-02 has 28 days",
		"2022/2023-03-01-twice.yaml:1:1: duplicate event id 2023-03-01-twice: also ",
		"2023/2023-03-01-twice.yaml:1:1: duplicate event id 2023-03-01-twice: also ",
		fmt.Sprintf("sites.yaml:%d:8: latitude 200 is out of range (-90 to 90)", latLine),
	}
}

// TestBadInput is the foundation issue's acceptance check: validate names
// every planted defect with file, line and column and exits 1; build exits
// 1 and leaves an existing output directory exactly as it was.
func TestBadInput(t *testing.T) {
	events := copyEvents(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "build", "--quiet", "--events", events, "--out", out); code != ExitOK {
		t.Fatalf("first build failed (%d):\n%s", code, stderr)
	}
	before := treeHash(t, out)
	want := breakEvents(t, events)

	code, stdout, stderr := run(t, "validate", "--events", events)
	if code != ExitInvalid {
		t.Errorf("validate exit code %d, want 1", code)
	}
	for _, w := range want {
		if !strings.Contains(stderr, events+"/"+w) {
			t.Errorf("validate did not report %q; stderr:\n%s", w, stderr)
		}
	}
	if !strings.Contains(stdout, "errors") {
		t.Errorf("no summary line on stdout: %q", stdout)
	}

	code, _, stderr = run(t, "build", "--events", events, "--out", out)
	if code != ExitInvalid || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("build on bad input: code %d, stderr:\n%s", code, stderr)
	}
	if after := treeHash(t, out); after != before {
		t.Error("build on bad input changed the output directory")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("build on bad input left files beside the output: %v", entries)
	}
}

// An incremental build of bad input writes nothing either: neither the
// output nor the state beside it changes.
func TestBadInputIncremental(t *testing.T) {
	events := copyEvents(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for range 2 {
		if code, _, stderr := run(t, "build", "--quiet", "--incremental", "--events", events, "--out", out); code != ExitOK {
			t.Fatalf("build failed (%d):\n%s", code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, ".out.incremental")); err != nil {
		t.Fatalf("no state beside the output: %v", err)
	}
	before := treeHash(t, parent)
	want := breakEvents(t, events)
	code, _, stderr := run(t, "build", "--incremental", "--events", events, "--out", out)
	if code != ExitInvalid || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("build on bad input: code %d, stderr:\n%s", code, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, events+"/"+w) {
			t.Errorf("build did not report %q; stderr:\n%s", w, stderr)
		}
	}
	if after := treeHash(t, parent); after != before {
		t.Error("build on bad input changed the output directory or the state beside it")
	}
}

func TestFormats(t *testing.T) {
	events := copyEvents(t)
	breakEvents(t, events)

	code, stdout, _ := run(t, "validate", "--format", "json", "--events", events)
	var res struct {
		OK       bool `json:"ok"`
		Errors   int  `json:"errors"`
		Problems []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
			Message string `json:"message"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("json output does not parse: %v\n%s", err, stdout)
	}
	if code != ExitInvalid || res.OK || res.Errors != len(res.Problems) || res.Errors < 8 {
		t.Errorf("json: code %d, ok %v, %d errors, %d problems", code, res.OK, res.Errors, len(res.Problems))
	}

	code, stdout, _ = run(t, "validate", "--format", "github", "--events", events)
	if code != ExitInvalid {
		t.Errorf("github: code %d", code)
	}
	line := fmt.Sprintf("::error file=%s/2023/2023-02-28-broken.yaml,line=9,col=12::`count` must be 1 or more, found 0\n", events)
	if !strings.Contains(stdout, line) {
		t.Errorf("github output lacks %q:\n%s", line, stdout)
	}
}

func TestStrictWarnings(t *testing.T) {
	events := copyEvents(t)
	os.WriteFile(filepath.Join(events, "2022", "2022-06-30-no-body.yaml"), []byte("date: 2022-06-30\nkind: diplomacy\ntitle: No body\nsummary: Short.\nsources:\n  - url: https://example.org/\n    publisher: Example\n"), 0o644)
	if code, _, stderr := run(t, "validate", "--events", events); code != ExitOK || !strings.Contains(stderr, "warning: event has no body") {
		t.Errorf("without --strict: code %d, stderr %q", code, stderr)
	}
	if code, stdout, _ := run(t, "validate", "--strict", "--events", events); code != ExitInvalid || !strings.Contains(stdout, "0 errors, 1 warning") {
		t.Errorf("with --strict: code %d, stdout %q", code, stdout)
	}
}

// TestOutOverlapsData: an output directory that is, contains or lies
// inside the events directory is refused, --force or not, however it is
// spelled, and the events are left as they were.
func TestOutOverlapsData(t *testing.T) {
	events := copyEvents(t)
	parent := filepath.Dir(events)
	link := filepath.Join(parent, "link-to-events")
	if err := os.Symlink(events, link); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, events)
	for _, tc := range []struct{ out, how string }{
		{events, "is the events directory"},
		{events + "/", "is the events directory"},
		{filepath.Join(events, "2022", "..", "..", "events"), "is the events directory"},
		{link, "is the events directory"},
		{parent, "contains the events directory"},
		{filepath.Dir(parent), "contains the events directory"},
		{filepath.Join(events, "2022"), "lies inside the events directory"},
		{filepath.Join(link, "new", "out"), "lies inside the events directory"},
	} {
		for _, force := range []bool{false, true} {
			args := []string{"build", "--quiet", "--events", events, "--out", tc.out}
			if force {
				args = append(args, "--force")
			}
			code, _, stderr := run(t, args...)
			if code != ExitUsage || !strings.Contains(stderr, tc.how) || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("--out %s (force %v): code %d, stderr %q; want %d and %q", tc.out, force, code, stderr, ExitUsage, tc.how)
			}
		}
	}
	if treeHash(t, events) != before {
		t.Fatal("the events directory changed")
	}
	// A sibling is fine.
	if code, _, stderr := run(t, "build", "--quiet", "--events", events, "--out", filepath.Join(parent, "out")); code != ExitOK {
		t.Errorf("build beside the events: code %d\n%s", code, stderr)
	}
}

// TestOutOverlapsTemplates: the templates directory of the source tree is
// protected the same way while it is on disk.
func TestOutOverlapsTemplates(t *testing.T) {
	dir := templatesDir()
	if dir == "" {
		t.Fatal("templatesDir found no templates directory in the source tree")
	}
	for _, tc := range []struct{ out, how string }{
		{dir, "is the templates directory"},
		{filepath.Join(dir, "assets"), "lies inside the templates directory"},
		{filepath.Dir(dir), "contains the templates directory"},
	} {
		err := checkOutPlace(tc.out, t.TempDir(), dir)
		if err == nil || !strings.Contains(err.Error(), tc.how) {
			t.Errorf("--out %s: %v; want %q", tc.out, err, tc.how)
		}
	}
}

// TestUnprintableNames: a file name or a value holding terminal escapes or
// bidirectional controls is reported, and shown escaped, in every format.
func TestUnprintableNames(t *testing.T) {
	events := copyEvents(t)
	event := "date: 2022-06-06\nkind: diplomacy\ntitle: \"Red \\e[31m title\"\nsummary: \"Flip \\u202E here.\"\nbody: Details.\nsources:\n  - url: https://example.org/\n    publisher: Example\n"
	if err := os.WriteFile(filepath.Join(events, "2022", "2022-06-06-\x1b[31mred.yaml"), []byte(event), 0o644); err != nil {
		t.Skip("cannot make such a file name here:", err)
	}
	if err := os.WriteFile(filepath.Join(events, "2022", "2022-06-06-chars.yaml"), []byte(event), 0o644); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("%q", events+"/2022/2022-06-06-\x1b[31mred.yaml")
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"text", []string{
			name + ":1:1: file name holds a control character (U+001B) at character 12: rename it",
			events + "/2022/2022-06-06-chars.yaml:3:8: `title` holds a control character (U+001B) at character 5: remove it",
			events + "/2022/2022-06-06-chars.yaml:4:10: `summary` holds a bidirectional control character (U+202E) at character 6: remove it",
		}},
		{"json", []string{
			`"file": ` + jsonString(t, name) + ",",
		}},
		{"github", []string{
			"::error file=" + ghProperty(name) + ",line=1,col=1::file name holds a control character",
			"::error file=" + ghProperty(events+"/2022/2022-06-06-chars.yaml") + ",line=3,col=8::`title` holds a control character (U+001B)",
		}},
	} {
		code, stdout, stderr := run(t, "validate", "--format", tc.format, "--events", events)
		out := stdout + stderr
		if code != ExitInvalid {
			t.Errorf("%s: code %d", tc.format, code)
		}
		if strings.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("%s: raw control characters in the output:\n%q", tc.format, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tc.format, w, out)
			}
		}
	}
}

func jsonString(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
