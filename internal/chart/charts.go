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
	first, last := stats.Span(ds, y)
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
	for i, r := range rows {
		years[i] = strconv.Itoa(r.Year)
		row := []string{years[i]}
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
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", period(first, last))
	} else {
		fmt.Fprintf(&d, "%s, North Korea launched %s in %s.", period(first, last),
			plural(total, "ballistic missile", "ballistic missiles"), plural(launchEvents, "launch event", "launch events"))
		if first != last {
			fmt.Fprintf(&d, " The most in one year was %d, in %d.", maxN, maxYear)
			if none > 0 {
				fmt.Fprintf(&d, " %d of the %d years had none.", none, len(rows))
			}
		}
		top := 0
		for j := range byClass {
			if byClass[j] > byClass[top] {
				top = j
			}
		}
		fmt.Fprintf(&d, " The largest share were %s: %d, or %d%%.", classNoun[event.BallisticClasses[top]], byClass[top], percent(byClass[top], total))
	}
	return Chart{
		ID:          IDs[0],
		Definition:  "Ballistic missiles launched each year, stacked by class: the sum of the counts of the launch groups whose system is ballistic (SRBM, MRBM, IRBM, ICBM, SLBM or of unknown ballistic class), in the year of the event's date. Every year from the first event to the as-of date is shown, years without launches included. The table adds each year's launch events: events with at least one ballistic launch group.",
		Title:       "Ballistic missiles launched per year, by class",
		Description: d.String(),
		Table:       t,
		Option:      option(bar),
		Height:      420,
	}
}

// 2. Launch events and tests per year, by kind.
func testsPerYear(ds *event.Dataset, y stats.Years) Chart {
	first, last := stats.Span(ds, y)
	rows := stats.ActivityByYear(ds, y)
	colors := []string{"#0072b2", "#56b4e9", "#009e73", "#d55e00", "#e69f00"}
	t := Table{Header: []string{"Year"}}
	for _, a := range stats.Activities {
		t.Header = append(t.Header, string(a))
	}
	t.Header = append(t.Header, "Total")
	years := make([]string, len(rows))
	sums := make([]int, len(stats.Activities))
	total, maxN, maxYear := 0, 0, 0
	for i, r := range rows {
		years[i] = strconv.Itoa(r.Year)
		row := []string{years[i]}
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
		fmt.Fprintf(&d, "%s, the record holds no missile launches, satellite launches, nuclear tests or engine tests.", period(first, last))
	} else {
		fmt.Fprintf(&d, "%s, the record holds %s, %s, %s, %s and %s.", period(first, last),
			plural(sums[0], "ballistic missile launch event", "ballistic missile launch events"),
			plural(sums[1], "other missile launch", "other missile launches"),
			plural(sums[2], "satellite launch", "satellite launches"),
			plural(sums[3], "nuclear test", "nuclear tests"),
			plural(sums[4], "engine test", "engine tests"))
		if first != last {
			fmt.Fprintf(&d, " The busiest year was %d, with %d.", maxYear, maxN)
		}
	}
	return Chart{
		ID:          IDs[1],
		Definition:  "Events per year, not missiles, in five categories. Each event counts once, in the first that fits: ballistic missile launches (launch events: every event with at least one ballistic launch group, a satellite launch that carried one included); other missile launches (missile-launch events without a ballistic group: cruise missiles, rocket artillery and air-defence missiles); satellite launches; nuclear tests; engine tests. Ballistic launch events and other missile launches are kept apart, so the first category is the one the counting rule defines.",
		Title:       "Launch events and tests per year, by kind",
		Description: d.String(),
		Table:       t,
		Option:      option(bar),
		Height:      420,
	}
}

// 3. Nuclear tests: estimated yield range and seismic magnitude.
func nuclearTests(ds *event.Dataset, y stats.Years) Chart {
	first, last := stats.Span(ds, y)
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
		mag[i] = opts.LineData{Value: mv}
		if n.MagnitudeMb != nil && (strongest < 0 || *n.MagnitudeMb > *tests[strongest].MagnitudeMb) {
			strongest = i
		}
	}
	bar := axisBar(opts.YAxis{Name: "Yield (kt)", Type: "value"})
	bar.ExtendYAxis(opts.YAxis{Name: "mb", Type: "value", Min: 3, Max: 7, Position: "right",
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
		fmt.Fprintf(&d, "%s, North Korea conducted no nuclear tests.", period(first, last))
	case 1:
		fmt.Fprintf(&d, "%s, North Korea conducted 1 nuclear test, on %s.", period(first, last), dateText(tests[0].Date))
	default:
		fmt.Fprintf(&d, "%s, North Korea conducted %d nuclear tests, the first on %s and the last on %s.", period(first, last),
			len(tests), dateText(tests[0].Date), dateText(tests[len(tests)-1].Date))
	}
	if strongest >= 0 {
		s := tests[strongest]
		fmt.Fprintf(&d, " The strongest, on %s, had a seismic magnitude of %.1f", dateText(s.Date), *s.MagnitudeMb)
		if s.YieldMin != nil {
			fmt.Fprintf(&d, " and an estimated yield of %s to %s kilotons", num(*s.YieldMin), num(*s.YieldMax))
		}
		d.WriteString(".")
	}
	return Chart{
		ID:          IDs[2],
		Definition:  "Every nuclear test with the low and high ends of its estimated yield in kilotons and its body-wave seismic magnitude (mb). Yields are the range of published estimates the event records; a test without an estimate or a magnitude has an empty cell.",
		Title:       "Nuclear tests: estimated yield and seismic magnitude",
		Description: d.String(),
		Table:       t,
		Option:      option(bar),
		Height:      400,
	}
}

// 4. Ballistic missiles by month and year (heatmap).
func ballisticByMonth(ds *event.Dataset, y stats.Years) Chart {
	first, last := stats.Span(ds, y)
	rows := stats.BallisticByMonth(ds, y)
	t := Table{Header: append(append([]string{"Year"}, months...), "Month unknown", "Total")}
	years := make([]string, len(rows))
	var cells []opts.HeatMapData
	total, activeMonths, maxM, maxMY, maxMM, maxY, maxYN, unknown := 0, 0, 0, 0, 0, 0, 0, 0
	for i, r := range rows {
		years[i] = strconv.Itoa(r.Year)
		row := []string{years[i]}
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
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "8", Bottom: "56", ContainLabel: opts.Bool(true)}),
		// HeatMap.Validate does not copy SetXAxis data (unlike other
		// rectangular charts), so the categories go in here.
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Position: "top", Data: xs}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: years, Inverse: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Min: 1, Max: float32(max(maxM, 1)), Calculable: opts.Bool(true),
			Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#fde6c8", "#f5a25d", "#d55e00", "#7a2a00"}}}),
	)
	hm.AddSeries("Ballistic missiles", cells)

	var d strings.Builder
	if total == 0 {
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", period(first, last))
	} else {
		fmt.Fprintf(&d, "%s, ballistic missiles were launched in %s.", period(first, last), plural(activeMonths, "month", "different months"))
		if maxM > 0 {
			fmt.Fprintf(&d, " The busiest month was %s %d, with %d.", months[maxMM], maxMY, maxM)
		}
		if first != last {
			fmt.Fprintf(&d, " The busiest year was %d, with %d.", maxY, maxYN)
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
		}),
		Height:      heatmapHeight(len(rows)),
		FixedHeight: true,
	}
}

func heatmapHeight(years int) int { return max(200, 110+18*years) }

// 5. Launch sites on the base map.
func launchSites(ds *event.Dataset, y stats.Years) Chart {
	first, last := stats.Span(ds, y)
	sites, unknown := stats.Sites(ds, y)
	t := Table{Header: []string{"Site", "Province", "Latitude", "Longitude", "Ballistic missiles", "Other missiles and space launchers", "Launch events"}}
	data := []opts.GeoData{}
	maxN := 0
	for _, s := range sites {
		maxN = max(maxN, s.Launched())
	}
	for _, s := range sites {
		t.Rows = append(t.Rows, []string{s.Site.Name, s.Site.Province, num(s.Site.Lat), num(s.Site.Lon),
			strconv.Itoa(s.Ballistic), strconv.Itoa(s.Other), strconv.Itoa(s.Events)})
		data = append(data, opts.GeoData{Name: s.Site.Name, Value: []float64{s.Site.Lon, s.Site.Lat, float64(s.Launched())}})
	}
	if unknown.Launched() > 0 {
		t.Rows = append(t.Rows, []string{"Site not reported", "", "", "",
			strconv.Itoa(unknown.Ballistic), strconv.Itoa(unknown.Other), strconv.Itoa(unknown.Events)})
	}
	geo := charts.NewGeo()
	geo.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item",
			Formatter: "{b}: {@[2]} launched"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGeoComponentOpts(opts.GeoComponent{Map: "korea", Silent: opts.Bool(true),
			ItemStyle: &opts.ItemStyle{Color: "#e4e0d4", BorderColor: "#8a8a8a", BorderWidth: 0.8}}),
	)
	geo.AddSeries("Missiles and space launchers", "scatter", data,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#d55e00", Opacity: opts.Float(0.75), BorderColor: "#fff", BorderWidth: 1}))

	var d strings.Builder
	if len(sites) == 0 {
		fmt.Fprintf(&d, "%s, no launch from a known site is recorded.", period(first, last))
	} else {
		top := sites[0]
		fmt.Fprintf(&d, "%s, missiles and space launchers were launched from %s. The most used was %s", period(first, last),
			plural(len(sites), "known site", "known sites"), top.Site.Name)
		if top.Site.Province != "" {
			fmt.Fprintf(&d, " (%s)", top.Site.Province)
		}
		fmt.Fprintf(&d, ", with %d launched, %d of them ballistic missiles.", top.Launched(), top.Ballistic)
	}
	if n := unknown.Launched(); n > 0 {
		fmt.Fprintf(&d, " For %d more the launch site was not reported.", n)
	}

	// Per-year numbers for the from/to recomputation in charts.js.
	type siteInfo struct {
		Name     string  `json:"name"`
		Province string  `json:"province"`
		Lat      float64 `json:"lat"`
		Lon      float64 `json:"lon"`
	}
	type yearly struct {
		Years     []int      `json:"years"`
		Sites     []siteInfo `json:"sites"` // the last one is "not reported"
		Ballistic [][]int    `json:"ballistic"`
		Other     [][]int    `json:"other"`
		Events    [][]int    `json:"events"`
	}
	allSites, _ := stats.Sites(ds, y)
	yd := yearly{}
	idx := map[string]int{}
	for i, s := range allSites {
		idx[s.Site.ID] = i
		yd.Sites = append(yd.Sites, siteInfo{s.Site.Name, s.Site.Province, s.Site.Lat, s.Site.Lon})
	}
	yd.Sites = append(yd.Sites, siteInfo{Name: "Site not reported"})
	for range yd.Sites {
		yd.Ballistic = append(yd.Ballistic, []int{})
		yd.Other = append(yd.Other, []int{})
		yd.Events = append(yd.Events, []int{})
	}
	for yr := first; yr <= last; yr++ {
		yd.Years = append(yd.Years, yr)
		for i := range yd.Sites {
			yd.Ballistic[i] = append(yd.Ballistic[i], 0)
			yd.Other[i] = append(yd.Other[i], 0)
			yd.Events[i] = append(yd.Events[i], 0)
		}
		k := yr - first
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
			g := o["geo"].(map[string]any)
			g["boundingCoords"] = [][2]float64{{122, 44}, {134, 32}}
			g["roam"] = false
			g["left"], g["right"], g["top"], g["bottom"] = 8, 8, 8, 8
			g["emphasis"] = map[string]any{"disabled": true}
			s := series(o, 0)
			items, _ := s["data"].([]any)
			for _, it := range items {
				m := it.(map[string]any)
				v := m["value"].([]any)
				m["symbolSize"] = symbolSize(int(v[2].(float64)), maxN)
			}
		}),
		Height: 520,
		Data:   raw,
	}
}

// symbolSize makes a marker's area proportional to what was launched.
func symbolSize(n, maxN int) int {
	if maxN == 0 {
		return 0
	}
	return int(math.Round(6 + 38*math.Sqrt(float64(n)/float64(maxN))))
}

// 6. Highest apogee and longest range per year.
func reachPerYear(ds *event.Dataset, y stats.Years) Chart {
	first, last := stats.Span(ds, y)
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
	for i, r := range rows {
		years[i] = strconv.Itoa(r.Year)
		a, av := cells(r.Apogee, 0)
		g, gv := cells(r.Range, 1)
		t.Rows = append(t.Rows, append(append([]string{years[i]}, a...), g...))
		ap[i] = opts.BarData{Value: av}
		rg[i] = opts.BarData{Value: gv}
	}
	bar := axisBar(opts.YAxis{Name: "km", Type: "value"})
	bar.SetXAxis(years)
	bar.AddSeries("Highest apogee (km)", ap, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2"}))
	bar.AddSeries("Longest range (km)", rg, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#e69f00"}))

	var d strings.Builder
	if best[0] == nil && best[1] == nil {
		fmt.Fprintf(&d, "%s, no apogee or range of a ballistic missile is recorded.", period(first, last))
	} else {
		var parts []string
		if r := best[0]; r != nil {
			parts = append(parts, fmt.Sprintf("the highest apogee recorded was %s km, by a %s on %s",
				num(r.Km), systemName(ds, r.System), eventDate(ds, r.EventID)))
		}
		if r := best[1]; r != nil {
			parts = append(parts, fmt.Sprintf("the longest range was %s km, by a %s on %s",
				num(r.Km), systemName(ds, r.System), eventDate(ds, r.EventID)))
		}
		fmt.Fprintf(&d, "%s, %s.", period(first, last), strings.Join(parts, ", and "))
	}
	return Chart{
		ID:          IDs[5],
		Definition:  "For each year, the highest apogee and the longest range reported for any ballistic launch group, with the system and the date; a year with no reported figure has empty cells. The figures are those reported at the time, mostly by South Korea's Joint Chiefs of Staff and Japan's Ministry of Defense.",
		Title:       "Highest apogee and longest range per year",
		Description: d.String(),
		Table:       t,
		Option:      option(bar),
		Height:      400,
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
	first, last := stats.Span(ds, y)
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
		fmt.Fprintf(&d, "%s, no ballistic missiles were launched.", period(first, last))
	} else {
		var parts []string
		top := 0
		for i, e := range eras {
			parts = append(parts, fmt.Sprintf("%d under %s", e.BallisticMissiles, e.Era.Name))
			if e.BallisticMissiles > eras[top].BallisticMissiles {
				top = i
			}
		}
		list := parts[0]
		if n := len(parts); n > 1 {
			list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
		}
		fmt.Fprintf(&d, "%s, North Korea launched %s: %s.", period(first, last),
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
		Years    []int     `json:"years"`
		Eras     []eraInfo `json:"eras"`
		Missiles [][]int   `json:"missiles"`
		Events   [][]int   `json:"events"`
		Tests    [][]int   `json:"tests"`
	}
	yd := yearly{}
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
