package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	goccy "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	yaml "go.yaml.in/yaml/v3"
)

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses one YAML document into a node tree, resolving aliases
// within a bound. A syntax error comes back as a positioned problem.
//
// A file written in the part of YAML that the data files use (all of
// them) is read by parseFast, which gives the tree yaml.v3 would; any
// other, and so every broken one, by go.yaml.in/yaml/v3 (parseV3), the
// YAML organisation's maintained libyaml port: it gives every node its
// line and column and, measured with BenchmarkValidate10k on the
// project's 2-core machine, validates 1.6 times as many events a second as
// github.com/goccy/go-yaml. scanShape refuses hostile shapes before
// yaml.v3 sees them.
func parseYAML(data []byte, file string) (*node, *Problem) {
	return parseYAMLIn(data, file, nil)
}

// parseYAMLIn is parseYAML in the memory sc, when not nil (see scratch).
func parseYAMLIn(data []byte, file string, sc *scratch) (*node, *Problem) {
	if sc == nil {
		sc = new(scratch)
	}
	// scanShape need not see a file that parseFast takes, if the file is
	// short enough: scanShape counts a value at most per byte, and in the
	// subset parseFast takes it nests as deep as parseFast finds, which
	// is within the bound. (The differential tests check that it finds
	// nothing wrong with such a file.)
	if len(data) <= maxNodes {
		if n, ok := parseFast(data, sc); ok {
			return n, nil
		}
	}
	if line, col, msg := scanShape(data); msg != "" {
		return nil, &Problem{Pos: Position{File: file, Line: line, Column: col}, Msg: msg}
	}
	if len(data) > maxNodes {
		if n, ok := parseFast(data, sc); ok {
			return n, nil
		}
	}
	return parseV3(data, file)
}

// parseV3 parses data with yaml.v3 and converts its tree; it reports every
// syntax error.
func parseV3(data []byte, file string) (*node, *Problem) {
	var doc yaml.Node
	if !bytes.Contains(data, []byte("\n---")) && !bytes.Contains(data, []byte("\n...")) {
		// One document for certain: the plain parser, which skips the
		// decoder's reader and buffers.
		if err := yaml.Unmarshal(data, &doc); err != nil {
			p := syntaxProblem(data, file, err)
			return nil, &p
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return &node{kind: nullNode, line: 1, col: 1}, nil
			}
			p := syntaxProblem(data, file, err)
			return nil, &p
		}
		var second yaml.Node
		switch err := dec.Decode(&second); {
		case err == nil:
			return nil, &Problem{Pos: Position{File: file, Line: second.Line, Column: second.Column},
				Msg: "a file holds one YAML document; found a second one"}
		case !errors.Is(err, io.EOF):
			p := syntaxProblem(data, file, err)
			return nil, &p
		}
	}
	if doc.Kind == 0 {
		return &node{kind: nullNode, line: 1, col: 1}, nil
	}
	c := converter{}
	body := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return &node{kind: nullNode, line: 1, col: 1}, nil
		}
		body = doc.Content[0]
	}
	n, err := c.convert(body)
	if err != nil {
		return nil, &Problem{Pos: Position{File: file, Line: c.errLine, Column: c.errCol}, Msg: err.Error()}
	}
	return n, nil
}

type converter struct {
	count           int
	depth           int // lists and mappings around the node being converted
	aliases         int // aliases being expanded around it
	errLine, errCol int
	slab            []node // nodes are carved from here: one allocation for many
}

// newNode returns a zeroed node from the converter's slab.
func (c *converter) newNode() *node {
	if len(c.slab) == 0 {
		c.slab = make([]node, 32)
	}
	n := &c.slab[0]
	c.slab = c.slab[1:]
	return n
}

func (c *converter) fail(n *yaml.Node, err error) error {
	c.errLine, c.errCol = n.Line, n.Column
	return err
}

func (c *converter) convert(n *yaml.Node) (*node, error) {
	c.count++
	if c.count > maxNodes {
		if c.aliases > 0 {
			return nil, c.fail(n, fmt.Errorf("aliases expand the file to more than %d values; the data files need far fewer", maxNodes))
		}
		return nil, c.fail(n, errors.New(nodesMessage()))
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		c.depth++
		defer func() { c.depth-- }()
		if c.depth > maxDepth {
			return nil, c.fail(n, errors.New(depthMessage()))
		}
	}
	out := c.newNode()
	out.line, out.col = n.Line, n.Column
	switch n.Kind {
	case yaml.ScalarNode:
		out.kind, out.text = scalarNode, n.Value
		switch n.ShortTag() {
		case "!!null":
			out.kind = nullNode
		case "!!int":
			out.typ = intScalar
		case "!!float":
			out.typ = floatScalar
		case "!!bool":
			out.typ = boolScalar
		}
	case yaml.MappingNode:
		out.kind = mapNode
		if len(n.Content) > 0 {
			out.line, out.col = n.Content[0].Line, n.Content[0].Column
		}
		out.entries = make([]entry, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, c.fail(k, errors.New("a mapping key must be a plain name"))
			}
			if k.Value == "<<" && k.ShortTag() == "!!merge" {
				return nil, c.fail(k, errors.New("merge keys (<<) are not supported: write the fields out"))
			}
			for _, e := range out.entries {
				if e.key == k.Value {
					return nil, c.fail(k, fmt.Errorf("key %q appears twice in this mapping", k.Value))
				}
			}
			vn, err := c.convert(v)
			if err != nil {
				return nil, err
			}
			if vn.kind == nullNode {
				vn.line, vn.col = k.Line, k.Column
			}
			out.entries = append(out.entries, entry{key: k.Value, line: k.Line, col: k.Column, val: vn})
		}
	case yaml.SequenceNode:
		out.kind = seqNode
		out.items = make([]*node, 0, len(n.Content))
		for _, it := range n.Content {
			in, err := c.convert(it)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, in)
		}
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, c.fail(n, fmt.Errorf("alias *%s names no anchor", n.Value))
		}
		c.aliases++
		r, err := c.convert(n.Alias)
		c.aliases--
		if err != nil {
			return nil, err
		}
		r.line, r.col = n.Line, n.Column
		return r, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			out.kind = nullNode
			return out, nil
		}
		return c.convert(n.Content[0])
	default:
		return nil, c.fail(n, fmt.Errorf("unsupported YAML construct"))
	}
	return out, nil
}

// syntaxProblem turns a parse error into a positioned problem. yaml.v3
// gives only a line, sometimes the line where the broken construct
// began; github.com/goccy/go-yaml points at the offending token with a
// clearer message, so a failed file is parsed again with it to report the
// error. Its word is taken only when it too finds the file broken.
//
// scanShape has already refused deep nesting, but goccy's cost grows with
// the square of the depth, so it is spared any file that could still nest
// deeply by a reckoning the scan cannot get wrong: one with many bracket
// or entry characters, or a large one. Such files get yaml.v3's message.
func syntaxProblem(data []byte, file string, err error) Problem {
	if m := unknownAnchorRE.FindStringSubmatch(err.Error()); m != nil {
		line, col := aliasPosition(data, m[1])
		return Problem{Pos: Position{File: file, Line: line, Column: col}, Msg: fmt.Sprintf("alias *%s names no anchor: define &%s before it", m[1], m[1])}
	}
	if goccySafe(data) {
		if _, gerr := goccy.ParseBytes(data, 0); gerr != nil {
			var te interface {
				GetMessage() string
				GetToken() *token.Token
			}
			if errors.As(gerr, &te) && te.GetToken() != nil {
				pos := te.GetToken().Position
				return Problem{Pos: Position{File: file, Line: pos.Line, Column: pos.Column}, Msg: "YAML syntax: " + te.GetMessage()}
			}
		}
	}
	p := Problem{Pos: Position{File: file, Line: 1, Column: 1}, Msg: "YAML syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		p.Pos.Line, _ = strconv.Atoi(m[1])
		p.Pos.Column = firstColumn(data, p.Pos.Line)
		p.Msg = "YAML syntax: " + m[2]
	}
	return p
}

var unknownAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// goccySafe reports whether the file is small enough, and has few enough
// characters that can open a list or mapping, for goccy to parse it
// cheaply whatever its shape: at most 64 KiB (event files are a few) and
// 1,000 of "[{-?:" (a depth of 1,000 costs goccy about 2 MB).
func goccySafe(data []byte) bool {
	if len(data) > 64<<10 {
		return false
	}
	n := 0
	for _, c := range data {
		switch c {
		case '[', '{', '-', '?', ':':
			n++
		}
	}
	return n <= 1000
}

// aliasPosition returns the line and column of the first use of alias
// *name, or 1:1.
func aliasPosition(data []byte, name string) (int, int) {
	ref := "*" + name
	line, start := 1, 0
	for i := 0; i+len(ref) <= len(data); i++ {
		if data[i] == '\n' {
			line, start = line+1, i+1
			continue
		}
		if string(data[i:i+len(ref)]) != ref {
			continue
		}
		before := i == 0 || strings.IndexByte(" \t\n[{,", data[i-1]) >= 0
		end := i + len(ref)
		after := end == len(data) || strings.IndexByte(" \t\n]},", data[end]) >= 0
		if before && after {
			return line, utf8.RuneCount(data[start:i]) + 1
		}
	}
	return 1, 1
}

// firstColumn returns the column of the first non-blank character of the
// line (counting from 1), or 1.
func firstColumn(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

// nodeKind is the shape of a YAML value.
type nodeKind int

const (
	nullNode nodeKind = iota
	scalarNode
	mapNode
	seqNode
)

// scalarType is what a plain YAML scalar resolves to.
type scalarType int

const (
	strScalar scalarType = iota
	intScalar
	floatScalar
	boolScalar
)

// node is a YAML value with its position, simplified from the parser's
// tree so that the decoders see one small tree with aliases resolved.
type node struct {
	kind    nodeKind
	line    int
	col     int
	text    string     // scalars: the value as written, unquoted
	typ     scalarType // scalars: what the plain value resolves to
	entries []entry    // mappings, in file order
	items   []*node    // sequences
}

// entry is one key of a mapping.
type entry struct {
	key       string
	line, col int
	val       *node
}
