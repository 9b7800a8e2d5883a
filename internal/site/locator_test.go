package site

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/templates"
)

// TestLocator draws the locator map from the embedded base map and checks
// that North Korea's outline is there, that a site's dot lands where its
// coordinates say, inside the frame, and that names are escaped.
func TestLocator(t *testing.T) {
	l, err := newLocator(koreaGeoJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.nk, "M") || strings.Count(l.nk, "Z") < 1 || len(l.nk) < 1000 {
		t.Fatalf("North Korea's outline is missing or too small: %d bytes", len(l.nk))
	}
	sunan := event.Site{ID: "sunan", Name: `Sunan <"&>`, Lat: 39.2, Lon: 125.67}
	svg := string(l.draw("Where", []event.Site{sunan}, func(s event.Site) string { return "/sites/" + s.ID + "/" }, &sunan))
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
		t.Error("the map has a style attribute or a script")
	}
	if !strings.Contains(svg, `<title>Sunan &lt;&#34;&amp;&gt;</title>`) || !strings.Contains(svg, `<a href="/sites/sunan/" aria-label="Sunan &lt;&#34;&amp;&gt;">`) {
		t.Errorf("the dot's name is not escaped or not linked:\n%s", svg)
	}
	m := regexp.MustCompile(`<circle class="here" cx="([0-9.]+)" cy="([0-9.]+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal("no dot for the site")
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	y, _ := strconv.ParseFloat(m[2], 64)
	// Sunan is 1.67° east of the frame's west edge and 3.9° south of its
	// north edge: x = 1.67 × cos(40.3°) × 40, y = 3.9 × 40.
	if x < 50 || x > 52 || y < 155 || y > 157 {
		t.Errorf("Sunan drawn at (%v, %v), want about (51, 156)", x, y)
	}
	if x > l.w || y > l.h {
		t.Errorf("Sunan drawn outside the %vx%v frame", l.w, l.h)
	}
}

// koreaGeoJSON returns the embedded base map.
func koreaGeoJSON(t *testing.T) []byte {
	t.Helper()
	data, err := fs.ReadFile(templates.FS, "assets/korea.geo.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestGeoRegionsAsJSON checks that the base map's own reader of
// coordinates reads every region, and reads it as encoding/json does.
func TestGeoRegionsAsJSON(t *testing.T) {
	data := koreaGeoJSON(t)
	got, err := geoRegions(data)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	for i, f := range fc.Features {
		var want [][][][2]float64
		if f.Geometry.Type == "Polygon" {
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Fatal(err)
			}
			want = [][][][2]float64{p}
			if _, ok := polygon(f.Geometry.Coordinates); !ok {
				t.Errorf("feature %d: polygon did not read it", i)
			}
		} else {
			if err := json.Unmarshal(f.Geometry.Coordinates, &want); err != nil {
				t.Fatal(err)
			}
			if _, ok := multiPolygon(f.Geometry.Coordinates); !ok {
				t.Errorf("feature %d: multiPolygon did not read it", i)
			}
		}
		if !reflect.DeepEqual(got[i].Polygons, want) {
			t.Errorf("%s: the polygons differ from encoding/json's", got[i].Name)
		}
	}
	for _, in := range []string{`[[[1,2]]]`, ` [ [ [ 1.5 , -2e3 ] , [0,0] ] ] `, `[]`, `[[]]`} {
		p, ok := polygon([]byte(in))
		var want [][][2]float64
		if err := json.Unmarshal([]byte(in), &want); err != nil || !ok || !reflect.DeepEqual(p, want) {
			t.Errorf("polygon(%q) = %v, %v; encoding/json: %v", in, p, ok, want)
		}
	}
	for _, in := range []string{`[[[1,2,3]]]`, `[[[1]]]`, `[[[01,2]]]`, `[[[1,2]]`, `[[[1,2]]]x`, `[[["1",2]]]`, `[[[1.,2]]]`, `[[[1,2],]]]`, `[[[-,2]]]`, `[[[1e,2]]]`} {
		if _, ok := polygon([]byte(in)); ok {
			t.Errorf("polygon(%q) read it", in)
		}
	}
}
