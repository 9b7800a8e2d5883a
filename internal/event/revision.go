package event

// Fields of the objects that record how figures differ and how an event
// changed. The JSON Schema test checks them like the others.
var (
	reportedCountFields   = []string{"by", "count", "estimated", "url"}
	reportedCountRequired = []string{"by", "count"}
	correctionFields      = []string{"date", "text"}
	correctionRequired    = []string{"date", "text"}
)

// ReportedCount is one body's published figure for a launch group. Where
// official counts differ (South Korea's JCS saw "about ten", KCNA named 18),
// each figure is kept beside the one the record counts.
type ReportedCount struct {
	By        string // who gave the figure, as a reader knows it: "South Korea JCS", "KCNA"
	Count     int    // 1 or more
	Estimated bool   // the body gave an approximate figure ("about ten", "at least seven")
	URL       string // where the figure was published; empty when not given
}

// Correction records one change of fact in an event, in our words.
type Correction struct {
	Date Date // a full date, on or before the dataset's as-of date
	Text string
}

// decodeReportedCounts reads a launch group's optional reported_counts.
func (d *decoder) decodeReportedCounts(n *node) []ReportedCount {
	items := d.list(n, "reported_counts")
	if n != nil && n.kind == seqNode && len(items) == 0 {
		d.errorf(n, "`reported_counts` is empty: leave it out or list at least one figure")
	}
	var out []ReportedCount
	for _, it := range items {
		f, ok := d.fields(it, "reported count", reportedCountFields, reportedCountRequired)
		if !ok {
			continue
		}
		var r ReportedCount
		r.By, _ = d.str(f.get("by"), "by")
		if c, ok := d.integer(f.get("count"), "count"); ok {
			if c < 1 {
				d.errorf(f.get("count"), "reported `count` must be 1 or more, found %d", c)
			}
			r.Count = c
		}
		r.Estimated, _ = d.boolean(f.get("estimated"), "estimated")
		if u, ok := d.str(f.get("url"), "url"); ok {
			if !isWebURL(u) {
				d.errorf(f.get("url"), "reported count url %q must be an absolute http or https URL", u)
			}
			r.URL = u
		}
		out = append(out, r)
	}
	return out
}

// decodeRevisions reads an event's optional `updated` date and its
// `corrections`. Each date must be a full date no earlier than the event
// and no later than the dataset's as-of date: a correction cannot precede
// what it corrects, nor lie in the future of the data.
func (d *decoder) decodeRevisions(f fieldMap, date, asOf Date) (Date, []Correction) {
	check := func(n *node, field string) (Date, bool) {
		v, ok := d.date(n, field)
		if !ok {
			return Date{}, false
		}
		switch {
		case v.Precision() != PrecisionDay:
			d.errorf(n, "`%s` must be a full date (YYYY-MM-DD), found %s", field, v)
			return Date{}, false
		case !date.IsZero() && v.Compare(date) < 0:
			d.errorf(n, "`%s` %s is before the event's date %s", field, v, date)
		case !asOf.IsZero() && v.Compare(asOf) > 0:
			d.errorf(n, "`%s` %s is after the dataset's as-of date %s (timeline.yaml)", field, v, asOf)
		}
		return v, true
	}
	updated, _ := check(f.get("updated"), "updated")
	var out []Correction
	n := f.get("corrections")
	items := d.list(n, "corrections")
	if n != nil && n.kind == seqNode && len(items) == 0 {
		d.errorf(n, "`corrections` is empty: leave it out or list at least one")
	}
	for _, it := range items {
		cf, ok := d.fields(it, "correction", correctionFields, correctionRequired)
		if !ok {
			continue
		}
		var c Correction
		c.Date, _ = check(cf.get("date"), "date")
		c.Text, _ = d.markdown(cf.get("text"), "text")
		if len(out) > 0 && !c.Date.IsZero() && c.Date.Compare(out[len(out)-1].Date) < 0 {
			d.errorf(cf.get("date"), "corrections must be listed oldest first: %s comes after %s", c.Date, out[len(out)-1].Date)
		}
		if !updated.IsZero() && c.Date.Compare(updated) > 0 {
			d.errorf(cf.get("date"), "correction dated %s is after `updated` %s: move `updated` to the latest correction", c.Date, updated)
		}
		out = append(out, c)
	}
	if updated.IsZero() && len(out) > 0 && f.get("updated") == nil {
		last := out[len(out)-1].Date
		d.errorf(n, "event has corrections but no `updated` date: add `updated: %s`", last)
	}
	return updated, out
}
