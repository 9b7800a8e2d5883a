package stats

import (
	"sort"

	"github.com/nktimeline/timeline/internal/event"
)

// SystemCount is how many missiles of one system were fired from a site.
type SystemCount struct {
	System   event.System
	Missiles int // sum of count over the system's launch groups from the site
	Events   int // events with at least one such group
}

// SiteStats is what the record says about one site from the catalogue.
// Unlike Sites (the launch-site map's tally), every class counts here,
// rocket artillery included, and nuclear tests at the site are listed.
type SiteStats struct {
	Site event.Site
	// Missiles is the sum of count over the launch groups fired from the
	// site, every class; Ballistic the ballistic missiles among them.
	Missiles, Ballistic int
	// LaunchEvents is the number of events with at least one launch group
	// from the site; NuclearTests the nuclear tests held there.
	LaunchEvents, NuclearTests int
	// First and Latest are the earliest and latest events at the site
	// (launches and nuclear tests) in dataset order; nil when none.
	First, Latest *event.Event
	// PerYear has a row for every year from First's year to the dataset's
	// as-of year (or Latest's year, if later), years without launches
	// included; nil when no event took
	// place at the site. Its Events are launch events (nuclear tests are
	// not counted there).
	PerYear []YearCount
	// Systems are the systems fired from the site, most missiles first,
	// then by name.
	Systems []SystemCount
	// Events lists every event at the site in dataset order: events with a
	// launch group from it and nuclear tests held there.
	Events []*event.Event
	// Launches lists every launch group fired from the site in dataset order.
	Launches []LaunchRow
}

// SiteDetails returns the figures of every site in the catalogue, in
// catalogue order: element i describes ds.Sites[i]. Sites where nothing
// happened in the record are included with zero counts. Launch groups with
// no reported site are not counted (Sites reports them).
func SiteDetails(ds *event.Dataset) []SiteStats { return SiteDetailsOf(ds, nil) }

// SiteDetailsOf is SiteDetails with the figures of only the sites whose
// ids keep reports (every site when keep is nil); the others have their
// Site and zero counts.
func SiteDetailsOf(ds *event.Dataset, keep func(id string) bool) []SiteStats {
	out := make([]SiteStats, len(ds.Sites))
	var idx ids
	for i, s := range ds.Sites {
		out[i].Site = s
		if keep == nil || keep(s.ID) {
			idx.add(s.ID, i)
		}
	}
	sysIdx := make([]map[string]int, len(ds.Sites))
	// fired[j] is the index of the last event that launched from site j,
	// plus one; marked[j] that of the last event that took place at it,
	// and at lists the sites the event took place at.
	fired, marked := make([]int, len(out)), make([]int, len(out))
	var at []int
	for i := range ds.Events {
		e := &ds.Events[i]
		at = at[:0]
		mark := func(j int) {
			if marked[j] != i+1 {
				marked[j] = i + 1
				at = append(at, j)
			}
		}
		for g, l := range e.Launches {
			j, ok := idx.find(l.Site)
			if !ok {
				continue
			}
			s := &out[j]
			r := launchRow(ds, e, g)
			s.Launches = append(s.Launches, r)
			s.Missiles += l.Count
			if r.System.Class.IsBallistic() {
				s.Ballistic += l.Count
			}
			if sysIdx[j] == nil {
				sysIdx[j] = map[string]int{}
			}
			k, ok := sysIdx[j][l.System]
			if !ok {
				k = len(s.Systems)
				sysIdx[j][l.System] = k
				s.Systems = append(s.Systems, SystemCount{System: r.System})
			}
			s.Systems[k].Missiles += l.Count
			if !systemSeen(s.Launches[:len(s.Launches)-1], e, l.System) {
				s.Systems[k].Events++
			}
			if fired[j] != i+1 {
				fired[j] = i + 1
				s.LaunchEvents++
			}
			mark(j)
		}
		if e.Kind == event.KindNuclearTest && e.Nuclear != nil {
			if j, ok := idx.find(e.Nuclear.Site); ok {
				out[j].NuclearTests++
				mark(j)
			}
		}
		for _, j := range at {
			s := &out[j]
			s.Events = append(s.Events, e)
			if s.First == nil {
				s.First = e
			}
			s.Latest = e
		}
	}
	for i := range out {
		s := &out[i]
		sort.SliceStable(s.Systems, func(a, b int) bool {
			x, y := s.Systems[a], s.Systems[b]
			if x.Missiles != y.Missiles {
				return x.Missiles > y.Missiles
			}
			if x.System.Name != y.System.Name {
				return x.System.Name < y.System.Name
			}
			return x.System.ID < y.System.ID
		})
		if s.First == nil {
			continue
		}
		s.PerYear = perYear(ds, s.First, s.Latest, s.Launches)
	}
	return out
}

// systemSeen reports whether rows hold a group of the system in the event.
func systemSeen(rows []LaunchRow, e *event.Event, system string) bool {
	for i := len(rows) - 1; i >= 0 && rows[i].Event == e; i-- {
		if rows[i].Launch.System == system {
			return true
		}
	}
	return false
}
