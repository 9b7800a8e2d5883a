package site

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/csvsafe"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The downloads of the systems and sites: data/systems.csv and .json,
// data/sites.csv, .json and .geojson. The CSV columns are the JSON keys;
// the workbook (workbook.go) has the same rows. Every figure is the one
// the system and site pages show (stats.Systems, stats.SiteDetails).

// table is the rows of a CSV file and of a workbook sheet, as text.
type table struct {
	Header []string
	Rows   [][]string
}

// csv returns the table as RFC 4180 CSV (CRLF line ends), header first,
// with formula-like cells neutralised for spreadsheets (csvsafe).
func (t table) csv() ([]byte, error) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	if err := w.Write(t.Header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(t.Rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// systemColumns documents the columns of data/systems.csv (and the keys of
// data/systems.json); the about page lists them.
var systemColumns = []fieldDoc{
	{Name: "id", About: "The system's id in systems.yaml; its page is systems/<id>/."},
	{Name: "name", About: "The name the site uses."},
	{Name: "aliases", About: "Other names, separated by \"; \" (a list in JSON)."},
	{Name: "class", About: "The class: SRBM, MRBM, IRBM, ICBM, SLBM, ballistic-unknown, SLV, cruise, artillery, air-defense or other."},
	{Name: "ballistic", About: "true when its missiles count as ballistic missiles."},
	{Name: "propellant", About: "liquid, solid or unknown."},
	{Name: "catalogue_first_flight", About: "The first flight the catalogue gives, from published sources; empty when it gives none."},
	{Name: "first_flight", About: "The date of the earliest event in the record with a launch of the system; empty when it never flew in the record."},
	{Name: "first_flight_event", About: "The id of that event."},
	{Name: "first_flight_disagrees", About: "true when catalogue_first_flight is given and is not the date of first_flight (dates of different precision agree when equal to the coarser one)."},
	{Name: "latest_launch", About: "The date of the latest event with a launch of the system."},
	{Name: "latest_launch_event", About: "The id of that event."},
	{Name: "missiles", About: "Missiles launched: the sum of the counts of its launch groups, every class counted."},
	{Name: "launch_events", About: "Events with at least one launch group of the system."},
	{Name: "success", About: "Missiles of launch groups whose outcome is success."},
	{Name: "failure", About: "Missiles of launch groups whose outcome is failure."},
	{Name: "partial", About: "Missiles of launch groups whose outcome is partial."},
	{Name: "outcome_unknown", About: "Missiles of launch groups whose outcome is not known."},
	{Name: "longest_range_km", About: "The longest range reported for one launch group, in km; empty when none was reported. A tie goes to the earliest."},
	{Name: "longest_range_event", About: "The id of the event of that launch group."},
	{Name: "highest_apogee_km", About: "The highest apogee reported for one launch group, in km."},
	{Name: "highest_apogee_event", About: "The id of its event."},
	{Name: "longest_flight_min", About: "The longest flight time reported for one launch group, in minutes."},
	{Name: "longest_flight_event", About: "The id of its event."},
	{Name: "url", About: "The absolute URL of the system's page."},
}

// siteColumns documents the columns of data/sites.csv (and the keys of
// data/sites.json and the properties of data/sites.geojson).
var siteColumns = []fieldDoc{
	{Name: "id", About: "The site's id in sites.yaml; its page is sites/<id>/."},
	{Name: "name", About: "The name the site uses."},
	{Name: "aliases", About: "Other names, separated by \"; \" (a list in JSON)."},
	{Name: "province", About: "The province; empty when not recorded."},
	{Name: "lat", About: "Latitude in decimal degrees (WGS 84), to about 0.01°."},
	{Name: "lon", About: "Longitude in decimal degrees."},
	{Name: "missiles", About: "Missiles and rockets launched from the site: the sum of the counts of its launch groups, every class counted, rocket artillery included."},
	{Name: "ballistic", About: "The ballistic missiles among them (the counting rule's figure)."},
	{Name: "launch_events", About: "Events with at least one launch group from the site."},
	{Name: "nuclear_tests", About: "Nuclear tests held at the site."},
	{Name: "first_event", About: "The date of the earliest event at the site (a launch or a nuclear test); empty when none."},
	{Name: "first_event_id", About: "The id of that event."},
	{Name: "latest_event", About: "The date of the latest event at the site."},
	{Name: "latest_event_id", About: "The id of that event."},
	{Name: "url", About: "The absolute URL of the site's page."},
}

func columnNames(docs []fieldDoc) []string {
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Name
	}
	return names
}

func optNum(f *float64) string {
	if f == nil {
		return ""
	}
	return formatNum(*f)
}

func eventID(e *event.Event) string {
	if e == nil {
		return ""
	}
	return e.ID
}

func eventDate(e *event.Event) string {
	if e == nil {
		return ""
	}
	return e.Date.String()
}

func best(b *stats.Best) (value, id string) {
	if b == nil {
		return "", ""
	}
	return formatNum(b.Value), b.Event.ID
}

// systemsTable is data/systems.csv.
func (b *builder) systemsTable() table {
	t := table{Header: columnNames(systemColumns)}
	for i := range b.catalogue().systems {
		s := &b.catalogue().systems[i]
		r, re := best(s.LongestRange)
		a, ae := best(s.HighestApogee)
		f, fe := best(s.LongestFlight)
		t.Rows = append(t.Rows, []string{
			s.System.ID, s.System.Name, strings.Join(s.System.Aliases, "; "), string(s.System.Class),
			strconv.FormatBool(s.System.Class.IsBallistic()), s.System.Propellant, s.System.FirstFlight.String(),
			eventDate(s.First), eventID(s.First), strconv.FormatBool(s.FirstFlightDisagrees),
			eventDate(s.Latest), eventID(s.Latest),
			strconv.Itoa(s.Missiles), strconv.Itoa(s.LaunchEvents),
			strconv.Itoa(s.Outcomes.Success), strconv.Itoa(s.Outcomes.Failure), strconv.Itoa(s.Outcomes.Partial), strconv.Itoa(s.Outcomes.Unknown),
			r, re, a, ae, f, fe, b.AbsURL(systemPath(s.System.ID)),
		})
	}
	return t
}

// sitesTable is data/sites.csv.
func (b *builder) sitesTable() table {
	t := table{Header: columnNames(siteColumns)}
	for i := range b.catalogue().sites {
		s := &b.catalogue().sites[i]
		t.Rows = append(t.Rows, []string{
			s.Site.ID, s.Site.Name, strings.Join(s.Site.Aliases, "; "), s.Site.Province,
			formatNum(s.Site.Lat), formatNum(s.Site.Lon),
			strconv.Itoa(s.Missiles), strconv.Itoa(s.Ballistic), strconv.Itoa(s.LaunchEvents), strconv.Itoa(s.NuclearTests),
			eventDate(s.First), eventID(s.First), eventDate(s.Latest), eventID(s.Latest),
			b.AbsURL(sitePath(s.Site.ID)),
		})
	}
	return t
}

// jsonRecords turns a table into JSON objects keyed by its header: the
// aliases become a list, numbers and booleans their JSON types, and empty
// cells are left out, so that the JSON holds what the CSV holds.
func jsonRecords(t table, numeric map[string]bool) []map[string]any {
	out := make([]map[string]any, 0, len(t.Rows))
	for _, row := range t.Rows {
		m := make(map[string]any, len(row))
		for i, c := range row {
			k := t.Header[i]
			switch {
			case k == "aliases":
				list := []string{}
				if c != "" {
					list = strings.Split(c, "; ")
				}
				m[k] = list
			case c == "":
			case c == "true" || c == "false":
				m[k] = c == "true"
			case numeric[k]:
				m[k] = json.Number(c)
			default:
				m[k] = c
			}
		}
		out = append(out, m)
	}
	return out
}

var numericColumns = map[string]bool{
	"missiles": true, "launch_events": true, "success": true, "failure": true, "partial": true,
	"outcome_unknown": true, "longest_range_km": true, "highest_apogee_km": true, "longest_flight_min": true,
	"lat": true, "lon": true, "ballistic": true, "nuclear_tests": true,
}

// marshalData encodes a data file: indented, "&" and "<" left readable.
func marshalData(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sitesGeoJSON is data/sites.geojson: a FeatureCollection of points, one
// per site, with the columns of sites.csv as properties.
func sitesGeoJSON(t table) ([]byte, error) {
	type geometry struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	}
	type feature struct {
		Type       string         `json:"type"`
		ID         string         `json:"id"`
		Geometry   geometry       `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for _, p := range jsonRecords(t, numericColumns) {
		lat, _ := strconv.ParseFloat(string(p["lat"].(json.Number)), 64)
		lon, _ := strconv.ParseFloat(string(p["lon"].(json.Number)), 64)
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: p["id"].(string),
			Geometry: geometry{Type: "Point", Coordinates: [2]float64{lon, lat}}, Properties: p})
	}
	return marshalData(fc)
}

// addCatalogueData adds the systems' and sites' CSV, JSON and GeoJSON
// files. The workbook, which holds the same rows, is added by
// startWorkbook.
func (b *builder) addCatalogueData() error {
	meta := func(key string, recs []map[string]any) map[string]any {
		return map[string]any{"title": b.site.Title, "as_of": b.site.AsOf.String(), "licence": b.site.Licence, key: recs}
	}
	sys, sites := b.systemsTable(), b.sitesTable()
	files := []struct {
		name string
		data func() ([]byte, error)
	}{
		{"data/systems.csv", sys.csv},
		{"data/systems.json", func() ([]byte, error) { return marshalData(meta("systems", jsonRecords(sys, numericColumns))) }},
		{"data/sites.csv", sites.csv},
		{"data/sites.json", func() ([]byte, error) { return marshalData(meta("sites", jsonRecords(sites, numericColumns))) }},
		{"data/sites.geojson", func() ([]byte, error) { return sitesGeoJSON(sites) }},
	}
	for _, f := range files {
		data, err := f.data()
		if err != nil {
			return err
		}
		if err := b.Add(f.name, data); err != nil {
			return err
		}
	}
	return nil
}

// startWorkbook starts writing data/nktimeline.xlsx to the output in the
// background, unless it has started already; waitWorkbook waits for it and
// returns what went wrong.
func (b *builder) startWorkbook() error {
	if b.workbookDone != nil {
		return nil
	}
	// The name is claimed here, not by the goroutine: a claim while a
	// step runs would count the file as the step's.
	if err := b.claim(workbookName, false); err != nil {
		return err
	}
	done := make(chan error, 1)
	b.workbookDone = done
	go func() { done <- b.addWorkbook() }()
	return nil
}

// waitWorkbook waits for startWorkbook's work; later calls return nil.
func (b *builder) waitWorkbook() error {
	if b.workbookDone == nil {
		return nil
	}
	err := <-b.workbookDone
	b.workbookDone = nil
	return err
}
