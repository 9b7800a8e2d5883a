package event

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

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

// node is a YAML value with its position, simplified from the parser's AST
// so that the decoders below see one small tree with aliases resolved.
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

// maxNodes bounds the nodes one file may expand to, aliases included, so
// that a "billion laughs" file fails instead of eating memory.
const maxNodes = 20000

var errTooManyNodes = errors.New("too many nodes")

// parseYAML parses one YAML document. A syntax error comes back as a
// positioned problem.
func parseYAML(data []byte, file string) (*node, *Problem) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		p := Problem{Pos: Position{File: file, Line: 1, Column: 1}, Msg: "YAML syntax: " + err.Error()}
		if e, ok := err.(interface{ GetMessage() string }); ok {
			p.Msg = "YAML syntax: " + e.GetMessage()
		}
		if e, ok := err.(interface{ GetToken() *token.Token }); ok && e.GetToken() != nil {
			pos := e.GetToken().Position
			p.Pos.Line, p.Pos.Column = pos.Line, pos.Column
		}
		return nil, &p
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return &node{kind: nullNode, line: 1, col: 1}, nil
	}
	if len(docs) > 1 {
		t := docs[1].Body.GetToken()
		return nil, &Problem{Pos: Position{File: file, Line: t.Position.Line, Column: t.Position.Column},
			Msg: "a file holds one YAML document; found a second one"}
	}
	c := converter{anchors: map[string]ast.Node{}}
	n, err := c.convert(docs[0].Body)
	if err != nil {
		p := Problem{Pos: Position{File: file, Line: c.errLine, Column: c.errCol}, Msg: err.Error()}
		if errors.Is(err, errTooManyNodes) {
			p.Msg = fmt.Sprintf("the file expands to more than %d values (aliases nested too deep?)", maxNodes)
		}
		return nil, &p
	}
	return n, nil
}

type converter struct {
	anchors         map[string]ast.Node
	count           int
	depth           int
	errLine, errCol int
}

func (c *converter) fail(n ast.Node, err error) error {
	t := n.GetToken()
	if t != nil {
		c.errLine, c.errCol = t.Position.Line, t.Position.Column
	}
	return err
}

func (c *converter) convert(n ast.Node) (*node, error) {
	c.count++
	if c.count > maxNodes {
		return nil, c.fail(n, errTooManyNodes)
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 100 {
		return nil, c.fail(n, errors.New("values nested more than 100 deep"))
	}
	t := n.GetToken()
	out := &node{}
	if t != nil {
		out.line, out.col = t.Position.Line, t.Position.Column
	}
	switch v := n.(type) {
	case *ast.NullNode:
		out.kind = nullNode
	case *ast.StringNode:
		out.kind, out.text = scalarNode, v.Value
	case *ast.LiteralNode:
		out.kind = scalarNode
		if v.Value != nil {
			out.text = v.Value.Value
		}
	case *ast.IntegerNode:
		out.kind, out.typ, out.text = scalarNode, intScalar, t.Value
	case *ast.FloatNode:
		out.kind, out.typ, out.text = scalarNode, floatScalar, t.Value
	case *ast.InfinityNode, *ast.NanNode:
		out.kind, out.typ, out.text = scalarNode, floatScalar, t.Value
	case *ast.BoolNode:
		out.kind, out.typ, out.text = scalarNode, boolScalar, t.Value
	case *ast.MappingNode:
		out.kind = mapNode
		if len(v.Values) > 0 {
			kt := v.Values[0].Key.GetToken()
			out.line, out.col = kt.Position.Line, kt.Position.Column
		}
		for _, mv := range v.Values {
			if err := c.addEntry(out, mv); err != nil {
				return nil, err
			}
		}
	case *ast.MappingValueNode:
		out.kind = mapNode
		kt := v.Key.GetToken()
		out.line, out.col = kt.Position.Line, kt.Position.Column
		if err := c.addEntry(out, v); err != nil {
			return nil, err
		}
	case *ast.SequenceNode:
		out.kind = seqNode
		for _, item := range v.Values {
			if item == nil {
				continue
			}
			in, err := c.convert(item)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, in)
		}
	case *ast.AnchorNode:
		if v.Name != nil {
			c.anchors[v.Name.GetToken().Value] = v.Value
		}
		return c.convert(v.Value)
	case *ast.AliasNode:
		name := ""
		if v.Value != nil {
			name = v.Value.GetToken().Value
		}
		target, ok := c.anchors[name]
		if !ok {
			return nil, c.fail(n, fmt.Errorf("alias *%s names no anchor defined before it", name))
		}
		r, err := c.convert(target)
		if err != nil {
			return nil, err
		}
		// Report problems in aliased values at the alias, where the curator
		// looks.
		r.line, r.col = out.line, out.col
		return r, nil
	case *ast.TagNode:
		inner, err := c.convert(v.Value)
		if err != nil {
			return nil, err
		}
		if inner.kind == scalarNode && strings.TrimPrefix(t.Value, "!!") == "str" {
			inner.typ = strScalar
		}
		return inner, nil
	default:
		return nil, c.fail(n, fmt.Errorf("unsupported YAML construct (%s)", n.Type()))
	}
	return out, nil
}

func (c *converter) addEntry(m *node, mv *ast.MappingValueNode) error {
	if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
		return c.fail(mv.Key, errors.New("merge keys (<<) are not supported: write the fields out"))
	}
	k, err := c.convert(mv.Key)
	if err != nil {
		return err
	}
	if k.kind != scalarNode {
		return c.fail(mv.Key, errors.New("a mapping key must be a plain name"))
	}
	var v *node
	if mv.Value == nil {
		v = &node{kind: nullNode, line: k.line, col: k.col}
	} else if v, err = c.convert(mv.Value); err != nil {
		return err
	}
	if v.kind == nullNode {
		// The parser places an empty value oddly; point at the key.
		v.line, v.col = k.line, k.col
	}
	m.entries = append(m.entries, entry{key: k.text, line: k.line, col: k.col, val: v})
	return nil
}
