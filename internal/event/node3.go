package event

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	yaml "go.yaml.in/yaml/v3"
)

var yaml3LineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML3 parses one YAML document with go.yaml.in/yaml/v3.
func parseYAML3(data []byte, file string) (*node, *Problem) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytesReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return &node{kind: nullNode, line: 1, col: 1}, nil
		}
		p := Problem{Pos: Position{File: file, Line: 1, Column: 1}, Msg: "YAML syntax: " + err.Error()}
		if m := yaml3LineRE.FindStringSubmatch(err.Error()); m != nil {
			p.Pos.Line, _ = strconv.Atoi(m[1])
			p.Pos.Column = 0
			p.Msg = "YAML syntax: " + m[2]
		}
		return nil, &p
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return nil, &Problem{Pos: Position{File: file, Line: second.Line, Column: second.Column},
			Msg: "a file holds one YAML document; found a second one"}
	}
	c := converter3{}
	body := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return &node{kind: nullNode, line: 1, col: 1}, nil
		}
		body = doc.Content[0]
	}
	n, err := c.convert(body)
	if err != nil {
		p := Problem{Pos: Position{File: file, Line: c.errLine, Column: c.errCol}, Msg: err.Error()}
		if errors.Is(err, errTooManyNodes) {
			p.Msg = fmt.Sprintf("the file expands to more than %d values (aliases nested too deep?)", maxNodes)
		}
		return nil, &p
	}
	return n, nil
}

type converter3 struct {
	count           int
	depth           int
	errLine, errCol int
}

func (c *converter3) fail(n *yaml.Node, err error) error {
	c.errLine, c.errCol = n.Line, n.Column
	return err
}

func (c *converter3) convert(n *yaml.Node) (*node, error) {
	c.count++
	if c.count > maxNodes {
		return nil, c.fail(n, errTooManyNodes)
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 100 {
		return nil, c.fail(n, errors.New("values nested more than 100 deep"))
	}
	out := &node{line: n.Line, col: n.Column}
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
		seen := make(map[string]bool, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, c.fail(k, errors.New("a mapping key must be a plain name"))
			}
			if k.Value == "<<" && k.ShortTag() == "!!merge" {
				return nil, c.fail(k, errors.New("merge keys (<<) are not supported: write the fields out"))
			}
			if seen[k.Value] {
				return nil, c.fail(k, fmt.Errorf("key %q appears twice in this mapping", k.Value))
			}
			seen[k.Value] = true
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
		r, err := c.convert(n.Alias)
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
