package event

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestScanShape checks where the scan stops hostile shapes, and that it
// passes the shapes real files have.
func TestScanShape(t *testing.T) {
	deep := func(open, close string, n int) string {
		return "zz: " + strings.Repeat(open, n) + strings.Repeat(close, n) + "\n"
	}
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat(" ", i) + "a:\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, data string
		want       string // "line:col msg" or ""
	}{
		{"flow-20", deep("[", "]", 19), ""},
		{"flow-21", deep("[", "]", 20), "1:24 nested"},
		{"flow-100000", deep("[", "]", 100000), "1:24 nested"},
		{"flow-maps", deep("{a: ", "}", 100000), "1:81 nested"},
		{"unclosed", "zz: " + strings.Repeat("[", 100000), "1:24 nested"},
		{"dashes", "zz:\n" + strings.Repeat("- ", 100000) + "a\n", "2:39 nested"},
		{"carriage-returns", "zz:\r" + strings.Repeat("- ", 100000) + "a\r", "2:39 nested"},
		{"questions", strings.Repeat("? ", 100000) + "a\n", "1:41 nested"},
		{"indented-20", indented(20), ""},
		{"indented-21", indented(21), "21:21 nested"},
		{"flow-over-lines", "zz:\n" + strings.Repeat("  [\n", 30), "21:3 nested"},
		{"values", "zz:\n" + strings.Repeat("  - a\n", 30000), "20001:3 values"},
		{"flow-values", "zz: [" + strings.Repeat("a, ", 30000) + "a]\n", "1:60001 values"},
		// Text is not structure.
		{"quoted", "a: \"" + strings.Repeat("[", 100) + "\"\nb: '" + strings.Repeat("{", 100) + "'\n", ""},
		{"quoted-lines", "a: \"x\n  " + strings.Repeat("[", 100) + "\n  \"\n", ""},
		{"plain", "a: x " + strings.Repeat("[", 100) + "\n", ""},
		{"comment", "a: 1 # " + strings.Repeat("[", 100) + "\n" + "# " + strings.Repeat("- ", 100) + "\n", ""},
		{"block-scalar", "a: |\n  " + strings.Repeat("- ", 100) + "\n\n  " + strings.Repeat("[", 100) + "\nb: 1\n", ""},
		{"sequence-at-key-column", strings.Repeat("a:\n- x\nb: y\n", 100), ""},
		{"many-lists", strings.Repeat("- [a, [b]]\n", 1000), ""},
		// In flow collections, quotes start text only where a node starts.
		{"flow-quoted", "a: [\"" + strings.Repeat("[", 100) + "\", '" + strings.Repeat("{", 100) + "']\n", ""},
		{"flow-json-like", "a: {\"b\":\"" + strings.Repeat("[", 100) + "\"}\n", ""},
		{"flow-apostrophe", "a: [don't, " + strings.Repeat("[", 30) + strings.Repeat("]", 31) + "\n", "1:30 nested"},
		{"flow-quote-in-plain", "0: [0\"]\n1: 0\"" + strings.Repeat("{", 30) + "\n", ""},
		{"flow-plain-colon", "a: [b:\"c, " + strings.Repeat("[", 30) + strings.Repeat("]", 31) + "\n", "1:29 nested"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line, col, msg := scanShape([]byte(tc.data))
			got := ""
			if msg != "" {
				kind := "values"
				if strings.Contains(msg, "nested") {
					kind = "nested"
				}
				got = fmt.Sprintf("%d:%d %s", line, col, kind)
			}
			if got != tc.want {
				t.Errorf("got %q (%s), want %q", got, msg, tc.want)
			}
		})
	}
}

// TestScanShapeRealFiles runs the scan over every committed data file and
// every rule fixture: none may be refused for its shape.
func TestScanShapeRealFiles(t *testing.T) {
	check := func(name string, data []byte) {
		if line, col, msg := scanShape(data); msg != "" {
			t.Errorf("%s:%d:%d: %s", name, line, col, msg)
		}
	}
	n := 0
	err := filepath.WalkDir("../../events", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		n++
		check(p, data)
		if tree, prob := parseYAML(data, p); prob == nil && nodeDepth(tree) > maxDepth/2 {
			t.Errorf("%s nests %d deep, near the bound of %d", p, nodeDepth(tree), maxDepth)
		}
		return err
	})
	if err != nil || n < 100 {
		t.Fatalf("read %d files: %v", n, err)
	}
	files, _ := filepath.Glob("testdata/rules/*.txtar")
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tf := range a.Files {
			if tf.Name != "want" {
				check(f+":"+tf.Name, tf.Data)
			}
		}
	}
}

// nodeDepth is how deeply lists and mappings nest in n.
func nodeDepth(n *node) int {
	d := 0
	for _, e := range n.entries {
		d = max(d, nodeDepth(e.val))
	}
	for _, it := range n.items {
		d = max(d, nodeDepth(it))
	}
	if n.kind == mapNode || n.kind == seqNode {
		d++
	}
	return d
}
