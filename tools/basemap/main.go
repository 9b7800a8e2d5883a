// Command basemap converts Natural Earth country outlines from the npm
// world-atlas package (TopoJSON, public domain) into the compact GeoJSON base
// map of the Korean peninsula and its seas that the site's launch-site chart
// registers with ECharts as "korea".
//
// It was run once; its output is committed:
//
//	cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//	go run ./tools/basemap -in "$OLDPWD/package/countries-10m.json" \
//	    -out templates/assets/korea.geo.json
//
// Polygons are clipped to the box (114–144°E, 30–48°N), thinned to points
// at least -min degrees apart around the peninsula (the -detail box) and
// -far degrees apart elsewhere, and rounded to two decimals (about 1 km).
//
// The box is much larger than the part of it the chart shows (North Korea
// and a margin): the straight edges that clipping cuts into China, Russia
// and Japan must lie outside every view of the map, and charts.js keeps
// its view inside the box (see Chart.Data of the launch-sites chart).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"sort"
)

type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string          `json:"type"`
			Arcs       json.RawMessage `json:"arcs"`
			ID         string          `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

type pt = [2]float64

type box struct{ w, s, e, n float64 }

func main() {
	in := flag.String("in", "", "world-atlas countries TopoJSON file")
	out := flag.String("out", "", "GeoJSON file to write")
	minStep := flag.Float64("min", 0.03, "drop points closer than this many degrees to the last kept one")
	farStep := flag.Float64("far", 0.12, "the same, for points outside the -detail box")
	boxFlag := flag.String("box", "114,30,144,48", "clip box: west,south,east,north in degrees")
	detailFlag := flag.String("detail", "122,33,134,44", "box drawn at full detail (-min); the rest uses -far")
	flag.Parse()
	if *in == "" || *out == "" {
		log.Fatal("usage: basemap -in countries-10m.json -out korea.geo.json")
	}
	b, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	arcs := decodeArcs(t)
	clip, detail := parseBox("-box", *boxFlag), parseBox("-detail", *detailFlag)
	step := func(p pt) float64 {
		if p[0] >= detail.w && p[0] <= detail.e && p[1] >= detail.s && p[1] <= detail.n {
			return *minStep
		}
		return *farStep
	}

	type feature struct {
		Type       string            `json:"type"`
		Properties map[string]string `json:"properties"`
		Geometry   struct {
			Type        string   `json:"type"`
			Coordinates [][][]pt `json:"coordinates"`
		} `json:"geometry"`
	}
	var features []feature
	for _, g := range t.Objects["countries"].Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				log.Fatal(err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				log.Fatal(err)
			}
		default:
			continue
		}
		var coords [][][]pt
		for _, p := range polys {
			var rings [][]pt
			for i, r := range p {
				ring := thin(clipRing(stitch(arcs, r), clip), step)
				if len(ring) < 4 {
					if i == 0 {
						break // the outer ring is gone: drop its holes too
					}
					continue
				}
				rings = append(rings, ring)
			}
			if len(rings) > 0 {
				coords = append(coords, rings)
			}
		}
		if len(coords) == 0 {
			continue
		}
		f := feature{Type: "Feature", Properties: map[string]string{"name": g.Properties.Name}}
		f.Geometry.Type = "MultiPolygon"
		f.Geometry.Coordinates = coords
		features = append(features, f)
	}
	sort.Slice(features, func(i, j int) bool { return features[i].Properties["name"] < features[j].Properties["name"] })
	doc := map[string]any{"type": "FeatureCollection", "features": features}
	outb, err := json.Marshal(doc)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(outb, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d features, %d bytes\n", *out, len(features), len(outb)+1)
}

// decodeArcs undoes TopoJSON's delta encoding and quantisation.
func decodeArcs(t topology) [][]pt {
	out := make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		for _, p := range a {
			if t.Transform != nil {
				x += p[0]
				y += p[1]
				out[i] = append(out[i], pt{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
			} else {
				out[i] = append(out[i], pt{p[0], p[1]})
			}
		}
	}
	return out
}

// stitch joins the arcs of a ring; a negative index ~i is arc i reversed.
func stitch(arcs [][]pt, idx []int) []pt {
	var ring []pt
	for _, i := range idx {
		var a []pt
		if i >= 0 {
			a = arcs[i]
		} else {
			src := arcs[^i]
			for k := len(src) - 1; k >= 0; k-- {
				a = append(a, src[k])
			}
		}
		if len(ring) > 0 {
			a = a[1:] // the first point repeats the last one
		}
		ring = append(ring, a...)
	}
	return ring
}

// clipRing clips a closed ring to the box (Sutherland–Hodgman; the box is
// convex, so each edge in turn).
func clipRing(ring []pt, b box) []pt {
	edges := []struct {
		in  func(p pt) bool
		cut func(p, q pt) pt
	}{
		{func(p pt) bool { return p[0] >= b.w }, func(p, q pt) pt { return atX(p, q, b.w) }},
		{func(p pt) bool { return p[0] <= b.e }, func(p, q pt) pt { return atX(p, q, b.e) }},
		{func(p pt) bool { return p[1] >= b.s }, func(p, q pt) pt { return atY(p, q, b.s) }},
		{func(p pt) bool { return p[1] <= b.n }, func(p, q pt) pt { return atY(p, q, b.n) }},
	}
	if len(ring) > 1 && ring[0] == ring[len(ring)-1] {
		ring = ring[:len(ring)-1]
	}
	for _, e := range edges {
		var out []pt
		for i, cur := range ring {
			prev := ring[(i+len(ring)-1)%len(ring)]
			switch {
			case e.in(cur) && e.in(prev):
				out = append(out, cur)
			case e.in(cur):
				out = append(out, e.cut(prev, cur), cur)
			case e.in(prev):
				out = append(out, e.cut(prev, cur))
			}
		}
		ring = out
		if len(ring) == 0 {
			return nil
		}
	}
	return append(ring, ring[0])
}

func atX(p, q pt, x float64) pt {
	return pt{x, p[1] + (q[1]-p[1])*(x-p[0])/(q[0]-p[0])}
}

func atY(p, q pt, y float64) pt {
	return pt{p[0] + (q[0]-p[0])*(y-p[1])/(q[1]-p[1]), y}
}

// parseBox reads "west,south,east,north".
func parseBox(name, s string) box {
	var b box
	if _, err := fmt.Sscanf(s, "%g,%g,%g,%g", &b.w, &b.s, &b.e, &b.n); err != nil || b.w >= b.e || b.s >= b.n {
		log.Fatalf("%s %q: want west,south,east,north in degrees", name, s)
	}
	return b
}

// thin drops points closer than step(p) to the last kept one, rounds to
// two decimals and closes the ring.
func thin(ring []pt, step func(pt) float64) []pt {
	if len(ring) < 4 {
		return nil
	}
	round := func(p pt) pt { return pt{math.Round(p[0]*100) / 100, math.Round(p[1]*100) / 100} }
	out := []pt{round(ring[0])}
	for _, p := range ring[1 : len(ring)-1] {
		last := out[len(out)-1]
		if math.Hypot(p[0]-last[0], p[1]-last[1]) >= step(p) {
			out = append(out, round(p))
		}
	}
	out = append(out, out[0])
	if len(out) < 4 {
		return nil
	}
	return out
}
