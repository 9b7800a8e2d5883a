// Package tmplgen compiles html/template templates into Go functions that
// write the same bytes without reflection, for the pages a build writes
// by the thousand.
//
// It compiles a template as html/template has escaped it: every action
// already ends in the escaping functions that html/template chose for its
// context, and the generated code calls this package's equivalents of
// them (EscapeText, FilterURL, NormalizeURL, EscapeURL). The types of the
// values come from reflect: Generate is told the type of each entry's dot
// and the concrete type behind each interface-typed field it meets.
//
// Only what the compiled templates use is supported: fields, methods,
// variables, if, with, range over slices, else, template calls,
// the builtins and, or, not, eq, ne and len, and the functions of
// Config.Funcs. Anything else is an error that names the template's line,
// and the caller keeps executing that template with html/template.
package tmplgen

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"html/template"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
)

// Config says how the generated file is written.
type Config struct {
	// Package is the name of the generated file's package and PkgPath
	// its import path: types declared there are named unqualified.
	Package, PkgPath string
	// Header is the comment at the top of the file (without "//").
	Header string
	// Tags, when set, is the file's build constraint.
	Tags string
	// Params are the parameters every generated function takes before
	// the writer w and the dot ("b *builder"), for Funcs to use.
	Params string
	// Funcs are the template functions the templates may call.
	Funcs map[string]Func
	// Consts are declared in the file as string constants.
	Consts map[string]string
	// Registry, when set, names a map from Entry.Key to the type of the
	// generated functions, to which the file adds each entry's function
	// when the program starts.
	Registry string
}

// A Func is a template function as the generated code calls it.
type Func struct {
	Go string // a Go expression of the function: "b.URL", "formatDate"
	Fn any    // the function, for its type
}

// An Entry is a template to compile into a Go function.
type Entry struct {
	// Key is the entry's key in Config.Registry.
	Key string
	// Func is the name of the Go function: func Func(Params, w
	// *bytes.Buffer, dot Dot).
	Func string
	// Set holds the template Name and every template it calls.
	Set  *template.Template
	Name string
	Dot  reflect.Type
	// Dynamic gives the concrete type of interface-typed fields, by
	// "Type.Field" ("Page.Data"). The generated code panics with
	// Fallback when a field holds another type.
	Dynamic map[string]reflect.Type
}

// Generate returns the Go source of a file with a function for each entry.
// It has html/template escape the entries' templates (by executing each
// once, into nothing, with the zero value of its dot), as their first
// execution would.
func Generate(cfg Config, entries []Entry) ([]byte, error) {
	g := &gen{cfg: cfg, done: map[string]string{}, imports: map[string]string{}}
	g.imports["bytes"] = "bytes"
	for _, e := range entries {
		if err := escape(e.Set, e.Name, e.Dot); err != nil {
			return nil, err
		}
		tmpl := e.Set.Lookup(e.Name)
		if tmpl == nil || tmpl.Tree == nil {
			return nil, fmt.Errorf("tmplgen: no template %q", e.Name)
		}
		g.pending = append(g.pending, job{fn: e.Func, set: e.Set, tree: tmpl.Tree, dot: e.Dot, dynamic: e.Dynamic})
		g.done[g.key(e.Set, e.Name, e.Dot, e.Dynamic)+"\x00entry"] = e.Func
	}
	for len(g.pending) > 0 {
		j := g.pending[0]
		g.pending = g.pending[1:]
		if err := g.function(j); err != nil {
			return nil, err
		}
	}
	var f bytes.Buffer
	for _, line := range strings.Split(strings.TrimRight(cfg.Header, "\n"), "\n") {
		fmt.Fprintf(&f, "// %s\n", line)
	}
	f.WriteString("\n")
	if cfg.Tags != "" {
		fmt.Fprintf(&f, "//go:build %s\n\n", cfg.Tags)
	}
	fmt.Fprintf(&f, "package %s\n\nimport (\n", cfg.Package)
	// The standard library's packages first, then the others.
	var std, others []string
	for p := range g.imports {
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			others = append(others, p)
		} else {
			std = append(std, p)
		}
	}
	sort.Strings(std)
	sort.Strings(others)
	for i, group := range [][]string{std, others} {
		if i > 0 && len(group) > 0 && len(std) > 0 {
			f.WriteString("\n")
		}
		for _, p := range group {
			fmt.Fprintf(&f, "\t%q\n", p)
		}
	}
	f.WriteString(")\n\n")
	if len(cfg.Consts) > 0 {
		names := make([]string, 0, len(cfg.Consts))
		for n := range cfg.Consts {
			names = append(names, n)
		}
		sort.Strings(names)
		f.WriteString("const (\n")
		for _, n := range names {
			fmt.Fprintf(&f, "\t%s = %q\n", n, cfg.Consts[n])
		}
		f.WriteString(")\n\n")
	}
	if cfg.Registry != "" {
		f.WriteString("func init() {\n")
		for _, e := range entries {
			fmt.Fprintf(&f, "\t%s[%q] = %s\n", cfg.Registry, e.Key, e.Func)
		}
		f.WriteString("}\n\n")
	}
	f.Write(g.out.Bytes())
	src, err := format.Source(f.Bytes())
	if err != nil {
		return nil, fmt.Errorf("tmplgen: formatting the generated code: %w\n%s", err, f.Bytes())
	}
	return src, nil
}

// escape makes html/template escape the template name and those it
// calls, which it does when the template is first executed. Executing it
// with the zero dot may fail; only a failure to escape is an error.
func escape(set *template.Template, name string, dot reflect.Type) error {
	err := set.ExecuteTemplate(io.Discard, name, reflect.Zero(dot).Interface())
	var escErr *template.Error
	if errors.As(err, &escErr) {
		return err
	}
	return nil
}

type job struct {
	fn      string
	set     *template.Template
	tree    *parse.Tree
	dot     reflect.Type
	dynamic map[string]reflect.Type
}

type gen struct {
	cfg     Config
	out     bytes.Buffer
	done    map[string]string // job key → function name
	pending []job
	imports map[string]string // import path → name
	n       int               // for unique names
}

// key identifies the function of a template: its name, the type of its
// dot, the types behind interfaces and the text of the template and of
// every template it calls, which together make the code. Templates alike
// in all of these, in the page sets of several entries, share a function.
func (g *gen) key(set *template.Template, name string, dot reflect.Type, dynamic map[string]reflect.Type) string {
	var dyn []string
	for k, t := range dynamic {
		dyn = append(dyn, k+"="+t.String())
	}
	sort.Strings(dyn)
	texts := map[string]string{}
	closure(set, name, texts)
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(name + "\x00" + dot.String() + "\x00" + strings.Join(dyn, ",") + "\x00")
	for _, n := range names {
		b.WriteString(n + "\x00" + texts[n] + "\x00")
	}
	return b.String()
}

// closure adds to texts the text of the template name and of every
// template it calls, by name.
func closure(set *template.Template, name string, texts map[string]string) {
	if _, ok := texts[name]; ok {
		return
	}
	t := set.Lookup(name)
	if t == nil || t.Tree == nil {
		texts[name] = ""
		return
	}
	texts[name] = t.Tree.Root.String()
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			closure(set, n.Name, texts)
		}
	}
	walk(t.Tree.Root)
}

// A fn is the state of one generated function.
type fn struct {
	g    *gen
	job  job
	body bytes.Buffer
	vars []variable // in scope, innermost last
}

type variable struct {
	name string // "$", "$d"
	val  value
}

// A value is a Go expression and its type.
type value struct {
	code string
	typ  reflect.Type
	// untyped marks a constant from the template ("tied", 3).
	untyped bool
	// cond marks an and or an or of values of different types, which
	// only an if's condition may use.
	cond bool
}

// errorf reports what cannot be compiled at node n.
func (f *fn) errorf(n parse.Node, format string, args ...any) error {
	loc, ctx := f.job.tree.ErrorContext(n)
	return fmt.Errorf("%s: %s: %s", loc, ctx, fmt.Sprintf(format, args...))
}

func (f *fn) printf(format string, args ...any) { fmt.Fprintf(&f.body, format, args...) }

func (g *gen) function(j job) error {
	f := &fn{g: g, job: j}
	dot := value{code: "dot", typ: j.dot}
	f.vars = append(f.vars, variable{"$", dot})
	if err := f.list(j.tree.Root, dot); err != nil {
		return err
	}
	params := "w *bytes.Buffer, dot " + g.typeName(j.dot)
	if g.cfg.Params != "" {
		params = g.cfg.Params + ", " + params
	}
	fmt.Fprintf(&g.out, "// %s writes the template %q.\nfunc %s(%s) {\n", j.fn, j.tree.ParseName+": "+j.tree.Name, j.fn, params)
	g.out.Write(f.body.Bytes())
	g.out.WriteString("}\n\n")
	return nil
}

// call returns the name of the function for template name with a dot of
// type dot, queueing it for generation the first time.
func (g *gen) call(j job, name string, dot reflect.Type) (string, error) {
	t := j.set.Lookup(name)
	if t == nil || t.Tree == nil {
		return "", fmt.Errorf("no template %q", name)
	}
	k := g.key(j.set, name, dot, j.dynamic)
	if fn, ok := g.done[k]; ok {
		return fn, nil
	}
	g.n++
	fn := fmt.Sprintf("tmpl%d%s", g.n, goName(name))
	g.done[k] = fn
	g.pending = append(g.pending, job{fn: fn, set: j.set, tree: t.Tree, dot: dot, dynamic: j.dynamic})
	return fn, nil
}

// goName makes a template's name part of a Go identifier.
func goName(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z':
			if up {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

func (f *fn) newVar() string {
	f.g.n++
	return "v" + strconv.Itoa(f.g.n)
}

func (f *fn) lookupVar(n parse.Node, name string) (value, error) {
	for i := len(f.vars) - 1; i >= 0; i-- {
		if f.vars[i].name == name {
			return f.vars[i].val, nil
		}
	}
	return value{}, f.errorf(n, "undefined variable %s", name)
}

func (f *fn) list(l *parse.ListNode, dot value) error {
	if l == nil {
		return nil
	}
	for _, n := range l.Nodes {
		if err := f.node(n, dot); err != nil {
			return err
		}
	}
	return nil
}

// scoped runs body with the variables it declares dropped afterwards.
func (f *fn) scoped(body func() error) error {
	n := len(f.vars)
	err := body()
	f.vars = f.vars[:n]
	return err
}

func (f *fn) node(n parse.Node, dot value) error {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) > 0 {
			f.printf("w.WriteString(%s)\n", strconv.Quote(string(n.Text)))
		}
		return nil
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return f.action(n, dot)
	case *parse.IfNode:
		return f.ifNode(n, dot)
	case *parse.WithNode:
		return f.withNode(n, dot)
	case *parse.RangeNode:
		return f.rangeNode(n, dot)
	case *parse.TemplateNode:
		return f.templateNode(n, dot)
	case *parse.ListNode:
		return f.list(n, dot)
	}
	return f.errorf(n, "%T is not supported", n)
}

func (f *fn) action(n *parse.ActionNode, dot value) error {
	cmds := n.Pipe.Cmds
	var escapers []string
	for len(cmds) > 0 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		escapers = append([]string{strings.TrimPrefix(id.Ident, "_html_template_")}, escapers...)
		cmds = cmds[:len(cmds)-1]
	}
	v, err := f.pipeline(n, cmds, dot)
	if err != nil {
		return err
	}
	if len(n.Pipe.Decl) > 0 {
		if len(n.Pipe.Decl) != 1 || n.Pipe.IsAssign || len(escapers) > 0 {
			return f.errorf(n, "only a declaration of one variable is supported")
		}
		name := f.newVar()
		f.printf("%s := %s\n_ = %s\n", name, v.code, name)
		f.vars = append(f.vars, variable{n.Pipe.Decl[0].Ident[0], value{code: name, typ: v.typ}})
		return nil
	}
	return f.print(n, v, strings.Join(escapers, " | "))
}

// Typed strings of html/template.
var (
	typeHTML = reflect.TypeFor[template.HTML]()
	typeURL  = reflect.TypeFor[template.URL]()
	typeJS   = reflect.TypeFor[template.JS]()
	typed    = map[reflect.Type]bool{
		typeHTML: true, typeURL: true, typeJS: true,
		reflect.TypeFor[template.CSS]():      true,
		reflect.TypeFor[template.HTMLAttr](): true,
		reflect.TypeFor[template.JSStr]():    true,
		reflect.TypeFor[template.Srcset]():   true,
	}
)

// print writes the code that writes v through the escapers.
func (f *fn) print(n parse.Node, v value, escapers string) error {
	pkg := f.g.runtime()
	switch escapers {
	case "htmlescaper":
		if v.typ == typeHTML {
			f.printf("w.WriteString(string(%s))\n", v.code)
			return nil
		}
	case "attrescaper", "rcdataescaper":
		// html/template strips tags from template.HTML in attributes
		// and keeps its entities in RCDATA: neither is compiled.
	case "urlfilter | urlnormalizer | attrescaper", "urlescaper | attrescaper":
		// A template.URL is only normalized; other values are filtered
		// and normalized in a whole URL, escaped in a part of one.
		var u string
		if v.typ == typeURL {
			u = fmt.Sprintf("%s.NormalizeURL(string(%s))", pkg, v.code)
		} else {
			s, err := f.str(n, v, true)
			if err != nil {
				return err
			}
			u = fmt.Sprintf("%s.NormalizeURL(%s.FilterURL(%s))", pkg, pkg, s)
			if escapers == "urlescaper | attrescaper" {
				u = fmt.Sprintf("%s.EscapeURL(%s)", pkg, s)
			}
		}
		f.printf("%s.EscapeText(w, %s)\n", pkg, u)
		return nil
	case "jsvalescaper":
		if v.typ == typeJS {
			f.printf("w.WriteString(string(%s))\n", v.code)
			return nil
		}
		return f.errorf(n, "only template.JS is compiled in script, not %s", v.typ)
	default:
		return f.errorf(n, "the escapers %q are not supported", escapers)
	}
	s, err := f.str(n, v, false)
	if err != nil {
		return err
	}
	f.printf("%s.EscapeText(w, %s)\n", pkg, s)
	return nil
}

var (
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
)

// str returns the code of v as html/template turns it into a string
// before escaping it. A typed string other than template.HTML in a URL is
// refused, as are values fmt would print in a way not written here.
func (f *fn) str(n parse.Node, v value, url bool) (string, error) {
	t := v.typ
	switch {
	case v.cond:
		return "", f.errorf(n, "and or or of values of different types is only compiled in if")
	case typed[t] && !(url && t == typeHTML):
		return "", f.errorf(n, "%s is not compiled here", t)
	case t.Kind() == reflect.Pointer || t.Implements(formatterType):
		return "", f.errorf(n, "printing %s is not supported", t)
	case t.Implements(errorType):
		return v.code + ".Error()", nil
	case t.Implements(stringerType):
		return v.code + ".String()", nil
	}
	switch t.Kind() {
	case reflect.String:
		if t == reflect.TypeFor[string]() {
			return v.code, nil
		}
		return "string(" + v.code + ")", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.g.pkg("strconv") + ".FormatInt(int64(" + v.code + "), 10)", nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return f.g.pkg("strconv") + ".FormatUint(uint64(" + v.code + "), 10)", nil
	case reflect.Bool:
		return f.g.pkg("strconv") + ".FormatBool(bool(" + v.code + "))", nil
	case reflect.Float64:
		return f.g.pkg("strconv") + ".FormatFloat(float64(" + v.code + "), 'g', -1, 64)", nil
	}
	return "", f.errorf(n, "printing %s is not supported", t)
}

// truth returns the code of text/template's truth of v.
func (f *fn) truth(n parse.Node, v value) (string, error) {
	switch v.typ.Kind() {
	case reflect.Bool:
		return v.code, nil
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return "len(" + v.code + ") > 0", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v.code + " != 0", nil
	case reflect.Pointer, reflect.Interface, reflect.Func, reflect.Chan:
		return v.code + " != nil", nil
	case reflect.Struct:
		return "true", nil
	}
	return "", f.errorf(n, "the truth of %s is not supported", v.typ)
}

func (f *fn) ifNode(n *parse.IfNode, dot value) error {
	if len(n.Pipe.Decl) > 0 {
		return f.errorf(n, "variables in if are not supported")
	}
	v, err := f.pipeline(n, n.Pipe.Cmds, dot)
	if err != nil {
		return err
	}
	cond, err := f.truth(n, v)
	if err != nil {
		return err
	}
	f.printf("if %s {\n", cond)
	if err := f.scoped(func() error { return f.list(n.List, dot) }); err != nil {
		return err
	}
	if err := f.elseBranch(n.ElseList, dot); err != nil {
		return err
	}
	f.printf("}\n")
	return nil
}

// scope writes list, the body of a with or a range, whose dot is the last
// of vals: the values of the with's pipeline, or the index and element of
// the range. The variables the pipeline declares take the last values.
func (f *fn) scope(n parse.Node, decl []*parse.VariableNode, vals []value, list *parse.ListNode) error {
	if len(decl) > len(vals) {
		return f.errorf(n, "%d variables are declared, at most %d are supported", len(decl), len(vals))
	}
	return f.scoped(func() error {
		for i, d := range decl {
			f.vars = append(f.vars, variable{d.Ident[0], vals[len(vals)-len(decl)+i]})
		}
		return f.list(list, vals[len(vals)-1])
	})
}

// elseBranch writes the else branch of an if, a with or a range, if it
// has one.
func (f *fn) elseBranch(l *parse.ListNode, dot value) error {
	if l == nil {
		return nil
	}
	f.printf("} else {\n")
	return f.scoped(func() error { return f.list(l, dot) })
}

func (f *fn) withNode(n *parse.WithNode, dot value) error {
	v, err := f.pipeline(n, n.Pipe.Cmds, dot)
	if err != nil {
		return err
	}
	name := f.newVar()
	inner := value{code: name, typ: v.typ}
	cond, err := f.truth(n, inner)
	if err != nil {
		return err
	}
	f.printf("if %s := %s; %s {\n_ = %s\n", name, v.code, cond, name)
	if err := f.scope(n, n.Pipe.Decl, []value{inner}, n.List); err != nil {
		return err
	}
	if err := f.elseBranch(n.ElseList, dot); err != nil {
		return err
	}
	f.printf("}\n")
	return nil
}

func (f *fn) rangeNode(n *parse.RangeNode, dot value) error {
	v, err := f.pipeline(n, n.Pipe.Cmds, dot)
	if err != nil {
		return err
	}
	if k := v.typ.Kind(); k != reflect.Slice && k != reflect.Array {
		return f.errorf(n, "range over %s is not supported", v.typ)
	}
	s, i, e := f.newVar(), f.newVar(), f.newVar()
	f.printf("if %s := %s; len(%s) > 0 {\nfor %s, %s := range %s {\n_, _ = %s, %s\n", s, v.code, s, i, e, s, i, e)
	index := value{code: i, typ: reflect.TypeFor[int]()}
	if err := f.scope(n, n.Pipe.Decl, []value{index, {code: e, typ: v.typ.Elem()}}, n.List); err != nil {
		return err
	}
	f.printf("}\n")
	if err := f.elseBranch(n.ElseList, dot); err != nil {
		return err
	}
	f.printf("}\n")
	return nil
}

func (f *fn) templateNode(n *parse.TemplateNode, dot value) error {
	arg := value{code: "nil", typ: reflect.TypeFor[any]()}
	if n.Pipe != nil {
		var err error
		if arg, err = f.pipeline(n, n.Pipe.Cmds, dot); err != nil {
			return err
		}
	}
	if arg.untyped {
		return f.errorf(n, "a constant as a template's dot is not supported")
	}
	name, err := f.g.call(f.job, n.Name, arg.typ)
	if err != nil {
		return f.errorf(n, "%v", err)
	}
	args := "w, " + arg.code
	if p := f.g.paramNames(); p != "" {
		args = p + ", " + args
	}
	f.printf("%s(%s)\n", name, args)
	return nil
}

// paramNames lists the names of Config.Params.
func (g *gen) paramNames() string {
	if g.cfg.Params == "" {
		return ""
	}
	var names []string
	for _, p := range strings.Split(g.cfg.Params, ",") {
		names = append(names, strings.Fields(p)[0])
	}
	return strings.Join(names, ", ")
}

// pipeline returns the value of a pipeline's commands: each command's
// value is the last argument of the next.
func (f *fn) pipeline(n parse.Node, cmds []*parse.CommandNode, dot value) (value, error) {
	if len(cmds) == 0 {
		return value{}, f.errorf(n, "empty pipeline")
	}
	var v *value
	for _, c := range cmds {
		r, err := f.command(c, dot, v)
		if err != nil {
			return value{}, err
		}
		v = &r
	}
	return *v, nil
}

func (f *fn) command(c *parse.CommandNode, dot value, piped *value) (value, error) {
	if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
		args, err := f.args(c, dot, piped)
		if err != nil {
			return value{}, err
		}
		return f.callFunc(c, id.Ident, args)
	}
	if piped != nil || len(c.Args) != 1 {
		return f.methodCall(c, dot, piped)
	}
	return f.arg(c.Args[0], dot)
}

// methodCall compiles a command that calls a method with arguments:
// {{$t.Link $r $i}}.
func (f *fn) methodCall(c *parse.CommandNode, dot value, piped *value) (value, error) {
	var recv value
	var names []string
	var err error
	switch a := c.Args[0].(type) {
	case *parse.FieldNode:
		names = a.Ident
		recv, err = f.fields(a, dot, names[:len(names)-1])
	case *parse.VariableNode:
		names = a.Ident
		if len(names) < 2 {
			return value{}, f.errorf(c, "arguments are only supported in function and method calls")
		}
		if recv, err = f.lookupVar(a, names[0]); err == nil {
			recv, err = f.fields(a, recv, names[1:len(names)-1])
		}
	default:
		return value{}, f.errorf(c, "arguments are only supported in function and method calls")
	}
	if err != nil {
		return value{}, err
	}
	name := names[len(names)-1]
	m, ok := recv.typ.MethodByName(name)
	if !ok {
		return value{}, f.errorf(c, "%s has no method %s", recv.typ, name)
	}
	args, err := f.args(c, dot, piped)
	if err != nil {
		return value{}, err
	}
	return f.callTyped(c, recv.code+"."+name, m.Type, 1, args)
}

// args compiles the arguments of the call c, the value piped into it
// last.
func (f *fn) args(c *parse.CommandNode, dot value, piped *value) ([]value, error) {
	var args []value
	for _, a := range c.Args[1:] {
		v, err := f.arg(a, dot)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	if piped != nil {
		args = append(args, *piped)
	}
	return args, nil
}

func (f *fn) arg(a parse.Node, dot value) (value, error) {
	switch a := a.(type) {
	case *parse.DotNode:
		return dot, nil
	case *parse.FieldNode:
		return f.fields(a, dot, a.Ident)
	case *parse.VariableNode:
		v, err := f.lookupVar(a, a.Ident[0])
		if err != nil {
			return value{}, err
		}
		return f.fields(a, v, a.Ident[1:])
	case *parse.StringNode:
		return value{code: strconv.Quote(a.Text), typ: reflect.TypeFor[string](), untyped: true}, nil
	case *parse.NumberNode:
		if a.IsInt {
			return value{code: strconv.FormatInt(a.Int64, 10), typ: reflect.TypeFor[int](), untyped: true}, nil
		}
	case *parse.BoolNode:
		return value{code: strconv.FormatBool(a.True), typ: reflect.TypeFor[bool](), untyped: true}, nil
	case *parse.PipeNode:
		if len(a.Decl) == 0 {
			v, err := f.pipeline(a, a.Cmds, dot)
			v.code = "(" + v.code + ")"
			return v, err
		}
	case *parse.IdentifierNode:
		return f.callFunc(a, a.Ident, nil)
	}
	return value{}, f.errorf(a, "%s is not supported as an argument", a)
}

// fields follows a chain of field or method names from v.
func (f *fn) fields(n parse.Node, v value, names []string) (value, error) {
	for _, name := range names {
		t := v.typ
		if m, ok := t.MethodByName(name); ok {
			mt := m.Type
			if mt.NumIn() != 1 || !(mt.NumOut() == 1 || mt.NumOut() == 2 && mt.Out(1) == errorType) {
				return value{}, f.errorf(n, "method %s of %s takes arguments or returns more than a value", name, t)
			}
			v = value{code: v.code + "." + name + "()", typ: mt.Out(0)}
			if mt.NumOut() == 2 {
				v.code = f.g.runtime() + ".Must(" + v.code + ")"
			}
			continue
		}
		st := t
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct {
			return value{}, f.errorf(n, "%s has no field %s that can be compiled", t, name)
		}
		sf, ok := st.FieldByName(name)
		if !ok || !sf.IsExported() {
			return value{}, f.errorf(n, "%s has no exported field %s", t, name)
		}
		v = value{code: v.code + "." + name, typ: sf.Type}
		if sf.Type.Kind() == reflect.Interface {
			key := st.Name() + "." + name
			c, ok := f.job.dynamic[key]
			if !ok {
				return value{}, f.errorf(n, "the type of %s is not known (Entry.Dynamic)", key)
			}
			v = value{code: fmt.Sprintf("%s.As[%s](%s)", f.g.runtime(), f.g.typeName(c), v.code), typ: c}
		}
	}
	return v, nil
}

// callFunc returns the value of a call of a builtin or of Config.Funcs.
func (f *fn) callFunc(n parse.Node, name string, args []value) (value, error) {
	switch name {
	case "and", "or":
		if len(args) < 2 {
			return value{}, f.errorf(n, "%s needs two arguments", name)
		}
		t := args[0].typ
		for _, a := range args[1:] {
			if a.typ != t {
				return f.truthOnly(n, name, args)
			}
		}
		// The first truthy argument (or) or falsy one (and), else the
		// last, evaluating no argument after it, as text/template does.
		var b strings.Builder
		fmt.Fprintf(&b, "func() %s {\n", f.g.typeName(t))
		for _, a := range args[:len(args)-1] {
			tmp := value{code: "x", typ: t}
			cond, err := f.truth(n, tmp)
			if err != nil {
				return value{}, err
			}
			if name == "and" {
				cond = "!(" + cond + ")"
			}
			fmt.Fprintf(&b, "if x := %s; %s {\nreturn x\n}\n", a.code, cond)
		}
		fmt.Fprintf(&b, "return %s\n}()", args[len(args)-1].code)
		return value{code: b.String(), typ: t}, nil
	case "not":
		if len(args) != 1 {
			return value{}, f.errorf(n, "not takes one argument")
		}
		c, err := f.truth(n, args[0])
		if err != nil {
			return value{}, err
		}
		return value{code: "!(" + c + ")", typ: reflect.TypeFor[bool]()}, nil
	case "len":
		if len(args) != 1 {
			return value{}, f.errorf(n, "len takes one argument")
		}
		switch args[0].typ.Kind() {
		case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
			return value{code: "len(" + args[0].code + ")", typ: reflect.TypeFor[int]()}, nil
		}
		return value{}, f.errorf(n, "len of %s", args[0].typ)
	case "eq", "ne":
		if len(args) != 2 {
			return value{}, f.errorf(n, "%s is compiled with two arguments only", name)
		}
		a, b, err := f.comparable(n, args[0], args[1])
		if err != nil {
			return value{}, err
		}
		op := "=="
		if name == "ne" {
			op = "!="
		}
		return value{code: "(" + a + " " + op + " " + b + ")", typ: reflect.TypeFor[bool]()}, nil
	}
	fun, ok := f.g.cfg.Funcs[name]
	if !ok {
		return value{}, f.errorf(n, "function %s is not in Config.Funcs", name)
	}
	return f.callTyped(n, fun.Go, reflect.TypeOf(fun.Fn), 0, args)
}

// callTyped returns the value of a call of the function or method fun of
// type ft, whose first skip parameters (a method's receiver) are not
// among args.
func (f *fn) callTyped(n parse.Node, fun string, ft reflect.Type, skip int, args []value) (value, error) {
	if ft.IsVariadic() || ft.NumIn()-skip != len(args) || !(ft.NumOut() == 1 || ft.NumOut() == 2 && ft.Out(1) == errorType) {
		return value{}, f.errorf(n, "%s is called with %d arguments, or returns more than a value", fun, len(args))
	}
	codes := make([]string, len(args))
	for i, a := range args {
		pt := ft.In(i + skip)
		switch {
		case a.untyped && a.typ.Kind() == pt.Kind():
			codes[i] = a.code
		case a.typ.AssignableTo(pt):
			codes[i] = a.code
		default:
			return value{}, f.errorf(n, "%s takes %s, not %s", fun, pt, a.typ)
		}
	}
	code := fun + "(" + strings.Join(codes, ", ") + ")"
	if ft.NumOut() == 2 {
		code = f.g.runtime() + ".Must(" + code + ")"
	}
	return value{code: code, typ: ft.Out(0)}, nil
}

// truthOnly compiles and or or of arguments of different types, which
// only an if's condition may use.
func (f *fn) truthOnly(n parse.Node, name string, args []value) (value, error) {
	op := " || "
	if name == "and" {
		op = " && "
	}
	var conds []string
	for _, a := range args {
		c, err := f.truth(n, a)
		if err != nil {
			return value{}, err
		}
		conds = append(conds, "("+c+")")
	}
	return value{code: strings.Join(conds, op), typ: reflect.TypeFor[bool](), cond: true}, nil
}

// comparable returns the code of a and b made comparable as eq compares
// them: strings with strings, integers with integers.
func (f *fn) comparable(n parse.Node, a, b value) (string, string, error) {
	class := func(t reflect.Type) string {
		switch t.Kind() {
		case reflect.String:
			return "string"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return "int64"
		case reflect.Bool:
			return "bool"
		}
		return ""
	}
	ca, cb := class(a.typ), class(b.typ)
	if ca == "" || ca != cb {
		return "", "", f.errorf(n, "comparing %s with %s is not supported", a.typ, b.typ)
	}
	conv := func(v value) string {
		if v.untyped || v.typ.Name() == ca {
			return v.code
		}
		return ca + "(" + v.code + ")"
	}
	return conv(a), conv(b), nil
}

// runtime returns the name the generated code uses for this package,
// whose functions it calls.
func (g *gen) runtime() string { return g.pkg(reflect.TypeFor[fallback]().PkgPath()) }

// pkg returns the name the generated code uses for the package at path.
func (g *gen) pkg(path string) string {
	if name, ok := g.imports[path]; ok {
		return name
	}
	name := path[strings.LastIndex(path, "/")+1:]
	g.imports[path] = name
	return name
}

// typeName returns t as the generated code names it.
func (g *gen) typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + g.typeName(t.Elem())
	case reflect.Slice:
		if t.Name() == "" {
			return "[]" + g.typeName(t.Elem())
		}
	}
	if t.Name() == "" {
		return t.String()
	}
	if t.PkgPath() == "" || t.PkgPath() == g.cfg.PkgPath {
		return t.Name()
	}
	return g.pkg(t.PkgPath()) + "." + t.Name()
}
