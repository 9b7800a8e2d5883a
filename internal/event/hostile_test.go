package event

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// The hostile corpus: inputs meant to exhaust memory, escape the events
// directory, or smuggle control characters into output, each with the exact
// problems the loader must report in testdata/hostile/<name>.golden
// (rewritten with -update). Inputs that fit in text are
// testdata/hostile/<name>.txtar, laid over the base dataset; large or
// special ones (fifos, links, odd file names) are made here, so that no
// megabyte files are committed.

// hostileCase is one generated input.
type hostileCase struct {
	name string
	// make writes the input into the events directory dir, a copy of
	// testdata/base.
	make func(t *testing.T, dir string)
	// maxAlloc bounds the bytes the load may allocate, when not zero.
	maxAlloc uint64
}

// eventYAML is a valid event for date 2022-06-06 whose body is body.
func eventYAML(body string) string {
	return "date: 2022-06-06\nkind: diplomacy\ntitle: Hostile\nsummary: Hostile input.\nsources:\n  - url: https://example.org/\n    publisher: Example\nbody: " + body
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skip("cannot make symbolic links here:", err)
	}
}

// ofSize returns data padded with lines of text up to exactly n bytes.
func ofSize(data string, line string, n int) []byte {
	b := []byte(data)
	for len(b)+len(line) <= n {
		b = append(b, line...)
	}
	for len(b) < n {
		b = append(b, ' ')
	}
	return b
}

const (
	// Bounds on what loading the base dataset and one hostile file may
	// allocate in all. A 1 MiB file is read once (1 MiB) and a valid one
	// parsed; before the bounds, the nesting case took 15 GB.
	smallAlloc = 4 << 20
	largeAlloc = 16 << 20
)

var hostileCases = []hostileCase{
	{name: "nesting-brackets", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-nest.yaml", []byte("zz: "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n"))
	}},
	{name: "nesting-mappings", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-nest.yaml", []byte("zz: "+strings.Repeat("{a: ", 100000)+strings.Repeat("}", 100000)+"\n"))
	}},
	{name: "nesting-dashes", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-nest.yaml", []byte("zz:\n"+strings.Repeat("- ", 100000)+"a\n"))
	}},
	{name: "nesting-unclosed", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-nest.yaml", []byte("date: 2022-06-06\nzz: "+strings.Repeat("[", 100000)+"\n"))
	}},
	{name: "list-30000", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-list.yaml", []byte("zz:\n"+strings.Repeat("  - a\n", 30000)))
	}},
	{name: "size-1mib-values", maxAlloc: largeAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-values.yaml", append(ofSize("zz: [a", ", a", MaxFileSize-2), "]\n"...))
	}},
	{name: "size-1mib-body", maxAlloc: largeAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-big.yaml", ofSize(eventYAML("|\n"), "  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", MaxFileSize))
	}},
	{name: "size-over-1mib", maxAlloc: smallAlloc, make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-big.yaml", ofSize(eventYAML("|\n"), "  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", 4*MaxFileSize))
	}},
	{name: "nul-byte", make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-nul.yaml", []byte(eventYAML("Hidden\x00byte.\n")))
	}},
	{name: "invalid-utf8", make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-latin1.yaml", []byte(eventYAML("Caf\xe9.\n")))
	}},
	{name: "fifo", make: func(t *testing.T, dir string) {
		// Reading a fifo would block for ever: it must be refused unread.
		if err := mkfifo(filepath.Join(dir, "2022", "2022-06-06-fifo.yaml")); err != nil {
			t.Skip("cannot make a fifo here:", err)
		}
	}},
	{name: "symlink-outside", make: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "outside.yaml", []byte(eventYAML("Outside.\n")))
		symlink(t, "../../outside.yaml", filepath.Join(dir, "2022", "2022-06-06-x.yaml"))
	}},
	{name: "symlink-chain", make: func(t *testing.T, dir string) {
		// The first link stays inside; the one it names leads out.
		writeFile(t, filepath.Dir(dir), "outside.yaml", []byte(eventYAML("Outside.\n")))
		os.MkdirAll(filepath.Join(dir, "2021"), 0o755)
		symlink(t, "../../outside.yaml", filepath.Join(dir, "2021", ".h"))
		symlink(t, "../2021/.h", filepath.Join(dir, "2022", "2022-06-06-x.yaml"))
	}},
	{name: "symlink-schema", make: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "secret.json", []byte("{}"))
		symlink(t, "../secret.json", filepath.Join(dir, SchemaFile))
	}},
	{name: "file-name-escape", make: func(t *testing.T, dir string) {
		writeFile(t, dir, "2022/2022-06-06-\x1b[31mred.yaml", []byte(eventYAML("Red.\n")))
		writeFile(t, dir, "2022/2022-06-06-\u202egnp.yaml", []byte(eventYAML("Flipped.\n")))
		writeFile(t, dir, "notes-\u200b.md", []byte("Zero width.\n"))
	}},
}

// TestHostile loads each case of the corpus and compares the problems with
// its golden file; for the size and nesting cases it also bounds the memory
// the load allocates.
func TestHostile(t *testing.T) {
	cases := append([]hostileCase(nil), hostileCases...)
	archives, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, file := range archives {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, hostileCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), make: func(t *testing.T, dir string) {
			for _, f := range a.Files {
				writeFile(t, dir, f.Name, f.Data)
			}
		}})
	}
	if len(archives) == 0 {
		t.Fatal("no archives in testdata/hostile")
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			dir := filepath.Join(work, "events")
			for name, f := range baseFS(t) {
				writeFile(t, dir, name, f.Data)
			}
			tc.make(t, dir)
			t.Chdir(work)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			res, err := LoadDir(ctx, "events")
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			if tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("loading allocated %d bytes, more than the bound of %d", alloc, tc.maxAlloc)
			}
			t.Logf("allocated %d bytes", alloc)

			got := []byte(formatProblems(res.Problems))
			golden := filepath.Join(testDir, "testdata", "hostile", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("problems differ\n--- got:\n%s--- want:\n%s", got, want)
			}
			if bytes.ContainsAny(got, "\x1b\u202e\u200b") {
				t.Errorf("raw control characters in the problems: %q", got)
			}
		})
	}
}

// testDir is the package directory, where the tests start (t.Chdir moves).
var testDir = func() string {
	d, _ := os.Getwd()
	return d
}()
