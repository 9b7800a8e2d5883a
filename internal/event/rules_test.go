package event

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of the rule fixtures in testdata/rules")

// baseFS returns the small valid dataset in testdata/base as a MapFS.
func baseFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir("testdata/base", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/base", p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fixtureFS overlays the files of a rule fixture on the base dataset.
func fixtureFS(t testing.TB, a *txtar.Archive) fstest.MapFS {
	m := baseFS(t)
	for _, f := range a.Files {
		if f.Name == "want" {
			continue
		}
		m[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return m
}

func formatProblems(ps Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestBase checks that the base dataset the fixtures build on is valid, so
// that every problem a fixture reports comes from the fixture.
func TestBase(t *testing.T) {
	res, err := Load(context.Background(), baseFS(t), "events")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 || res.Dataset == nil {
		t.Fatalf("base dataset has problems:\n%s", formatProblems(res.Problems))
	}
	if got := len(res.Dataset.Events); got != 3 {
		t.Errorf("base dataset has %d events, want 3", got)
	}
}

// TestRules loads each fixture in testdata/rules and compares the problems
// with its "want" section (rewritten with -update).
func TestRules(t *testing.T) {
	files, _ := filepath.Glob("testdata/rules/*.txtar")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fixtureFS(t, a)
			if name == "bom-crlf" {
				for p, f := range fsys {
					if strings.HasPrefix(p, "2022/2022-06-06-windows") {
						f.Data = append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(f.Data, []byte("\n"), []byte("\r\n"))...)
					}
				}
			}
			res, err := Load(context.Background(), fsys, "events")
			if err != nil {
				t.Fatal(err)
			}
			got := formatProblems(res.Problems)
			var want *txtar.File
			for i := range a.Files {
				if a.Files[i].Name == "want" {
					want = &a.Files[i]
				}
			}
			if want == nil {
				t.Fatal("fixture has no want section")
			}
			if *update {
				want.Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want.Data) {
				t.Errorf("problems differ\n--- got:\n%s--- want:\n%s", got, want.Data)
			}
			if (len(res.Problems.Errors()) == 0) != (res.Dataset != nil) {
				t.Errorf("Dataset is %v with %d errors", res.Dataset != nil, len(res.Problems.Errors()))
			}
		})
	}
}

// Checks that need bytes or files a text fixture cannot hold.
func TestFileChecks(t *testing.T) {
	valid, err := fs.ReadFile(baseFS(t), "2022/2022-06-05-eight-srbms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	big := append(bytes.Clone(valid), []byte("body: |\n")...)
	for len(big) <= MaxFileSize {
		big = append(big, "  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n"...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"invalid-utf8", []byte("date: 2022-06-05\ntitle: caf\xe9\n"), "events/2022/2022-06-05-eight-srbms.yaml:2:11: invalid UTF-8: save the file as UTF-8\n"},
		{"too-large", big, "events/2022/2022-06-05-eight-srbms.yaml:1:1: file is " + strconv.Itoa(len(big)) + " bytes; the limit is 1048576 (1 MiB)\n"},
		{"nul", []byte("date: 2022-06-05\x00\n"), "events/2022/2022-06-05-eight-srbms.yaml:1:1: file holds a NUL byte; is it text?\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := baseFS(t)
			m["2022/2022-06-05-eight-srbms.yaml"] = &fstest.MapFile{Data: tc.data}
			res, err := Load(context.Background(), m, "events")
			if err != nil {
				t.Fatal(err)
			}
			if got := formatProblems(res.Problems); got != tc.want {
				t.Errorf("got:\n%swant:\n%s", got, tc.want)
			}
		})
	}
}

// TestSymlinks uses a real directory: a link inside the events directory
// is followed, one leading outside is refused.
func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "events")
	for name, f := range baseFS(t) {
		p := filepath.Join(events, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(dir, "secret.yaml")
	os.WriteFile(secret, []byte("date: 2022-06-06\n"), 0o644)
	if err := os.Symlink(secret, filepath.Join(events, "2022", "2022-06-06-outside.yaml")); err != nil {
		t.Skip("cannot make symbolic links here:", err)
	}
	os.Symlink("../../secret.yaml", filepath.Join(events, "2022", "2022-06-07-relative.yaml"))
	os.Symlink("2022-06-05-eight-srbms.yaml", filepath.Join(events, "2022", "2022-06-05-link-inside.yaml"))
	// A chain of two links: the first leads inside, the second out.
	os.MkdirAll(filepath.Join(events, "2021"), 0o755)
	os.Symlink("../../secret.yaml", filepath.Join(events, "2021", ".h"))
	os.Symlink("../2021/.h", filepath.Join(events, "2022", "2022-06-08-chain.yaml"))
	res, err := LoadDir(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.ToSlash(events)
	got := formatProblems(res.Problems)
	for _, frag := range []string{
		root + "/2022/2022-06-06-outside.yaml:1:1: symbolic link to " + secret + " leads outside the events directory\n",
		root + "/2022/2022-06-07-relative.yaml:1:1: symbolic link to ../../secret.yaml leads outside the events directory\n",
		root + "/2022/2022-06-08-chain.yaml:1:1: symbolic link to ../2021/.h leads outside the events directory: " + root + "/2021/.h links to ../../secret.yaml\n",
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("missing %q in:\n%s", frag, got)
		}
	}
	// The link inside is followed and read as an event of its own; the
	// files outside are not read at all.
	if strings.Count(got, "\n") != 3 {
		t.Errorf("want exactly the three link problems, got:\n%s", got)
	}
	if strings.Contains(got, "2022-06-05-link-inside") {
		t.Errorf("the link inside the events directory was refused:\n%s", got)
	}
}
