package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// The descriptions below have twins in templates/assets/charts.js (the
// from/to recomputation); change both together. The browser test
// TestEmbedRange compares them.

// 1. Ballistic missiles per year, stacked by class.
func ballisticPerYear(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	first, last := sp.first, sp.last
	rows := stats.BallisticByYear(ds, y)
	events := map[int]int{}
	for _, r := range stats.ActivityByYear(ds, y) {
		events[r.Year] = r.By[0]
	}
	t := Table{Header: []string{"Year"}}
	for _, c := range event.BallisticClasses {
		t.Header = append(t.Header, classLabel(c))
	}
	t.Header = append(t.Header, "Total", "Launch events")
	years := make([]string, len(rows))
	byClass := make([]int, len(event.BallisticClasses))
	total, launchEvents, none, maxN, maxYear := 0, 0, 0, 0, 0
	partial := -1
	for i, r := range rows {
		years[i] = sp.yearAxis(r.Year)
		if sp.partial(r.Year) {
			partial = i
		}
		row := []string{sp.yearText(r.Year)}
		for j, n := range r.ByClass {
			row = append(row, strconv.Itoa(n))
			byClass[j] += n
		}
		row = append(row, strconv.Itoa(r.Total), strconv.Itoa(events[r.Year]))
		t.Rows = append(t.Rows, row)
		total += r.Total
		launchEvents += events[r.Year]
		if r.Total == 0 {
			none++
		}
		if r.Total > maxN {
			maxN, maxYear = r.Total, r.Year
		}
	}

	bar := axisBar(opts.YAxis{Name: "Missiles", Type: "value", MinInterval: 1})
	bar.SetXAxis(years)
	for j, c := range event.BallisticClasses {
		if byClass[j] == 0 {
			continue // keep the legend to the classes that occur
		}
		data := make([]opts.BarData, len(rows))
		for i, r := range rows {
			data[i] = opts.BarData{Value: r.ByClass[j]}
		}
		bar.AddSeries(classLabel(c), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "missiles"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: classColor[c]}))
	}

	var d strings.Builder
	if total == 0 {
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", sp.period())
	} else {
		fmt.Fprintf(&d, "%s, North Korea launched %s in %s.", sp.period(),
			plural(total, "ballistic missile", "ballistic missiles"), plural(launchEvents, "launch event", "launch events"))
		if first != last {
			fmt.Fprintf(&d, " The most in one year was %s, in %s.", intText(maxN), sp.yearText(maxYear))
			if none > 0 {
				fmt.Fprintf(&d, " %s of the %s years had none.", intText(none), intText(len(rows)))
			}
		}
		top := 0
		for j := range byClass {
			if byClass[j] > byClass[top] {
				top = j
			}
		}
		fmt.Fprintf(&d, " The largest share were %s: %s, or %d%%.", classNoun[event.BallisticClasses[top]], intText(byClass[top]), percent(byClass[top], total))
	}
	return Chart{
		ID:          IDs[0],
		Definition:  "Ballistic missiles launched each year, stacked by class: the sum of the counts of the launch groups whose system is ballistic (SRBM, MRBM, IRBM, ICBM, SLBM or of unknown ballistic class), in the year of the event's date. Every year from the first event to the as-of date is shown, years without launches included. The table adds each year's launch events: events with at least one ballistic launch group.",
		Title:       "Ballistic missiles launched per year, by class",
		Description: d.String(),
		Table:       t,
		Option:      option(bar, markPartial(sp, partial)),
		Height:      420,
		Data:        asOfData(sp),
	}
}

// 2. Launch events and tests per year, by kind.
func testsPerYear(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	first, last := sp.first, sp.last
	rows := stats.ActivityByYear(ds, y)
	colors := []string{"#0072b2", "#56b4e9", "#009e73", "#d55e00", "#e69f00"}
	t := Table{Header: []string{"Year"}}
	for _, a := range stats.Activities {
		t.Header = append(t.Header, string(a))
	}
	t.Header = append(t.Header, "Total")
	years := make([]string, len(rows))
	sums := make([]int, len(stats.Activities))
	total, maxN, maxYear, partial := 0, 0, 0, -1
	for i, r := range rows {
		years[i] = sp.yearAxis(r.Year)
		if sp.partial(r.Year) {
			partial = i
		}
		row := []string{sp.yearText(r.Year)}
		for j, n := range r.By {
			row = append(row, strconv.Itoa(n))
			sums[j] += n
		}
		t.Rows = append(t.Rows, append(row, strconv.Itoa(r.Total)))
		total += r.Total
		if r.Total > maxN {
			maxN, maxYear = r.Total, r.Year
		}
	}
	bar := axisBar(opts.YAxis{Name: "Events", Type: "value", MinInterval: 1})
	bar.SetXAxis(years)
	for j, a := range stats.Activities {
		data := make([]opts.BarData, len(rows))
		for i, r := range rows {
			data[i] = opts.BarData{Value: r.By[j]}
		}
		bar.AddSeries(string(a), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "events"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colors[j]}))
	}
	var d strings.Builder
	if total == 0 {
		fmt.Fprintf(&d, "%s, the record holds no missile launches, satellite launches, nuclear tests or engine tests.", sp.period())
	} else {
		fmt.Fprintf(&d, "%s, the record holds %s, %s, %s, %s and %s.", sp.period(),
			plural(sums[0], "ballistic missile launch event", "ballistic missile launch events"),
			plural(sums[1], "other missile launch", "other missile launches"),
			plural(sums[2], "satellite launch", "satellite launches"),
			plural(sums[3], "nuclear test", "nuclear tests"),
			plural(sums[4], "engine test", "engine tests"))
		if first != last {
			fmt.Fprintf(&d, " The busiest year was %s, with %s.", sp.yearText(maxYear), intText(maxN))
		}
	}
	return Chart{
		ID:          IDs[1],
		Definition:  "Events per year, not missiles, in five categories. Each event counts once, in the first that fits: ballistic missile launches (launch events: every event with at least one ballistic launch group, a satellite launch that carried one included); other missile launches (missile-launch events without a ballistic group: cruise missiles, rocket artillery and air-defence missiles); satellite launches; nuclear tests; engine tests. Ballistic launch events and other missile launches are kept apart, so the first category is the one the counting rule defines.",
		Title:       "Launch events and tests per year, by kind",
		Description: d.String(),
		Table:       t,
		Option:      option(bar, markPartial(sp, partial)),
		Height:      420,
		Data:        asOfData(sp),
	}
}

// 3. Nuclear tests: estimated yield range and seismic magnitude.
func nuclearTests(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	tests := stats.NuclearTests(ds, y)
	t := Table{Header: []string{"Date", "Test", "Yield low (kt)", "Yield high (kt)", "Magnitude (mb)"}}
	labels := make([]string, len(tests))
	lo := make([]opts.BarData, len(tests))
	hi := make([]opts.BarData, len(tests))
	mag := make([]opts.LineData, len(tests))
	opt := func(f *float64) (string, any) {
		if f == nil {
			return "", "-"
		}
		return num(*f), *f
	}
	strongest := -1
	for i, n := range tests {
		labels[i] = monthText(n.Date)
		a, av := opt(n.YieldMin)
		b, bv := opt(n.YieldMax)
		m, mv := opt(n.MagnitudeMb)
		t.Rows = append(t.Rows, []string{n.Date.String(), n.Title, a, b, m})
		lo[i] = opts.BarData{Value: av}
		hi[i] = opts.BarData{Value: bv}
		if n.YieldMin != nil {
			// The estimate's range over each bar, so the figures can be read
			// without the tooltip.
			r := a + "–" + b
			if a == b {
				r = a
			}
			hi[i].Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: r + " kt"}
		}
		mag[i] = opts.LineData{Value: mv}
		if n.MagnitudeMb != nil && (strongest < 0 || *n.MagnitudeMb > *tests[strongest].MagnitudeMb) {
			strongest = i
		}
	}
	// Yields run from under a kiloton to hundreds: on a linear axis the
	// first tests would not show at all.
	bar := axisBar(opts.YAxis{Name: "Yield (kt, log scale)", Type: "log"})
	// Magnitudes 4 to 6.3 sit in the lower half, under the yield labels.
	bar.ExtendYAxis(opts.YAxis{Name: "mb", Type: "value", Min: 3, Max: 9, Position: "right",
		SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	bar.SetXAxis(labels)
	// The low estimate is drawn over the high one, so the lighter part of
	// each bar is the range of the estimates.
	bar.AddSeries("Yield high (kt)", hi, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#e69f00"}),
		charts.WithBarChartOpts(opts.BarChart{BarGap: "-100%"}))
	bar.AddSeries("Yield low (kt)", lo, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#a64d00"}))
	line := charts.NewLine()
	line.AddSeries("Magnitude (mb)", mag,
		charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1, ShowSymbol: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2"}))
	bar.Overlap(line)

	var d strings.Builder
	switch len(tests) {
	case 0:
		fmt.Fprintf(&d, "%s, North Korea conducted no nuclear tests.", sp.period())
	case 1:
		fmt.Fprintf(&d, "%s, North Korea conducted 1 nuclear test, on %s.", sp.period(), dateText(tests[0].Date))
	default:
		fmt.Fprintf(&d, "%s, North Korea conducted %s nuclear tests, the first on %s and the last on %s.", sp.period(),
			intText(len(tests)), dateText(tests[0].Date), dateText(tests[len(tests)-1].Date))
	}
	if strongest >= 0 {
		s := tests[strongest]
		fmt.Fprintf(&d, " The strongest, on %s, had a seismic magnitude of %.1f", dateText(s.Date), *s.MagnitudeMb)
		if s.YieldMin != nil {
			fmt.Fprintf(&d, " and an estimated yield of %s to %s kilotons", numText(*s.YieldMin), numText(*s.YieldMax))
		}
		d.WriteString(".")
	}
	return Chart{
		ID:          IDs[2],
		Definition:  "Every nuclear test with the low and high ends of its estimated yield in kilotons and its body-wave seismic magnitude (mb). Yields are the range of published estimates the event records; a test without an estimate or a magnitude has an empty cell.",
		Title:       "Nuclear tests: estimated yield and seismic magnitude",
		Description: d.String(),
		Table:       t,
		Option: option(bar, func(o map[string]any) {
			// Every test keeps its label on a phone: two lines, none skipped.
			x := o["xAxis"].([]any)[0].(map[string]any)
			x["axisLabel"] = map[string]any{"interval": 0, "hideOverlap": false}
			y := o["yAxis"].([]any)[0].(map[string]any)
			// Bars rise from the axis's foot, not from 1 kt.
			y["min"], y["startValue"], y["logBase"] = 0.1, 0.1, 10
		}),
		Height: 400,
		Data:   asOfData(sp),
	}
}

// 4. Ballistic missiles by month and year (heatmap).
func ballisticByMonth(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	first, last := sp.first, sp.last
	rows := stats.BallisticByMonth(ds, y)
	t := Table{Header: append(append([]string{"Year"}, months...), "Month unknown", "Total")}
	years := make([]string, len(rows))
	var cells []opts.HeatMapData
	total, activeMonths, maxM, maxMY, maxMM, maxY, maxYN, unknown := 0, 0, 0, 0, 0, 0, 0, 0
	for i, r := range rows {
		years[i] = sp.yearAxis(r.Year)
		row := []string{sp.yearText(r.Year)}
		for m, n := range r.Months {
			row = append(row, strconv.Itoa(n))
			if n > 0 {
				cells = append(cells, opts.HeatMapData{Value: [3]int{m, i, n}})
				activeMonths++
			}
			if n > maxM {
				maxM, maxMY, maxMM = n, r.Year, m
			}
		}
		if r.Unknown > 0 {
			cells = append(cells, opts.HeatMapData{Value: [3]int{12, i, r.Unknown}})
		}
		t.Rows = append(t.Rows, append(row, strconv.Itoa(r.Unknown), strconv.Itoa(r.Total)))
		total += r.Total
		unknown += r.Unknown
		if r.Total > maxYN {
			maxYN, maxY = r.Total, r.Year
		}
	}
	xs := months
	if unknown > 0 {
		xs = append(append([]string{}, months...), "?")
	}
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// The scale goes at the top, above the month labels: below 40-odd
		// rows it would be off-screen.
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "60", Bottom: "30", ContainLabel: opts.Bool(true)}),
		// HeatMap.Validate does not copy SetXAxis data (unlike other
		// rectangular charts), so the categories go in here.
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Position: "top", Data: xs}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: years, Inverse: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Min: 1, Max: float32(max(maxM, 1)), Calculable: opts.Bool(true),
			Orient: "horizontal", Left: "center", Top: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#fde6c8", "#f5a25d", "#d55e00", "#7a2a00"}}}),
	)
	hm.AddSeries("Ballistic missiles", cells)

	var d strings.Builder
	if total == 0 {
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", sp.period())
	} else {
		fmt.Fprintf(&d, "%s, ballistic missiles were launched in %s.", sp.period(), plural(activeMonths, "month", "different months"))
		if maxM > 0 {
			fmt.Fprintf(&d, " The busiest month was %s %d, with %s.", months[maxMM], maxMY, intText(maxM))
		}
		if first != last {
			fmt.Fprintf(&d, " The busiest year was %s, with %s.", sp.yearText(maxY), intText(maxYN))
		}
		if unknown > 0 {
			fmt.Fprintf(&d, " The month of %s is not known.", plural(unknown, "missile", "missiles"))
		}
	}
	return Chart{
		ID:          IDs[3],
		Definition:  `Ballistic missiles per month of each year, counted as in the chart of missiles per year. Missiles of events dated only to the year are in the column "month unknown" (? on the chart).`,
		Title:       "Ballistic missiles by month",
		Description: d.String(),
		Table:       t,
		Option: option(hm, func(o map[string]any) {
			s := series(o, 0)
			// Visual map dimension 2 is the count; months without launches stay empty.
			s["label"] = map[string]any{"show": false}
			s["emphasis"] = map[string]any{"itemStyle": map[string]any{"borderColor": "#333", "borderWidth": 1}}
			vm := o["visualMap"].([]any)[0].(map[string]any)
			vm["itemWidth"], vm["itemHeight"] = 12, 120
			if n := sp.note(); n != "" {
				o["graphic"] = []any{noteGraphic(n)}
			}
		}),
		Data:        asOfData(sp),
		Height:      heatmapHeight(len(rows)),
		FixedHeight: true,
	}
}

func heatmapHeight(years int) int { return max(200, 110+18*years) }

// 5. Launch sites on the base map.

// The map's geography, in degrees [west, south, east, north]. mapFrame is
// what the chart must show: North Korea with a margin (widened to take in
// any site outside it). mapBounds is the box tools/basemap clips the base
// map to (its -box flag): beyond it the land ends in straight cut edges, so
// charts.js fits the frame to the canvas's shape without leaving it.
var (
	mapFrame  = [4]float64{123.9, 37.4, 131.0, 43.2}
	mapBounds = [4]float64{114, 30, 144, 48}
)

// mapLabels is how many of the busiest sites are named on the map.
const mapLabels = 6

// sitePath is the site path of a launch site's page.
func sitePath(id string) string { return "sites/" + id + "/" }

func launchSites(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	sites, unknown := stats.Sites(ds, y)
	t := Table{Header: []string{"Site", "Province", "Latitude", "Longitude", "Ballistic missiles", "Other missiles and space launchers", "Launch events"}}
	maxN := 0
	for _, s := range sites {
		maxN = max(maxN, s.Launched())
	}
	frame := mapFrame
	var items []any
	for i, s := range sites {
		t.Rows = append(t.Rows, []string{s.Site.Name, s.Site.Province, num(s.Site.Lat), num(s.Site.Lon),
			strconv.Itoa(s.Ballistic), strconv.Itoa(s.Other), strconv.Itoa(s.Events)})
		t.Links = append(t.Links, []string{sitePath(s.Site.ID)})
		// value: longitude, latitude, launched (the marker's size), then
		// ballistic, other and launch events for the tooltip.
		items = append(items, map[string]any{
			"name":       s.Site.Name,
			"value":      []float64{s.Site.Lon, s.Site.Lat, float64(s.Launched()), float64(s.Ballistic), float64(s.Other), float64(s.Events)},
			"url":        sitePath(s.Site.ID),
			"symbolSize": symbolSize(s.Launched(), maxN, maxSymbol),
			"label":      map[string]any{"show": i < mapLabels},
		})
		frame[0], frame[1] = min(frame[0], s.Site.Lon-0.2), min(frame[1], s.Site.Lat-0.2)
		frame[2], frame[3] = max(frame[2], s.Site.Lon+0.2), max(frame[3], s.Site.Lat+0.2)
	}
	if unknown.Launched() > 0 {
		t.Rows = append(t.Rows, []string{"Site not reported", "", "", "",
			strconv.Itoa(unknown.Ballistic), strconv.Itoa(unknown.Other), strconv.Itoa(unknown.Events)})
	}
	geo := charts.NewGeo()
	geo.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGeoComponentOpts(opts.GeoComponent{Map: "korea", Silent: opts.Bool(true),
			ItemStyle: &opts.ItemStyle{Color: "#e4e0d4", BorderColor: "#8a8a8a", BorderWidth: 0.8}}),
	)
	geo.AddSeries("Missiles and space launchers", "scatter", []opts.GeoData{},
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d55e00", Opacity: opts.Float(0.7), BorderColor: "#fff", BorderWidth: 1}))

	var d strings.Builder
	if len(sites) == 0 {
		fmt.Fprintf(&d, "%s, no launch from a known site is recorded.", sp.period())
	} else {
		top := sites[0]
		fmt.Fprintf(&d, "%s, missiles and space launchers were launched from %s. The most used was %s", sp.period(),
			plural(len(sites), "known site", "known sites"), top.Site.Name)
		if top.Site.Province != "" {
			fmt.Fprintf(&d, " (%s)", top.Site.Province)
		}
		fmt.Fprintf(&d, ", with %s launched, %s of them ballistic missiles.", intText(top.Launched()), intText(top.Ballistic))
	}
	if n := unknown.Launched(); n > 0 {
		fmt.Fprintf(&d, " For %s more the launch site was not reported.", intText(n))
	}

	// Per-year numbers for the from/to recomputation in charts.js, and the
	// map's geography.
	type siteInfo struct {
		Name     string  `json:"name"`
		Province string  `json:"province"`
		Lat      float64 `json:"lat"`
		Lon      float64 `json:"lon"`
		URL      string  `json:"url,omitempty"` // site path of the site's page
	}
	type yearly struct {
		AsOf      string     `json:"as_of"`
		Frame     [4]float64 `json:"frame"`
		Bounds    [4]float64 `json:"bounds"`
		Labels    int        `json:"labels"`
		Years     []int      `json:"years"`
		Sites     []siteInfo `json:"sites"` // the last one is "not reported"
		Ballistic [][]int    `json:"ballistic"`
		Other     [][]int    `json:"other"`
		Events    [][]int    `json:"events"`
	}
	allSites, _ := stats.Sites(ds, y)
	yd := yearly{AsOf: sp.asOf.String(), Frame: frame, Bounds: mapBounds, Labels: mapLabels}
	idx := map[string]int{}
	for i, s := range allSites {
		idx[s.Site.ID] = i
		yd.Sites = append(yd.Sites, siteInfo{s.Site.Name, s.Site.Province, s.Site.Lat, s.Site.Lon, sitePath(s.Site.ID)})
	}
	yd.Sites = append(yd.Sites, siteInfo{Name: "Site not reported"})
	for range yd.Sites {
		yd.Ballistic = append(yd.Ballistic, []int{})
		yd.Other = append(yd.Other, []int{})
		yd.Events = append(yd.Events, []int{})
	}
	for yr := sp.first; yr <= sp.last; yr++ {
		yd.Years = append(yd.Years, yr)
		for i := range yd.Sites {
			yd.Ballistic[i] = append(yd.Ballistic[i], 0)
			yd.Other[i] = append(yd.Other[i], 0)
			yd.Events[i] = append(yd.Events[i], 0)
		}
		k := yr - sp.first
		ys, yu := stats.Sites(ds, stats.Years{From: yr, To: yr})
		for _, s := range ys {
			i := idx[s.Site.ID]
			yd.Ballistic[i][k], yd.Other[i][k], yd.Events[i][k] = s.Ballistic, s.Other, s.Events
		}
		u := len(yd.Sites) - 1
		yd.Ballistic[u][k], yd.Other[u][k], yd.Events[u][k] = yu.Ballistic, yu.Other, yu.Events
	}
	raw, err := json.Marshal(yd)
	if err != nil {
		panic(err)
	}

	return Chart{
		ID:          IDs[4],
		Definition:  `What was launched from each known site: ballistic missiles, other missiles and space launch vehicles, with a marker's area proportional to their number. Rocket artillery (systems of class artillery) is left out, because its salvos of dozens of rockets would swamp the missiles the map is about. The table splits ballistic missiles from the rest and gives the launch events at each site. Launch groups whose site was not reported are in the table as "Site not reported" and not on the map. Some sites are plotted at the town or county that reports name, not at the launch point.`,
		Title:       "Launch sites",
		Description: d.String(),
		Table:       t,
		Map:         true,
		Option: option(geo, func(o map[string]any) {
			// go-echarts gives a geo chart a JavaScript tooltip formatter;
			// charts.js brings its own.
			delete(o["tooltip"].(map[string]any), "formatter")
			g := o["geo"].(map[string]any)
			// [[west, north], [east, south]]; charts.js widens it to the
			// canvas's shape within mapBounds.
			g["boundingCoords"] = [][2]float64{{frame[0], frame[3]}, {frame[2], frame[1]}}
			g["roam"] = false
			g["left"], g["right"], g["top"], g["bottom"] = 0, 0, 0, 0
			g["emphasis"] = map[string]any{"disabled": true}
			// The fill of a geo region is areaColor; North Korea is drawn
			// darker than its neighbours, so the frame reads at a glance.
			g["itemStyle"] = map[string]any{"areaColor": "#f0ede6", "borderColor": "#9a9a9a", "borderWidth": 0.8}
			g["regions"] = []any{map[string]any{"name": "North Korea",
				"itemStyle": map[string]any{"areaColor": "#e0d9c6", "borderColor": "#6f6f6f", "borderWidth": 1}}}
			s := series(o, 0)
			if items == nil {
				items = []any{}
			}
			s["data"] = items
			s["cursor"] = "pointer"
			// The busiest sites are named (data items turn theirs on);
			// names that would collide are hidden, not stacked.
			s["label"] = map[string]any{"show": false, "formatter": "{b}", "position": "right", "distance": 4,
				"fontSize": 12, "color": "#1c1e21", "textBorderColor": "#ffffff", "textBorderWidth": 3}
			s["labelLayout"] = map[string]any{"hideOverlap": true}
			s["emphasis"] = map[string]any{"scale": 1.15, "label": map[string]any{"show": true}}
		}),
		Height: 520,
		Data:   raw,
	}
}

// maxSymbol is the diameter in pixels of the busiest site's marker at the
// chart's design width (640 pixels); charts.js scales it with the canvas.
const maxSymbol = 40

// symbolSize makes a marker's area proportional to what was launched; a
// site with few launches still gets a marker that can be seen and tapped.
func symbolSize(n, maxN, biggest int) int {
	if maxN == 0 || n == 0 {
		return 0
	}
	return max(5, int(math.Round(float64(biggest)*math.Sqrt(float64(n)/float64(maxN)))))
}

// 6. Highest apogee and longest range per year.
func reachPerYear(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	rows := stats.ReachByYear(ds, y)
	t := Table{Header: []string{"Year", "Highest apogee (km)", "Apogee system", "Apogee date",
		"Longest range (km)", "Range system", "Range date"}}
	years := make([]string, len(rows))
	ap := make([]opts.BarData, len(rows))
	rg := make([]opts.BarData, len(rows))
	var best [2]*stats.Record
	cells := func(r *stats.Record, k int) ([]string, any) {
		if r == nil {
			return []string{"", "", ""}, "-"
		}
		if best[k] == nil || r.Km > best[k].Km {
			best[k] = r
		}
		return []string{num(r.Km), systemName(ds, r.System), eventDate(ds, r.EventID)}, r.Km
	}
	links := func(r *stats.Record) []string {
		if r == nil {
			return []string{"", "", ""}
		}
		return []string{"", systemPage(r.System), eventPage(r.EventID)}
	}
	partial := -1
	for i, r := range rows {
		years[i] = sp.yearAxis(r.Year)
		if sp.partial(r.Year) {
			partial = i
		}
		a, av := cells(r.Apogee, 0)
		g, gv := cells(r.Range, 1)
		t.Rows = append(t.Rows, append(append([]string{sp.yearText(r.Year)}, a...), g...))
		t.Links = append(t.Links, append(append([]string{""}, links(r.Apogee)...), links(r.Range)...))
		ap[i] = opts.BarData{Value: av}
		rg[i] = opts.BarData{Value: gv}
	}
	bar := axisBar(opts.YAxis{Name: "km", Type: "value"})
	bar.SetXAxis(years)
	bar.AddSeries("Highest apogee (km)", ap, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2"}))
	bar.AddSeries("Longest range (km)", rg, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#e69f00"}))

	var d strings.Builder
	if best[0] == nil && best[1] == nil {
		fmt.Fprintf(&d, "%s, no apogee or range of a ballistic missile is recorded.", sp.period())
	} else {
		var parts []string
		if r := best[0]; r != nil {
			parts = append(parts, fmt.Sprintf("the highest apogee recorded was %s km, by a %s on %s",
				numText(r.Km), systemName(ds, r.System), eventDate(ds, r.EventID)))
		}
		if r := best[1]; r != nil {
			parts = append(parts, fmt.Sprintf("the longest range was %s km, by a %s on %s",
				numText(r.Km), systemName(ds, r.System), eventDate(ds, r.EventID)))
		}
		fmt.Fprintf(&d, "%s, %s.", sp.period(), strings.Join(parts, ", and "))
	}
	return Chart{
		ID:          IDs[5],
		Definition:  "For each year, the highest apogee and the longest range reported for any ballistic launch group, with the system and the date; a year with no reported figure has empty cells. The figures are those reported at the time, mostly by South Korea's Joint Chiefs of Staff and Japan's Ministry of Defense.",
		Title:       "Highest apogee and longest range per year",
		Description: d.String(),
		Table:       t,
		Option:      option(bar, markPartial(sp, partial)),
		Height:      400,
		Data:        asOfData(sp),
	}
}

func systemName(ds *event.Dataset, id string) string {
	if s, ok := ds.System(id); ok {
		return s.Name
	}
	return id
}

func eventDate(ds *event.Dataset, id string) string {
	if e, ok := ds.Event(id); ok {
		return dateText(e.Date)
	}
	return ""
}

// 7. Ballistic missiles per leader era.
func missilesPerLeader(ds *event.Dataset, y stats.Years) Chart {
	sp := newSpan(ds, y)
	first, last := sp.first, sp.last
	eras := stats.ByEra(ds, y)
	t := Table{Header: []string{"Leader", "From", "To", "Ballistic missiles", "Launch events", "Nuclear tests"}}
	names := make([]string, len(eras))
	ms := make([]opts.BarData, len(eras))
	es := make([]opts.BarData, len(eras))
	total := 0
	for i, e := range eras {
		names[i] = e.Era.Name
		t.Rows = append(t.Rows, []string{e.Era.Name, e.Era.Start.String(), e.Era.End.String(),
			strconv.Itoa(e.BallisticMissiles), strconv.Itoa(e.LaunchEvents), strconv.Itoa(e.NuclearTests)})
		ms[i] = opts.BarData{Value: e.BallisticMissiles}
		es[i] = opts.BarData{Value: e.LaunchEvents}
		total += e.BallisticMissiles
	}
	bar := axisBar(opts.YAxis{Type: "value", MinInterval: 1})
	bar.SetXAxis(names)
	bar.AddSeries("Ballistic missiles", ms, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	bar.AddSeries("Launch events", es, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#e69f00"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))

	var d strings.Builder
	if total == 0 {
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", sp.period())
	} else {
		var parts []string
		top := 0
		for i, e := range eras {
			parts = append(parts, fmt.Sprintf("%s under %s", intText(e.BallisticMissiles), e.Era.Name))
			if e.BallisticMissiles > eras[top].BallisticMissiles {
				top = i
			}
		}
		list := parts[0]
		if n := len(parts); n > 1 {
			list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
		}
		fmt.Fprintf(&d, "%s, North Korea launched %s: %s.", sp.period(),
			plural(total, "ballistic missile", "ballistic missiles"), list)
		if len(eras) > 1 {
			fmt.Fprintf(&d, " %s's rule accounts for %d%% of them.", eras[top].Era.Name, percent(eras[top].BallisticMissiles, total))
		}
	}

	// Per-year numbers for the from/to recomputation in charts.js.
	type eraInfo struct {
		Name  string `json:"name"`
		Start string `json:"start"`
		End   string `json:"end"`
	}
	type yearly struct {
		AsOf     string    `json:"as_of"`
		Years    []int     `json:"years"`
		Eras     []eraInfo `json:"eras"`
		Missiles [][]int   `json:"missiles"`
		Events   [][]int   `json:"events"`
		Tests    [][]int   `json:"tests"`
	}
	yd := yearly{AsOf: sp.asOf.String()}
	all := stats.ByEra(ds, y)
	for _, e := range all {
		yd.Eras = append(yd.Eras, eraInfo{e.Era.Name, e.Era.Start.String(), e.Era.End.String()})
		yd.Missiles = append(yd.Missiles, []int{})
		yd.Events = append(yd.Events, []int{})
		yd.Tests = append(yd.Tests, []int{})
	}
	for yr := first; yr <= last; yr++ {
		yd.Years = append(yd.Years, yr)
		one := stats.ByEra(ds, stats.Years{From: yr, To: yr})
		for i, e := range all {
			m, ev, ts := 0, 0, 0
			for _, o := range one {
				if o.Era.ID == e.Era.ID {
					m, ev, ts = o.BallisticMissiles, o.LaunchEvents, o.NuclearTests
				}
			}
			yd.Missiles[i] = append(yd.Missiles[i], m)
			yd.Events[i] = append(yd.Events[i], ev)
			yd.Tests[i] = append(yd.Tests[i], ts)
		}
	}
	raw, err := json.Marshal(yd)
	if err != nil {
		panic(err)
	}
	return Chart{
		ID:          IDs[6],
		Definition:  "Ballistic missiles, launch events and nuclear tests under each leader, by the dates of their rule. An event counts in the era its date falls in.",
		Title:       "Ballistic missiles under each leader",
		Description: d.String(),
		Table:       t,
		Option:      option(bar),
		Height:      380,
		Data:        raw,
	}
}

// axisBar is a bar chart with the house tooltip, legend and grid, and the
// value axis y.
func axisBar(y opts.YAxis) *charts.Bar {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(axisTooltip()),
		charts.WithLegendOpts(legend()),
		charts.WithGridOpts(grid()),
		charts.WithYAxisOpts(y),
	)
	return bar
}
