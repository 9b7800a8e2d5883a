package timelinejs

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventfile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var testOptions = Options{
	GroupKinds:      map[string]event.Kind{"Tests": event.KindEngineTest, "UN": event.KindSanctions},
	LaunchSystem:    "unknown-ballistic",
	SatelliteSystem: "chollima-1",
	TestSite:        "punggye-ri",
}

// describe lists what an import made, for the golden files.
func describe(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", res.Title)
	for _, c := range res.Events {
		e := c.Event
		fmt.Fprintf(&b, "row %d: %s %s date=%s end=%s time=%q sources=%d launches=%d nuclear=%v\n", c.Row, e.ID, e.Kind, e.Date, e.EndDate, e.Time, len(e.Sources), len(e.Launches), e.Nuclear != nil)
	}
	for _, n := range res.Skipped {
		fmt.Fprintf(&b, "skipped %s\n", n)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "note %s\n", n)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update and review the diff):\n%s", name, got)
	}
}

// validate writes the events as files beside the committed catalogues and
// loads them: every converted event must be valid.
func validate(t *testing.T, res *Result) *event.Dataset {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{event.TimelineFile, event.SystemsFile, event.SitesFile} {
		data, err := os.ReadFile(filepath.Join("../../events", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for _, c := range res.Events {
		fsys[c.Event.Path] = &fstest.MapFile{Data: eventfile.Encode(&c.Event)}
	}
	loaded, err := event.Load(context.Background(), fsys, "events")
	if err != nil {
		t.Fatal(err)
	}
	if errs := loaded.Problems.Errors(); len(errs) > 0 || loaded.Dataset == nil {
		t.Fatalf("imported events do not validate:\n%s", errs)
	}
	if len(loaded.Dataset.Events) != len(res.Events) {
		t.Fatalf("loaded %d events, imported %d", len(loaded.Dataset.Events), len(res.Events))
	}
	return loaded.Dataset
}

func TestReadCSVTemplate(t *testing.T) {
	data, err := os.ReadFile("testdata/template.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(data, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) < 20 {
		t.Errorf("only %d events from the template", len(res.Events))
	}
	golden(t, "template.golden", describe(res))
	ds := validate(t, res)

	for id, check := range map[string]func(*event.Event) string{
		"1985-scud-b-tests-reported-year-only": func(e *event.Event) string {
			if e.Date.Precision() != event.PrecisionYear || e.Body != "" || e.Sources[0].Publisher != "Example Archive" {
				return "want a year-only date, no body, the credit as publisher"
			}
			return ""
		},
		"2018-04-27-a-two-day-summit": func(e *event.Event) string {
			if e.EndDate.String() != "2018-04-28" || e.Time != "09:30" || !strings.Contains(e.Body, "> A quoted line.") ||
				e.Summary != "A range over two days, *with* [a link](https://example.org/summit)." || e.Sources[0].URL != "https://example.org/summit" {
				return "want the range, the time, the quote in the body and the link as a source"
			}
			return ""
		},
		"2019-05-04-strike-drill-from-hodo-peninsula-debuts-kn-23": func(e *event.Event) string {
			if strings.Contains(e.Body, "mailto") || !strings.Contains(e.Body, "See also the desk") || e.Launches[0].System != "unknown-ballistic" || !e.Launches[0].CountEstimated {
				return "want the mailto link reduced to its text and a placeholder launch group"
			}
			return ""
		},
	} {
		e, ok := ds.Event(id)
		if !ok {
			t.Errorf("no event %s", id)
			continue
		}
		if msg := check(e); msg != "" {
			t.Errorf("%s: %s; got %+v", id, msg, e)
		}
	}
}

func TestReadJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/timeline.json")
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions
	opt.GroupKinds = map[string]event.Kind{"missile launches": event.KindMissileLaunch}
	res, err := Read(data, opt)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "timeline.golden", describe(res))
	ds := validate(t, res)
	e, ok := ds.Event("2017-07-04-hwasong-14") // the id from unique_id
	if !ok {
		t.Fatal("no Hwasong-14 event")
	}
	if e.Title != "Hwasong-14 & the first ICBM test" || e.Time != "09:40" || e.Sources[0].Publisher != "Example News" ||
		e.Sources[0].Title != "Launch photo" || e.Body != "Reported by [the JCS](https://www.example.org/jcs).\n" || len(e.Sources) != 2 {
		t.Errorf("converted to %+v", e)
	}
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{
		"", "a,b\n1,2\n", `{"title": {}}`, `{"events": [{"start_date": {"year": "MMXVII"}}]}`, "Year,Headline\n\"unclosed\n",
	} {
		if res, err := Read([]byte(in), testOptions); err == nil {
			t.Errorf("%q: no error, got %s", in, describe(res))
		}
	}
}

func TestClock(t *testing.T) {
	for in, want := range map[string]string{"9:40": "09:40", "09:40:00": "09:40", "12:05 AM": "00:05", "12:05 pm": "12:05", "1:00 PM": "13:00", "23:59": "23:59",
		"24:00": "", "13:00 PM": "", "noon": "", "9.40": ""} {
		got, ok := clock(in)
		if got != want || ok != (want != "") {
			t.Errorf("clock(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
