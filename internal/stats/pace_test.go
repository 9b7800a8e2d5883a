package stats

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventtest"
)

// span formats a SpanCount as "year from..to: missiles/launch events
// [ids] unplaced n [ids] year total".
func span(s SpanCount) string {
	ids := func(es []*event.Event) string {
		var b []string
		for _, e := range es {
			b = append(b, e.ID)
		}
		return "[" + strings.Join(b, " ") + "]"
	}
	return fmt.Sprintf("%d %s..%s: %d/%d %s unplaced %d %s year %d", s.Year, s.From, s.To,
		s.Missiles, s.LaunchEvents, ids(s.Events), s.UnplacedMissiles, ids(s.Unplaced), s.YearMissiles)
}

func gap(g *Gap) string {
	if g == nil {
		return "none"
	}
	to := "as-of"
	if g.To != nil {
		to = g.To.ID
	}
	return fmt.Sprintf("%d %s..%s", g.Days, g.From.ID, to)
}

func TestPace(t *testing.T) {
	ds := eventtest.Dataset()
	type want struct {
		year, prev, record string
		last               string
		days               int
		window             string
		gap                string
	}
	tests := []struct {
		asOf string
		want want
	}{
		// The fixture's as-of date, 29 February 2024. The span of 2023 and
		// of the record year 2022 (21 missiles; 2016 had 7, 2019 6) ends
		// on 28 February, so the launch of 1 March 2023 is left out. The 2
		// missiles dated only to February 2024 count: the span takes in
		// the whole month. The twelve months run from 1 March 2023: gaps of
		// 133 and 186 days; the open gap since 14 January is not counted,
		// as the February launch may fall in it. 14 January to 29
		// February: 17 + 29 = 46 days.
		{"2024-02-29", want{
			"2024 2024-01-01..2024-02-29: 3/2 [2024-01-14-single 2024-02-reported-pair] unplaced 0 [] year 3",
			"2023 2023-01-01..2023-02-28: 1/1 [2023-02-18-hwasong-15] unplaced 0 [] year 4",
			"2022 2022-01-01..2022-02-28: 4/2 [2022-01-05-pair 2022-01-17-pair] unplaced 0 [] year 21",
			"2024-01-14-single", 46, "2023-03-01", "186 2023-07-12-kn-25..2024-01-14-single"}},
		// Mid-February: the launch dated only to February may lie after
		// the 15th, so it is left out and named as unplaced.
		{"2024-02-15", want{
			"2024 2024-01-01..2024-02-15: 1/1 [2024-01-14-single] unplaced 2 [2024-02-reported-pair] year 3",
			"2023 2023-01-01..2023-02-15: 0/0 [] unplaced 0 [] year 4",
			"2022 2022-01-01..2022-02-15: 4/2 [2022-01-05-pair 2022-01-17-pair] unplaced 0 [] year 21",
			"2024-01-14-single", 32, "2023-02-16", "186 2023-07-12-kn-25..2024-01-14-single"}},
		// The end of 2023: the open gap since 12 July (172 days) is the
		// longest of the twelve months; the year before is the record year.
		{"2023-12-31", want{
			"2023 2023-01-01..2023-12-31: 4/3 [2023-02-18-hwasong-15 2023-03-01-pair 2023-07-12-kn-25] unplaced 0 [] year 4",
			"2022 2022-01-01..2022-12-31: 21/5 [2022-01-05-pair 2022-01-17-pair 2022-03-24-hwasong-17 2022-06-05-eight 2022-11-02-eight] unplaced 0 [] year 21",
			"2022 2022-01-01..2022-12-31: 21/5 [2022-01-05-pair 2022-01-17-pair 2022-03-24-hwasong-17 2022-06-05-eight 2022-11-02-eight] unplaced 0 [] year 21",
			"2023-07-12-kn-25", 172, "2023-01-01", "172 2023-07-12-kn-25..as-of"}},
		// A launch on 1 January, on the as-of date: 0 days since. 2015 had
		// none; the record year before 2016 is 2011, with none by 1
		// January. No gap lies within the twelve months.
		{"2016-01-01", want{
			"2016 2016-01-01..2016-01-01: 1/1 [2016-01-01-new-year-launch] unplaced 0 [] year 1",
			"2015 2015-01-01..2015-01-01: 0/0 [] unplaced 0 [] year 0",
			"2011 2011-01-01..2011-01-01: 0/0 [] unplaced 0 [] year 3",
			"2016-01-01-new-year-launch", 0, "2015-01-02", "none"}},
		// 15 March 2016: the 3 missiles dated only to March are unplaced,
		// but count for the year so far. The events after the as-of date
		// are ignored.
		{"2016-03-15", want{
			"2016 2016-01-01..2016-03-15: 3/2 [2016-01-01-new-year-launch 2016-03-10-pair] unplaced 3 [2016-03-reported-salvo] year 6",
			"2015 2015-01-01..2015-03-15: 0/0 [] unplaced 0 [] year 0",
			"2011 2011-01-01..2011-03-15: 0/0 [] unplaced 0 [] year 3",
			"2016-03-10-pair", 5, "2015-03-16", "none"}},
		// An as-of date known only to the year stands for its last day. The
		// 2 missiles dated only to 2018 count for the whole year; 2017 is
		// the year before and 2016 the record year.
		{"2018", want{
			"2018 2018-01-01..2018-12-31: 2/1 [2018-reported-tests] unplaced 0 [] year 2",
			"2017 2017-01-01..2017-12-31: 2/2 [2017-05-14-hwasong-12 2017-11-29-hwasong-15] unplaced 0 [] year 2",
			"2016 2016-01-01..2016-12-31: 7/4 [2016-01-01-new-year-launch 2016-03-reported-salvo 2016-03-10-pair 2016-08-24-slbm] unplaced 0 [] year 7",
			"2017-11-29-hwasong-15", 397, "2018-01-01", "none"}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			p := Pace(ds, d(tt.asOf))
			record, last := "none", "none"
			if p.RecordYear != nil {
				record = span(*p.RecordYear)
			}
			if p.LastLaunch != nil {
				last = p.LastLaunch.ID
			}
			got := want{span(p.Year), span(p.PreviousYear), record, last, p.DaysSinceLast, p.WindowFrom.String(), gap(p.LongestGap)}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\ngot  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// Before the first launch there is no last launch, no record year and no gap.
func TestPaceBeforeLaunches(t *testing.T) {
	p := Pace(eventtest.Dataset(), d("2011-06-30"))
	if p.LastLaunch != nil || p.DaysSinceLast != -1 || p.RecordYear != nil || p.LongestGap != nil || p.Year.Missiles != 0 {
		t.Errorf("got %+v", p)
	}
	if p.AsOf != d("2011-06-30") {
		t.Errorf("as of %v", p.AsOf)
	}
}

// 29 February has no counterpart in a year without one: 28 February stands
// for it, and for a leap year the span keeps 29 February.
func TestSameDayIn(t *testing.T) {
	tests := []struct {
		d    string
		year int
		want string
	}{
		{"2024-02-29", 2023, "2023-02-28"},
		{"2024-02-29", 2020, "2020-02-29"},
		{"2023-02-28", 2024, "2024-02-28"},
		{"2024-03-01", 2023, "2023-03-01"},
		{"2024-12-31", 2023, "2023-12-31"},
	}
	for _, tt := range tests {
		if got := sameDayIn(d(tt.d), tt.year).String(); got != tt.want {
			t.Errorf("sameDayIn(%s, %d) = %s, want %s", tt.d, tt.year, got, tt.want)
		}
	}
}

func TestDaysBetween(t *testing.T) {
	tests := []struct {
		a, b string
		n    int
		ok   bool
	}{
		{"2024-02-28", "2024-03-01", 2, true},
		{"2023-02-28", "2023-03-01", 1, true},
		{"2024-01-01", "2023-01-01", -365, true},
		{"2011-12-17", "2016-01-01", 1476, true},
		{"2016-03", "2016-03-10", 0, false},
		{"2016", "2016-03-10", 0, false},
	}
	for _, tt := range tests {
		n, ok := DaysBetween(d(tt.a), d(tt.b))
		if n != tt.n || ok != tt.ok {
			t.Errorf("DaysBetween(%s, %s) = %d, %v; want %d, %v", tt.a, tt.b, n, ok, tt.n, tt.ok)
		}
	}
}
