package site

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

func fptr(f float64) *float64 { return &f }

func mustDate(t testing.TB, s string) event.Date {
	t.Helper()
	d, err := event.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// smallDataset is a handful of events covering every part of the model:
// launches of several classes with and without sites and numbers, a
// nuclear test, a context event, dates of every precision, related events.
func smallDataset(t testing.TB) *event.Dataset {
	d := func(s string) event.Date { return mustDate(t, s) }
	meta := event.Meta{
		Title:       "Test timeline",
		Description: "A small dataset for tests.",
		Licence:     "CC BY 4.0",
		AsOf:        d("2023-12-31"),
		Eras: []event.Era{
			{ID: "kim-jong-il", Name: "Kim Jong Il", Start: d("1994-07-09"), End: d("2011-12-17")},
			{ID: "kim-jong-un", Name: "Kim Jong Un", Start: d("2011-12-18")},
		},
	}
	systems := []event.System{
		{ID: "hwasong-15", Name: "Hwasong-15", Class: event.ClassICBM, Propellant: "liquid"},
		{ID: "kn-23", Name: "KN-23", Class: event.ClassSRBM, Propellant: "solid"},
		{ID: "hwasal-2", Name: "Hwasal-2", Class: event.ClassCruise, Propellant: "unknown"},
		{ID: "unha-3", Name: "Unha-3", Class: event.ClassSLV, Propellant: "liquid"},
	}
	sites := []event.Site{
		{ID: "sunan", Name: "Sunan", Lat: 39.2, Lon: 125.67, Province: "Pyongyang"},
		{ID: "punggye-ri", Name: "Punggye-ri nuclear test site", Lat: 41.28, Lon: 129.08},
		{ID: "sohae", Name: "Sohae Satellite Launching Station", Lat: 39.66, Lon: 124.71},
	}
	events := []event.Event{
		{
			ID: "2017-11-29-hwasong-15", Path: "2017/2017-11-29-hwasong-15.yaml", Date: d("2017-11-29"), Time: "03:17",
			Kind: event.KindMissileLaunch, Title: "Hwasong-15 ICBM", Summary: "First flight of the *Hwasong-15*, with a [record](https://example.org/a) apogee.",
			Body:     "Longer text.\n\nSecond paragraph.",
			Launches: []event.Launch{{System: "hwasong-15", Count: 1, Outcome: "success", Site: "sunan", ApogeeKm: fptr(4475), RangeKm: fptr(950), FlightMin: fptr(53)}},
			Sources:  []event.Source{{URL: "https://example.org/hs15", Publisher: "Example News", Title: "ICBM launch", Published: d("2017-11-29")}},
			Tags:     []string{"icbm"},
			Related:  []string{"2017-09-03-sixth-nuclear-test"},
		},
		{
			ID: "2017-09-03-sixth-nuclear-test", Path: "2017/2017-09-03-sixth-nuclear-test.yaml", Date: d("2017-09-03"), Time: "12:29",
			Kind: event.KindNuclearTest, Title: "Sixth nuclear test", Summary: "The largest test & the last one so far.",
			Nuclear: &event.Nuclear{Site: "punggye-ri", YieldKt: &event.Range{Min: 70, Max: 280}, MagnitudeMb: fptr(6.3), Claim: "hydrogen bomb"},
			Sources: []event.Source{{URL: "https://example.org/usgs", Publisher: "USGS"}},
		},
		{
			ID: "2022-03-mixed", Path: "2022/2022-03-mixed.yaml", Date: d("2022-03"),
			Kind: event.KindMissileLaunch, Title: "Salvo of mixed missiles", Summary: "Two SRBMs, one failed, and cruise missiles.",
			Launches: []event.Launch{
				{System: "kn-23", Count: 2, CountEstimated: true, Outcome: "success", Site: "sunan", RangeKm: fptr(600.5),
					ReportedCounts: []event.ReportedCount{
						{By: "South Korea JCS", Count: 1, Estimated: true},
						{By: "KCNA", Count: 2, URL: "https://example.org/kcna"},
					}},
				{System: "kn-23", Count: 1, Outcome: "failure"},
				{System: "hwasal-2", Count: 2, Outcome: "unknown"},
			},
			Sources: []event.Source{{URL: "https://example.org/mixed", Publisher: "Agency, \"quoted\""}},
			Tags:    []string{"salvo", "cruise"},
			Updated: d("2023-06-01"),
			Corrections: []event.Correction{
				{Date: d("2023-02-01"), Text: "The site is Sunan, not *Pyongyang*."},
				{Date: d("2023-06-01"), Text: "The count was one SRBM, the JCS figure; it is now two, as KCNA pictured."},
			},
		},
		{
			ID: "2012-12-12-unha-3", Path: "2012/2012-12-12-unha-3.yaml", Date: d("2012-12-12"),
			Kind: event.KindSatelliteLaunch, Title: "Unha-3 puts a satellite in orbit", Summary: "Kwangmyongsong-3 Unit 2.",
			Launches: []event.Launch{{System: "unha-3", Count: 1, Outcome: "success", Site: "sohae"}},
			Sources:  []event.Source{{URL: "https://example.org/unha", Publisher: "Example"}},
		},
		{
			ID: "2018-06-12-singapore-summit", Path: "2018/2018-06-12-singapore-summit.yaml", Date: d("2018-06-12"), EndDate: d("2018-06-13"),
			Kind: event.KindDiplomacy, Title: "Singapore summit", Summary: "Kim and Trump meet; line one\nline two.",
			Sources: []event.Source{{URL: "https://example.org/summit", Publisher: "Example"}},
			Related: []string{"2017-11-29-hwasong-15"},
		},
		{
			ID: "1998-unha", Path: "1998/1998-unha.yaml", Date: d("1998"),
			Kind: event.KindOtherTest, Title: "A test known only to the year", Summary: "Little is known.",
			Sources: []event.Source{{URL: "http://example.org/1998", Publisher: "Archive"}},
		},
	}
	return event.NewDataset(meta, systems, sites, events)
}

var testSchema = []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"test"}` + "\n")

// buildTo builds ds into dir/out and returns the output directory.
func buildTo(t testing.TB, ds *event.Dataset, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "out")
	if err := Build(context.Background(), ds, Options{Out: out, BaseURL: "https://nk.example/", Schema: testSchema}); err != nil {
		t.Fatal(err)
	}
	return out
}

// realDataset loads the committed events, or skips when they do not load.
func realDataset(t testing.TB) (*event.Dataset, []byte) {
	t.Helper()
	res, err := event.LoadDir(context.Background(), "../../events")
	if err != nil {
		t.Skipf("loading the real events: %v", err)
	}
	if res.Dataset == nil {
		t.Skipf("the real events do not validate: %v", res.Errors())
	}
	schema, err := os.ReadFile("../../events/event.schema.json")
	if err != nil {
		schema = testSchema
	}
	return res.Dataset, schema
}

// testBuilder returns a builder of ds made as a build makes it, for tests
// of its parts, with the site at https://nk.example/ writing to memory.
func testBuilder(t testing.TB, ds *event.Dataset) *builder {
	t.Helper()
	u, err := url.Parse("https://nk.example/")
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder(t.Context(), ds, u, templatesFS, newMemOutput())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
