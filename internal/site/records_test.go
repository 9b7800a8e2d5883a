package site

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// shot is a launch event for the hand-made datasets of these tests: a
// date of any precision, a system and a count, and the apogee and range
// reported (0: not reported).
type shot struct {
	date, system  string
	count         int
	apogee, rngKm float64
}

// launchDataset makes a dataset of the shots, one event each, complete up
// to asOf. Systems: "srbm" (ballistic), "icbm" (ballistic) and "cruise".
func launchDataset(t testing.TB, asOf string, shots ...shot) *event.Dataset {
	t.Helper()
	var events []event.Event
	for i, s := range shots {
		id := fmt.Sprintf("%s-%s-%d", s.date, s.system, i)
		l := event.Launch{System: s.system, Count: s.count, Outcome: "success"}
		if s.apogee != 0 {
			l.ApogeeKm = fptr(s.apogee)
		}
		if s.rngKm != 0 {
			l.RangeKm = fptr(s.rngKm)
		}
		events = append(events, event.Event{
			ID: id, Path: id + ".yaml", Date: mustDate(t, s.date), Kind: event.KindMissileLaunch,
			Title: "Launch " + id, Summary: "A launch.", Launches: []event.Launch{l},
			Sources: []event.Source{{URL: "https://example.org/" + id, Publisher: "Example"}},
		})
	}
	meta := event.Meta{Title: "Test timeline", Description: "Launches.", AsOf: mustDate(t, asOf)}
	systems := []event.System{
		{ID: "srbm", Name: "Short one", Class: event.ClassSRBM},
		{ID: "icbm", Name: "Long one", Class: event.ClassICBM},
		{ID: "cruise", Name: "Cruiser", Class: event.ClassCruise},
	}
	return event.NewDataset(meta, systems, nil, events)
}

func renderDataset(t *testing.T, ds *event.Dataset) map[string][]byte {
	t.Helper()
	files, _, err := render(context.Background(), ds, Options{Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestIndexFigures checks the headline figures of the index: the record
// year (the earlier of tied years, the others named), and the most
// missiles from January to June (July left out, missiles dated only to
// the year left out), with "more than in any whole year before" only when
// it beat every earlier calendar year.
func TestIndexFigures(t *testing.T) {
	tests := []struct {
		name        string
		shots       []shot
		recordYear  int
		recordCount int
		ties        []int
		halfYear    int
		halfCount   int
		halfRecord  bool
		text        []string // in the figures, tags removed
		notText     []string
	}{
		{
			name:       "July is not in January–June",
			shots:      []shot{{date: "2019-02-01", system: "srbm", count: 2}, {date: "2020-03-01", system: "srbm", count: 5}, {date: "2021-06-30", system: "srbm", count: 3}, {date: "2021-07-01", system: "srbm", count: 10}},
			recordYear: 2021, recordCount: 13, halfYear: 2020, halfCount: 5, halfRecord: true,
			text: []string{"Most in a January–June5 in 2020, more than in any whole year before"},
		},
		{
			name:       "tied years: the earlier is the record year",
			shots:      []shot{{date: "2019-05-01", system: "srbm", count: 7}, {date: "2020-02-01", system: "srbm", count: 4}, {date: "2020-09-01", system: "srbm", count: 3}},
			recordYear: 2019, recordCount: 7, ties: []int{2020}, halfYear: 2019, halfCount: 7,
			text:    []string{"Record year2019 with 7 ballistic missiles, tied with 2020 (the earlier year is shown)"},
			notText: []string{"more than in any whole year before"},
		},
		{
			name:       "three tied years",
			shots:      []shot{{date: "2018-05-01", system: "srbm", count: 2}, {date: "2019-05-01", system: "srbm", count: 2}, {date: "2020-09-01", system: "srbm", count: 2}},
			recordYear: 2018, recordCount: 2, ties: []int{2019, 2020}, halfYear: 2018, halfCount: 2,
			text: []string{"tied with 2019, 2020"},
		},
		{
			name:       "a January–June that does not beat an earlier year",
			shots:      []shot{{date: "2018-10-01", system: "srbm", count: 20}, {date: "2019-03-01", system: "srbm", count: 6}, {date: "2019-08-01", system: "srbm", count: 30}},
			recordYear: 2019, recordCount: 36, halfYear: 2019, halfCount: 6,
			text:    []string{"Most in a January–June6 in 2019"},
			notText: []string{"more than in any whole year before"},
		},
		{
			name:       "equal is not more",
			shots:      []shot{{date: "2018-10-01", system: "srbm", count: 6}, {date: "2019-03-01", system: "srbm", count: 6}},
			recordYear: 2018, recordCount: 6, ties: []int{2019}, halfYear: 2019, halfCount: 6,
			notText: []string{"more than in any whole year before"},
		},
		{
			name:       "a January–June that beats every earlier year",
			shots:      []shot{{date: "2017-04-01", system: "srbm", count: 5}, {date: "2018-10-01", system: "srbm", count: 4}, {date: "2019-03-01", system: "srbm", count: 6}},
			recordYear: 2019, recordCount: 6, halfYear: 2019, halfCount: 6, halfRecord: true,
			text: []string{"6 in 2019, more than in any whole year before"},
		},
		{
			name: "June dated to the month counts, a year alone does not",
			shots: []shot{{date: "2018-10-01", system: "srbm", count: 5}, {date: "2019-06", system: "srbm", count: 4},
				{date: "2019", system: "srbm", count: 9}, {date: "2019-01-05", system: "srbm", count: 2}, {date: "2019-07", system: "srbm", count: 1}},
			recordYear: 2019, recordCount: 16, halfYear: 2019, halfCount: 6, halfRecord: true,
		},
		{
			name:       "cruise missiles do not count",
			shots:      []shot{{date: "2018-03-01", system: "srbm", count: 2}, {date: "2019-03-01", system: "cruise", count: 9}, {date: "2019-04-01", system: "srbm", count: 1}},
			recordYear: 2018, recordCount: 2, halfYear: 2018, halfCount: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := launchDataset(t, "2021-12-31", tt.shots...)
			f := testBuilder(t, ds).figures()
			if f.RecordYear != tt.recordYear || f.RecordCount != tt.recordCount || !slices.Equal(f.RecordTies, tt.ties) {
				t.Errorf("record year %d with %d, ties %v; want %d with %d, ties %v", f.RecordYear, f.RecordCount, f.RecordTies, tt.recordYear, tt.recordCount, tt.ties)
			}
			if f.HalfYear != tt.halfYear || f.HalfCount != tt.halfCount || f.HalfRecord != tt.halfRecord {
				t.Errorf("January–June: %d in %d, record %v; want %d in %d, record %v", f.HalfCount, f.HalfYear, f.HalfRecord, tt.halfCount, tt.halfYear, tt.halfRecord)
			}
			if len(tt.text) == 0 && len(tt.notText) == 0 {
				return
			}
			index := string(renderDataset(t, ds)["index.html"])
			figs := index[strings.Index(index, `<section class="figures"`):]
			figs = textOf(figs[:strings.Index(figs, "</section>")])
			for _, s := range tt.text {
				if !strings.Contains(figs, s) {
					t.Errorf("the figures lack %q:\n%s", s, figs)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(figs, s) {
					t.Errorf("the figures say %q:\n%s", s, figs)
				}
			}
		})
	}
}

var stripTagsRE = regexp.MustCompile(`<[^>]*>`)

// textOf is the text of an HTML fragment with its tags removed, runs of
// white space made one space and the entities of html/template undone.
func textOf(s string) string {
	s = squash(s)
	s = stripTagsRE.ReplaceAllString(s, "")
	s = strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// recordsDataset has an apogee record broken twice and then tied, a range
// tied by a launch on 1 January, a cruise missile that flew farther (not a
// record), a month-only date and a year without launches (2018).
func recordsDataset(t testing.TB) *event.Dataset {
	return launchDataset(t, "2019-12-31",
		shot{date: "2016-05", system: "srbm", count: 2, apogee: 100, rngKm: 300},
		shot{date: "2017-01-01", system: "srbm", count: 1, apogee: 500.5, rngKm: 300},
		shot{date: "2017-03-10", system: "icbm", count: 1, apogee: 4000, rngKm: 900},
		shot{date: "2017-03-12", system: "cruise", count: 3, rngKm: 1500},
		shot{date: "2019-07-04", system: "srbm", count: 2, apogee: 4000},
	)
}

// tableRows returns the text of each row of the first table in the
// element with the id, cells joined by " | ".
func tableRows(t *testing.T, page, id string) []string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element with id %s", id)
	}
	body := page[i:]
	body = body[strings.Index(body, "<tbody>"):strings.Index(body, "</tbody>")]
	var rows []string
	for _, tr := range strings.Split(body, "</tr>") {
		if !strings.Contains(tr, "<tr") {
			continue
		}
		var cells []string
		for _, c := range regexp.MustCompile(`</t[dh]>`).Split(tr, -1) {
			if strings.Contains(c, "<t") {
				cells = append(cells, textOf(c))
			}
		}
		rows = append(rows, strings.Join(cells, " | "))
	}
	return rows
}

func TestRecordsPage(t *testing.T) {
	files := renderDataset(t, recordsDataset(t))
	page := string(files["records/index.html"])
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"highest-apogee", []string{
			"May 2016 | 100 km | Launch 2016-05-srbm-0 | first | – | – | –",
			"1 Jan 2017 | 500.5 km | Launch 2017-01-01-srbm-1 | broken | 100 km | Launch 2016-05-srbm-0 | unknown",
			"10 Mar 2017 | 4,000 km | Launch 2017-03-10-icbm-2 | broken | 500.5 km | Launch 2017-01-01-srbm-1 | 68 days",
			"4 Jul 2019 | 4,000 km | Launch 2019-07-04-srbm-4 | tied | 4,000 km | Launch 2017-03-10-icbm-2 | 846 days",
		}},
		{"longest-range", []string{
			"May 2016 | 300 km | Launch 2016-05-srbm-0 | first | – | – | –",
			"1 Jan 2017 | 300 km | Launch 2017-01-01-srbm-1 | tied | 300 km | Launch 2016-05-srbm-0 | unknown",
			"10 Mar 2017 | 900 km | Launch 2017-03-10-icbm-2 | broken | 300 km | Launch 2016-05-srbm-0 | unknown",
		}},
		{"most-in-a-month", []string{
			"May 2016 | 2 missiles in May 2016 | Launch 2016-05-srbm-0 | first | – | – | –",
			"4 Jul 2019 | 2 missiles in Jul 2019 | Launch 2019-07-04-srbm-4 | tied | 2 missiles in May 2016 | Launch 2016-05-srbm-0 | unknown",
		}},
		{"most-in-a-year", []string{
			"May 2016 | 2 missiles in 2016 | Launch 2016-05-srbm-0 | first | – | – | –",
			"10 Mar 2017 | 2 missiles in 2017 | Launch 2017-03-10-icbm-2 | tied | 2 missiles in 2016 | Launch 2016-05-srbm-0 | unknown",
			"4 Jul 2019 | 2 missiles in 2019 | Launch 2019-07-04-srbm-4 | tied | 2 missiles in 2016 | Launch 2016-05-srbm-0 | unknown",
		}},
		{"longest-gap", []string{
			"10 Mar 2017 | 68 days | 1 Jan 2017 and 10 Mar 2017 | first | – | – | –",
			"4 Jul 2019 | 846 days | 10 Mar 2017 and 4 Jul 2019 | broken | 68 days | 1 Jan 2017 and 10 Mar 2017 | 846 days",
		}},
		{"firsts", []string{
			"May 2016 | Short one | SRBM | Launch 2016-05-srbm-0 | 2 | success",
			"10 Mar 2017 | Long one | ICBM | Launch 2017-03-10-icbm-2 | 1 | success",
			"12 Mar 2017 | Cruiser | cruise | Launch 2017-03-12-cruise-3 | 3 | success",
		}},
	} {
		if got := tableRows(t, page, tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.id, got, tc.want)
		}
	}
	sq := squash(page)
	for _, want := range []string{
		`Standing record: <strong>4,000 km</strong>, set by <a href="/events/2017-03-10-icbm-2/">Launch 2017-03-10-icbm-2</a> on 10 Mar 2017.`,
		`<a href="/events/2019-07-04-srbm-4/">Launch 2019-07-04-srbm-4</a>`,
		`<a href="/records/" aria-current="page">Records</a>`,
	} {
		if !strings.Contains(sq, want) {
			t.Errorf("records page lacks %s", want)
		}
	}
	// The cruise missile flew farthest but is no record.
	if strings.Contains(page, "2017-03-12-cruise-3/\">") && strings.Contains(textOf(page[strings.Index(page, `id="longest-range"`):strings.Index(page, `id="longest-flight"`)]), "cruise") {
		t.Error("a cruise missile holds the range record")
	}
}

// TestEventRecordLines checks what an event's page says about the records
// it set, broke or tied, with links to the holders.
func TestEventRecordLines(t *testing.T) {
	files := renderDataset(t, recordsDataset(t))
	lines := func(id string) []string {
		page := string(files["events/"+id+"/index.html"])
		i := strings.Index(page, `<ul class="record-lines">`)
		if i < 0 {
			return nil
		}
		var out []string
		for _, li := range strings.Split(page[i:strings.Index(page[i:], "</ul>")+i], "</li>")[:] {
			if strings.Contains(li, "<li>") {
				out = append(out, squash(li[strings.Index(li, "<li>")+4:]))
			}
		}
		return out
	}
	const more = ` <a href="/records/#%s" class="more">The record's history</a>`
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"2017-03-10-icbm-2", []string{
			`<strong>Highest apogee to date</strong>: 4,000 km, beating 500.5 km, set by <a href="/events/2017-01-01-srbm-1/">Launch 2017-01-01-srbm-1</a> on 1 Jan 2017, a record that had stood 68 days.` + fmt.Sprintf(more, "highest-apogee"),
			`<strong>Longest range to date</strong>: 900 km, beating 300 km, set by <a href="/events/2016-05-srbm-0/">Launch 2016-05-srbm-0</a> in May 2016.` + fmt.Sprintf(more, "longest-range"),
			`<strong>Most ballistic missiles in one day: tied the record</strong> of 1 missile, set by <a href="/events/2017-01-01-srbm-1/">Launch 2017-01-01-srbm-1</a> on 1 Jan 2017.` + fmt.Sprintf(more, "most-in-a-day"),
			`<strong>Most ballistic missiles in one calendar year: tied the record</strong> of 2 missiles (in 2016), set by <a href="/events/2016-05-srbm-0/">Launch 2016-05-srbm-0</a> in May 2016: this launch brought the total in 2017 level with it.` + fmt.Sprintf(more, "most-in-a-year"),
			`<strong>Longest gap between launches to date</strong>: 68 days, from the launch of <a href="/events/2017-01-01-srbm-1/">1 Jan 2017</a> to this one, the first such figure in the record.` + fmt.Sprintf(more, "longest-gap"),
		}},
		{"2019-07-04-srbm-4", []string{
			`<strong>Highest apogee: tied the record</strong> of 4,000 km, set by <a href="/events/2017-03-10-icbm-2/">Launch 2017-03-10-icbm-2</a> on 10 Mar 2017.` + fmt.Sprintf(more, "highest-apogee"),
			`<strong>Most ballistic missiles in one day to date</strong>: 2 missiles, beating 1 missile, set by <a href="/events/2017-01-01-srbm-1/">Launch 2017-01-01-srbm-1</a> on 1 Jan 2017, a record that had stood 914 days.` + fmt.Sprintf(more, "most-in-a-day"),
			`<strong>Most ballistic missiles in one calendar month: tied the record</strong> of 2 missiles (in May 2016), set by <a href="/events/2016-05-srbm-0/">Launch 2016-05-srbm-0</a> in May 2016: this launch brought the total in Jul 2019 level with it.` + fmt.Sprintf(more, "most-in-a-month"),
			`<strong>Most ballistic missiles in one calendar year: tied the record</strong> of 2 missiles (in 2016), set by <a href="/events/2016-05-srbm-0/">Launch 2016-05-srbm-0</a> in May 2016: this launch brought the total in 2019 level with it.` + fmt.Sprintf(more, "most-in-a-year"),
			`<strong>Longest gap between launches to date</strong>: 846 days, from the launch of <a href="/events/2017-03-10-icbm-2/">10 Mar 2017</a> to this one, beating 68 days, from <a href="/events/2017-01-01-srbm-1/">1 Jan 2017</a> to <a href="/events/2017-03-10-icbm-2/">10 Mar 2017</a>, a record that had stood 846 days.` + fmt.Sprintf(more, "longest-gap"),
		}},
		{"2017-03-12-cruise-3", nil},
	} {
		if got := lines(tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.id, got, tc.want)
		}
	}
}

// TestAboutRecords checks that the About page defines the figures of the
// records page and the pace lines, with the record's own numbers.
func TestAboutRecords(t *testing.T) {
	files := renderDataset(t, recordsDataset(t))
	page := string(files["about/index.html"])
	i := strings.Index(page, `<section id="records"`)
	if i < 0 {
		t.Fatal("the About page has no section on records")
	}
	sec := textOf(page[i : i+strings.Index(page[i:], "</section>")])
	for _, want := range []string{
		"A gap between launches is the number of days from one launch event to the next",
		"A tie does not take the record over",
		"The date a record counts from is the date of the event that set it",
		"1 launch event is dated only to the month or the year",
		"When the date is 29 February, the span of a year without one ends on 28 February",
		"the earlier on a tie",
		"it says “more than in any whole year before” only when",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("the About page's records section lacks %q", want)
		}
	}
	if !strings.Contains(page, `<a href="#records">Records and the pace of the year</a>`) {
		t.Error("the table of contents does not list the records section")
	}
}

// TestRecordsEmpty builds a record without ballistic launches (a cruise
// missile only): the records page, the pace lines and the card say what
// they can and nothing panics, with the record's last year complete and
// partial.
func TestRecordsEmpty(t *testing.T) {
	// A partial last year with nothing ballistic to draw must build too.
	renderDataset(t, launchDataset(t, "2024-08-31", shot{date: "2023-05-01", system: "cruise", count: 2, rngKm: 1500}))

	files := renderDataset(t, launchDataset(t, "2024-12-31", shot{date: "2023-05-01", system: "cruise", count: 2, rngKm: 1500}))
	page := string(files["records/index.html"])
	if n := strings.Count(page, "<p>No value in the record yet.</p>"); n != len(stats.Measures) {
		t.Errorf("%d of %d records say they have no value", n, len(stats.Measures))
	}
	if strings.Contains(page, "A record counts from the launch") {
		t.Error("the records page explains rows it does not have")
	}
	if got := tableRows(t, page, "firsts"); !slices.Equal(got, []string{"1 May 2023 | Cruiser | cruise | Launch 2023-05-01-cruise-0 | 2 | success"}) {
		t.Errorf("first flights: %q", got)
	}
	want := []string{
		"From 1 Jan to 31 Dec 2024, North Korea launched 0 ballistic missiles in 0 launch events, by this record's count.",
		"From 1 Jan to 31 Dec 2023, the same span a year earlier, North Korea launched 0 ballistic missiles in 0 launch events, by this record's count.",
	}
	for _, name := range []string{"index.html", "cards/pace/index.html"} {
		if got := paceLines(t, string(files[name])); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
}
