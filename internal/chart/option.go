package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/nktimeline/timeline/internal/event"
)

// echart is what every go-echarts chart type provides.
type echart interface {
	Validate()
	JSON() map[string]interface{}
}

// option validates the go-echarts chart, turns it into JSON and applies the
// patches, which set the few ECharts options go-echarts has no field for
// (the geo component's bounding box, per-item symbol sizes, ...). The
// result is marshalled by encoding/json, which escapes <, > and &.
func option(c echart, patches ...func(o map[string]any)) json.RawMessage {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		// go-echarts options are plain data; failing to marshal them is a bug.
		panic(fmt.Sprintf("chart: marshalling option: %v", err))
	}
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		panic(fmt.Sprintf("chart: re-reading option: %v", err))
	}
	// go-echarts always emits a toolbox; the pages bring their own
	// download buttons.
	delete(o, "toolbox")
	// No entry animation: it costs a phone's CPU many frames and the charts
	// are read, not watched.
	o["animation"] = false
	for _, p := range patches {
		p(o)
	}
	b, err = json.Marshal(o)
	if err != nil {
		panic(fmt.Sprintf("chart: marshalling option: %v", err))
	}
	return b
}

// series returns the i-th series of a decoded option.
func series(o map[string]any, i int) map[string]any {
	return o["series"].([]any)[i].(map[string]any)
}

// Colours. They are mid-tone (Okabe–Ito based) so the same palette reads
// on the light and the dark background.
var classColor = map[event.Class]string{
	event.ClassSRBM:             "#0072b2",
	event.ClassMRBM:             "#e69f00",
	event.ClassIRBM:             "#009e73",
	event.ClassICBM:             "#d55e00",
	event.ClassSLBM:             "#cc79a7",
	event.ClassBallisticUnknown: "#8c8c8c",
}

// classLabel is the column and legend name of a class.
func classLabel(c event.Class) string {
	if c == event.ClassBallisticUnknown {
		return "Unknown ballistic"
	}
	return string(c)
}

// classNoun names a class in a sentence.
var classNoun = map[event.Class]string{
	event.ClassSRBM:             "short-range missiles (SRBM)",
	event.ClassMRBM:             "medium-range missiles (MRBM)",
	event.ClassIRBM:             "intermediate-range missiles (IRBM)",
	event.ClassICBM:             "intercontinental missiles (ICBM)",
	event.ClassSLBM:             "submarine-launched missiles (SLBM)",
	event.ClassBallisticUnknown: "missiles of unknown class",
}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// dateText formats a date for a sentence: "3 Sep 2017", "Sep 2017", "2017".
func dateText(d event.Date) string {
	switch d.Precision() {
	case event.PrecisionDay:
		return fmt.Sprintf("%d %s %d", d.Day, months[d.Month-1], d.Year)
	case event.PrecisionMonth:
		return fmt.Sprintf("%s %d", months[d.Month-1], d.Year)
	case event.PrecisionYear:
		return strconv.Itoa(d.Year)
	}
	return ""
}

// monthText formats a date to the month: "Sep 2017", or "2017".
func monthText(d event.Date) string {
	if d.Month == 0 {
		return strconv.Itoa(d.Year)
	}
	return fmt.Sprintf("%s %d", months[d.Month-1], d.Year)
}

// num formats a measurement without trailing zeros: 6.3, 280, 0.7.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// percent is n of total as a whole percentage.
func percent(n, total int) int {
	return int(math.Round(100 * float64(n) / float64(total)))
}

// baseOpts are the options every cartesian chart shares.
func axisTooltip() opts.Tooltip {
	return opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}
}

func legend() opts.Legend {
	return opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "0"}
}

func grid() opts.Grid {
	return opts.Grid{Left: "8", Right: "16", Top: "40", Bottom: "8", ContainLabel: opts.Bool(true)}
}

// partialStyle is how a bar of the partial as-of year is drawn: lighter,
// with a dashed outline, so it does not read as a whole year.
// templates/assets/charts.js applies the same style when it recomputes a
// chart for a range.
func partialStyle(color any) map[string]any {
	st := map[string]any{"opacity": 0.45, "borderType": "dashed", "borderWidth": 1}
	if color != nil {
		st["borderColor"] = color
	}
	return st
}

// markPartial returns an option patch that draws the bars at index i of the
// category axis (the partial as-of year; -1: none) in partialStyle and adds
// the chart's footnote.
func markPartial(sp span, i int) func(o map[string]any) {
	return func(o map[string]any) {
		if i < 0 {
			return
		}
		// A chart of a record with nothing to draw has no series, or
		// series shorter than the axis: nothing to mark there.
		series, _ := o["series"].([]any)
		for _, x := range series {
			s, ok := x.(map[string]any)
			if !ok {
				continue
			}
			var color any
			if st, ok := s["itemStyle"].(map[string]any); ok {
				color = st["color"]
			}
			data, _ := s["data"].([]any)
			if i >= len(data) {
				continue
			}
			if item, ok := data[i].(map[string]any); ok {
				item["itemStyle"] = partialStyle(color)
			}
		}
		o["graphic"] = []any{noteGraphic(sp.note())}
		grids, _ := o["grid"].([]any)
		for _, g := range grids {
			if g, ok := g.(map[string]any); ok {
				g["bottom"] = "30"
			}
		}
	}
}

// noteGraphic is a chart's footnote, drawn at its bottom right. charts.js
// recolours it for the dark theme (id "note").
func noteGraphic(text string) map[string]any {
	return map[string]any{
		"type": "text", "id": "note", "right": 16, "bottom": 6, "silent": true,
		"style": map[string]any{"text": text, "fill": "#4f5660", "fontSize": 12},
	}
}

// asOfData is the Data of the charts that need nothing for a range but
// the as-of date, from which charts.js tells a partial year.
func asOfData(sp span) json.RawMessage {
	b, err := json.Marshal(map[string]string{"as_of": sp.asOf.String()})
	if err != nil {
		panic(err)
	}
	return b
}
