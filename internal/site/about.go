package site

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The methodology page, out/about/index.html ("About the data"), for
// reporters who quote the numbers: what the record covers, the counting
// rule, dates, estimates, what each chart shows, every column and key of
// the downloads, the licence and how to cite. Every figure on it is
// computed here from the dataset; the column and key lists come from the
// code that writes the files, so the page cannot fall behind them.

// aboutPath is the site path of the methodology page.
const aboutPath = "about/"

// aboutData is the Data of about.html.
type aboutData struct {
	Totals  stats.Totals // over the whole record
	Figures figures      // record year, the January–June record
	First   event.Date   // the first event's date
	Weapons int          // events of weapons activity
	Context int          // context events
	Kinds   []kindRow    // every kind, in the site's order
	// Classes are every class, ballistic ones first, with what the record
	// holds of each; Ballistic are the counted ones.
	Classes []classRow
	// Ballistic names the counted classes in a sentence: "SRBM, …, SLBM or
	// ballistic of unknown class".
	Ballistic string
	KN25      *kn25 // nil when the catalogue has no KN-25
	// Hypersonic counts the events tagged hypersonic.
	Hypersonic int
	// Events dated only to the month or the year, and the last year with one.
	MonthOnly, YearOnly, LastPartial int
	// CoarseLaunches are the launch events dated only to the month or year.
	CoarseLaunches int
	Estimated      estimates
	Charts         []aboutChart
	Eras           []event.Era
	Downloads      []download
	JSON           []jsonObjectDoc
	Extras         []extraKey // the keys beyond the design's format
	Licence        licence
	// Search documents the filters, the year pages, the embeddable list
	// and data/search.json (search.go).
	Search *searchDoc
	// Reported are the launch groups whose bodies gave different counts;
	// Tallies are other bodies' yearly figures beside the record's; Half
	// compares January–June 2022 with the wire count (nil without it).
	Reported []reportedRow
	Tallies  []tallyRow
	Half     *halfYear
	// ColumnDocs document data/events.csv, data/systems.csv,
	// data/sites.csv and the workbook's events sheet; Sheets are the
	// workbook's sheets.
	ColumnDocs []columnsDoc
	Sheets     []string
}

// columnsDoc documents the columns of one file.
type columnsDoc struct {
	ID, Title string // HTML id and heading
	Cols      []fieldDoc
}

type kindRow struct {
	Kind    event.Kind
	About   string
	Context bool
	Events  int
}

type classRow struct {
	Class     event.Class
	About     string
	Ballistic bool
	Missiles  int // the sum of count over its launch groups
	Groups    int
	Events    int
}

// kn25 is the 600 mm rocket system that South Korea and Japan report as a
// ballistic missile, with what the record holds of it.
type kn25 struct {
	Name      string
	Class     event.Class
	Ballistic bool
	Missiles  int
	Events    int
}

// estimates are the launch groups whose count is marked estimated.
type estimates struct {
	Groups, Events int
	Missiles       int // in those groups, of every class
	Ballistic      int // of them ballistic
}

type aboutChart struct {
	ID, Title, Definition string
	Path                  string // site path of the chart page
	CSV                   string // site path of its CSV
	From, To              int
}

type download struct {
	Path, About string // site path
}

// fieldDoc documents a CSV column or a JSON key.
type fieldDoc struct {
	Name, About string
	Present     string // JSON: when the key is there ("always", "when known", …)
	Extra       bool   // JSON: beyond the design's format
}

type jsonObjectDoc struct {
	ID, Name, About string // ID is the element id of its heading
	In              string // the objects named in a sentence ("launch groups"); empty for the file and events
	Fields          []fieldDoc
}

// extraKey is a key of data/events.json beyond the design's format.
type extraKey struct {
	Key, In string
}

type licence struct {
	Name, URL, Terms string
}

// kindAbout says what each kind holds.
var kindAbout = map[event.Kind]string{
	event.KindMissileLaunch:   "Missiles fired on one day from one place, one event per salvo: ballistic, cruise and air-defence missiles, and rocket artillery reported as missile launches.",
	event.KindNuclearTest:     "Underground nuclear tests.",
	event.KindSatelliteLaunch: "Launches of rockets carrying a satellite.",
	event.KindEngineTest:      "Ground tests of rocket engines.",
	event.KindArtillery:       "Artillery fire and rocket-artillery tests not reported as missile launches.",
	event.KindNuclearProgram:  "Reactors, enrichment, warhead reveals and other steps of the nuclear programme.",
	event.KindWeaponsDisplay:  "Military parades and unveilings of weapons.",
	event.KindOtherTest:       "Other weapons tests, and reported launch attempts that could not be confirmed.",
	event.KindDiplomacy:       "Summits, talks, agreements and treaties.",
	event.KindSanctions:       "Security Council resolutions and national sanctions.",
	event.KindAlliedResponse:  "What South Korea, the United States, Japan and their allies did in response: drills, deployments, statements.",
	event.KindPolitics:        "Leadership changes and other politics.",
}

// classAbout says what each class is. The ranges are the usual ones.
var classAbout = map[event.Class]string{
	event.ClassSRBM:             "short-range ballistic missiles, up to 1,000 km",
	event.ClassMRBM:             "medium-range ballistic missiles, 1,000 to 3,000 km",
	event.ClassIRBM:             "intermediate-range ballistic missiles, 3,000 to 5,500 km",
	event.ClassICBM:             "intercontinental ballistic missiles, over 5,500 km",
	event.ClassSLBM:             "submarine-launched ballistic missiles",
	event.ClassBallisticUnknown: "ballistic missiles whose type was not reported",
	event.ClassSLV:              "space launch vehicles",
	event.ClassCruise:           "cruise missiles",
	event.ClassArtillery:        "rocket artillery (multiple rocket launchers)",
	event.ClassAirDefense:       "surface-to-air missiles",
	event.ClassOther:            "other systems",
}

// csvAbout documents the columns of data/events.csv (csvHeader).
func csvAbout() map[string]string {
	classes := make([]string, len(event.Classes))
	for i, c := range event.Classes {
		classes[i] = string(c)
	}
	return map[string]string{
		"id":              "The event's id: its file name and the last part of its address.",
		"date":            "The local date in Korea: YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known.",
		"date_precision":  "day, month or year: how much of the date is known.",
		"end_date":        "The last day of an event that runs over several days; empty otherwise.",
		"time":            "The time in Korea (KST, UTC+9) of the first launch, HH:MM; empty when not known.",
		"kind":            "The kind of event (see the table of kinds).",
		"title":           "The event's title.",
		"url":             "The event's page on this site.",
		"system":          "The id of the launch group's weapon system. This and the columns up to flight_min are empty in the row of an event without launches.",
		"system_name":     "The system's name.",
		"class":           "The system's class: " + strings.Join(classes, ", ") + ".",
		"ballistic":       "true when the class is ballistic, so that the row's count adds to the ballistic missile count.",
		"count":           "The number of missiles or rockets in the launch group.",
		"count_estimated": "true when the count is an estimate or the sources disagree.",
		"outcome":         strings.Join(event.Outcomes, ", ") + ".",
		"site":            "The id of the launch site; empty when it was not reported.",
		"site_name":       "The site's name.",
		"lat":             "The site's latitude, in degrees.",
		"lon":             "The site's longitude, in degrees.",
		"apogee_km":       "The highest altitude reached, in kilometres, when reported.",
		"range_km":        "The distance flown, in kilometres, when reported.",
		"flight_min":      "The flight time in minutes, when reported.",
		"nuclear_site":    "Nuclear tests: the id of the test site.",
		"yield_kt_min":    "Nuclear tests: the low end of the estimated yield, in kilotons.",
		"yield_kt_max":    "Nuclear tests: the high end of the estimated yield, in kilotons.",
		"magnitude_mb":    "Nuclear tests: the body-wave seismic magnitude (mb).",
		"sources":         "The addresses of the event's sources, separated by spaces.",
		"updated":         "The day a fact of the event last changed, YYYY-MM-DD; empty when none has (see the corrections in events.json and on the changes page).",
	}
}

// jsonDoc documents one key of data/events.json.
type jsonDoc struct {
	About   string
	Present string // overrides the presence derived from the json tag
	Extra   bool   // beyond the design's format
}

// jsonObjects are the objects of data/events.json, each with the Go type
// that writes it and the documentation of its keys.
func jsonObjects() []struct {
	doc  jsonObjectDoc
	typ  reflect.Type
	keys map[string]jsonDoc
} {
	type obj = struct {
		doc  jsonObjectDoc
		typ  reflect.Type
		keys map[string]jsonDoc
	}
	return []obj{
		{jsonObjectDoc{ID: "json-file", Name: "The file", About: "One object:"}, reflect.TypeFor[jsonFile](), map[string]jsonDoc{
			"title":   {About: "The dataset's title."},
			"as_of":   {About: "The date the record is complete up to, YYYY-MM-DD."},
			"licence": {About: "The licence of the data.", Extra: true},
			"events":  {About: "Every event, oldest first."},
		}},
		{jsonObjectDoc{ID: "json-event", Name: "An event", About: "Each item of events:"}, reflect.TypeFor[jsonEvent](), map[string]jsonDoc{
			"id":             {About: "The event's id: its file name and the last part of its address."},
			"date":           {About: "The local date in Korea: YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known."},
			"date_precision": {About: "day, month or year."},
			"end_date":       {About: "The last day of an event that runs over several days.", Extra: true},
			"time":           {About: "The time in Korea (KST) of the first launch, HH:MM.", Extra: true},
			"kind":           {About: "The kind of event (see the table of kinds)."},
			"title":          {About: "The event's title."},
			"summary":        {About: "One to three sentences, in Markdown."},
			"url":            {About: "The event's page, as a path on this site."},
			"launches":       {About: "The launch groups: one per group of identical missiles; empty for events without launches."},
			"nuclear":        {About: "The details of a nuclear test.", Present: "nuclear tests"},
			"sources":        {About: "The sources, at least one."},
			"tags":           {About: "Keywords, such as hypersonic; may be empty."},
			"related":        {About: "The ids of related events.", Extra: true},
			"updated":        {About: "The day a fact of the event last changed, YYYY-MM-DD.", Present: "when a fact has changed", Extra: true},
			"corrections":    {About: "What changed and when, oldest first.", Present: "when a fact has changed", Extra: true},
		}},
		{jsonObjectDoc{ID: "json-launch", Name: "A launch group", In: "launch groups", About: "Each item of launches:"}, reflect.TypeFor[jsonLaunch](), map[string]jsonDoc{
			"system":          {About: "The id of the weapon system."},
			"system_name":     {About: "The system's name."},
			"class":           {About: "The system's class, as in events.csv."},
			"count":           {About: "The number of missiles or rockets."},
			"count_estimated": {About: "true when the count is an estimate or the sources disagree.", Extra: true},
			"outcome":         {About: strings.Join(event.Outcomes, ", ") + "."},
			"site":            {About: "The id of the launch site."},
			"site_name":       {About: "The site's name."},
			"lat":             {About: "The site's latitude, in degrees."},
			"lon":             {About: "The site's longitude, in degrees."},
			"apogee_km":       {About: "The highest altitude reached, in kilometres."},
			"range_km":        {About: "The distance flown, in kilometres."},
			"flight_min":      {About: "The flight time in minutes.", Extra: true},
			"reported_counts": {About: "Each body's own figure, where official counts differ; count is the one the record counts.", Present: "when counts differ", Extra: true},
		}},
		{jsonObjectDoc{ID: "json-nuclear", Name: "A nuclear test", In: "nuclear", About: "The nuclear object:"}, reflect.TypeFor[jsonNuclear](), map[string]jsonDoc{
			"site":         {About: "The id of the test site."},
			"yield_kt_min": {About: "The low end of the estimated yield, in kilotons."},
			"yield_kt_max": {About: "The high end of the estimated yield, in kilotons."},
			"magnitude_mb": {About: "The body-wave seismic magnitude (mb)."},
			"claim":        {About: "What North Korea said it tested.", Extra: true},
		}},
		{jsonObjectDoc{ID: "json-reported-count", Name: "A reported count", In: "reported_counts", About: "Each item of a launch group's reported_counts:"}, reflect.TypeFor[jsonReportedCount](), map[string]jsonDoc{
			"by":        {About: "Who gave the figure: South Korea JCS, Japan Ministry of Defense, KCNA…"},
			"count":     {About: "Their figure."},
			"estimated": {About: "true when they gave it as approximate (“about ten”) or as a floor (“at least seven”)."},
			"url":       {About: "Where they published it."},
		}},
		{jsonObjectDoc{ID: "json-correction", Name: "A correction", In: "corrections", About: "Each item of an event's corrections:"}, reflect.TypeFor[jsonCorrection](), map[string]jsonDoc{
			"date": {About: "The day of the change, YYYY-MM-DD."},
			"text": {About: "What changed and why, in Markdown."},
		}},
		{jsonObjectDoc{ID: "json-source", Name: "A source", In: "sources", About: "Each item of sources:"}, reflect.TypeFor[jsonSource](), map[string]jsonDoc{
			"url":       {About: "The address of the source."},
			"publisher": {About: "Who published it."},
			"title":     {About: "The source's title.", Extra: true},
			"published": {About: "The date it was published.", Extra: true},
		}},
	}
}

// jsonFieldDocs lists the keys that the type writes, in order, from its
// json tags, with their documentation. A key without one is an error, so a
// new key cannot reach the download without reaching this page.
func jsonFieldDocs(typ reflect.Type, keys map[string]jsonDoc) ([]fieldDoc, error) {
	var out []fieldDoc
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		d, ok := keys[name]
		if !ok {
			return nil, fmt.Errorf("site: the about page does not describe the key %q of %s in data/events.json", name, typ.Name())
		}
		present := "always"
		if strings.Contains(opts, "omitempty") {
			switch f.Type.Kind() {
			case reflect.Bool:
				present = "only when true"
			case reflect.Slice:
				present = "when there are any"
			default:
				present = "when known"
			}
		}
		if d.Present != "" {
			present = d.Present
		}
		out = append(out, fieldDoc{Name: name, About: d.About, Present: present, Extra: d.Extra})
	}
	return out, nil
}

// licences are the licences the page can say more about than their name.
var licences = map[string]licence{
	"CC BY 4.0": {
		URL:   "https://creativecommons.org/licenses/by/4.0/",
		Terms: "You may copy, publish and adapt the data for any purpose, commercial ones included, as long as you credit the source, link to the licence and say whether you changed the data.",
	},
}

func (b *builder) addAbout() error {
	ds := b.ds
	d := &aboutData{
		Totals:    stats.Total(ds, stats.All),
		Figures:   b.figures(),
		Ballistic: ballisticList(),
		Eras:      ds.Meta.Eras,
	}
	if len(ds.Events) > 0 {
		d.First = ds.Events[0].Date
	}

	kinds := map[event.Kind]int{}
	type tally struct{ missiles, groups, events int }
	classes := map[event.Class]*tally{}
	for _, c := range event.Classes {
		classes[c] = &tally{}
	}
	var kn *event.System
	for i := range ds.Systems {
		s := &ds.Systems[i]
		if isKN25(s) {
			kn = s
			d.KN25 = &kn25{Name: s.Name, Class: s.Class, Ballistic: s.Class.IsBallistic()}
			break
		}
	}
	for i := range ds.Events {
		e := &ds.Events[i]
		kinds[e.Kind]++
		if e.Kind.IsContext() {
			d.Context++
		} else {
			d.Weapons++
		}
		if e.Date.Precision() != event.PrecisionDay && stats.IsLaunchEvent(ds, e) {
			d.CoarseLaunches++
		}
		switch e.Date.Precision() {
		case event.PrecisionMonth:
			d.MonthOnly++
			d.LastPartial = e.Date.Year
		case event.PrecisionYear:
			d.YearOnly++
			d.LastPartial = e.Date.Year
		}
		for _, tag := range e.Tags {
			if tag == "hypersonic" {
				d.Hypersonic++
				break
			}
		}
		seen := map[event.Class]bool{}
		estimated, knSeen := false, false
		for _, l := range e.Launches {
			c := ds.Class(l)
			if t, ok := classes[c]; ok {
				t.missiles += l.Count
				t.groups++
				if !seen[c] {
					seen[c] = true
					t.events++
				}
			}
			if l.CountEstimated {
				d.Estimated.Groups++
				d.Estimated.Missiles += l.Count
				if c.IsBallistic() {
					d.Estimated.Ballistic += l.Count
				}
				estimated = true
			}
			if kn != nil && l.System == kn.ID {
				d.KN25.Missiles += l.Count
				if !knSeen {
					knSeen = true
					d.KN25.Events++
				}
			}
		}
		if estimated {
			d.Estimated.Events++
		}
	}
	for _, k := range event.Kinds {
		about, ok := kindAbout[k]
		if !ok {
			return fmt.Errorf("site: the about page does not describe the kind %q", k)
		}
		d.Kinds = append(d.Kinds, kindRow{Kind: k, About: about, Context: k.IsContext(), Events: kinds[k]})
	}
	for _, c := range event.Classes {
		about, ok := classAbout[c]
		if !ok {
			return fmt.Errorf("site: the about page does not describe the class %q", c)
		}
		t := classes[c]
		d.Classes = append(d.Classes, classRow{Class: c, About: about, Ballistic: c.IsBallistic(),
			Missiles: t.missiles, Groups: t.groups, Events: t.events})
	}

	charts, err := b.allCharts()
	if err != nil {
		return err
	}
	for _, c := range charts {
		d.Charts = append(d.Charts, aboutChart{ID: c.ID, Title: c.Title, Definition: c.Definition,
			Path: c.Path, CSV: "data/" + c.ID + ".csv", From: c.From, To: c.To})
	}
	if len(d.Charts) == 0 {
		return fmt.Errorf("site: the about page comes after the charts")
	}

	d.Downloads = []download{
		{"data/events.json", "every event with every fact on its page, normalised (the keys are below)"},
		{"data/events.csv", "one row per launch group, plus one row per event without launches (the columns are below)"},
	}
	for _, c := range d.Charts {
		d.Downloads = append(d.Downloads, download{c.CSV, "the numbers behind the chart “" + c.Title + "”"})
	}
	d.Downloads = append(d.Downloads,
		download{"data/systems.csv", "one row per weapon system of the catalogue, with the figures of its page (the columns are below)"},
		download{"data/systems.json", "the same as JSON: an object with title, as_of, licence and systems, a list of objects with the columns as keys (aliases a list, numbers and true/false as such, empty cells left out)"},
		download{"data/sites.csv", "one row per site of the catalogue, with the figures of its page (the columns are below)"},
		download{"data/sites.json", "the same as JSON, shaped as systems.json, under the key sites"},
		download{"data/sites.geojson", "the sites as a GeoJSON FeatureCollection of points (longitude, latitude), with the columns of sites.csv as properties"},
		download{"data/nktimeline.xlsx", "an Excel workbook with the sheets events (one row per event, the columns are below), launch groups (the rows of events.csv), systems (systems.csv) and sites (sites.csv)"},
		download{"data/search.json", "the compact index that search, the filters and the embeddable list read (the keys are below)"},
		download{"data/event.schema.json", "the JSON Schema of the event files the record is kept in"},
		download{"feed.xml", "the newest events, as an Atom feed"})

	search, err := b.searchDocs()
	if err != nil {
		return err
	}
	d.Search = search

	cols := csvAbout()
	var csvCols []fieldDoc
	for _, name := range csvHeader {
		about, ok := cols[name]
		if !ok {
			return fmt.Errorf("site: the about page does not describe the column %q of data/events.csv", name)
		}
		csvCols = append(csvCols, fieldDoc{Name: name, About: about})
	}
	for _, o := range jsonObjects() {
		fields, err := jsonFieldDocs(o.typ, o.keys)
		if err != nil {
			return err
		}
		o.doc.Fields = fields
		d.JSON = append(d.JSON, o.doc)
		for _, f := range fields {
			if f.Extra {
				d.Extras = append(d.Extras, extraKey{Key: f.Name, In: o.doc.In})
			}
		}
	}

	d.Reported = b.reportedRows()
	d.Tallies = b.tallies()
	d.Half = b.wireHalf()
	d.ColumnDocs = []columnsDoc{
		{"csv-h", "The columns of events.csv", csvCols},
		{"systems-cols", "The columns of systems.csv and the keys of systems.json", systemColumns},
		{"sites-cols", "The columns of sites.csv, the keys of sites.json and the properties of sites.geojson", siteColumns},
		{"events-sheet", "The columns of the workbook's events sheet", eventColumns},
	}
	d.Sheets = workbookSheets

	d.Licence = licences[ds.Meta.Licence]
	d.Licence.Name = ds.Meta.Licence

	return b.Render(aboutPath+"index.html", "about.html", &Page{
		Title:       "About the data",
		Description: "What the record of North Korea's weapons activity covers, how it counts missiles, what each chart shows, what the downloads hold, and how to cite it.",
		Section:     "about",
		Data:        d,
	})
}

// isKN25 reports whether s is the 600 mm "super-large" rocket system that
// US and South Korean designators call KN-25.
func isKN25(s *event.System) bool {
	if strings.EqualFold(s.ID, "kn-25") {
		return true
	}
	for _, a := range s.Aliases {
		if strings.EqualFold(a, "KN-25") {
			return true
		}
	}
	return false
}

func ballisticList() string {
	var names []string
	for _, c := range event.BallisticClasses {
		if c == event.ClassBallisticUnknown {
			names = append(names, "ballistic of unknown class")
		} else {
			names = append(names, string(c))
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
