package stats

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/eventtest"
)

// step formats a record step as "kind value event [previous holder
// stood]", with the period for totals and the opening launch for gaps.
func step(s RecordStep) string {
	b := fmt.Sprintf("%s %g %s", s.Kind, s.Value, s.Event.ID)
	if !s.Period.IsZero() {
		b += " in " + s.Period.String()
	}
	if s.Gap != nil {
		b += " from " + s.Gap.From.ID
	}
	if s.Kind != StepFirst {
		stood := "?"
		if s.StoodKnown {
			stood = fmt.Sprint(s.Stood)
		}
		b += fmt.Sprintf(" [%g %s %s]", s.Previous, s.PreviousHolder.ID, stood)
	}
	return b
}

func TestRecords(t *testing.T) {
	ds := eventtest.Dataset()
	book := Records(ds)
	// Days between dates: 2011-12-17 to 2016-01-01 is 4 years with 29
	// February 2012 (1461) and 15 days: 1476; 2016-01-01 to 2016-08-24 is
	// 31 + 29 + 31 + 30 + 31 + 30 + 31 + 23 = 236; 2016-08-24 to
	// 2017-05-14 is 263; 2017-05-14 to 2017-11-29 is 199; 2017-11-29 to
	// 2022-03-24 is 4 years with 29 February 2020 (1461) and 115 days:
	// 1576.
	tests := map[Measure][]string{
		// The satellite launcher's 500 km in 2012 does not count; 50 km on
		// the 18th ties; 45 km on 2016-03-10 is below the record.
		MeasureApogee: {
			"first 50 2011-12-17-last-day-launch",
			"tied 50 2011-12-18-first-day-launch [50 2011-12-17-last-day-launch 1]",
			"broken 100 2016-01-01-new-year-launch [50 2011-12-17-last-day-launch 1476]",
			"broken 500 2016-08-24-slbm [100 2016-01-01-new-year-launch 236]",
			"broken 2111 2017-05-14-hwasong-12 [500 2016-08-24-slbm 263]",
			"broken 4475 2017-11-29-hwasong-15 [2111 2017-05-14-hwasong-12 199]",
			"broken 6248 2022-03-24-hwasong-17 [4475 2017-11-29-hwasong-15 1576]",
		},
		// 300 km on 2016-03-10 ties 1 January's record, which goes on
		// standing: the SLBM beats it 236 days after 1 January. The cruise
		// missiles' 1500 km does not count. 2011-12-18 to 2016-01-01: 1475.
		MeasureRange: {
			"first 200 2011-12-17-last-day-launch",
			"broken 250 2011-12-18-first-day-launch [200 2011-12-17-last-day-launch 1]",
			"broken 300 2016-01-01-new-year-launch [250 2011-12-18-first-day-launch 1475]",
			"tied 300 2016-03-10-pair [300 2016-01-01-new-year-launch 69]",
			"broken 500 2016-08-24-slbm [300 2016-01-01-new-year-launch 236]",
			"broken 787 2017-05-14-hwasong-12 [500 2016-08-24-slbm 263]",
			"broken 950 2017-11-29-hwasong-15 [787 2017-05-14-hwasong-12 199]",
			"broken 1090 2022-03-24-hwasong-17 [950 2017-11-29-hwasong-15 1576]",
		},
		// 2011-12-18 to 2016-08-24: 1475 + 236 = 1711.
		MeasureFlight: {
			"first 5 2011-12-17-last-day-launch",
			"broken 6 2011-12-18-first-day-launch [5 2011-12-17-last-day-launch 1]",
			"broken 10 2016-08-24-slbm [6 2011-12-18-first-day-launch 1711]",
			"broken 30 2017-05-14-hwasong-12 [10 2016-08-24-slbm 263]",
			"broken 53 2017-11-29-hwasong-15 [30 2017-05-14-hwasong-12 199]",
			"broken 71 2022-03-24-hwasong-17 [53 2017-11-29-hwasong-15 1576]",
		},
		// The 3 missiles dated only to March 2016 and the 2 dated only to
		// 2018 count for no day. On 2 August 2019 the first event brings
		// the day level with the record (2) and the second past it: the
		// record counts from the second. 2011-12-18 to 2016-03-10: 1475 +
		// 69 = 1544; to 2019-08-02: 2784; 2019-08-02 to 2022-06-05: 1038;
		// 2022-06-05 to 2022-11-02: 25 + 31 + 31 + 30 + 31 + 2 = 150.
		MeasureDay: {
			"first 1 2011-12-17-last-day-launch in 2011-12-17",
			"broken 2 2011-12-18-first-day-launch in 2011-12-18 [1 2011-12-17-last-day-launch 1]",
			"tied 2 2016-03-10-pair in 2016-03-10 [2 2011-12-18-first-day-launch 1544]",
			"broken 4 2019-08-02-second-salvo in 2019-08-02 [2 2011-12-18-first-day-launch 2784]",
			"broken 8 2022-06-05-eight in 2022-06-05 [4 2019-08-02-second-salvo 1038]",
			"tied 8 2022-11-02-eight in 2022-11-02 [8 2022-06-05-eight 150]",
		},
		// March 2016: 3 dated only to the month (level with December 2011's
		// 3), then 2 on the 10th take it past: the record counts from the
		// 10th. August 2019: 2, 4, then 6 on the 16th. 2011-12-17 to
		// 2016-03-10: 1545; 2016-03-10 to 2019-08-16: 1254; 2019-08-16 to
		// 2022-06-05: 1024.
		MeasureMonth: {
			"first 3 2011-12-17-last-day-launch in 2011-12",
			"broken 5 2016-03-10-pair in 2016-03 [3 2011-12-17-last-day-launch 1545]",
			"broken 6 2019-08-16-pair in 2019-08 [5 2016-03-10-pair 1254]",
			"broken 8 2022-06-05-eight in 2022-06 [6 2019-08-16-pair 1024]",
			"tied 8 2022-11-02-eight in 2022-11 [8 2022-06-05-eight 150]",
		},
		// 2016: 1 on 1 January, then the 3 dated only to March take the
		// year past 2011's 3: the record counts from March 2016, a month,
		// so neither its own nor the next step's days are known. 2022: 2,
		// 4, 5, then 13 on 5 June. 2019's 6 is below 7.
		MeasureYear: {
			"first 3 2011-12-17-last-day-launch in 2011",
			"broken 7 2016-03-reported-salvo in 2016 [3 2011-12-17-last-day-launch ?]",
			"broken 21 2022-06-05-eight in 2022 [7 2016-03-reported-salvo ?]",
		},
		// 1 day, then 1475 days to 1 January 2016. The gaps around March
		// 2016 and 2018, where launches dated only to the month or year may
		// fall, are not counted; none of the others (at most 873 days,
		// 2019-08-16 to 2022-01-05) comes near.
		MeasureGap: {
			"first 1 2011-12-18-first-day-launch from 2011-12-17-last-day-launch",
			"broken 1475 2016-01-01-new-year-launch from 2011-12-18-first-day-launch [1 2011-12-18-first-day-launch 1475]",
		},
	}
	if len(book.Progressions) != len(Measures) {
		t.Fatalf("%d progressions, want %d", len(book.Progressions), len(Measures))
	}
	for i, m := range Measures {
		p := book.Progressions[i]
		if p.Measure != m {
			t.Errorf("progression %d is %s, want %s", i, p.Measure, m)
		}
		var got []string
		for _, s := range p.Steps {
			got = append(got, step(s))
			if s.Measure != m {
				t.Errorf("%s: step of %s", m, s.Measure)
			}
			if s.Date != s.Event.Date {
				t.Errorf("%s: step dated %v, its event %v", m, s.Date, s.Event.Date)
			}
		}
		if !reflect.DeepEqual(got, tests[m]) {
			t.Errorf("%s:\ngot  %s\nwant %s", m, strings.Join(got, "\n     "), strings.Join(tests[m], "\n     "))
		}
	}
}

// The events behind a total are every launch event of the period; behind a
// gap, its two ends; behind a launch measure, the event and its group.
func TestRecordStepEvents(t *testing.T) {
	ds := eventtest.Dataset()
	book := Records(ds)
	ids := func(s RecordStep) string {
		var b []string
		for _, e := range s.Events {
			b = append(b, e.ID)
		}
		return fmt.Sprintf("%s #%d", strings.Join(b, " "), s.Group)
	}
	tests := []struct {
		m    Measure
		i    int
		want string
	}{
		{MeasureMonth, 1, "2016-03-reported-salvo 2016-03-10-pair #-1"},
		{MeasureDay, 3, "2019-08-02-kn-25 2019-08-02-second-salvo #-1"},
		{MeasureYear, 2, "2022-01-05-pair 2022-01-17-pair 2022-03-24-hwasong-17 2022-06-05-eight 2022-11-02-eight #-1"},
		{MeasureGap, 1, "2011-12-18-first-day-launch 2016-01-01-new-year-launch #-1"},
		{MeasureApogee, 6, "2022-03-24-hwasong-17 #0"},
	}
	for _, tt := range tests {
		if got := ids(book.Progression(tt.m).Steps[tt.i]); got != tt.want {
			t.Errorf("%s step %d: %s, want %s", tt.m, tt.i, got, tt.want)
		}
	}
	if c := book.Progression(MeasureRange).Current(); c == nil || c.Value != 1090 {
		t.Errorf("current range record = %+v, want 1090", c)
	}
	// The standing record is the one set, not the later tie.
	if c := book.Progression(MeasureDay).Current(); c == nil || c.Event.ID != "2022-06-05-eight" {
		t.Errorf("current day record = %+v, want 2022-06-05-eight's", c)
	}
	if c := (Progression{}).Current(); c != nil {
		t.Errorf("empty progression has current %+v", c)
	}
}

func TestRecordsForEvent(t *testing.T) {
	book := Records(eventtest.Dataset())
	tests := []struct {
		id   string
		want []string // measure:kind
	}{
		{"2022-03-24-hwasong-17", []string{"highest-apogee:broken", "longest-range:broken", "longest-flight:broken"}},
		{"2016-03-10-pair", []string{"longest-range:tied", "most-in-a-day:tied", "most-in-a-month:broken"}},
		{"2016-01-01-new-year-launch", []string{"highest-apogee:broken", "longest-range:broken", "longest-gap:broken"}},
		{"2022-06-05-eight", []string{"most-in-a-day:broken", "most-in-a-month:broken", "most-in-a-year:broken"}},
		{"2019-08-02-kn-25", nil}, // level with the day record, not past it: the second salvo holds it
		{"2023-02-18-hwasong-15", nil},
		{"no-such-event", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range book.ForEvent(tt.id) {
			got = append(got, fmt.Sprintf("%s:%s", s.Measure, s.Kind))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ForEvent(%s) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestFirstFlights(t *testing.T) {
	book := Records(eventtest.Dataset())
	var got []string
	for _, f := range book.FirstFlights {
		s := f.Launch.System.ID + " " + f.Launch.Event.ID
		if f.FirstFlightDisagrees {
			s += " (catalogue disagrees)"
		}
		got = append(got, s)
	}
	// Every system that flew, in the order of its first launch; hwasong-20
	// never flew.
	want := []string{
		"hwasong-11 2011-12-17-last-day-launch",
		"unha-3 2012-12-12-satellite",
		"hwasong-5 2016-01-01-new-year-launch",
		"pukguksong-1 2016-08-24-slbm",
		"hwasong-12 2017-05-14-hwasong-12",
		"hwasong-15 2017-11-29-hwasong-15",
		"kn-25 2019-08-02-kn-25 (catalogue disagrees)",
		"hwasal-1 2019-08-10-cruise",
		"hwasong-17 2022-03-24-hwasong-17",
		"kn-09 2022-11-03-rockets",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestGaps(t *testing.T) {
	var got []string
	for _, g := range Gaps(eventtest.Dataset()) {
		got = append(got, fmt.Sprintf("%s..%s %d", g.From.Date, g.To.Date, g.Days))
	}
	// Not counted: 2016-01-01..2016-03-10 and 2016-03-10..2016-08-24 (the
	// launch dated only to March 2016 may fall in either: before or after
	// the 10th), 2017-11-29..2019-08-02 (2018), the two events
	// of 2019-08-02 (same day), and 2024-01-14 onwards (not closed).
	want := []string{
		"2011-12-17..2011-12-18 1",
		"2011-12-18..2016-01-01 1475",
		"2016-08-24..2017-05-14 263",
		"2017-05-14..2017-11-29 199",
		"2019-08-02..2019-08-16 14",
		"2019-08-16..2022-01-05 873",
		"2022-01-05..2022-01-17 12",
		"2022-01-17..2022-03-24 66",
		"2022-03-24..2022-06-05 73",
		"2022-06-05..2022-11-02 150",
		"2022-11-02..2023-02-18 108",
		"2023-02-18..2023-03-01 11",
		"2023-03-01..2023-07-12 133",
		"2023-07-12..2024-01-14 186",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestMeasureLabels(t *testing.T) {
	for _, m := range Measures {
		if m.Label() == string(m) || m.Unit() == "" {
			t.Errorf("%s has no label or unit", m)
		}
	}
}
