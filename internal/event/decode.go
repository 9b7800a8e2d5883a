package event

import (
	"crypto/sha256"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// The fields each kind of object may have. The JSON Schema test checks that
// events/event.schema.json names the same ones.
var (
	eventFields   = []string{"date", "end_date", "time", "kind", "title", "summary", "body", "launches", "nuclear", "sources", "tags", "related", "updated", "corrections"}
	launchFields  = []string{"system", "count", "count_estimated", "outcome", "site", "apogee_km", "range_km", "flight_min", "reported_counts"}
	nuclearFields = []string{"site", "yield_kt", "magnitude_mb", "claim"}
	rangeFields   = []string{"min", "max"}
	sourceFields  = []string{"url", "publisher", "title", "published"}
	systemFields  = []string{"id", "name", "aliases", "class", "propellant", "first_flight", "description"}
	siteFields    = []string{"id", "name", "aliases", "lat", "lon", "province"}
	metaFields    = []string{"title", "description", "licence", "as_of", "start", "eras"}
	eraFields     = []string{"id", "name", "start", "end"}

	eventRequired   = []string{"date", "kind", "title", "summary", "sources"}
	launchRequired  = []string{"system", "count", "outcome"}
	nuclearRequired = []string{"site"}
	sourceRequired  = []string{"url", "publisher"}
)

// The patterns of names, written out: each is the regular expression in
// its comment (matchers_test.go holds them to it), four times as fast.

// isID reports whether s is an event id,
// ^[0-9]{4}(-[0-9]{2}){0,2}-[a-z0-9]+(-[a-z0-9]+)*$.
func isID(s string) bool {
	if len(s) < 4 || !isDigits(s[:4]) {
		return false
	}
	s = s[4:]
	for range 3 {
		if len(s) > 1 && s[0] == '-' && isName(s[1:]) {
			return true
		}
		if len(s) < 3 || s[0] != '-' || !isDigits(s[1:3]) {
			return false
		}
		s = s[3:]
	}
	return false
}

// isName reports whether s is kebab-case, ^[a-z0-9]+(-[a-z0-9]+)*$.
func isName(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// isTime reports whether s is a time of day,
// ^([01][0-9]|2[0-3]):[0-5][0-9]$.
func isTime(s string) bool {
	return len(s) == 5 && (s[0] <= '1' && isDigits(s[:2]) || s[0] == '2' && s[1] >= '0' && s[1] <= '3') &&
		s[2] == ':' && s[3] >= '0' && s[3] <= '5' && isDigits(s[4:])
}

// htmlTagIndex returns the index of the first thing HTML would read as a
// tag, a comment or a declaration, <[A-Za-z/!?], or -1.
func htmlTagIndex(s string) int {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 || i+j+1 == len(s) {
			return -1
		}
		i += j
		if c := s[i+1]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '/' || c == '!' || c == '?' {
			return i
		}
	}
}

// linkDests returns the destinations of the Markdown links in s, [text](dest
// ...): every match of \](\s*<?([^)\s>]*), the group.
func linkDests(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			return out
		}
		j := i + 2
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '<' {
			j++
		}
		k := j
		for k < len(s) && s[k] != ')' && s[k] != '>' && !isSpace(s[k]) {
			k++
		}
		out = append(out, s[j:k])
		s = s[k:]
	}
}

// refLinkDests returns the destinations of the links and images that
// goldmark makes of s when s may hold a link reference definition, a
// "[label]: url" that links such as [text][label] take their URL from and
// that linkDests does not see. Definitions come in many shapes (in block
// quotes and list items, with labels over several lines), so s is parsed
// as the site parses it rather than matched; only text holding "]:", which
// every definition does, is parsed.
func refLinkDests(s string) []string {
	if !strings.Contains(s, "]:") {
		return nil
	}
	var out []string
	doc := markdownParser.Parse(text.NewReader([]byte(s)))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link:
				out = append(out, string(n.Destination))
			case *ast.Image:
				out = append(out, string(n.Destination))
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// markdownParser is goldmark's CommonMark parser, as the site's.
var markdownParser = goldmark.DefaultParser()

// isSpace reports whether c is in \s of a regular expression.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// kindNames are the Kinds as strings, for enum.
var kindNames = func() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}()

// decoder turns the nodes of one file into model values, collecting
// problems instead of stopping at the first.
type decoder struct {
	file  string
	probs Problems
	// refs are the references to catalogue entries and other events,
	// checked once everything is loaded.
	refs []CachedRef
	// firstFlights holds where each system's first_flight is written
	// (systems.yaml only), for checking it against the events.
	firstFlights map[string]Position
	// sum is the SHA-256 of the file's content, when the load keeps a
	// cache.
	sum [sha256.Size]byte
}

func (d *decoder) pos(line, col int) Position { return Position{File: d.file, Line: line, Column: col} }

func (d *decoder) errorf(n *node, format string, args ...any) {
	d.probs = append(d.probs, Problem{Pos: d.pos(n.line, n.col), Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) warnf(n *node, format string, args ...any) {
	d.probs = append(d.probs, Problem{Pos: d.pos(n.line, n.col), Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) addRef(what, id string, n *node) {
	if d.refs == nil {
		d.refs = make([]CachedRef, 0, 4) // an event has a few
	}
	d.refs = append(d.refs, CachedRef{What: what, ID: id, Pos: d.pos(n.line, n.col)})
}

// fields checks that n is a mapping with only allowed keys and every
// required one, and returns its values by key.
func (d *decoder) fields(n *node, what string, allowed, required []string) (fieldMap, bool) {
	if n.kind != mapNode {
		d.errorf(n, "%s must be a mapping of fields, found %s", what, describe(n))
		return nil, false
	}
	for _, e := range n.entries {
		if !slices.Contains(allowed, e.key) {
			d.probs = append(d.probs, Problem{Pos: d.pos(e.line, e.col), Msg: fmt.Sprintf("unknown field `%s` in %s%s", Quote(e.key), what, didYouMean(e.key, allowed))})
		}
	}
	m := fieldMap(n.entries)
	for _, r := range required {
		if v := m.get(r); v == nil || v.kind == nullNode {
			d.errorf(n, "%s is missing required field `%s`", what, r)
		}
	}
	return m, true
}

// fieldMap looks up the value of a mapping's key. Mappings have a dozen keys
// at most, so a scan beats building a map for each of them.
type fieldMap []entry

// get returns the value of key k, or nil. Keys are unique: the parser
// refuses a mapping that repeats one.
func (f fieldMap) get(k string) *node {
	for i := range f {
		if f[i].key == k {
			return f[i].val
		}
	}
	return nil
}

func describe(n *node) string {
	switch n.kind {
	case nullNode:
		return "nothing"
	case mapNode:
		return "a mapping"
	case seqNode:
		return "a list"
	}
	switch n.typ {
	case intScalar:
		return "the number " + n.text
	case floatScalar:
		return "the number " + n.text
	case boolScalar:
		return "the boolean " + n.text
	}
	return strconv.Quote(n.text)
}

// str reads a non-empty one-line string.
func (d *decoder) str(n *node, field string) (string, bool) {
	return d.text(n, field, false)
}

// text reads a non-empty string holding no character that badRune
// refuses; multiline allows newlines and tabs.
func (d *decoder) text(n *node, field string, multiline bool) (string, bool) {
	if n == nil || n.kind == nullNode {
		return "", false
	}
	if n.kind != scalarNode || n.typ == boolScalar {
		d.errorf(n, "`%s` must be text, found %s", field, describe(n))
		return "", false
	}
	if strings.TrimSpace(n.text) == "" {
		d.errorf(n, "`%s` is empty", field)
		return "", false
	}
	if what, r, i, bad := badRune(n.text, multiline); bad {
		d.errorf(n, "`%s` holds %s: remove it", field, describeBadRune(what, r, i))
		return "", false
	}
	return n.text, true
}

// markdown reads a non-empty string of Markdown and checks that it holds
// no raw HTML and links only to http(s) addresses.
func (d *decoder) markdown(n *node, field string) (string, bool) {
	s, ok := d.text(n, field, true)
	if !ok {
		return "", false
	}
	if i := htmlTagIndex(s); i >= 0 {
		d.errorf(n, "`%s` holds raw HTML (%q): write Markdown; HTML is not allowed", field, excerpt(s[i:]))
		ok = false
	}
	dests := linkDests(s)
	for _, d := range refLinkDests(s) {
		if !slices.Contains(dests, d) {
			dests = append(dests, d)
		}
	}
	for _, dest := range dests {
		if !isWebURL(dest) {
			d.errorf(n, "`%s` links to %q: links must be absolute http or https URLs", field, dest)
			ok = false
		}
	}
	return s, ok
}

func excerpt(s string) string {
	if i := strings.IndexByte(s, '>'); i >= 0 && i < 40 {
		return s[:i+1]
	}
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return webURL(s, u, err)
}

// webURL is isWebURL for s parsed as u (or err).
func webURL(s string, u *url.URL, err error) bool {
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n\"<>\\")
}

func (d *decoder) integer(n *node, field string) (int, bool) {
	if n == nil || n.kind == nullNode {
		return 0, false
	}
	if n.kind != scalarNode || n.typ != intScalar {
		d.errorf(n, "`%s` must be a whole number, found %s", field, describe(n))
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(n.text, "_", ""), 0, 32)
	if err != nil {
		d.errorf(n, "`%s` is not a usable whole number: %s", field, n.text)
		return 0, false
	}
	return int(v), true
}

func (d *decoder) number(n *node, field string) (float64, bool) {
	if n == nil || n.kind == nullNode {
		return 0, false
	}
	if n.kind != scalarNode || (n.typ != intScalar && n.typ != floatScalar) {
		d.errorf(n, "`%s` must be a number, found %s", field, describe(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.text, "_", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, "`%s` must be a finite number, found %s", field, n.text)
		return 0, false
	}
	return v, true
}

// nonNegative reads an optional number that must be >= 0.
func (d *decoder) nonNegative(n *node, field string) *float64 {
	v, ok := d.number(n, field)
	if !ok {
		return nil
	}
	if v < 0 {
		d.errorf(n, "`%s` must be 0 or more, found %s", field, n.text)
		return nil
	}
	return &v
}

func (d *decoder) boolean(n *node, field string) (bool, bool) {
	if n == nil || n.kind == nullNode {
		return false, false
	}
	if n.kind != scalarNode || n.typ != boolScalar {
		d.errorf(n, "`%s` must be true or false, found %s", field, describe(n))
		return false, false
	}
	return strings.EqualFold(n.text, "true"), true
}

func (d *decoder) date(n *node, field string) (Date, bool) {
	if n == nil || n.kind == nullNode {
		return Date{}, false
	}
	if n.kind != scalarNode || n.typ == boolScalar || n.typ == floatScalar {
		d.errorf(n, "`%s` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), found %s", field, describe(n))
		return Date{}, false
	}
	v, err := ParseDate(n.text)
	if err != nil {
		d.errorf(n, "`%s`: %v", field, err)
		return Date{}, false
	}
	return v, true
}

func (d *decoder) enum(n *node, field string, allowed []string) (string, bool) {
	s, ok := d.str(n, field)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		d.errorf(n, "`%s` must be one of %s; found %q%s", field, strings.Join(allowed, ", "), s, didYouMean(s, allowed))
		return "", false
	}
	return s, true
}

// list checks that n is a list and returns its items.
func (d *decoder) list(n *node, field string) []*node {
	if n == nil || n.kind == nullNode {
		return nil
	}
	if n.kind != seqNode {
		d.errorf(n, "`%s` must be a list, found %s", field, describe(n))
		return nil
	}
	return n.items
}

// names reads a list of distinct kebab-case names.
func (d *decoder) names(n *node, field string) []string {
	var out []string
	for _, it := range d.list(n, field) {
		s, ok := d.str(it, field)
		if !ok {
			continue
		}
		switch {
		case !isName(s):
			d.errorf(it, "`%s` entry %q must be kebab-case (lower-case letters, digits and single hyphens)", field, s)
		case slices.Contains(out, s):
			d.errorf(it, "`%s` lists %q twice", field, s)
		default:
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) strings(n *node, field string) []string {
	var out []string
	for _, it := range d.list(n, field) {
		if s, ok := d.str(it, field); ok {
			out = append(out, s)
		}
	}
	return out
}

// decodeMeta decodes timeline.yaml.
func (d *decoder) decodeMeta(n *node) Meta {
	var m Meta
	f, ok := d.fields(n, "timeline.yaml", metaFields, []string{"title", "description", "licence", "as_of", "eras"})
	if !ok {
		return m
	}
	m.Title, _ = d.str(f.get("title"), "title")
	m.Description, _ = d.str(f.get("description"), "description")
	m.Licence, _ = d.str(f.get("licence"), "licence")
	if v, ok := d.date(f.get("as_of"), "as_of"); ok {
		if v.Precision() != PrecisionDay {
			d.errorf(f.get("as_of"), "`as_of` must be a full date (YYYY-MM-DD)")
		} else {
			m.AsOf = v
		}
	}
	if v, ok := d.date(f.get("start"), "start"); ok {
		switch {
		case v.Precision() != PrecisionDay:
			d.errorf(f.get("start"), "`start` must be a full date (YYYY-MM-DD)")
		case !m.AsOf.IsZero() && v.Compare(m.AsOf) > 0:
			d.errorf(f.get("start"), "`start` %s is after `as_of` %s", v, m.AsOf)
		default:
			m.Start, m.StartFrom = v, "`start` in timeline.yaml"
		}
	}
	seen := map[string]bool{}
	for _, it := range d.list(f.get("eras"), "eras") {
		ef, ok := d.fields(it, "era", eraFields, []string{"id", "name", "start"})
		if !ok {
			continue
		}
		var e Era
		if id, ok := d.str(ef.get("id"), "id"); ok {
			if !isName(id) {
				d.errorf(ef.get("id"), "era id %q must be kebab-case", id)
			} else if seen[id] {
				d.errorf(ef.get("id"), "duplicate era id %q", id)
			}
			seen[id] = true
			e.ID = id
		}
		e.Name, _ = d.str(ef.get("name"), "name")
		e.Start, _ = d.date(ef.get("start"), "start")
		if end, ok := d.date(ef.get("end"), "end"); ok {
			if !e.Start.IsZero() && end.Compare(e.Start) < 0 {
				d.errorf(ef.get("end"), "era ends (%s) before it starts (%s)", end, e.Start)
			}
			e.End = end
		}
		m.Eras = append(m.Eras, e)
		if f.get("start") == nil && !e.Start.IsZero() && (m.Start.IsZero() || e.Start.Compare(m.Start) < 0) {
			m.Start, m.StartFrom = e.Start, fmt.Sprintf("the start of the earliest era, %s, in timeline.yaml", e.ID)
		}
	}
	return m
}

// before reports whether every day d may stand for lies before day b:
// b is compared at d's precision, so that 1984 is not before 1984-01-01.
func before(d, b Date) bool {
	switch d.Precision() {
	case PrecisionYear:
		b.Month, b.Day = 0, 0
	case PrecisionMonth:
		b.Day = 0
	}
	return d.Compare(b) < 0
}

// decodeSystems decodes systems.yaml.
func (d *decoder) decodeSystems(n *node) []System {
	if n.kind != seqNode {
		d.errorf(n, "systems.yaml must be a list of systems, found %s", describe(n))
		return nil
	}
	if len(n.items) == 0 {
		d.errorf(n, "systems.yaml lists no systems")
	}
	var out []System
	seen := map[string]bool{}
	classes := make([]string, len(Classes))
	for i, c := range Classes {
		classes[i] = string(c)
	}
	for _, it := range n.items {
		f, ok := d.fields(it, "system", systemFields, []string{"id", "name", "class", "propellant"})
		if !ok {
			continue
		}
		var s System
		s.ID = d.catalogueID(f.get("id"))
		d.unique(seen, s.ID, f.get("id"), "system")
		s.Name, _ = d.str(f.get("name"), "name")
		s.Aliases = d.strings(f.get("aliases"), "aliases")
		c, _ := d.enum(f.get("class"), "class", classes)
		s.Class = Class(c)
		s.Propellant, _ = d.enum(f.get("propellant"), "propellant", Propellants)
		if ff, ok := d.date(f.get("first_flight"), "first_flight"); ok {
			s.FirstFlight = ff
			if d.firstFlights == nil {
				d.firstFlights = map[string]Position{}
			}
			n := f.get("first_flight")
			d.firstFlights[s.ID] = d.pos(n.line, n.col)
		}
		if v := f.get("description"); v != nil {
			s.Description, _ = d.markdown(v, "description")
		}
		out = append(out, s)
	}
	return out
}

// decodeSites decodes sites.yaml.
func (d *decoder) decodeSites(n *node) []Site {
	if n.kind != seqNode {
		d.errorf(n, "sites.yaml must be a list of sites, found %s", describe(n))
		return nil
	}
	if len(n.items) == 0 {
		d.errorf(n, "sites.yaml lists no sites")
	}
	var out []Site
	seen := map[string]bool{}
	for _, it := range n.items {
		f, ok := d.fields(it, "site", siteFields, []string{"id", "name", "lat", "lon", "province"})
		if !ok {
			continue
		}
		var s Site
		s.ID = d.catalogueID(f.get("id"))
		d.unique(seen, s.ID, f.get("id"), "site")
		s.Name, _ = d.str(f.get("name"), "name")
		s.Aliases = d.strings(f.get("aliases"), "aliases")
		if v, ok := d.number(f.get("lat"), "lat"); ok {
			if v < -90 || v > 90 {
				d.errorf(f.get("lat"), "latitude %s is out of range (-90 to 90)", f.get("lat").text)
			}
			s.Lat = v
		}
		if v, ok := d.number(f.get("lon"), "lon"); ok {
			if v < -180 || v > 180 {
				d.errorf(f.get("lon"), "longitude %s is out of range (-180 to 180)", f.get("lon").text)
			}
			s.Lon = v
		}
		s.Province, _ = d.str(f.get("province"), "province")
		out = append(out, s)
	}
	return out
}

func (d *decoder) unique(seen map[string]bool, id string, n *node, what string) {
	if id == "" {
		return
	}
	if seen[id] {
		d.errorf(n, "duplicate %s id %q", what, id)
	}
	seen[id] = true
}

func (d *decoder) catalogueID(n *node) string {
	id, ok := d.str(n, "id")
	if !ok {
		return ""
	}
	if !isName(id) {
		d.errorf(n, "id %q must be kebab-case (lower-case letters, digits and single hyphens)", id)
	}
	return id
}

// decodeEvent decodes one event file. id is the file name without .yaml,
// folder the name of the year folder it lies in.
func (d *decoder) decodeEvent(n *node, id, folder string, meta *Meta) (Event, bool) {
	asOf := meta.AsOf
	e := Event{ID: id}
	f, ok := d.fields(n, "event", eventFields, eventRequired)
	if !ok {
		return e, false
	}
	top := &node{line: 1, col: 1}
	if !isID(id) {
		d.errorf(top, "file name %q is not a valid event id: want <date>-<slug>, e.g. 2017-09-03-sixth-nuclear-test (lower-case letters, digits and single hyphens)", id+".yaml")
	} else if id[:4] != folder {
		d.errorf(top, "event %s lies in folder %s/ but its file name says %s; move it to %s/", id, folder, id[:4], id[:4])
	}
	if v, ok := d.date(f.get("date"), "date"); ok {
		e.Date = v
		prefix := v.String() + "-"
		switch {
		case !strings.HasPrefix(id, prefix):
			d.errorf(f.get("date"), "date %s does not match the file name %s, which must start with %s", v, Quote(id+".yaml"), prefix)
		case v.Precision() < PrecisionDay && len(id) > len(prefix)+2 && isDigits(id[len(prefix):len(prefix)+2]) && id[len(prefix)+2] == '-':
			d.errorf(f.get("date"), "date %s is less precise than the file name %s suggests", v, Quote(id+".yaml"))
		}
		if !asOf.IsZero() && v.Compare(asOf) > 0 {
			d.errorf(f.get("date"), "date %s is after the dataset's as-of date %s (timeline.yaml)", v, asOf)
		}
		if !meta.Start.IsZero() && before(v, meta.Start) {
			d.errorf(f.get("date"), "date %s is before the record's start %s (%s)", v, meta.Start, meta.StartFrom)
		}
	}
	if v, ok := d.date(f.get("end_date"), "end_date"); ok {
		e.EndDate = v
		if !e.Date.IsZero() && v.Compare(e.Date) <= 0 {
			d.errorf(f.get("end_date"), "end_date %s must be after date %s", v, e.Date)
		}
		if !asOf.IsZero() && v.Compare(asOf) > 0 {
			d.errorf(f.get("end_date"), "end_date %s is after the dataset's as-of date %s (timeline.yaml)", v, asOf)
		}
	}
	if v, ok := d.str(f.get("time"), "time"); ok {
		if !isTime(v) {
			d.errorf(f.get("time"), "time %q must be HH:MM (24-hour, KST), quoted", v)
		} else if e.Date.Precision() != PrecisionDay && !e.Date.IsZero() {
			d.errorf(f.get("time"), "time given for an event whose date has no day")
		}
		e.Time = v
	} else if n := f.get("time"); n != nil && n.kind == scalarNode && n.typ == intScalar {
		// Unquoted 12:29 is read as a base-60 number by YAML 1.1 tools.
		d.errorf(n, "time must be quoted, e.g. \"12:29\"")
	}
	k, kindOK := d.enum(f.get("kind"), "kind", kindNames)
	e.Kind = Kind(k)
	e.Title, _ = d.str(f.get("title"), "title")
	if htmlTagIndex(e.Title) >= 0 {
		d.errorf(f.get("title"), "`title` holds raw HTML: titles are plain text")
	}
	e.Summary, _ = d.markdown(f.get("summary"), "summary")
	if v := f.get("body"); v != nil && v.kind != nullNode {
		e.Body, _ = d.markdown(v, "body")
	} else {
		d.warnf(top, "event has no body: add a few sentences of detail and how sources differ")
	}

	if ln := f.get("launches"); ln != nil && ln.kind != nullNode {
		if kindOK && !e.Kind.HasLaunches() {
			d.errorf(ln, "`launches` belong only to missile-launch and satellite-launch events, not %s", e.Kind)
		}
		items := d.list(ln, "launches")
		if ln.kind == seqNode && len(items) == 0 {
			d.errorf(ln, "`launches` is empty")
		}
		for _, it := range items {
			if l, ok := d.decodeLaunch(it); ok {
				e.Launches = append(e.Launches, l)
			}
		}
	} else if kindOK && e.Kind.HasLaunches() {
		d.errorf(top, "a %s event needs `launches`: at least one group of missiles (system, count, outcome)", e.Kind)
	}

	if nn := f.get("nuclear"); nn != nil && nn.kind != nullNode {
		if kindOK && e.Kind != KindNuclearTest {
			d.errorf(nn, "`nuclear` belongs only to nuclear-test events, not %s", e.Kind)
		}
		e.Nuclear = d.decodeNuclear(nn)
	} else if kindOK && e.Kind == KindNuclearTest {
		d.errorf(top, "a nuclear-test event needs a `nuclear` block (site, yield_kt, magnitude_mb)")
	}

	if sn := f.get("sources"); sn != nil && sn.kind != nullNode {
		items := d.list(sn, "sources")
		if sn.kind == seqNode && len(items) == 0 {
			d.errorf(sn, "`sources` is empty: every event needs at least one source")
		}
		var urls []string
		for _, it := range items {
			s, ok := d.decodeSource(it)
			if !ok {
				continue
			}
			if slices.Contains(urls, s.URL) {
				d.errorf(it, "source %s is listed twice", s.URL)
				continue
			}
			urls = append(urls, s.URL)
			e.Sources = append(e.Sources, s)
		}
	}
	e.Tags = d.names(f.get("tags"), "tags")
	for _, it := range d.list(f.get("related"), "related") {
		r, ok := d.str(it, "related")
		if !ok {
			continue
		}
		switch {
		case r == id:
			d.errorf(it, "event lists itself as related")
		case slices.Contains(e.Related, r):
			d.errorf(it, "`related` lists %q twice", r)
		default:
			e.Related = append(e.Related, r)
			d.addRef("event", r, it)
		}
	}
	e.Updated, e.Corrections = d.decodeRevisions(f, e.Date, asOf)
	return e, true
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func (d *decoder) decodeLaunch(n *node) (Launch, bool) {
	var l Launch
	f, ok := d.fields(n, "launch", launchFields, launchRequired)
	if !ok {
		return l, false
	}
	if s, ok := d.str(f.get("system"), "system"); ok {
		l.System = s
		d.addRef("system", s, f.get("system"))
	}
	if c, ok := d.integer(f.get("count"), "count"); ok {
		if c < 1 {
			d.errorf(f.get("count"), "`count` must be 1 or more, found %d", c)
		}
		l.Count = c
	}
	l.CountEstimated, _ = d.boolean(f.get("count_estimated"), "count_estimated")
	l.Outcome, _ = d.enum(f.get("outcome"), "outcome", Outcomes)
	if s, ok := d.str(f.get("site"), "site"); ok {
		l.Site = s
		d.addRef("site", s, f.get("site"))
	}
	l.ApogeeKm = d.nonNegative(f.get("apogee_km"), "apogee_km")
	l.RangeKm = d.nonNegative(f.get("range_km"), "range_km")
	l.FlightMin = d.nonNegative(f.get("flight_min"), "flight_min")
	l.ReportedCounts = d.decodeReportedCounts(f.get("reported_counts"))
	return l, true
}

func (d *decoder) decodeNuclear(n *node) *Nuclear {
	f, ok := d.fields(n, "nuclear", nuclearFields, nuclearRequired)
	if !ok {
		return nil
	}
	nu := &Nuclear{}
	if s, ok := d.str(f.get("site"), "site"); ok {
		nu.Site = s
		d.addRef("site", s, f.get("site"))
	}
	if y := f.get("yield_kt"); y != nil && y.kind != nullNode {
		yf, ok := d.fields(y, "yield_kt", rangeFields, rangeFields)
		if ok {
			lo, okLo := d.number(yf.get("min"), "min")
			hi, okHi := d.number(yf.get("max"), "max")
			switch {
			case okLo && lo < 0:
				d.errorf(yf.get("min"), "yield `min` must be 0 or more, found %s", yf.get("min").text)
			case okHi && hi < 0:
				d.errorf(yf.get("max"), "yield `max` must be 0 or more, found %s", yf.get("max").text)
			case okLo && okHi && lo > hi:
				d.errorf(yf.get("max"), "yield `max` (%s) is less than `min` (%s)", yf.get("max").text, yf.get("min").text)
			case okLo && okHi:
				nu.YieldKt = &Range{Min: lo, Max: hi}
			}
		}
	}
	if v, ok := d.number(f.get("magnitude_mb"), "magnitude_mb"); ok {
		if v < 0 || v > 10 {
			d.errorf(f.get("magnitude_mb"), "`magnitude_mb` %s is out of range (0 to 10)", f.get("magnitude_mb").text)
		} else {
			nu.MagnitudeMb = &v
		}
	}
	nu.Claim, _ = d.str(f.get("claim"), "claim")
	return nu
}

func (d *decoder) decodeSource(n *node) (Source, bool) {
	var s Source
	f, ok := d.fields(n, "source", sourceFields, sourceRequired)
	if !ok {
		return s, false
	}
	u, okURL := d.str(f.get("url"), "url")
	if okURL {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || !webURL(u, pu, err) {
			scheme := ""
			if pu != nil {
				scheme = pu.Scheme
			}
			if err == nil && scheme != "http" && scheme != "https" {
				d.errorf(f.get("url"), "source url %q must use http or https, not %q", u, scheme)
			} else {
				d.errorf(f.get("url"), "source url %q is not a valid absolute URL", u)
			}
			okURL = false
		}
	}
	s.URL = u
	s.Publisher, _ = d.str(f.get("publisher"), "publisher")
	s.Title, _ = d.str(f.get("title"), "title")
	s.Published, _ = d.date(f.get("published"), "published")
	return s, okURL
}
