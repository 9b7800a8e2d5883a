package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nktimeline/timeline/internal/csvsafe"
	"github.com/nktimeline/timeline/internal/eventtest"
	"github.com/xuri/excelize/v2"
)

// TestWorkbook reads data/nktimeline.xlsx back with excelize: it has the
// four sheets, the launch groups, systems and sites sheets hold exactly the
// rows of events.csv, systems.csv and sites.csv, and two builds give the
// same bytes.
func TestWorkbook(t *testing.T) {
	for _, chunk := range []int{workbookChunk, 4} {
		t.Run(fmt.Sprintf("chunks of %d events", chunk), func(t *testing.T) {
			defer func(n int) { workbookChunk = n }(workbookChunk)
			workbookChunk = chunk
			testWorkbook(t)
		})
	}
}

func testWorkbook(t *testing.T) {
	build := func() map[string][]byte {
		files, _, err := render(context.Background(), eventtest.Dataset(), Options{
			Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	files := build()
	data := files["data/nktimeline.xlsx"]
	if again := build()["data/nktimeline.xlsx"]; !bytes.Equal(data, again) {
		t.Error("two builds of the same record give different workbooks")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, workbookSheets) {
		t.Fatalf("sheets %q, want %q", got, workbookSheets)
	}
	for _, tc := range []struct{ sheet, csv string }{
		{"launch groups", "data/events.csv"},
		{"systems", "data/systems.csv"},
		{"sites", "data/sites.csv"},
	} {
		want, err := csv.NewReader(bytes.NewReader(files[tc.csv])).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", tc.csv, err)
		}
		got, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("sheet %s has %d rows, %s %d", tc.sheet, len(got), tc.csv, len(want))
			continue
		}
		for i := range want {
			// GetRows drops the empty cells at the end of a row. A
			// workbook's text cell is never a formula, so it is written as
			// it is; the CSV neutralises formula-like cells (csvsafe).
			g := append(got[i], make([]string, max(0, len(want[i])-len(got[i])))...)
			for j := range g {
				g[j] = csvsafe.Cell(g[j])
			}
			if !reflect.DeepEqual(g, want[i]) {
				t.Errorf("sheet %s row %d:\n got %q\nwant %q", tc.sheet, i+1, g, want[i])
			}
		}
	}
	// A number is a number cell (no type attribute means a number in
	// SpreadsheetML), text a text cell.
	for cell, number := range map[string]bool{"M2": true, "A2": false} {
		typ, err := f.GetCellType("systems", cell)
		if err != nil {
			t.Fatal(err)
		}
		isNumber := typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
		if isNumber != number {
			t.Errorf("systems!%s has type %v; a number: %v, want %v", cell, typ, isNumber, number)
		}
	}
	events, err := f.GetRows("events")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(eventtest.Dataset().Events); len(events) != n+1 {
		t.Errorf("events sheet has %d rows, want %d events and a header", len(events), n)
	}
	if !reflect.DeepEqual(events[0], columnNames(eventColumns)) {
		t.Errorf("events sheet header %q", events[0])
	}
}

// TestSitesGeoJSON checks that data/sites.geojson is a FeatureCollection
// of points at the sites' coordinates with their figures as properties.
func TestSitesGeoJSON(t *testing.T) {
	files := renderFixture(t)
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			ID       string
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(files["data/sites.geojson"], &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 5 {
		t.Fatalf("type %q with %d features, want a FeatureCollection of the 5 sites", fc.Type, len(fc.Features))
	}
	sunan := fc.Features[0]
	if sunan.ID != "sunan" || sunan.Geometry.Type != "Point" || !reflect.DeepEqual(sunan.Geometry.Coordinates, []float64{125.67, 39.2}) {
		t.Errorf("first feature: %+v", sunan)
	}
	for k, want := range map[string]any{"missiles": 23.0, "ballistic": 21.0, "launch_events": 14.0, "nuclear_tests": 0.0, "province": "Pyongyang", "first_event_id": "2011-12-17-last-day-launch"} {
		if got := sunan.Properties[k]; got != want {
			t.Errorf("sunan %s = %v, want %v", k, got, want)
		}
	}
}
