package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// readTree reads every file under dir into a map keyed by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			t.Errorf("%s is only in the first tree", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs between the trees", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is only in the second tree", name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	datasets := map[string]func(t *testing.T) ([]byte, func() error){}
	_ = datasets
	for _, tc := range []struct {
		name string
		real bool
	}{{"small", false}, {"real", true}} {
		t.Run(tc.name, func(t *testing.T) {
			ds, schema := smallDataset(t), testSchema
			if tc.real {
				ds, schema = realDataset(t)
			}
			var trees [2]map[string][]byte
			for i := range trees {
				out := filepath.Join(t.TempDir(), "out")
				if err := Build(context.Background(), ds, Options{Out: out, BaseURL: "https://nk.example/", Schema: schema}); err != nil {
					t.Fatal(err)
				}
				trees[i] = readTree(t, out)
			}
			if len(trees[0]) < 10 {
				t.Fatalf("only %d files built", len(trees[0]))
			}
			sameTree(t, trees[0], trees[1])
		})
	}
}

func TestAtomicOutput(t *testing.T) {
	ctx := context.Background()
	ds := smallDataset(t)
	opts := func(out string, force bool) Options {
		return Options{Out: out, BaseURL: "https://nk.example/", Schema: testSchema, Force: force}
	}
	siblings := func(t *testing.T, parent string) []string {
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			// The lock file stays beside the output; replaced sites stay
			// until the next build removes them.
			if n := e.Name(); !strings.HasSuffix(n, ".lock") && !strings.Contains(n, ".old-") {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		return names
	}
	writeFiles := func(t *testing.T, dir string, files map[string]string) {
		for name, data := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("new directory", func(t *testing.T) {
		parent := t.TempDir()
		writeFiles(t, parent, map[string]string{"keep.txt": "neighbour"})
		out := filepath.Join(parent, "site")
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, markerName)); err != nil {
			t.Errorf("no marker: %v", err)
		}
		if got := siblings(t, parent); strings.Join(got, " ") != "keep.txt site" {
			t.Errorf("parent holds %v, want only keep.txt and site", got)
		}
		if d, _ := os.ReadFile(filepath.Join(parent, "keep.txt")); string(d) != "neighbour" {
			t.Errorf("a file beside the output changed")
		}
	})

	t.Run("empty directory", func(t *testing.T) {
		out := t.TempDir()
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("rebuild replaces stale files", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, out, map[string]string{"stale.html": "old"})
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "stale.html")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a file of the previous build survived: %v", err)
		}
	})

	t.Run("foreign directory refused", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "docs")
		foreign := map[string]string{"notes.md": "mine", "sub/data.txt": "also mine"}
		writeFiles(t, out, foreign)
		before := readTree(t, parent)
		err := Build(ctx, ds, opts(out, false))
		if err == nil || !strings.Contains(err.Error(), "not made by timeline") {
			t.Fatalf("Build = %v, want a refusal", err)
		}
		sameTree(t, before, readTree(t, parent))
		if got := siblings(t, parent); strings.Join(got, " ") != "docs" {
			t.Errorf("parent holds %v after a refused build", got)
		}
		// With Force the directory is replaced.
		if err := Build(ctx, ds, opts(out, true)); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "notes.md")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("forced build kept the foreign file: %v", err)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			t.Errorf("forced build wrote no index: %v", err)
		}
	})

	t.Run("not a directory", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "file")
		writeFiles(t, parent, map[string]string{"file": "x"})
		if err := Build(ctx, ds, opts(out, true)); err == nil {
			t.Fatal("Build over a regular file succeeded")
		}
		if d, _ := os.ReadFile(out); string(d) != "x" {
			t.Error("the file changed")
		}
	})

	t.Run("stale siblings removed", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		// What killed builds leave: a half-written site and a replaced one.
		writeFiles(t, parent, map[string]string{
			".out.new-dead/index.html":    "half",
			".out.old-dead/a/b/c.html":    "old",
			".outer.new-other/keep.html":  "another output's",
			"unrelated/.out.new-x/k.html": "not beside out",
		})
		for i := 0; i < 2; i++ {
			if err := Build(ctx, ds, opts(out, false)); err != nil {
				t.Fatal(err)
			}
		}
		var olds []string
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			switch n := e.Name(); {
			case n == ".out.new-dead" || n == ".out.old-dead":
				t.Errorf("%s survived a build", n)
			case strings.HasPrefix(n, ".out.old-"):
				olds = append(olds, n)
			case strings.HasPrefix(n, ".out.new-"):
				t.Errorf("the build left %s", n)
			}
		}
		if len(olds) != 1 {
			t.Errorf("beside the output: %v, want the one site the last build replaced", olds)
		}
		for _, keep := range []string{".outer.new-other/keep.html", "unrelated/.out.new-x/k.html"} {
			if _, err := os.Stat(filepath.Join(parent, keep)); err != nil {
				t.Errorf("%s was removed: %v", keep, err)
			}
		}
	})

	t.Run("replaced site kept for the next build", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		olds := func() []string {
			m, _ := filepath.Glob(filepath.Join(parent, ".out.old-*"))
			return m
		}
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		first := olds()
		if len(first) != 1 {
			t.Fatalf("after replacing a site: %v, want the replaced site beside the output", first)
		}
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		if second := olds(); len(second) != 1 || second[0] == first[0] {
			t.Errorf("the next build left %v; want only the site it replaced, not %s", second, first[0])
		}
	})

	t.Run("rebuild over a spoiled replaced site", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		// The site the next build starts from is of another dataset and
		// another address, so that nearly every file differs.
		real, realSchema := realDataset(t)
		for range 2 {
			if err := Build(ctx, real, Options{Out: out, BaseURL: "https://other.example/", Schema: realSchema}); err != nil {
				t.Fatal(err)
			}
		}
		olds, _ := filepath.Glob(filepath.Join(parent, ".out.old-*"))
		if len(olds) != 1 {
			t.Fatalf("beside the output: %v", olds)
		}
		spare := olds[0]
		// Spoil it in every way a directory can be spoiled.
		index := filepath.Join(spare, "index.html")
		data, err := os.ReadFile(index)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)/2] ^= 1
		victim := filepath.Join(parent, "victim")
		writeFiles(t, parent, map[string]string{"victim/keep.txt": "not the site's"})
		outside := filepath.Join(parent, "outside.xml")
		for _, step := range []func() error{
			func() error { return os.WriteFile(index, data, 0o644) },
			func() error { return os.Remove(filepath.Join(spare, "sitemap.xml")) },
			func() error { return os.MkdirAll(filepath.Join(spare, "sitemap.xml", "inner"), 0o755) },
			func() error { return os.RemoveAll(filepath.Join(spare, "charts")) },
			func() error { return os.WriteFile(filepath.Join(spare, "charts"), []byte("a file"), 0o644) },
			func() error { return os.RemoveAll(filepath.Join(spare, "assets")) },
			func() error { return os.Symlink(victim, filepath.Join(spare, "assets")) },
			func() error { return os.Link(filepath.Join(spare, "feed.xml"), outside) },
			func() error { return os.WriteFile(filepath.Join(spare, "junk.html"), []byte("junk"), 0o644) },
			func() error { return os.MkdirAll(filepath.Join(spare, "events", "junk", "deeper"), 0o755) },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		feedBefore, _ := os.ReadFile(outside)
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if err := Build(ctx, ds, opts(fresh, false)); err != nil {
			t.Fatal(err)
		}
		sameTree(t, readTree(t, fresh), readTree(t, out))
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type()&fs.ModeSymlink != 0 {
				t.Errorf("%s is a link", p)
			}
			return err
		})
		if got := readTree(t, victim); len(got) != 1 || string(got["keep.txt"]) != "not the site's" {
			names := make([]string, 0, len(got))
			for n := range got {
				names = append(names, n)
			}
			t.Errorf("the build wrote through a link out of its directory: %v", names)
		}
		if after, _ := os.ReadFile(outside); !bytes.Equal(after, feedBefore) {
			t.Error("the build changed a file outside its directory through a hard link")
		}
	})

	t.Run("replaced site that cannot be written into", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		for range 2 {
			if err := Build(ctx, ds, opts(out, false)); err != nil {
				t.Fatal(err)
			}
		}
		defer func() { putFault = nil }()
		putFault = func(d *dirOutput, name string) error {
			if d.reuse && name == "index.html" {
				return fs.ErrPermission
			}
			return nil
		}
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatalf("Build = %v; want a build from an empty directory", err)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if err := Build(ctx, ds, opts(fresh, false)); err != nil {
			t.Fatal(err)
		}
		sameTree(t, readTree(t, fresh), readTree(t, out))
		if m, _ := filepath.Glob(filepath.Join(parent, ".out.new-*")); len(m) > 0 {
			t.Errorf("left %v", m)
		}
	})

	t.Run("second build refused while one runs", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		unlock, err := lockOutput(parent, "out")
		if err != nil {
			t.Fatal(err)
		}
		err = Build(ctx, ds, opts(out, false))
		unlock()
		if err == nil || !strings.Contains(err.Error(), "another build is writing") {
			t.Fatalf("Build = %v, want a refusal naming the other build", err)
		}
		if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the refused build wrote %s", out)
		}
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatalf("after the lock is released: %v", err)
		}
	})

	t.Run("output is a link to a directory", func(t *testing.T) {
		parent := t.TempDir()
		real := filepath.Join(parent, "real")
		link := filepath.Join(parent, "link")
		if err := Build(ctx, ds, opts(real, false)); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("real", link); err != nil {
			t.Fatal(err)
		}
		if err := Build(ctx, ds, opts(link, false)); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v", err)
		}
		if _, err := os.Stat(filepath.Join(link, "index.html")); err != nil {
			t.Errorf("no site through the link: %v", err)
		}
	})

	t.Run("read-only output is replaced", func(t *testing.T) {
		if os.Geteuid() == 0 {
			// root writes through permissions, so the case cannot arise.
			t.Log("running as root: permissions are not enforced")
		}
		out := filepath.Join(t.TempDir(), "out")
		if err := Build(ctx, ds, opts(out, false)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(out, 0o555); err != nil {
			t.Fatal(err)
		}
		var warnings []string
		o := opts(out, false)
		o.Warn = func(msg string) { warnings = append(warnings, msg) }
		if err := Build(ctx, ds, o); err != nil {
			t.Fatalf("Build into a read-only output = %v; the swap needs only its parent", err)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("the new site is not in place: %v %v", fi.Mode(), err)
		}
		t.Log(warnings)
	})

	t.Run("working directory refused", func(t *testing.T) {
		if err := Build(ctx, ds, opts(".", true)); err == nil {
			t.Fatal("Build into the working directory succeeded")
		}
		if err := Build(ctx, ds, opts("..", true)); err == nil {
			t.Fatal("Build into a parent of the working directory succeeded")
		}
	})

	// A build that fails, at any stage, leaves the previous site as it was.
	failures := []struct {
		name string
		run  func(out string) error
	}{
		{"no schema", func(out string) error {
			return Build(ctx, ds, Options{Out: out, BaseURL: "https://nk.example/"})
		}},
		{"bad base URL", func(out string) error {
			return Build(ctx, ds, Options{Out: out, BaseURL: "ftp://nk.example/", Schema: testSchema})
		}},
		{"cancelled", func(out string) error {
			c, cancel := context.WithCancel(ctx)
			cancel()
			return Build(c, ds, opts(out, false))
		}},
		{"write fails half-way", func(out string) error {
			// "a" as a file and as a directory: the second cannot be made.
			return writeSite(ctx, opts(out, false), func(o output) error {
				if err := o.Put("a", []byte("1")); err != nil {
					return err
				}
				return o.Put("a/b", []byte("2"))
			})
		}},
	}
	for _, tc := range failures {
		t.Run("failed build keeps site/"+tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			if err := Build(ctx, ds, opts(out, false)); err != nil {
				t.Fatal(err)
			}
			before := readTree(t, parent)
			if err := tc.run(out); err == nil {
				t.Fatal("the build did not fail")
			}
			sameTree(t, before, readTree(t, parent))
			if got := siblings(t, parent); strings.Join(got, " ") != "out" {
				t.Errorf("parent holds %v after a failed build", got)
			}
		})
	}
}

// TestLinksResolve walks a built site and checks that every internal link
// and asset reference in every page points at a file that exists, that
// fragments name an element of the target page, and that the sitemap,
// feed and robots.txt list only URLs that exist.
func TestLinksResolve(t *testing.T) {
	for _, tc := range []struct {
		name, base string
		real       bool
	}{
		{"small at root", "https://nk.example/", false},
		{"small under a path", "https://nk.example/sub/dir/", false},
		{"real", "https://nk.example/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, schema := smallDataset(t), testSchema
			if tc.real {
				ds, schema = realDataset(t)
			}
			files, _, err := render(context.Background(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: tc.base, Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			checkLinks(t, files, tc.base)
		})
	}
}

func checkLinks(t *testing.T, files map[string][]byte, base string) {
	t.Helper()
	baseURL, _ := url.Parse(base)
	ids := map[string]map[string]bool{} // page → ids
	pageIDs := func(name string) map[string]bool {
		if m, ok := ids[name]; ok {
			return m
		}
		m := map[string]bool{}
		for _, tg := range scanTags(string(files[name])) {
			if id, ok := tg.Attrs["id"]; ok {
				m[id] = true
			}
		}
		ids[name] = m
		return m
	}
	// resolve maps a URL path on the site to an output file name.
	resolve := func(p string) (string, bool) {
		if !strings.HasPrefix(p, baseURL.Path) {
			return "", false
		}
		name := strings.TrimPrefix(p, baseURL.Path)
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		_, ok := files[name]
		return name, ok
	}
	// Pages that only other pages link to must be there to be checked.
	for _, name := range []string{"index.html", "about/index.html", "charts/index.html"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s to check", name)
		}
	}
	checked := 0
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".html"):
			pageURL := baseURL.ResolveReference(&url.URL{Path: strings.TrimSuffix(name, "index.html")})
			for _, tg := range scanTags(string(data)) {
				for _, attr := range urlAttrs {
					v, ok := tg.Attrs[attr]
					if !ok || (tg.Name == "link" && tg.Attrs["rel"] == "canonical") {
						continue
					}
					u, err := url.Parse(v)
					if err != nil {
						t.Errorf("%s: <%s %s=%q>: %v", name, tg.Name, attr, v, err)
						continue
					}
					if u.Scheme == "data" || u.Scheme == "mailto" {
						continue
					}
					abs := pageURL.ResolveReference(u)
					if abs.Host != baseURL.Host || abs.Scheme != baseURL.Scheme {
						if tg.Name != "a" {
							t.Errorf("%s: <%s %s=%q> loads from another host", name, tg.Name, attr, v)
						}
						continue
					}
					checked++
					target, ok := resolve(abs.Path)
					if !ok {
						t.Errorf("%s: <%s %s=%q>: no file %s", name, tg.Name, attr, v, target)
						continue
					}
					if abs.Fragment != "" && strings.HasSuffix(target, ".html") && !pageIDs(target)[abs.Fragment] {
						t.Errorf("%s: <%s %s=%q>: no element with id %q in %s", name, tg.Name, attr, v, abs.Fragment, target)
					}
				}
			}
		case name == "sitemap.xml" || name == "feed.xml" || name == "robots.txt":
			for _, m := range absURLRE.FindAllString(string(data), -1) {
				u, err := url.Parse(m)
				if err != nil || u.Host != baseURL.Host || path.Ext(u.Path) == ".xsd" {
					continue
				}
				checked++
				if target, ok := resolve(u.Path); !ok {
					t.Errorf("%s: %s: no file %s", name, m, target)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d links", checked)
	}
}

var absURLRE = regexpMust(`https?://[^\s"<>]+`)
