package site

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// paceLines returns the pace lines of a page, as text.
func paceLines(t *testing.T, page string) []string {
	t.Helper()
	i := strings.Index(page, `<ul class="pace-lines">`)
	if i < 0 {
		t.Fatal("no pace lines")
	}
	var out []string
	for _, li := range strings.Split(page[i:i+strings.Index(page[i:], "</ul>")], "</li>") {
		if j := strings.Index(li, "<li"); j >= 0 {
			out = append(out, textOf(li[j:]))
		}
	}
	return out
}

// TestPaceLines checks the pace sentences on a hand-made record: an as-of
// date of 29 February, a launch on 1 January, a year without launches, a
// record year that is not the year before, a launch dated only to the
// month of the as-of date, and the longest gap of the last twelve months.
func TestPaceLines(t *testing.T) {
	ds := launchDataset(t, "2024-02-29",
		shot{date: "2021-01-10", system: "srbm", count: 5},
		shot{date: "2021-02-20", system: "srbm", count: 4},
		shot{date: "2021-08-01", system: "srbm", count: 9},
		shot{date: "2021", system: "srbm", count: 1},
		// 2022: no launches.
		shot{date: "2023-01-01", system: "srbm", count: 1},
		shot{date: "2023-02-28", system: "srbm", count: 2},
		shot{date: "2023-06-01", system: "srbm", count: 1},
		shot{date: "2023-11-15", system: "srbm", count: 1},
		shot{date: "2024-01-01", system: "srbm", count: 3},
		shot{date: "2024-02-20", system: "icbm", count: 1},
		// The whole month lies in the span to 29 February: it counts, but
		// no gap can be measured across it.
		shot{date: "2024-02", system: "srbm", count: 2},
	)
	files := renderDataset(t, ds)
	want := []string{
		"From 1 Jan to 29 Feb 2024, North Korea launched 6 ballistic missiles in 3 launch events, by this record's count.",
		"From 1 Jan to 28 Feb 2023, the same span a year earlier, North Korea launched 3 ballistic missiles in 2 launch events, by this record's count.",
		"From 1 Jan to 28 Feb 2021, the same span of the record year (19 in the whole year), North Korea launched 9 ballistic missiles in 2 launch events, by this record's count.",
		"As of 29 Feb 2024, 9 days have passed since North Korea's last ballistic missile launch, on 20 Feb 2024, by this record's count.",
		"In the twelve months to 29 Feb 2024, the longest gap between North Korea's ballistic missile launches was 167 days, from 1 Jun 2023 to 15 Nov 2023, by this record's count.",
		"Not counted above, because its date is known only to the month or year and may fall outside the spans: Launch 2021-srbm-3 (2021, 1 ballistic missile).",
	}
	for _, name := range []string{"index.html", "records/index.html", "cards/pace/index.html"} {
		if got := paceLines(t, string(files[name])); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	// The links: on the site root-relative; in the card absolute, opening
	// a new tab. The year's figure leads to the timeline filtered to the
	// year's ballistic launches, the earlier spans' to their lists on the
	// records page.
	index := squash(string(files["index.html"]))
	card := squash(string(files["cards/pace/index.html"]))
	for _, tc := range []struct{ page, want string }{
		{index, `<a href="/?from=2024&amp;to=2024&amp;class=ballistic">6 ballistic missiles in 3 launch events</a>, by <a href="/about/#counting">this record's count</a>`},
		{index, `<a href="/records/#pace-2021">9 ballistic missiles in 2 launch events</a>`},
		{index, `the record year (<a href="/?from=2021&amp;to=2021&amp;class=ballistic">19 in the whole year</a>)`},
		{index, `on <a href="/events/2024-02-20-icbm-9/">20 Feb 2024</a>`},
		{index, `from <a href="/events/2023-06-01-srbm-6/">1 Jun 2023</a> to <a href="/events/2023-11-15-srbm-7/">15 Nov 2023</a>`},
		{card, `<a href="https://nk.example/records/#pace-2023" target="_blank" rel="noopener">3 ballistic missiles in 2 launch events</a>, by <a href="https://nk.example/about/#counting" target="_blank" rel="noopener">this record's count</a>`},
		{card, `<a href="https://nk.example/events/2021-srbm-3/" target="_blank" rel="noopener">Launch 2021-srbm-3</a>`},
	} {
		if !strings.Contains(tc.page, tc.want) {
			t.Errorf("lacks %s", tc.want)
		}
	}
	// The records page lists the events behind each span.
	rec := string(files["records/index.html"])
	for id, events := range map[string][]string{
		"pace-2024": {"2024-01-01-srbm-8", "2024-02-srbm-10", "2024-02-20-icbm-9"},
		"pace-2023": {"2023-01-01-srbm-4", "2023-02-28-srbm-5"},
		"pace-2021": {"2021-01-10-srbm-0", "2021-02-20-srbm-1"},
	} {
		if got := spanEvents(t, rec, id); !slices.Equal(got, events) {
			t.Errorf("%s lists %q, want %q", id, got, events)
		}
	}
}

// spanEvents returns the ids of the events the records page lists under
// the heading with the id.
func spanEvents(t *testing.T, page, id string) []string {
	t.Helper()
	i := strings.Index(page, `<h3 id="`+id+`">`)
	if i < 0 {
		t.Fatalf("no list %s", id)
	}
	list := page[i:]
	list = list[:strings.Index(list, "</ol>")]
	var ids []string
	for _, m := range regexp.MustCompile(`href="/events/([^/]+)/"`).FindAllStringSubmatch(list, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestPaceRecordYearIsPrevious checks the lines when the record year is
// the year before, which is then given once, and the gap still open.
func TestPaceRecordYearIsPrevious(t *testing.T) {
	ds := launchDataset(t, "2024-06-30",
		shot{date: "2022-03-01", system: "srbm", count: 1},
		shot{date: "2023-03-01", system: "srbm", count: 2},
		shot{date: "2023-09-01", system: "srbm", count: 2},
		shot{date: "2024-01-05", system: "srbm", count: 1},
	)
	files := renderDataset(t, ds)
	want := []string{
		"From 1 Jan to 30 Jun 2024, North Korea launched 1 ballistic missile in 1 launch event, by this record's count.",
		"From 1 Jan to 30 Jun 2023, the same span a year earlier, in the record year (4 in the whole year), North Korea launched 2 ballistic missiles in 1 launch event, by this record's count.",
		"As of 30 Jun 2024, 177 days have passed since North Korea's last ballistic missile launch, on 5 Jan 2024, by this record's count.",
		"In the twelve months to 30 Jun 2024, the longest gap between North Korea's ballistic missile launches is the current one: 177 days since 5 Jan 2024, by this record's count.",
	}
	if got := paceLines(t, string(files["index.html"])); !slices.Equal(got, want) {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// No unplaced event: the year's figure leads to the timeline filtered
	// to the year's ballistic launches.
	if !strings.Contains(string(files["index.html"]), `<a href="/?from=2024&amp;to=2024&amp;class=ballistic">1 ballistic missile in 1 launch event</a>`) {
		t.Error("the year's figure does not link to the filtered timeline")
	}
}

// TestRealPace checks, on the committed record, that the pace lines of the
// index, the records page and the card give the figures stats.Pace
// computes, and that each figure's link leads to exactly the events behind
// it: the filtered timeline for the year, the lists of the records page
// for the earlier spans.
func TestRealPace(t *testing.T) {
	ds, schema := realDataset(t)
	files, _, err := render(t.Context(), ds, Options{Out: t.TempDir() + "/out", BaseURL: "https://nk.example/", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	p := stats.Pace(ds, ds.Meta.AsOf)
	figure := func(s stats.SpanCount) string {
		return fmt.Sprintf("%s ballistic %s in %s launch %s", formatInt(s.Missiles), pluralWord(s.Missiles, "missile", "missiles"),
			formatInt(s.LaunchEvents), pluralWord(s.LaunchEvents, "event", "events"))
	}
	wants := []string{
		"to " + formatDate(p.AsOf) + ", North Korea launched " + figure(p.Year),
		"the same span a year earlier",
		figure(p.PreviousYear),
		fmt.Sprintf("%d days have passed since North Korea's last ballistic missile launch, on %s", p.DaysSinceLast, formatDate(p.LastLaunch.Date)),
	}
	if p.RecordYear != nil && p.RecordYear.Year != p.PreviousYear.Year {
		wants = append(wants, fmt.Sprintf("the same span of the record year (%s in the whole year), North Korea launched %s", formatInt(p.RecordYear.YearMissiles), figure(*p.RecordYear)))
	}
	if g := p.LongestGap; g != nil && g.To != nil {
		wants = append(wants, fmt.Sprintf("was %d days, from %s to %s", g.Days, formatDate(g.From.Date), formatDate(g.To.Date)))
	}
	for _, name := range []string{"index.html", "records/index.html", "cards/pace/index.html"} {
		text := strings.Join(paceLines(t, string(files[name])), "\n")
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the pace lines lack %q:\n%s", name, w, text)
			}
		}
	}
	// The year's figure leads to the timeline filtered to the year and to
	// ballistic missiles: the index's entries of that year marked
	// ballistic are exactly the span's events.
	index := string(files["index.html"])
	if len(p.Year.Unplaced) == 0 {
		link := fmt.Sprintf(`href="/?from=%d&amp;to=%d&amp;class=ballistic"`, p.Year.Year, p.Year.Year)
		if !strings.Contains(index, link) {
			t.Errorf("the index does not link the year's figure to %s", link)
		}
		// What the filter shows: the events of data/search.json (which the
		// timeline's filters read) of that year with ballistic missiles.
		var search searchFile
		if err := json.Unmarshal(files["data/search.json"], &search); err != nil {
			t.Fatal(err)
		}
		var shown []string
		for _, e := range search.Events {
			if strings.HasPrefix(e.Date, fmt.Sprint(p.Year.Year)) && e.Ballistic > 0 {
				shown = append(shown, e.ID)
			}
		}
		var want []string
		for _, e := range p.Year.Events {
			want = append(want, e.ID)
		}
		slices.Sort(shown)
		slices.Sort(want)
		if !slices.Equal(shown, want) {
			t.Errorf("the filtered timeline shows %q, the figure counts %q", shown, want)
		}
	}
	// The records page lists the events of the earlier spans.
	rec := string(files["records/index.html"])
	spans := []stats.SpanCount{p.PreviousYear}
	if p.RecordYear != nil && p.RecordYear.Year != p.PreviousYear.Year {
		spans = append(spans, *p.RecordYear)
	}
	for _, s := range spans {
		var want []string
		for _, e := range s.Events {
			want = append(want, e.ID)
		}
		if got := spanEvents(t, rec, fmt.Sprintf("pace-%d", s.Year)); !slices.Equal(got, want) {
			t.Errorf("records page lists for %d: %q, want %q", s.Year, got, want)
		}
	}
}

// readLaunch is what TestRealRecordsHolders reads of a launch group in
// data/events.json.
type readLaunch struct {
	Class    event.Class
	ApogeeKm *float64 `json:"apogee_km"`
	RangeKm  *float64 `json:"range_km"`
}

// TestRealRecordsHolders reads data/events.json as a reader would and
// checks that the records page names, as the standing record of highest
// apogee and of longest range, an event holding the largest value among
// the ballistic launch groups, and lists every event that reached it.
func TestRealRecordsHolders(t *testing.T) {
	ds, schema := realDataset(t)
	files, _, err := render(t.Context(), ds, Options{Out: t.TempDir() + "/out", BaseURL: "https://nk.example/", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Events []struct {
			ID       string
			Launches []readLaunch
		}
	}
	if err := json.Unmarshal(files["data/events.json"], &data); err != nil {
		t.Fatal(err)
	}
	page := string(files["records/index.html"])
	for _, tc := range []struct {
		id  string
		get func(l readLaunch) *float64
	}{
		{"highest-apogee", func(l readLaunch) *float64 {
			return l.ApogeeKm
		}},
		{"longest-range", func(l readLaunch) *float64 {
			return l.RangeKm
		}},
	} {
		best, holders := -1.0, []string(nil)
		for _, e := range data.Events {
			for _, l := range e.Launches {
				v := tc.get(l)
				if v == nil || !l.Class.IsBallistic() {
					continue
				}
				switch {
				case *v > best:
					best, holders = *v, []string{e.ID}
				case *v == best && !slices.Contains(holders, e.ID):
					holders = append(holders, e.ID)
				}
			}
		}
		if len(holders) == 0 {
			t.Fatalf("%s: no value in events.json", tc.id)
		}
		sec := page[strings.Index(page, `<section id="`+tc.id+`"`):]
		sec = sec[:strings.Index(sec, "</section>")]
		standing := sec[strings.Index(sec, `<p class="standing">`):]
		standing = standing[:strings.Index(standing, "</p>")]
		if !strings.Contains(textOf(standing), formatValue(best, "km")) || !strings.Contains(standing, `href="/events/`+holders[0]+`/"`) {
			t.Errorf("%s: standing record %q, want %s km by %s", tc.id, textOf(standing), formatNum(best), holders[0])
		}
		for _, h := range holders {
			if !strings.Contains(sec, `href="/events/`+h+`/"`) {
				t.Errorf("%s: the table does not list %s, which reached %s km", tc.id, h, formatNum(best))
			}
		}
	}
}
