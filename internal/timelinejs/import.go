package timelinejs

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventfile"
)

// Options says how slides become events.
type Options struct {
	// GroupKinds maps a slide's group to a kind; Kind is the kind of the
	// slides whose group is not mapped. A group that is itself a kind's
	// id or label ("missile-launch", "Missile launch") needs no mapping.
	GroupKinds map[string]event.Kind
	Kind       event.Kind
	// A sheet has no launch groups or nuclear details. Events of kinds
	// that need them get a placeholder group of LaunchSystem (missile
	// launches) or SatelliteSystem (satellite launches), one missile,
	// count estimated, outcome unknown; nuclear tests get TestSite. Each
	// is listed among the notes for the curator to correct.
	LaunchSystem, SatelliteSystem, TestSite string
}

// Result is what Read made of a file.
type Result struct {
	// Unit is what Note.Row counts: "row" for a sheet, "event" for JSON.
	Unit   string
	Title  string      // the title slide's headline, as text
	Events []Converted // in the file's order
	// Skipped lists the slides not converted, and Notes what to check in
	// converted ones; both by row.
	Skipped, Notes []Note
}

// Converted is an event made from a slide.
type Converted struct {
	Row   int // see Note.Row
	Event event.Event
}

// Note is something to report about a slide.
type Note struct {
	// Row is the slide's row in the sheet (the header is row 1, as in
	// the spreadsheet) or its number in the JSON's events (from 1).
	Row    int
	Reason string
}

func (n Note) String() string { return fmt.Sprintf("row %d: %s", n.Row, n.Reason) }

// slide is a sheet row or a JSON slide, before conversion.
type slide struct {
	row                int
	start, end         *Date
	time               string
	headline, text     string // HTML
	media, credit, cap string
	group, typ         string
	uniqueID           string
}

// Read reads a TimelineJS file, the JSON format when it starts with "{",
// else the Google Sheets template exported as CSV.
func Read(data []byte, opt Options) (*Result, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return ReadJSON(data, opt)
	}
	return ReadCSV(bytes.NewReader(data), opt)
}

// ReadJSON reads TimelineJS's JSON format.
func ReadJSON(data []byte, opt Options) (*Result, error) {
	var tl Timeline
	if err := json.Unmarshal(data, &tl); err != nil {
		return nil, fmt.Errorf("not TimelineJS JSON: %v", err)
	}
	if tl.Events == nil {
		return nil, errors.New("not TimelineJS JSON: no `events` list")
	}
	c := newConverter(opt)
	c.res.Unit = "event"
	if tl.Title != nil && tl.Title.Text != nil {
		c.res.Title = plain(tl.Title.Text.Headline)
	}
	for i, s := range tl.Events {
		sl := slide{row: i + 1, start: s.StartDate, end: s.EndDate, group: s.Group, uniqueID: s.UniqueID}
		if s.Text != nil {
			sl.headline, sl.text = s.Text.Headline, s.Text.Text
		}
		if s.Media != nil {
			sl.media, sl.credit, sl.cap = s.Media.URL, s.Media.Credit, s.Media.Caption
		}
		if d := s.StartDate; d != nil && (d.Hour != 0 || d.Minute != 0) {
			sl.time = fmt.Sprintf("%02d:%02d", d.Hour, d.Minute)
		}
		c.convert(sl)
	}
	return c.result()
}

// The columns of the template that the importer reads.
var columns = []string{"Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "Headline", "Text", "Media", "Media Credit", "Media Caption", "Type", "Group"}

// ReadCSV reads the Google Sheets template exported as CSV: a header row
// naming the columns (Year, Month, Day, Time, End Year, End Month, End
// Day, End Time, Display Date, Headline, Text, Media, Media Credit, Media
// Caption, Media Thumbnail, Type, Group, Background) in any order, then a
// row per slide. Blank rows are skipped.
func ReadCSV(r io.Reader, opt Options) (*Result, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("not a TimelineJS sheet: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"year", "headline"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("not a TimelineJS sheet: no %q column in the header row", need)
		}
	}
	c := newConverter(opt)
	c.res.Unit = "row"
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %v", row, err)
		}
		get := func(name string) string {
			if i, ok := col[strings.ToLower(name)]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		blank := true
		for _, name := range columns {
			if get(name) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		sl := slide{row: row, time: get("Time"), headline: get("Headline"), text: get("Text"),
			media: get("Media"), credit: get("Media Credit"), cap: get("Media Caption"),
			group: get("Group"), typ: strings.ToLower(get("Type"))}
		var bad string
		sl.start, bad = sheetDate(get("Year"), get("Month"), get("Day"))
		if bad == "" {
			var badEnd string
			sl.end, badEnd = sheetDate(get("End Year"), get("End Month"), get("End Day"))
			if badEnd != "" {
				bad = "end date: " + badEnd
			}
		}
		if bad != "" && sl.typ != "title" {
			c.skip(row, "%s", bad)
			continue
		}
		c.convert(sl)
	}
	return c.result()
}

// sheetDate reads the Year, Month and Day cells; nil when Year is empty.
func sheetDate(y, m, d string) (*Date, string) {
	if y == "" {
		if m != "" || d != "" {
			return nil, "a month or day without a year"
		}
		return nil, ""
	}
	var out Date
	for _, p := range []struct {
		cell string
		v    *Int
		name string
	}{{y, &out.Year, "year"}, {m, &out.Month, "month"}, {d, &out.Day, "day"}} {
		if p.cell == "" {
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(p.cell, ",", ""))
		if err != nil {
			return nil, fmt.Sprintf("%s %q is not a number", p.name, p.cell)
		}
		*p.v = Int(n)
	}
	return &out, ""
}

type converter struct {
	opt Options
	res Result
	ids map[string]bool
}

func newConverter(opt Options) *converter {
	return &converter{opt: opt, ids: map[string]bool{}}
}

func (c *converter) skip(row int, format string, args ...any) {
	c.res.Skipped = append(c.res.Skipped, Note{row, fmt.Sprintf(format, args...)})
}

func (c *converter) note(row int, format string, args ...any) {
	c.res.Notes = append(c.res.Notes, Note{row, fmt.Sprintf(format, args...)})
}

func (c *converter) result() (*Result, error) { return &c.res, nil }

// convert turns one slide into an event, or records why it cannot.
func (c *converter) convert(s slide) {
	switch s.typ {
	case "title":
		if c.res.Title == "" {
			c.res.Title = plain(s.headline)
		}
		c.note(s.row, "title slide: not an event, skipped")
		return
	case "era":
		c.skip(s.row, "an era, not an event")
		return
	}
	var e event.Event
	if s.start == nil || s.start.Year == 0 {
		c.skip(s.row, "no start date (Year is empty)")
		return
	}
	start, err := recordDate(s.start)
	if err != nil {
		c.skip(s.row, "%v", err)
		return
	}
	e.Date = start
	if s.end != nil && s.end.Year != 0 {
		end, err := recordDate(s.end)
		switch {
		case err != nil:
			c.skip(s.row, "end date: %v", err)
			return
		case end.Compare(start) < 0:
			c.skip(s.row, "ends (%s) before it starts (%s)", end, start)
			return
		case end.Compare(start) > 0:
			e.EndDate = end
		}
	}
	if s.time != "" {
		switch t, ok := clock(s.time); {
		case !ok:
			c.note(s.row, "time %q not understood: left out", s.time)
		case start.Precision() != event.PrecisionDay:
			c.note(s.row, "time %q given for a date without a day: left out", s.time)
		default:
			e.Time = t
		}
	}
	e.Title = plain(s.headline)
	if e.Title == "" {
		c.skip(s.row, "no Headline")
		return
	}
	// A slide's unique_id names the event when it is a slug, or an event
	// id with the slide's date (as in the record's own export).
	slug := eventfile.Slug(e.Title)
	if uid := s.uniqueID; uid != "" {
		if rest, ok := strings.CutPrefix(uid, start.String()+"-"); ok && eventfile.Slug(rest) == rest {
			slug = rest
		} else if eventfile.Slug(uid) == uid {
			slug = uid
		}
	}
	if slug == "" {
		c.skip(s.row, "the headline %q gives no id (no Latin letters or digits)", e.Title)
		return
	}
	kind, ok := c.kind(s.group)
	if !ok {
		if s.group == "" {
			c.skip(s.row, "no Group and no --kind: cannot tell the event's kind")
		} else {
			c.skip(s.row, "no kind for group %q: map it with --group-kind '%s=KIND' or give --kind", s.group, s.group)
		}
		return
	}
	e.Kind = kind
	md, links, err := markdown(s.text)
	if err != nil {
		c.skip(s.row, "Text: %v", err)
		return
	}
	e.Summary, e.Body = split(md)
	if e.Summary == "" {
		c.skip(s.row, "no paragraph in Text to make the summary from")
		return
	}
	if s.media != "" {
		if isWeb(s.media) {
			pub := plain(s.credit)
			if pub == "" {
				pub = host(s.media)
			}
			e.Sources = append(e.Sources, event.Source{URL: s.media, Publisher: pub, Title: plain(s.cap)})
		} else {
			c.note(s.row, "Media is not a web address: left out")
		}
	}
	for _, l := range links {
		dup := false
		for _, src := range e.Sources {
			dup = dup || src.URL == l
		}
		if !dup {
			e.Sources = append(e.Sources, event.Source{URL: l, Publisher: host(l)})
		}
	}
	if len(e.Sources) == 0 {
		c.skip(s.row, "no source: Media is not a web address and Text links nowhere")
		return
	}
	switch {
	case kind == event.KindMissileLaunch || kind == event.KindSatelliteLaunch:
		sys := c.opt.LaunchSystem
		if kind == event.KindSatelliteLaunch {
			sys = c.opt.SatelliteSystem
		}
		if sys == "" {
			c.skip(s.row, "a %s needs a launch group, and no placeholder system was given", kind)
			return
		}
		e.Launches = []event.Launch{{System: sys, Count: 1, CountEstimated: true, Outcome: "unknown"}}
		c.note(s.row, "placeholder launch group (%s, 1 missile, estimated, outcome unknown): correct it from the sources", sys)
	case kind == event.KindNuclearTest:
		if c.opt.TestSite == "" {
			c.skip(s.row, "a nuclear test needs a site, and no placeholder site was given")
			return
		}
		e.Nuclear = &event.Nuclear{Site: c.opt.TestSite}
		c.note(s.row, "placeholder nuclear block (site %s): add yield and magnitude from the sources", c.opt.TestSite)
	}
	e.ID = eventfile.ID(e.Date, slug)
	for n := 2; c.ids[e.ID]; n++ {
		e.ID = eventfile.ID(e.Date, fmt.Sprintf("%s-%d", slug, n))
	}
	c.ids[e.ID] = true
	e.Path = eventfile.Path(e.ID)
	c.res.Events = append(c.res.Events, Converted{Row: s.row, Event: e})
}

// kind finds the kind of a group.
func (c *converter) kind(group string) (event.Kind, bool) {
	if k, ok := c.opt.GroupKinds[group]; ok {
		return k, true
	}
	g := strings.TrimSpace(group)
	for _, k := range event.Kinds {
		if strings.EqualFold(g, string(k)) || strings.EqualFold(g, k.Label()) {
			return k, true
		}
	}
	if c.opt.Kind != "" {
		return c.opt.Kind, true
	}
	return "", false
}

// recordDate checks a slide date against the record's calendar.
func recordDate(d *Date) (event.Date, error) {
	if d.Year < 1 || d.Year > 9999 {
		return event.Date{}, fmt.Errorf("year %d is outside the years 1 to 9999", d.Year)
	}
	if d.Month == 0 && d.Day != 0 {
		return event.Date{}, fmt.Errorf("a day without a month")
	}
	s := fmt.Sprintf("%04d", d.Year)
	if d.Month != 0 {
		s += fmt.Sprintf("-%02d", d.Month)
	}
	if d.Day != 0 {
		s += fmt.Sprintf("-%02d", d.Day)
	}
	if d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return event.Date{}, fmt.Errorf("invalid date: year %d, month %d, day %d", d.Year, d.Month, d.Day)
	}
	return event.ParseDate(s)
}

var clockRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp][Mm])?$`)

// clock reads a sheet's Time cell ("9:40", "09:40:00", "9:40 PM") as HH:MM.
func clock(s string) (string, bool) {
	m := clockRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	switch strings.ToLower(m[3]) {
	case "am":
		if h < 1 || h > 12 {
			return "", false
		}
		h %= 12
	case "pm":
		if h < 1 || h > 12 {
			return "", false
		}
		h = h%12 + 12
	}
	if h > 23 || min > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, min), true
}

func isWeb(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n\"<>\\")
}

// host names a publisher from a URL: its host without "www.".
func host(s string) string {
	u, _ := url.Parse(s)
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// plain returns the text of an HTML fragment, spaces collapsed.
func plain(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Br || n.DataAtom == atom.P) {
			b.WriteByte(' ')
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// markdown turns a slide's HTML text into Markdown the record accepts:
// links only to http(s) addresses (others keep their text), no images,
// embeds or scripts. It also returns the http(s) links, in order.
func markdown(s string) (string, []string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil, nil
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		return "", nil, err
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	var links []string
	var clean func(*html.Node)
	clean = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				switch c.DataAtom {
				case atom.Img, atom.Iframe, atom.Script, atom.Style, atom.Object, atom.Embed, atom.Video, atom.Audio, atom.Svg, atom.Template:
					n.RemoveChild(c)
					c = next
					continue
				case atom.A:
					href := ""
					for _, a := range c.Attr {
						if a.Key == "href" {
							href = strings.TrimSpace(a.Val)
						}
					}
					if isWeb(href) {
						c.Attr = []html.Attribute{{Key: "href", Val: href}}
						if !contains(links, href) {
							links = append(links, href)
						}
					} else {
						// Keep the words, drop the link.
						c.Data, c.DataAtom, c.Attr = "span", atom.Span, nil
					}
				}
			}
			clean(c)
			c = next
		}
	}
	clean(body)
	var buf bytes.Buffer
	if err := html.Render(&buf, body); err != nil {
		return "", nil, err
	}
	md, err := htmltomarkdown.ConvertString(buf.String())
	if err != nil {
		return "", nil, err
	}
	return strings.TrimSpace(md), links, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// split takes the first plain paragraph of Markdown as the summary and the
// other blocks, in order, as the body.
func split(md string) (summary, body string) {
	var rest []string
	for _, block := range strings.Split(md, "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		if summary == "" && isParagraph(block) {
			summary = strings.Join(strings.Fields(strings.NewReplacer("\\\n", " ", "  \n", " ").Replace(block)), " ")
			continue
		}
		rest = append(rest, block)
	}
	return summary, strings.Join(rest, "\n\n")
}

var blockStart = regexp.MustCompile(`^(?:[-*+] |>|#|\d+[.)] |` + "```" + `|~~~|    |\|)`)

func isParagraph(block string) bool { return !blockStart.MatchString(block) }
