package timelinejs_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/site"
	"github.com/nktimeline/timeline/internal/timelinejs"
)

// siteExport builds the site of the committed record at the base URL, in
// memory, and returns the record and the site's data/timelinejs.json: the
// export as the site ships it, with the summaries as its pages render
// them. cacheDir, if set, keeps the social cards the build draws for the
// next.
func siteExport(t *testing.T, base, cacheDir string) (*event.Dataset, []byte) {
	t.Helper()
	res, err := event.LoadDir(context.Background(), "../../events")
	if err != nil || res.Dataset == nil {
		t.Fatalf("loading the record: %v %s", err, res.Problems.Errors())
	}
	files, err := site.BuildFiles(t.Context(), res.Dataset, site.Options{BaseURL: base, Schema: res.Schema, CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	data, ok := files["data/timelinejs.json"]
	if !ok {
		t.Fatal("the site has no data/timelinejs.json")
	}
	return res.Dataset, data
}

// TestExportRecord checks the export of the committed record against
// TimelineJS's structure: a title slide; every slide with a start date of
// at least a year, a headline and text; unique ids that are the event ids;
// groups that are kind labels; the link back to each event's page.
func TestExportRecord(t *testing.T) {
	const base = "https://example.org/nk/"
	cards := t.TempDir()
	ds, data := siteExport(t, base, cards)
	if _, again := siteExport(t, base, cards); string(again) != string(data) {
		t.Error("two exports differ")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for k := range raw {
		if k != "title" && k != "events" && k != "eras" && k != "scale" {
			t.Errorf("unknown top-level key %q", k)
		}
	}
	var tl timelinejs.Timeline
	if err := json.Unmarshal(data, &tl); err != nil {
		t.Fatal(err)
	}
	if tl.Title == nil || tl.Title.Text == nil || tl.Title.Text.Headline == "" || tl.Title.StartDate != nil {
		t.Errorf("title slide: %+v", tl.Title)
	}
	if len(tl.Events) != len(ds.Events) {
		t.Fatalf("%d slides for %d events", len(tl.Events), len(ds.Events))
	}
	seen := map[string]bool{tl.Title.UniqueID: true}
	labels := map[string]bool{}
	for _, k := range event.Kinds {
		labels[k.Label()] = true
	}
	for i, s := range tl.Events {
		e := ds.Events[i]
		switch {
		case s.StartDate == nil || s.StartDate.Year == 0:
			t.Errorf("%s: no start year", e.ID)
		case s.UniqueID != e.ID || seen[s.UniqueID]:
			t.Errorf("%s: unique_id %q (duplicate: %v)", e.ID, s.UniqueID, seen[s.UniqueID])
		case s.Text == nil || s.Text.Headline == "" || !strings.Contains(s.Text.Text, `href="`+base+"events/"+e.ID+`/"`):
			t.Errorf("%s: text %+v lacks a headline or the link back", e.ID, s.Text)
		case !labels[s.Group]:
			t.Errorf("%s: group %q is not a kind label", e.ID, s.Group)
		case s.Media != nil:
			t.Errorf("%s: media %+v", e.ID, s.Media)
		case (s.EndDate != nil) != !e.EndDate.IsZero():
			t.Errorf("%s: end date %+v", e.ID, s.EndDate)
		}
		if s.EndDate != nil && s.EndDate.Year == 0 {
			t.Errorf("%s: end date without a year", e.ID)
		}
		seen[s.UniqueID] = true
	}
	for _, era := range tl.Eras {
		if era.StartDate == nil || era.EndDate == nil || era.StartDate.Year == 0 || era.EndDate.Year == 0 {
			t.Errorf("era %+v lacks a date", era)
		}
	}
}

// TestNewExporterBaseURL: the base URL the slides link back to must be
// an absolute http(s) URL.
func TestNewExporterBaseURL(t *testing.T) {
	ds := event.NewDataset(event.Meta{Title: "Test"}, nil, nil, nil)
	summary := func(e *event.Event) (string, error) { return "", nil }
	for _, base := range []string{"/relative/", "example.org/nk/", "ftp://example.org/", "https:///nk/"} {
		if _, err := timelinejs.NewExporter(ds, base, summary); err == nil {
			t.Errorf("base URL %q was accepted", base)
		}
	}
	if _, err := timelinejs.NewExporter(ds, "https://example.org/nk", summary); err != nil {
		t.Error(err)
	}
}

// TestExportImportRoundTrip: importing the export gives back every event's
// id, date, end date, time, title and kind.
func TestExportImportRoundTrip(t *testing.T) {
	ds, data := siteExport(t, "https://example.org/", "")
	res, err := timelinejs.Read(data, timelinejs.Options{
		GroupKinds:      map[string]event.Kind{"Tests": event.KindEngineTest, "UN": event.KindSanctions},
		LaunchSystem:    "unknown-ballistic",
		SatelliteSystem: "chollima-1",
		TestSite:        "punggye-ri",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 || len(res.Events) != len(ds.Events) {
		t.Fatalf("%d of %d events back; skipped: %v", len(res.Events), len(ds.Events), res.Skipped)
	}
	for i, c := range res.Events {
		e, got := ds.Events[i], c.Event
		if got.ID != e.ID || got.Date != e.Date || got.EndDate != e.EndDate || got.Time != e.Time || got.Title != e.Title || got.Kind != e.Kind {
			t.Errorf("%s: came back as %s %s %s %s %q %s", e.ID, got.ID, got.Date, got.EndDate, got.Time, got.Title, got.Kind)
		}
	}
	if res.Title != ds.Meta.Title {
		t.Errorf("title %q", res.Title)
	}
}
