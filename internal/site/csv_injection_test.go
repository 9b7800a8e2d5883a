package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestCSVInjection puts the payloads of a CSV-injection attack into a
// title, a system name, a site name and an era name, and checks that no
// cell of any CSV the build writes begins with a character a spreadsheet
// would run as a formula, while numbers (a negative one included) stay
// numbers.
func TestCSVInjection(t *testing.T) {
	d := func(s string) event.Date { return mustDate(t, s) }
	meta := event.Meta{
		Title: "Test", Licence: "CC BY 4.0", AsOf: d("2022-12-31"),
		Eras: []event.Era{{ID: "era", Name: "+cmd|' /C calc'!A0", Start: d("2011-12-18")}},
	}
	systems := []event.System{{ID: "evil", Name: "@SUM(1+1)*cmd|' /C calc'!A0", Class: event.ClassSRBM}}
	sites := []event.Site{{ID: "evil-site", Name: "@SUM(1+1)*cmd|' /C calc'!A0", Province: "-2+3+cmd|' /C calc'!A0", Lat: 39.2, Lon: -1}}
	events := []event.Event{{
		ID: "2022-01-05-evil", Path: "2022/2022-01-05-evil.yaml", Date: d("2022-01-05"), Kind: event.KindMissileLaunch,
		Title: `=HYPERLINK("http://evil/t","click")`, Summary: "x",
		Launches: []event.Launch{{System: "evil", Count: 2, Outcome: "success", Site: "evil-site"}},
		Sources:  []event.Source{{URL: "https://example.org/x", Publisher: "\tTab"}},
	}}
	ds := event.NewDataset(meta, systems, sites, events)
	files, _, err := render(context.Background(), ds, Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	sawNegative := false
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		n++
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range rows {
			for _, c := range r {
				if c == "-1" {
					sawNegative = true
					continue
				}
				if t2 := strings.TrimLeft(c, " "); t2 != "" && strings.ContainsRune("=+-@\t\r", rune(t2[0])) {
					t.Errorf("%s: cell %q would run as a formula", name, c)
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("checked %d CSV files, want events.csv and the 7 charts'", n)
	}
	for _, want := range []struct{ file, cell string }{
		{"data/events.csv", `"'=HYPERLINK(""http://evil/t"",""click"")"`},
		{"data/events.csv", `'@SUM(1+1)*cmd|' /C calc'!A0`},
		{"data/launch-sites.csv", `'@SUM(1+1)*cmd|' /C calc'!A0,'-2+3+cmd|' /C calc'!A0,39.2,-1,`},
		{"data/missiles-per-leader.csv", `'+cmd|' /C calc'!A0`},
	} {
		if !bytes.Contains(files[want.file], []byte(want.cell)) {
			t.Errorf("%s lacks %s:\n%s", want.file, want.cell, files[want.file])
		}
	}
	if !sawNegative {
		t.Error("the longitude -1 was not written as the number -1")
	}
}
