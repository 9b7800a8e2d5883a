package stats

import (
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// No function panics on a dataset without events, with or without
// metadata and catalogues, and none invents a figure.
func TestEmptyDataset(t *testing.T) {
	datasets := map[string]*event.Dataset{
		"zero":     {},
		"new":      event.NewDataset(event.Meta{}, nil, nil, nil),
		"as-of":    event.NewDataset(event.Meta{AsOf: d("2024-02-29")}, nil, nil, nil),
		"catalogs": event.NewDataset(event.Meta{AsOf: d("2024-02-29"), Eras: []event.Era{{ID: "e", Start: d("2020-01-01")}}}, []event.System{{ID: "s", Class: event.ClassSRBM, FirstFlight: d("2020")}}, []event.Site{{ID: "p"}}, nil),
	}
	for name, ds := range datasets {
		t.Run(name, func(t *testing.T) {
			if tot := Total(ds, All); tot.Events != 0 || tot.BallisticMissiles != 0 {
				t.Errorf("Total = %+v", tot)
			}
			for _, y := range BallisticByYear(ds, All) {
				if y.Total != 0 {
					t.Errorf("BallisticByYear: %+v", y)
				}
			}
			for _, y := range ActivityByYear(ds, All) {
				if y.Total != 0 {
					t.Errorf("ActivityByYear: %+v", y)
				}
			}
			for _, y := range BallisticByMonth(ds, All) {
				if y.Total != 0 {
					t.Errorf("BallisticByMonth: %+v", y)
				}
			}
			for _, y := range ReachByYear(ds, All) {
				if y.Apogee != nil || y.Range != nil {
					t.Errorf("ReachByYear: %+v", y)
				}
			}
			if n := NuclearTests(ds, All); len(n) != 0 {
				t.Errorf("NuclearTests = %v", n)
			}
			if s, u := Sites(ds, All); len(s) != 0 || u.Ballistic != 0 || u.Other != 0 || u.Events != 0 {
				t.Errorf("Sites = %v, %v", s, u)
			}
			for _, e := range ByEra(ds, All) {
				if e.BallisticMissiles != 0 || e.LaunchEvents != 0 {
					t.Errorf("ByEra: %+v", e)
				}
			}
			for _, s := range Systems(ds) {
				// A catalogue first_flight with no launch in the record disagrees.
				if s.First != nil || s.PerYear != nil || s.Missiles != 0 || s.FirstFlightDisagrees != !s.System.FirstFlight.IsZero() {
					t.Errorf("Systems: %+v", s)
				}
			}
			for _, s := range SiteDetails(ds) {
				if s.First != nil || s.PerYear != nil || s.Missiles != 0 || len(s.Events) != 0 {
					t.Errorf("SiteDetails: %+v", s)
				}
			}
			b := Records(ds)
			if len(b.FirstFlights) != 0 || len(b.Progressions) != len(Measures) || len(b.ForEvent("x")) != 0 {
				t.Errorf("Records = %+v", b)
			}
			for _, p := range b.Progressions {
				if len(p.Steps) != 0 || p.Current() != nil {
					t.Errorf("Records: %+v", p)
				}
			}
			if g := Gaps(ds); len(g) != 0 {
				t.Errorf("Gaps = %v", g)
			}
			for _, asOf := range []event.Date{ds.Meta.AsOf, d("2024-02-29"), {}} {
				p := Pace(ds, asOf)
				if p.Year.Missiles != 0 || p.PreviousYear.Missiles != 0 || p.RecordYear != nil || p.LastLaunch != nil || p.DaysSinceLast != -1 || p.LongestGap != nil {
					t.Errorf("Pace(%v) = %+v", asOf, p)
				}
			}
		})
	}
}
