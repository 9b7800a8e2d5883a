// Package gen makes synthetic event sets in the record's format, to measure
// validation and builds at sizes the curated record will not reach for
// years. A set uses the real catalogues (timeline.yaml, systems.yaml,
// sites.yaml) and has the variety of curated events: every kind, launch
// groups with counts, outcomes, apogees and ranges, Markdown bodies with
// links and emphasis, one to three sources, tags, links to earlier events
// and some dates known only to the month. The same catalogues, size and seed
// always give the same bytes, so two measurements run on the same data.
package gen

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/nktimeline/timeline/internal/event"
)

// catalogueFiles are copied unchanged from the catalogue directory into
// every set: the three catalogues, and the schema a build publishes.
var catalogueFiles = []string{event.TimelineFile, event.SystemsFile, event.SitesFile, event.SchemaFile}

// Catalogue is what a set is made from: the dataset metadata and the
// catalogues of systems and sites, validated, with their files' bytes.
type Catalogue struct {
	Meta    event.Meta
	Systems []event.System
	Sites   []event.Site
	// Files holds the bytes of timeline.yaml, systems.yaml, sites.yaml and
	// event.schema.json by name.
	Files map[string][]byte
}

// LoadCatalogue reads the catalogues from an events directory (normally the
// project's events/) and validates them. The events in it are not read.
func LoadCatalogue(dir string) (*Catalogue, error) {
	c := &Catalogue{Files: map[string][]byte{}}
	fsys := fstest.MapFS{}
	for _, name := range catalogueFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		c.Files[name] = data
		fsys[name] = &fstest.MapFile{Data: data}
	}
	res, err := event.Load(context.Background(), fsys, filepath.ToSlash(dir))
	if err != nil {
		return nil, err
	}
	if len(res.Problems) > 0 {
		return nil, fmt.Errorf("the catalogues in %s have problems:\n%s", dir, res.Problems.Error())
	}
	c.Meta, c.Systems, c.Sites = res.Dataset.Meta, res.Dataset.Systems, res.Dataset.Sites
	if c.Meta.AsOf.IsZero() || len(c.Systems) == 0 || len(c.Sites) == 0 {
		return nil, errors.New("the catalogues need an as-of date, systems and sites")
	}
	return c, nil
}

// Set is a generated event set: the catalogue and the events, sorted by
// date, then id, as the loader sorts them.
type Set struct {
	Catalogue *Catalogue
	Events    []event.Event
}

// First is the earliest date a generated event may have, unless the
// catalogue's start is later: the record starts in 1984.
var First = event.Date{Year: 1984, Month: 1, Day: 1}

// Generate makes n events from the catalogue, deterministically for seed.
// Every event is valid: it passes `timeline validate --strict`.
func Generate(c *Catalogue, n int, seed uint64) (*Set, error) {
	if n < 0 {
		return nil, fmt.Errorf("cannot make %d events", n)
	}
	g := newGenerator(c, seed)
	// The validator warns when a system's first_flight is not the date of
	// its earliest launch in the record. So the first events are the first
	// flights of systems with a first_flight (up to a fifth of the set),
	// and a system with a first_flight is used only if its first flight is
	// among them, and only from that date on.
	var firsts []event.System
	for _, s := range c.Systems {
		ff := s.FirstFlight
		if !ff.IsZero() && ff.Compare(g.start) >= 0 && ff.Compare(c.Meta.AsOf) <= 0 && len(firsts) < n/5 {
			firsts = append(firsts, s)
			g.shown[s.ID] = true
		}
	}
	events := make([]event.Event, n)
	for i := range events {
		var first *event.System
		if i < len(firsts) {
			first = &firsts[i]
		}
		events[i] = g.event(i, first)
	}
	slices.SortStableFunc(events, func(a, b event.Event) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	// Related events come second: they point back at events earlier in
	// the record, as curated ones mostly do, so every id must be known.
	for i := range events {
		events[i].Related = g.related(events, i)
		events[i].Path = events[i].ID[:4] + "/" + events[i].ID + ".yaml"
	}
	return &Set{Catalogue: c, Events: events}, nil
}

// Files returns the set as an events directory: the catalogue files and
// one <year>/<id>.yaml per event, by slash-separated path.
func (s *Set) Files() map[string][]byte {
	m := make(map[string][]byte, len(s.Events)+len(catalogueFiles))
	for name, data := range s.Catalogue.Files {
		m[name] = data
	}
	for i := range s.Events {
		m[s.Events[i].Path] = EventYAML(&s.Events[i])
	}
	return m
}

// FS returns the set as an in-memory events directory for event.Load.
func (s *Set) FS() fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range s.Files() {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// WriteEvents writes the set as an events directory into dir, which must
// not exist or be empty, so that no stale event is mixed in.
func (s *Set) WriteEvents(dir string) error {
	return writeTree(dir, s.Files())
}

// writeTree writes files (by slash-separated path) under dir, which must
// not exist or be empty.
func writeTree(dir string, files map[string][]byte) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; give a new directory", dir)
	}
	made := map[string]bool{}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// generator draws events. Its random source is the only state besides the
// use counts, so the sequence of calls fixes the output.
type generator struct {
	c     *Catalogue
	r     *rand.Rand
	start event.Date // the earliest date an event may have
	first time.Time  // start as a time
	days  int        // from start to the as-of date

	missiles, slvs []event.System
	used           map[string]int  // how often each system and site was drawn
	shown          map[string]bool // systems whose first flight the set shows
	nuclearSite    string
	spaceSites     []string
}

func newGenerator(c *Catalogue, seed uint64) *generator {
	g := &generator{
		c:     c,
		r:     rand.New(rand.NewPCG(seed, 0x6e6b74696d656c69)),
		start: First,
		used:  map[string]int{},
		shown: map[string]bool{},
	}
	if c.Meta.Start.Compare(First) > 0 {
		g.start = c.Meta.Start
	}
	g.first = toTime(g.start)
	g.days = int(toTime(c.Meta.AsOf).Sub(g.first).Hours() / 24)
	for _, s := range c.Systems {
		if s.Class == event.ClassSLV {
			g.slvs = append(g.slvs, s)
		} else {
			g.missiles = append(g.missiles, s)
		}
	}
	g.nuclearSite = c.Sites[0].ID
	for _, s := range c.Sites {
		switch s.ID {
		case "punggye-ri":
			g.nuclearSite = s.ID
		case "sohae", "musudan-ri":
			g.spaceSites = append(g.spaceSites, s.ID)
		}
	}
	if len(g.spaceSites) == 0 {
		g.spaceSites = []string{c.Sites[0].ID}
	}
	return g
}

func toTime(d event.Date) time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

func fromTime(t time.Time) event.Date {
	return event.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// weighted picks an index with probability proportional to its weight.
func (g *generator) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *generator, s []T) T { return s[g.r.IntN(len(s))] }

// kindWeights give each kind its share of events, roughly as in the
// curated record: launches lead, then context and other activity.
var kindWeights = map[event.Kind]int{
	event.KindMissileLaunch: 40, event.KindNuclearTest: 2, event.KindSatelliteLaunch: 3,
	event.KindEngineTest: 4, event.KindArtillery: 6, event.KindNuclearProgram: 5,
	event.KindWeaponsDisplay: 5, event.KindOtherTest: 3, event.KindDiplomacy: 10,
	event.KindSanctions: 7, event.KindAlliedResponse: 10, event.KindPolitics: 5,
}

func (g *generator) kind() event.Kind {
	w := make([]int, len(event.Kinds))
	for i, k := range event.Kinds {
		w[i] = kindWeights[k]
	}
	k := event.Kinds[g.weighted(w...)]
	if k == event.KindSatelliteLaunch && len(g.slvs) == 0 {
		k = event.KindMissileLaunch
	}
	return k
}

// date draws a day between the start and the as-of date, later years more
// often (the record grows denser) but every year some, sometimes known only
// to the month.
func (g *generator) date() event.Date {
	u := g.r.Float64()
	if g.chance(0.8) {
		u = math.Sqrt(u)
	}
	off := int(u * float64(g.days+1))
	d := fromTime(g.first.AddDate(0, 0, min(off, g.days)))
	if g.chance(0.06) {
		d.Day = 0
	}
	return d
}

// event draws the i-th event. Its id ends in i, so ids are unique. When
// first is not nil, the event is the first flight of that system.
func (g *generator) event(i int, first *event.System) event.Event {
	e := event.Event{Date: g.date(), Kind: g.kind()}
	if first != nil {
		e.Date, e.Kind = first.FirstFlight, event.KindMissileLaunch
		if first.Class == event.ClassSLV {
			e.Kind = event.KindSatelliteLaunch
		}
	}
	// Early in the record there may be no system flown yet of a kind.
	if e.Kind == event.KindSatelliteLaunch && len(g.eligible(g.slvs, e.Date)) == 0 {
		e.Kind = event.KindMissileLaunch
	}
	if e.Kind == event.KindMissileLaunch && len(g.eligible(g.missiles, e.Date)) == 0 {
		e.Kind = event.KindWeaponsDisplay
	}
	day := e.Date.Precision() == event.PrecisionDay
	var slug string
	var p phrase
	switch e.Kind {
	case event.KindMissileLaunch, event.KindSatelliteLaunch:
		e.Launches = g.launches(e.Kind, e.Date, first)
		p = g.launchPhrase(e.Launches)
		slug = e.Launches[0].System
		if s := e.Launches[0].Site; s != "" {
			slug += "-" + s
		}
		if day && g.chance(0.7) {
			e.Time = fmt.Sprintf("%02d:%02d", g.r.IntN(24), g.r.IntN(60))
		}
	case event.KindNuclearTest:
		e.Nuclear = g.nuclear()
		p = phrase{title: "Underground nuclear test at " + g.siteName(e.Nuclear.Site), slug: "nuclear-test", what: "an underground nuclear test", where: g.siteName(e.Nuclear.Site)}
		slug = p.slug
		if day && g.chance(0.6) {
			e.Time = fmt.Sprintf("%02d:%02d", 9+g.r.IntN(4), g.r.IntN(60))
		}
	default:
		p = pick(g, kindPhrases[e.Kind])
		p.where = g.siteName(g.site())
		slug = p.slug
	}
	e.ID = fmt.Sprintf("%s-%s-%d", e.Date, slug, i)
	e.Title = p.title
	if e.Kind.IsContext() && day && g.chance(0.25) {
		if end := fromTime(toTime(e.Date).AddDate(0, 0, 1+g.r.IntN(10))); end.Compare(g.c.Meta.AsOf) <= 0 {
			e.EndDate = end
		}
	}
	e.Sources = g.sources(e, i)
	e.Summary = g.summary(e, p)
	e.Body = g.body(e, p)
	e.Tags = g.tags()
	if first != nil && !slices.Contains(e.Tags, "first-flight") {
		e.Tags = append([]string{"first-flight"}, e.Tags...)
	}
	return e
}

// eligible returns the systems of s that may fly on d: those without a
// first flight date, and those whose first flight the set shows and lies
// on or before d.
func (g *generator) eligible(s []event.System, d event.Date) []event.System {
	var ok []event.System
	for _, sys := range s {
		if sys.FirstFlight.IsZero() || g.shown[sys.ID] && sys.FirstFlight.Compare(d) <= 0 {
			ok = append(ok, sys)
		}
	}
	return ok
}

// system draws a system from the eligible ones of s (the caller makes sure
// there is one); half the time it takes the least used one, so that small
// sets still use the whole catalogue.
func (g *generator) system(s []event.System, d event.Date) event.System {
	ok := g.eligible(s, d)
	sys := pick(g, ok)
	if g.chance(0.5) {
		for _, o := range ok {
			if g.used[o.ID] < g.used[sys.ID] {
				sys = o
			}
		}
	}
	g.used[sys.ID]++
	return sys
}

// site draws a site id the same way.
func (g *generator) site() string {
	s := pick(g, g.c.Sites).ID
	if g.chance(0.5) {
		for _, o := range g.c.Sites {
			if g.used["site:"+o.ID] < g.used["site:"+s] {
				s = o.ID
			}
		}
	}
	g.used["site:"+s]++
	return s
}

func (g *generator) siteName(id string) string {
	for _, s := range g.c.Sites {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

func (g *generator) systemName(id string) string {
	for _, s := range g.c.Systems {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

// flight gives plausible apogee, range and flight time for a class:
// [low, high] for each, zero when the class has no such figure.
var flight = map[event.Class][3][2]float64{
	event.ClassSRBM:             {{20, 100}, {150, 800}, {3, 10}},
	event.ClassMRBM:             {{150, 600}, {600, 1500}, {8, 15}},
	event.ClassIRBM:             {{500, 2000}, {700, 4600}, {15, 30}},
	event.ClassICBM:             {{2000, 6500}, {900, 1100}, {40, 75}},
	event.ClassSLBM:             {{50, 900}, {400, 1000}, {5, 20}},
	event.ClassBallisticUnknown: {{50, 500}, {300, 1000}, {5, 15}},
	event.ClassSLV:              {{400, 600}, {2000, 3600}, {9, 15}},
	event.ClassCruise:           {{0, 0}, {200, 2000}, {60, 170}},
	event.ClassArtillery:        {{10, 40}, {40, 200}, {1, 4}},
	event.ClassAirDefense:       {{5, 30}, {20, 100}, {1, 3}},
}

func (g *generator) figure(r [2]float64, p float64, decimals int) *float64 {
	if r[1] == 0 || !g.chance(p) {
		return nil
	}
	scale := math.Pow(10, float64(decimals))
	v := math.Round((r[0]+g.r.Float64()*(r[1]-r[0]))*scale) / scale
	return &v
}

func (g *generator) launches(k event.Kind, d event.Date, first *event.System) []event.Launch {
	systems, groups := g.missiles, 1+g.weighted(75, 18, 7)
	if k == event.KindSatelliteLaunch {
		systems, groups = g.slvs, 1
	}
	var out []event.Launch
	for j := range groups {
		var sys event.System
		if j == 0 && first != nil {
			sys = *first
			g.used[sys.ID]++
		} else {
			sys = g.system(systems, d)
		}
		l := event.Launch{System: sys.ID, Outcome: event.Outcomes[g.weighted(75, 10, 5, 10)]}
		switch sys.Class {
		case event.ClassICBM, event.ClassSLV, event.ClassIRBM:
			l.Count = 1
		case event.ClassArtillery:
			l.Count = 2 + g.r.IntN(18)
		default:
			l.Count = []int{1, 2, 3, 4, 6}[g.weighted(40, 35, 10, 10, 5)]
		}
		l.CountEstimated = g.chance(0.1)
		switch {
		case k == event.KindSatelliteLaunch:
			l.Site = pick(g, g.spaceSites)
		case len(out) > 0 && g.chance(0.7):
			l.Site = out[0].Site
		case g.chance(0.85):
			l.Site = g.site()
		}
		f := flight[sys.Class]
		l.ApogeeKm = g.figure(f[0], 0.7, 0)
		l.RangeKm = g.figure(f[1], 0.7, 0)
		l.FlightMin = g.figure(f[2], 0.4, 1)
		out = append(out, l)
	}
	return out
}

func (g *generator) nuclear() *event.Nuclear {
	n := &event.Nuclear{Site: g.nuclearSite}
	if g.chance(0.9) {
		lo := math.Round((0.5+g.r.Float64()*100)*10) / 10
		n.YieldKt = &event.Range{Min: lo, Max: math.Round(lo*(1+g.r.Float64()*1.5)*10) / 10}
	}
	if g.chance(0.9) {
		m := math.Round((4+g.r.Float64()*2.3)*10) / 10
		n.MagnitudeMb = &m
	}
	if g.chance(0.7) {
		n.Claim = pick(g, claims)
	}
	return n
}

// related links the i-th event of the sorted events to up to three of the
// forty events before it.
func (g *generator) related(events []event.Event, i int) []string {
	n := min(g.weighted(40, 30, 20, 10), i)
	var out []string
	for len(out) < n {
		id := events[i-1-g.r.IntN(min(i, 40))].ID
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// publisher makes source URLs in the shape of a real publisher's.
type publisher struct {
	name string
	url  func(d event.Date, slug string, n int) string
}

var publishers = []publisher{
	{"Yonhap", func(d event.Date, _ string, n int) string {
		return fmt.Sprintf("https://en.yna.co.kr/view/AEN%04d%02d%02d%06d", d.Year, d.Month, d.Day, n)
	}},
	{"Reuters", func(d event.Date, s string, n int) string {
		return fmt.Sprintf("https://www.reuters.com/world/asia-pacific/%s-%d-%04d-%02d-%02d/", s, n, d.Year, d.Month, d.Day)
	}},
	{"KCNA Watch", func(_ event.Date, _ string, n int) string {
		return fmt.Sprintf("https://kcnawatch.org/newstream/%d/", 1500000000+n)
	}},
	{"NK News", func(d event.Date, s string, n int) string {
		return fmt.Sprintf("https://www.nknews.org/%04d/%02d/%s-%d/", d.Year, max(d.Month, 1), s, n)
	}},
	{"38 North", func(d event.Date, s string, n int) string {
		return fmt.Sprintf("https://www.38north.org/%04d/%02d/%s-%d/", d.Year, max(d.Month, 1), s, n)
	}},
	{"Japan Ministry of Defense", func(d event.Date, _ string, n int) string {
		return fmt.Sprintf("https://www.mod.go.jp/en/press/%04d/%02d%02d_%d.html", d.Year, max(d.Month, 1), max(d.Day, 1), n)
	}},
	{"CSIS Missile Threat", func(_ event.Date, s string, n int) string {
		return fmt.Sprintf("https://missilethreat.csis.org/%s-%d/", s, n)
	}},
	{"Arms Control Association", func(_ event.Date, s string, n int) string {
		return fmt.Sprintf("https://www.armscontrol.org/factsheets/%s-%d", s, n)
	}},
	{"UN Security Council", func(d event.Date, _ string, n int) string {
		return fmt.Sprintf("https://press.un.org/en/%04d/sc%d.doc.htm", d.Year, 10000+n)
	}},
	{"IAEA", func(_ event.Date, s string, n int) string {
		return fmt.Sprintf("https://www.iaea.org/newscenter/pressreleases/%s-%d", s, n)
	}},
}

func (g *generator) sources(e event.Event, i int) []event.Source {
	slug := strings.TrimPrefix(e.ID, e.Date.String()+"-")
	n := 1 + g.weighted(50, 35, 15)
	var out []event.Source
	for j, k := range g.r.Perm(len(publishers))[:n] {
		p := publishers[k]
		s := event.Source{URL: p.url(e.Date, slug, i*3+j), Publisher: p.name}
		if g.chance(0.4) {
			s.Title = e.Title
		}
		switch {
		case e.Date.Precision() == event.PrecisionDay && g.chance(0.8):
			s.Published = e.Date
			if g.chance(0.3) {
				if next := fromTime(toTime(e.Date).AddDate(0, 0, 1)); next.Compare(g.c.Meta.AsOf) <= 0 {
					s.Published = next
				}
			}
		case e.Date.Precision() == event.PrecisionMonth && g.chance(0.5):
			s.Published = e.Date
		}
		out = append(out, s)
	}
	return out
}

var tagWords = []string{
	"first-flight", "lofted", "icbm", "hypersonic", "japan-eez", "rail-launched",
	"submarine", "salvo", "kim-attends", "solid-fuel", "un-resolution", "joint-drill",
	"summit", "engine", "satellite", "tactical-nuclear", "cruise", "parade",
}

func (g *generator) tags() []string {
	n := g.weighted(25, 35, 25, 10, 5)
	var out []string
	for _, j := range g.r.Perm(len(tagWords))[:n] {
		out = append(out, tagWords[j])
	}
	return out
}
