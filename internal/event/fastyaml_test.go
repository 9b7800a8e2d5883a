package event

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// compareFast parses data with parseFast and, when it takes the file, with
// yaml.v3 and the converter, and returns whether parseFast took it and how
// the two trees differ ("" when they do not). A file that parseFast takes
// and that parseYAMLIn therefore keeps from scanShape must also be one
// that scanShape finds nothing wrong with.
func compareFast(data []byte) (taken bool, diff string) {
	fast, ok := parseFast(data, new(scratch))
	if !ok {
		return false, ""
	}
	if len(data) <= maxNodes {
		if line, col, msg := scanShape(data); msg != "" {
			return true, fmt.Sprintf("parseFast took a file scanShape refuses: %d:%d: %s", line, col, msg)
		}
	}
	slow, p := parseV3(data, "f.yaml")
	if p != nil {
		return true, fmt.Sprintf("parseFast took a file yaml.v3 refuses: %s", p)
	}
	return true, diffNodes("", fast, slow)
}

// diffNodes describes the first difference between trees a and b, the
// fast and the yaml.v3 one, or returns "".
func diffNodes(path string, a, b *node) string {
	if a == nil || b == nil {
		if a != b {
			return fmt.Sprintf("%s: fast %v, yaml.v3 %v", path, a, b)
		}
		return ""
	}
	if a.kind != b.kind || a.line != b.line || a.col != b.col || a.text != b.text || a.typ != b.typ ||
		len(a.entries) != len(b.entries) || len(a.items) != len(b.items) {
		return fmt.Sprintf("%s: fast {kind %d at %d:%d %q type %d, %d entries, %d items}, yaml.v3 {kind %d at %d:%d %q type %d, %d entries, %d items}",
			path, a.kind, a.line, a.col, a.text, a.typ, len(a.entries), len(a.items),
			b.kind, b.line, b.col, b.text, b.typ, len(b.entries), len(b.items))
	}
	for i := range a.entries {
		ea, eb := a.entries[i], b.entries[i]
		if ea.key != eb.key || ea.line != eb.line || ea.col != eb.col {
			return fmt.Sprintf("%s: key %d: fast %q at %d:%d, yaml.v3 %q at %d:%d", path, i, ea.key, ea.line, ea.col, eb.key, eb.line, eb.col)
		}
		if d := diffNodes(path+"."+ea.key, ea.val, eb.val); d != "" {
			return d
		}
	}
	for i := range a.items {
		if d := diffNodes(fmt.Sprintf("%s[%d]", path, i), a.items[i], b.items[i]); d != "" {
			return d
		}
	}
	return ""
}

// fastCases are inputs of every construct parseFast takes, and some it
// must decline; take says which.
var fastCases = []struct {
	name string
	in   string
	take bool
}{
	{"mapping", "a: 1\nb: two\n", true},
	{"no final line feed", "a: 1\nb: two", true},
	{"comments", "# head\na: 1 # one\n\n  # indented\nb: x#y # two\n", true},
	{"nested", "a:\n  b:\n    c: 1\n  d: [x, y]\ne: 2\n", true},
	{"sequence of mappings", "- id: a\n  n: 1\n-   id: b\n    n: 2\n", true},
	{"indentless sequence", "a:\n- x\n- y: 1\n  z: 2\nb: 3\n", true},
	{"indented sequence", "a:\n    - x\n    - 'y'\nb: 3\n", true},
	{"empty values", "a:\nb: ~\nc: null\nd:\n  - Null\n  - NULL\n  - ~\n", true},
	{"scalar types", "a: [1, -2, +3, 0x1F, 0o17, 0b101, -0b11, -0o7, 0777, 08, 1_000, 9223372036854775808, 18446744073709551616]\n" +
		"b: [1.5, .5, -.5, 1e3, 1.E-2, +.inf, -.Inf, .NaN, .nan., 1.2.3, 6.3e, 0x1p3]\n" +
		"c: [true, False, TRUE, yes, no, on, off, y, n, tRUE]\n" +
		"d: [2017-09-03, 2017-9-3, 1984-04, 1984, '2017']\ne: 2017-09-03T12:00:00Z\nf: 2001-12-14 21:59:43.10 -5\n", true},
	{"plain text", "t: Sixth nuclear test: at Punggye-ri\n", false},
	{"plain text with colons", "u: https://example.org/a:b?c=d#e\nv: a,b [c] {d}\nw: -x\nx: x # y\n", true},
	{"plain starting with dash", "a: -5\nb: -.5\nc: --x\n", true},
	{"double quoted", `a: "x \"y\" \\ \n \t \x41 \u00e9 \U0001F600 \0 \e \N \_ \L \P \/"` + "\n", false},
	{"double quoted escapes", `a: "x \"y\" \\ \n \t \x41 \u00e9 \U0001F600 \0 \e \N \_ \L \P \ \a \b \v \f \r \'"` + "\n", true},
	{"escape out of range", `a: "\U80000000"` + "\n", false},
	{"escape past Unicode", `a: "\U00110000"` + "\n", false},
	{"escape surrogate", `a: "\ud800"` + "\n", false},
	{"single quoted", "a: 'it''s # not a comment'\nb: ''\nc: \"\"\n", true},
	{"quoted key", "\"a\": 1\n", false},
	{"quoted multi-line", "a: \"one\n  two\"\n", false},
	{"literal", "a: |\n  one\n   two\n\n  three\nb: 1\n", true},
	{"literal keep", "a: |+\n  one\n\n\nb: 1\n", true},
	{"literal strip", "a: |-\n  one\n\n\nb: 1\n", true},
	{"literal at end", "a: |\n  one\n  two", true},
	{"literal keep at end", "a: |+\n  one\n\n", true},
	{"literal comment", "a: | # note\n  # not a comment\n  x\n", true},
	{"folded", "a: >\n  one\n  two\n\n  three\n\n\n  four\nb: >-\n  x\n  y\n", true},
	{"folded more indented", "a: >\n  one\n    two\n", false},
	{"literal in sequence", "a:\n  - |\n    x\n", false},
	{"block in nested mapping", "- body: |\n    one\n    two\n  n: 1\n", true},
	{"empty literal", "a: |\nb: 1\n", false},
	{"literal indentation indicator", "a: |2\n  x\n", false},
	{"blank line of spaces", "a: |\n  x\n  \n  y\n", false},
	{"flow", "a: []\nb: [ ]\nc: {}\nd: {min: 1, max: 2.5}\ne: [a b,  c , 'd, e', \"f\"]\n", true},
	{"flow nested", "a: [[1]]\n", false},
	{"flow trailing comma", "a: [1, 2,]\n", false},
	{"flow multi-line", "a: [1,\n  2]\n", false},
	{"flow pair", "a: [b: c]\n", false},
	{"non-ASCII columns", "t: Kim Jong Un’s “test”\nu: [é, ü, ñ]\nv: {é: 1}\n", false},
	{"non-ASCII values", "t: Kim Jong Un’s “test”\nu: [é, ü, ñ, x]\nw: 'ÿ'\n", true},
	{"anchor", "a: &x 1\nb: *x\n", false},
	{"tag", "a: !!str 1\n", false},
	{"merge", "a: {b: 1}\n<<: {c: 2}\n", false},
	{"merge value", "a: <<\n", false},
	{"duplicate key", "a: 1\na: 2\n", false},
	{"document marker", "---\na: 1\n", false},
	{"document end", "a: 1\n...\n", false},
	{"directive", "%YAML 1.2\n---\na: 1\n", false},
	{"tab", "a:\t1\n", false},
	{"carriage return", "a: 1\rb: 2\n", false},
	{"line separator", "a: x\u2028y\n", false},
	{"byte order mark", "a: \ufeffx\n", false},
	{"control", "a: \x01\n", false},
	{"empty", "", false},
	{"comment only", "# nothing\n", false},
	{"scalar document", "hello\n", false},
	{"indented root", "  a: 1\n", false},
	{"plain continued", "a: one\n  two\n", false},
	{"bad indentation", "a:\n  b: 1\n c: 2\n", false},
	{"empty entry", "a:\n  -\n  - x\n", false},
	{"nested entry", "- - x\n", false},
	{"explicit key", "? a\n: 1\n", false},
	{"entry after mapping", "a: 1\n- x\n", false},
	{"key without space", "a:1\n", false},
	{"deep", nestedMappings(maxDepth) + "\n", true},
	{"too deep", nestedMappings(maxDepth+1) + "\n", false},
	{"deep flow", strings.Replace(nestedMappings(maxDepth-1), "v: 1", "v: [1, {a: 2}]", 1) + "\n", false},
	{"deep flow sequence", strings.Replace(nestedMappings(maxDepth-1), "v: 1", "v: [1, 2]", 1) + "\n", true},
	{"too deep flow sequence", strings.Replace(nestedMappings(maxDepth), "v: 1", "v: [1, 2]", 1) + "\n", false},
	{"deep sequences", nestedEntries(maxDepth) + "\n", true},
	{"too deep sequences", nestedEntries(maxDepth+1) + "\n", false},
}

// nestedEntries returns n collections, alternately lists and mappings,
// each the value of the one before: "- k:" lines.
func nestedEntries(n int) string {
	var b strings.Builder
	for i := 0; i < n-1; i += 2 {
		b.WriteString(strings.Repeat("  ", i) + "- k:\n")
	}
	if n%2 == 1 {
		b.WriteString(strings.Repeat("  ", n-1) + "- v")
	} else {
		b.WriteString(strings.Repeat("  ", n-2) + "  v: 1")
	}
	return b.String()
}

// nestedMappings returns n mappings, each the value of the one before.
func nestedMappings(n int) string {
	var b strings.Builder
	for i := range n - 1 {
		b.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat("  ", n-1) + "v: 1")
	return b.String()
}

func TestParseFastCases(t *testing.T) {
	for _, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			taken, diff := compareFast([]byte(tc.in))
			if taken != tc.take {
				t.Errorf("parseFast took it: %v, want %v", taken, tc.take)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestParseFastValues checks values against what YAML says they are, not
// only against yaml.v3, on a few cases.
func TestParseFastValues(t *testing.T) {
	n, ok := parseFast([]byte("a: |\n  one\n   two\n\n  three\nb: >-\n  x\n  y\n\n  z\nc: \"\\u00e9\\t'\"\nd: 'it''s'\ne: [x , 'y']\n"), new(scratch))
	if !ok {
		t.Fatal("parseFast declined")
	}
	want := map[string]string{"a": "one\n two\n\nthree\n", "b": "x y\nz", "c": "é\t'", "d": "it's"}
	for _, e := range n.entries {
		if w, ok := want[e.key]; ok && e.val.text != w {
			t.Errorf("%s = %q, want %q", e.key, e.val.text, w)
		}
	}
	if e := n.entries[4].val; len(e.items) != 2 || e.items[0].text != "x" || e.items[1].text != "y" || e.items[1].col != 9 {
		t.Errorf("e = %+v", e)
	}
}

// TestParseFastScalarTypes compares the types of random scalars made of
// the characters of numbers with yaml.v3's.
func TestParseFastScalarTypes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const chars = "0123456789+-._eExXoObBaf:~nN"
	taken := 0
	for range 30000 {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		in := "a: " + string(b) + "\nb: [" + string(b) + "]\n"
		ok, diff := compareFast([]byte(in))
		if ok {
			taken++
		}
		if diff != "" {
			t.Fatalf("%q: %s", in, diff)
		}
	}
	if taken < 10000 {
		t.Errorf("parseFast took only %d of the scalars", taken)
	}
}

// yamlFloatRE is yaml.v3's float syntax, which yamlFloat implements.
var yamlFloatRE = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

func TestYAMLFloat(t *testing.T) {
	for _, s := range []string{"", "1", "-1", "+", ".", ".5", "5.", "5.5", "1e", "1e5", "1E+5", "1e-5", ".e5", "-.5e5", "1.5.5", "1x", "e5", "+-1", "0x10", "1_0"} {
		if got, want := yamlFloat(s), yamlFloatRE.MatchString(s); got != want {
			t.Errorf("yamlFloat(%q) = %v, want %v", s, got, want)
		}
	}
}

// eventFiles returns the data files under dir by path.
func eventFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestParseFastCommitted: parseFast takes every committed data file and
// reads it as yaml.v3 does.
func TestParseFastCommitted(t *testing.T) {
	files := eventFiles(t, "../../events")
	if len(files) < 100 {
		t.Fatalf("only %d files", len(files))
	}
	for p, data := range files {
		taken, diff := compareFast(data)
		if !taken {
			t.Errorf("%s: parseFast declined it", p)
		}
		if diff != "" {
			t.Errorf("%s: %s", p, diff)
		}
	}
}

// TestParseFastMutations changes the committed files in small ways that
// reach past the subset (an inserted quote, colon or space, a line removed
// or indented) and compares wherever parseFast still takes the result.
func TestParseFastMutations(t *testing.T) {
	files := eventFiles(t, "../../events")
	inserts := []string{" ", "  ", ":", ": ", "#", " #", "'", "\"", "-", "- ", "\n", "\n  ", "[", "]", "{", "}", ",", "|", ">", "&", "*", "!", "\\", "é", "0", ".", "~", "?"}
	taken, tried := 0, 0
	for p, data := range files {
		// A few positions of each file, spread by a cheap hash of its name.
		h := 0
		for _, c := range p {
			h = h*31 + int(c)
		}
		for k := range 3 {
			at := (h&0x7fffffff + k*7919) % (len(data) + 1)
			for _, ins := range inserts {
				m := append(append(append([]byte(nil), data[:at]...), ins...), data[at:]...)
				tried++
				ok, diff := compareFast(m)
				if ok {
					taken++
				}
				if diff != "" {
					t.Fatalf("%s with %q inserted at %d: %s\n%s", p, ins, at, diff, m)
				}
			}
			if at < len(data) {
				m := append(append([]byte(nil), data[:at]...), data[at+1:]...)
				if _, diff := compareFast(m); diff != "" {
					t.Fatalf("%s without byte %d: %s\n%s", p, at, diff, m)
				}
			}
		}
	}
	if taken == 0 || taken == tried {
		t.Errorf("parseFast took %d of %d changed files", taken, tried)
	}
	t.Logf("parseFast took %d of %d changed files", taken, tried)
}

// TestParseFastCorpus compares on every input of the rule fixtures, the
// hostile corpus and the loader's fuzz corpus.
func TestParseFastCorpus(t *testing.T) {
	var inputs [][]byte
	archives, _ := filepath.Glob("testdata/rules/*.txtar")
	hostile, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, file := range append(archives, hostile...) {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			inputs = append(inputs, f.Data)
		}
	}
	for _, tc := range hostileCases {
		if tc.name == "fifo" || strings.HasPrefix(tc.name, "symlink-") {
			continue
		}
		dir := t.TempDir()
		tc.make(t, dir)
		for _, data := range eventFiles(t, dir) {
			inputs = append(inputs, data)
		}
	}
	corpus, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, file := range corpus {
		for _, data := range fuzzCorpusBytes(t, file) {
			inputs = append(inputs, data)
		}
	}
	if len(inputs) < 50 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	for _, data := range inputs {
		if _, diff := compareFast(data); diff != "" {
			t.Errorf("%s\n%q", diff, data)
		}
	}
}

// fuzzCorpusBytes returns the []byte values of a file of the fuzzing
// corpus ("go test fuzz v1").
func fuzzCorpusBytes(t *testing.T, file string) [][]byte {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		line := sc.Text()
		if s, ok := strings.CutPrefix(line, "[]byte("); ok {
			v, err := strconv.Unquote(strings.TrimSuffix(s, ")"))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			out = append(out, []byte(v))
		}
	}
	return out
}

// FuzzParseFast compares parseFast with yaml.v3 on arbitrary input: it
// either declines or gives the same tree.
func FuzzParseFast(f *testing.F) {
	for _, tc := range fastCases {
		f.Add([]byte(tc.in))
	}
	for _, name := range []string{"2017/2017-09-03-sixth-nuclear-test.yaml", "systems.yaml", "timeline.yaml"} {
		if data, err := os.ReadFile(filepath.Join("../../events", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 || bytes.IndexByte(data, 0) >= 0 {
			return // the loader refuses NUL bytes before parsing
		}
		if _, diff := compareFast(data); diff != "" {
			t.Errorf("%s\n%q", diff, data)
		}
	})
}
