package stats

import (
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// A record built in code for the rules the fixture cannot show: a tie
// reached by the second event of a month, two whole years that tie, and a
// launch group without an outcome (the loader requires one; NewDataset
// does not).
func tiedYears() *event.Dataset {
	sys := []event.System{{ID: "srbm", Name: "SRBM", Class: event.ClassSRBM}}
	launch := func(id, date string, n int, outcome string) event.Event {
		return event.Event{ID: id, Date: d(date), Kind: event.KindMissileLaunch,
			Launches: []event.Launch{{System: "srbm", Count: n, Outcome: outcome}}}
	}
	return event.NewDataset(event.Meta{AsOf: d("2022-12-31")}, sys, nil, []event.Event{
		launch("2020-01-01-a", "2020-01-01", 3, ""),
		launch("2020-02-01-b", "2020-02-01", 1, "success"),
		launch("2020-02-02-c", "2020-02-02", 2, "success"),
		launch("2021-05-05-d", "2021-05-05", 6, "failure"),
	})
}

func TestTiesBuiltInCode(t *testing.T) {
	ds := tiedYears()
	book := Records(ds)
	// February 2020 (1 + 2) draws level with January's 3 on the 2nd.
	month := book.Progression(MeasureMonth).Steps
	if len(month) != 3 || month[1].Kind != StepTied || month[1].Event.ID != "2020-02-02-c" || month[1].Stood != 32 {
		t.Errorf("month steps: %+v", month)
	}
	// 2021's 6 ties 2020's 6: the record year of the pace is the earlier.
	year := book.Progression(MeasureYear).Steps
	if len(year) != 2 || year[1].Kind != StepTied || year[1].PreviousHolder.ID != "2020-01-01-a" {
		t.Errorf("year steps: %+v", year)
	}
	if p := Pace(ds, d("2022-12-31")); p.RecordYear == nil || p.RecordYear.Year != 2020 {
		t.Errorf("record year %+v, want 2020", p.RecordYear)
	}
	// No outcome given counts as unknown.
	s := Systems(ds)[0]
	if s.Outcomes != (Outcomes{Success: 3, Failure: 6, Unknown: 3}) || s.Launches[0].Outcome != OutcomeUnknown {
		t.Errorf("outcomes %+v, first row %q", s.Outcomes, s.Launches[0].Outcome)
	}
}

// Which events a day, month or year total takes in.
func TestPeriodOf(t *testing.T) {
	tests := []struct {
		m    Measure
		date string
		want string // "" when the event does not count
	}{
		{MeasureDay, "2016-03-10", "2016-03-10"},
		{MeasureDay, "2016-03", ""},
		{MeasureDay, "2016", ""},
		{MeasureMonth, "2016-03-10", "2016-03"},
		{MeasureMonth, "2016-03", "2016-03"},
		{MeasureMonth, "2016", ""},
		{MeasureYear, "2016-03-10", "2016"},
		{MeasureYear, "2016-03", "2016"},
		{MeasureYear, "2016", "2016"},
		{MeasureApogee, "2016-03-10", ""},
	}
	for _, tt := range tests {
		p, ok := periodOf(tt.m, d(tt.date))
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("periodOf(%s, %s) = %q, want %q", tt.m, tt.date, got, tt.want)
		}
	}
}

// A catalogue first_flight agrees with the record's first launch when the
// two are equal to the coarser precision.
func TestDateAgrees(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2017-11-29", "2017-11-29", true},
		{"2017-11", "2017-11-29", true},
		{"2017", "2017-11-29", true},
		{"2017-11-29", "2017-11-28", false},
		{"2017-10", "2017-11-29", false},
		{"2017-11-29", "2017-10", false},
		{"2016", "2017-11-29", false},
	}
	for _, tt := range tests {
		if got := dateAgrees(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("dateAgrees(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if dateAgrees(event.Date{}, d("2017")) {
		t.Error("the zero date agrees with 2017")
	}
}
