package chart

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// PerYear is the small chart of a system's or a site's page: what was
// launched in each year of rows (stats.SystemStats.PerYear or
// stats.SiteStats.PerYear), as bars, with a table of missiles and launch
// events per year and a description generated from the numbers. The as-of
// year, when the record stops before its end, is marked partial as on the
// site's other per-year charts.
//
// id is the chart's id on its page (an HTML id, so unique there), title
// its plain-text title, and one and many what the bars count in a
// sentence ("missile", "missiles"). The chart has no from/to
// recomputation: it is drawn on site pages, not embedded.
func PerYear(id, title, one, many string, rows []stats.YearCount, asOf event.Date) Chart {
	sp := span{asOf: asOf}
	if len(rows) > 0 {
		sp.first, sp.last = rows[0].Year, rows[len(rows)-1].Year
	}
	t := Table{Header: []string{"Year", "Launched", "Launch events"}}
	years := make([]string, len(rows))
	data := make([]opts.BarData, len(rows))
	total, events, none, maxN, maxYear := 0, 0, 0, 0, 0
	partial := -1
	for i, r := range rows {
		years[i] = sp.yearAxis(r.Year)
		if sp.partial(r.Year) {
			partial = i
		}
		t.Rows = append(t.Rows, []string{sp.yearText(r.Year), strconv.Itoa(r.Missiles), strconv.Itoa(r.Events)})
		data[i] = opts.BarData{Value: r.Missiles}
		total += r.Missiles
		events += r.Events
		if r.Missiles == 0 {
			none++
		}
		if r.Missiles > maxN {
			maxN, maxYear = r.Missiles, r.Year
		}
	}
	bar := axisBar(opts.YAxis{Name: "Launched", Type: "value", MinInterval: 1})
	bar.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "32", Bottom: "8", ContainLabel: opts.Bool(true)}))
	bar.SetXAxis(years)
	bar.AddSeries("Launched", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0072b2"}))

	var d strings.Builder
	switch {
	case len(rows) == 0:
		d.WriteString("The record holds no launch.")
	case total == 0:
		fmt.Fprintf(&d, "%s, the record holds no launch.", sp.period())
	default:
		fmt.Fprintf(&d, "%s, %s launched in %s.", sp.period(),
			plural(total, one, many), plural(events, "launch event", "launch events"))
		if sp.first != sp.last {
			fmt.Fprintf(&d, " The most in one year was %s, in %s.", intText(maxN), sp.yearText(maxYear))
			if none > 0 {
				fmt.Fprintf(&d, " %s of the %s years had none.", intText(none), intText(len(rows)))
			}
		}
	}
	return Chart{
		ID:          id,
		Title:       title,
		Description: d.String(),
		Definition:  "The sum of the counts of the launch groups in each year, every class counted, from the first launch to the as-of year; the table adds the launch events, events with at least one such launch group.",
		Table:       t,
		Option:      option(bar, markPartial(sp, partial)),
		Height:      300,
		From:        sp.first,
		To:          sp.last,
	}
}
