package chart

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

func TestSpanPartial(t *testing.T) {
	tests := []struct {
		asOf        string
		first, last int
		partial     bool
		yearText    string
		yearAxis    string
		note        string
		period      string
	}{
		{"2026-08-31", 1984, 2026, true, "2026 (to 31 Aug)", "2026*", "* 2026: to 31 Aug", "From 1984 to 31 Aug 2026"},
		{"2026-08-31", 2026, 2026, true, "2026 (to 31 Aug)", "2026*", "* 2026: to 31 Aug", "In 2026 (to 31 Aug)"},
		{"2026-08-31", 1984, 2025, false, "2025", "2025", "", "From 1984 to 2025"},
		{"2026-01-01", 2020, 2026, true, "2026 (to 1 Jan)", "2026*", "* 2026: to 1 Jan", "From 2020 to 1 Jan 2026"},
		{"2026-12-30", 2020, 2026, true, "2026 (to 30 Dec)", "2026*", "* 2026: to 30 Dec", "From 2020 to 30 Dec 2026"},
		{"2026-08", 2020, 2026, true, "2026 (to Aug)", "2026*", "* 2026: to Aug", "From 2020 to Aug 2026"},
		// A whole year is not partial.
		{"2022-12-31", 2009, 2022, false, "2022", "2022", "", "From 2009 to 2022"},
		{"2022-12", 2009, 2022, false, "2022", "2022", "", "From 2009 to 2022"},
		{"2022", 2009, 2022, false, "2022", "2022", "", "From 2009 to 2022"},
		{"2022-12-31", 2017, 2017, false, "2017", "2017", "", "In 2017"},
	}
	for _, tt := range tests {
		sp := span{first: tt.first, last: tt.last, asOf: d(tt.asOf)}
		if got := sp.partial(tt.last); got != tt.partial {
			t.Errorf("%s: partial(%d) = %v", tt.asOf, tt.last, got)
		}
		if got := sp.yearText(tt.last); got != tt.yearText {
			t.Errorf("%s: yearText(%d) = %q, want %q", tt.asOf, tt.last, got, tt.yearText)
		}
		if got := sp.yearAxis(tt.last); got != tt.yearAxis {
			t.Errorf("%s: yearAxis(%d) = %q, want %q", tt.asOf, tt.last, got, tt.yearAxis)
		}
		if got := sp.note(); got != tt.note {
			t.Errorf("%s: note = %q, want %q", tt.asOf, got, tt.note)
		}
		if got := sp.period(); got != tt.period {
			t.Errorf("%s: period = %q, want %q", tt.asOf, got, tt.period)
		}
		// A year before the as-of year is whole.
		if sp.partial(tt.first - 1) {
			t.Errorf("%s: %d is partial", tt.asOf, tt.first-1)
		}
	}
}

// partialData is testData with the record stopping on 31 Aug 2022.
func partialData() *event.Dataset {
	ds := testData()
	ds.Meta.AsOf = d("2022-08-31")
	return ds
}

// TestPartialYearCharts checks that every per-year chart marks the partial
// as-of year in its table, axis, bars, note and description, and that a
// range leaving that year out marks nothing.
func TestPartialYearCharts(t *testing.T) {
	perYear := []string{"ballistic-missiles-per-year", "tests-per-year", "ballistic-missiles-by-month", "reach-per-year"}
	bars := map[string]bool{"ballistic-missiles-per-year": true, "tests-per-year": true, "reach-per-year": true}
	for _, id := range perYear {
		t.Run(id, func(t *testing.T) {
			c, _ := ByID(All(partialData()), id)
			last := c.Table.Rows[len(c.Table.Rows)-1]
			if last[0] != "2022 (to 31 Aug)" {
				t.Errorf("last table row is %q, want 2022 (to 31 Aug)", last[0])
			}
			if !strings.Contains(string(c.Table.CSV()), "\r\n2022 (to 31 Aug),") {
				t.Error("the CSV does not mark 2022 as partial")
			}
			if !strings.HasPrefix(c.Description, "From 2009 to 31 Aug 2022,") {
				t.Errorf("description does not end the period on 31 Aug 2022: %s", c.Description)
			}
			var o struct {
				XAxis []struct {
					Data []string `json:"data"`
				} `json:"xAxis"`
				YAxis []struct {
					Data []string `json:"data"`
				} `json:"yAxis"`
				Series []struct {
					Data []json.RawMessage `json:"data"`
				} `json:"series"`
				Graphic []struct {
					Style struct {
						Text string `json:"text"`
					} `json:"style"`
				} `json:"graphic"`
			}
			if err := json.Unmarshal(c.Option, &o); err != nil {
				t.Fatal(err)
			}
			axis := o.XAxis[0].Data
			if id == "ballistic-missiles-by-month" {
				axis = o.YAxis[0].Data
			}
			if got := axis[len(axis)-1]; got != "2022*" {
				t.Errorf("last axis label %q, want 2022*", got)
			}
			if got := axis[len(axis)-2]; got != "2021" {
				t.Errorf("axis label before it %q, want 2021", got)
			}
			if len(o.Graphic) != 1 || o.Graphic[0].Style.Text != "* 2022: to 31 Aug" {
				t.Errorf("note %+v, want * 2022: to 31 Aug", o.Graphic)
			}
			if bars[id] {
				for i, s := range o.Series {
					lastItem, prev := string(s.Data[len(s.Data)-1]), string(s.Data[len(s.Data)-2])
					if !strings.Contains(lastItem, `"borderType":"dashed"`) || !strings.Contains(lastItem, `"opacity":0.45`) {
						t.Errorf("series %d: partial bar not marked: %s", i, lastItem)
					}
					if strings.Contains(prev, "dashed") {
						t.Errorf("series %d: a whole year is marked: %s", i, prev)
					}
				}
			}
			// Leaving 2022 out leaves nothing marked.
			c, _ = ByID(Range(partialData(), 2009, 2021), id)
			if strings.Contains(string(c.Option), "dashed") || strings.Contains(string(c.Option), "2022") ||
				strings.Contains(c.Description, "Aug") {
				t.Errorf("2009–2021 still marks 2022:\n%s\n%s", c.Description, c.Option)
			}
		})
	}
}

// TestRangeOutside checks that a year outside the record is ignored, as
// the gallery's form ignores it, rather than giving "From 3000 to 2022".
func TestRangeOutside(t *testing.T) {
	ds := testData()
	whole, _ := ByID(All(ds), "nuclear-tests")
	for _, r := range [][2]int{{3000, 3001}, {1000, 0}, {0, 3001}, {1000, 3001}} {
		c, _ := ByID(Range(ds, r[0], r[1]), "nuclear-tests")
		if c.Description != whole.Description || c.From != 2009 || c.To != 2022 {
			t.Errorf("Range(%d, %d): %d–%d %q", r[0], r[1], c.From, c.To, c.Description)
		}
	}
	c, _ := ByID(Range(ds, 3000, 2017), "nuclear-tests")
	if c.From != 2009 || c.To != 2017 {
		t.Errorf("Range(3000, 2017) covers %d–%d, want 2009–2017", c.From, c.To)
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "4475": "4,475", "1234567": "1,234,567",
		"6.3": "6.3", "12345.25": "12,345.25", "-1000": "-1,000", "100000": "100,000",
	} {
		if got := group(in); got != want {
			t.Errorf("group(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLaunchSitesMap checks what charts.js needs from the map: each marker
// with its site's page, its figures and a size proportional in area; the
// busiest named; a frame on North Korea inside the base map's box.
func TestLaunchSitesMap(t *testing.T) {
	c, _ := ByID(All(testData()), "launch-sites")
	var o struct {
		Geo struct {
			BoundingCoords [2][2]float64 `json:"boundingCoords"`
		} `json:"geo"`
		Tooltip map[string]any `json:"tooltip"`
		Series  []struct {
			Data []struct {
				Name       string    `json:"name"`
				Value      []float64 `json:"value"`
				URL        string    `json:"url"`
				SymbolSize int       `json:"symbolSize"`
				Label      struct {
					Show bool `json:"show"`
				} `json:"label"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(c.Option, &o); err != nil {
		t.Fatal(err)
	}
	if _, ok := o.Tooltip["formatter"]; ok {
		t.Error("the tooltip keeps a formatter: it would print a raw template or JavaScript")
	}
	got := o.Series[0].Data
	want := []struct {
		name, url string
		value     []float64
		size      int
	}{
		{"Sunan", "sites/sunan/", []float64{125.67, 39.2, 18, 15, 3, 6}, 40},
		{"Sohae", "sites/sohae/", []float64{124.71, 39.66, 5, 4, 1, 2}, 21},
		{"Sinpo", "sites/sinpo/", []float64{128.18, 40.03, 1, 1, 0, 1}, 9},
	}
	if len(got) != len(want) {
		t.Fatalf("%d markers, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.URL != w.url || g.SymbolSize != w.size || !g.Label.Show || len(g.Value) != 6 {
			t.Errorf("marker %d = %+v, want %+v", i, g, w)
			continue
		}
		for k := range w.value {
			if g.Value[k] != w.value[k] {
				t.Errorf("marker %s value %v, want %v", g.Name, g.Value, w.value)
				break
			}
		}
	}
	b := o.Geo.BoundingCoords
	if b[0][0] < mapBounds[0] || b[1][0] > mapBounds[2] || b[1][1] < mapBounds[1] || b[0][1] > mapBounds[3] ||
		b[0][0] > 124.2 || b[1][0] < 130.7 || b[1][1] > 37.7 || b[0][1] < 43.0 {
		t.Errorf("frame %v does not hold North Korea inside the base map %v", b, mapBounds)
	}
}
