package site

import (
	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/stats"
)

// Other published tallies, for the about page: the yearly figures that
// Japan's Ministry of Defense and the CSIS Missile Defense Project gave,
// beside this record's own, with the reason each differs. The published
// figures are facts about those publications, so they are written here
// with where they were published; this record's side is computed.

// publishedTally is one body's published figure for one year.
type publishedTally struct {
	Year int
	By   string // who counted
	// Missiles and Events are their figures; 0 when not given. Events
	// are "launches" or "rounds" in their words.
	Missiles, Events int
	AtLeast          bool   // they gave the missiles as a floor
	Counts           string // what they count, in a few words
	Source, URL      string // where the figure was published
	Why              string // why it differs from this record, or that it agrees
}

// publishedTallies are the yearly figures found in published reporting.
// Years without a row have no yearly tally from these bodies that could
// be traced to a publication.
var publishedTallies = []publishedTally{
	{Year: 2017, By: "CSIS Missile Defense Project", Missiles: 24, Counts: "missiles of every type",
		Source: "JBpress, January 2023", URL: "https://jbpress.ismedia.jp/articles/print/73373",
		Why: "CSIS counts cruise missiles too; this record's ballistic count leaves them out. The record lists 4 cruise missiles in 2017 (8 June), which with its 20 ballistic missiles make CSIS's 24."},
	{Year: 2019, By: "Japan Ministry of Defense", Missiles: 25, Counts: "ballistic missiles",
		Source: "Nikkei Asia, 21 January 2023", URL: "https://asia.nikkei.com/Spotlight/N-Korea-at-crossroads/Kim-Jong-Un-s-Achilles-heel-lies-in-weak-air-defense",
		Why: "One missile more than this record. The difference has not yet been traced to a launch."},
	{Year: 2020, By: "Japan Ministry of Defense", Events: 4, Counts: "ballistic missile launches",
		Source: "JBpress, 2024, from the ministry's “North Korea's nuclear and ballistic missile development”", URL: "https://jbpress.ismedia.jp/articles/print/85627",
		Why: "The same number of launch events."},
	{Year: 2021, By: "Japan Ministry of Defense", Events: 4, Counts: "ballistic missile launches",
		Source: "JBpress, 2024, from the ministry's “North Korea's nuclear and ballistic missile development”", URL: "https://jbpress.ismedia.jp/articles/print/85627",
		Why: "The same number of launch events."},
	{Year: 2022, By: "Japan Ministry of Defense", Missiles: 59, Events: 31, AtLeast: true, Counts: "ballistic missiles it confirmed",
		Source: "NHK, 2 January 2024", URL: "https://www3.nhk.or.jp/news/html/20240102/k10014306531000.html",
		Why: "Japan counts the missiles it confirmed, a floor (“at least”). This record takes, for each launch, the highest figure given by a government that tracks launches or by North Korea (see how counts are chosen); Japan's figure is one of those, so the record's is never lower for a launch Japan reported, and it is higher where South Korea or North Korea gave more. The record's four extra launch events have not been matched one by one with Japan's list."},
	{Year: 2022, By: "CSIS Missile Defense Project", Missiles: 99, Counts: "missiles of every type",
		Source: "JBpress, January 2023", URL: "https://jbpress.ismedia.jp/articles/print/73373",
		Why: "CSIS counts cruise and other missiles too. The record's ballistic count leaves them out; it lists them separately, in the column “This record”."},
	{Year: 2023, By: "Japan Ministry of Defense", Missiles: 25, Events: 18, Counts: "ballistic missiles, satellite launches included",
		Source: "NHK, 2 January 2024", URL: "https://www3.nhk.or.jp/news/html/20240102/k10014306531000.html",
		Why: "Japan's 18 launches include the 3 satellite launches, which this record lists but does not count as ballistic missiles; without them Japan counts 15 launches and 22 missiles. The record counts more missiles for the reason given for 2022: it takes the highest official figure for each launch, not the confirmed floor."},
}

// tallyRow is a published tally beside this record's figures for its year.
type tallyRow struct {
	publishedTally
	Ballistic    int // this record's ballistic missiles that year
	LaunchEvents int // this record's launch events that year
	Other        int // missiles, rockets and launch vehicles of other classes
}

// halfYear compares this record's January–June 2022 with the wire
// count reporters know: AP's 31 ballistic missiles in 18 rounds.
type halfYear struct {
	Year     int
	Missiles int // ballistic, January to June
	Events   int // launch events, January to June
	Wire     int // the wire's count of rounds
	WireURL  string
	Others   []*eventView // events with launches but no ballistic missile, January to June
	Last     int          // the index of the last of Others
}

// The wire count of June 2022: the eight missiles of 5 June were the 18th
// round of launches of the year.
const (
	wireYear   = 2022
	wireRounds = 18
	wireURL    = "https://www.wdio.com/archive/north-korea-test-fires-salvo-of-short-range-missiles/"
)

func (b *builder) tallies() []tallyRow {
	var rows []tallyRow
	for _, t := range publishedTallies {
		if first, last := stats.Span(b.ds, stats.All); t.Year < first || t.Year > last {
			continue // outside the record
		}
		tot := stats.Total(b.ds, stats.Years{From: t.Year, To: t.Year})
		r := tallyRow{publishedTally: t, Ballistic: tot.BallisticMissiles, LaunchEvents: tot.LaunchEvents}
		for i := range b.ds.Events {
			e := &b.ds.Events[i]
			if e.Date.Year != t.Year {
				continue
			}
			for _, l := range e.Launches {
				if !b.ds.Class(l).IsBallistic() {
					r.Other += l.Count
				}
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// wireHalf returns the January–June comparison, or nil when the record
// has no launch without ballistic missiles in that half year, which is
// what the comparison explains.
func (b *builder) wireHalf() *halfYear {
	h := &halfYear{Year: wireYear, Wire: wireRounds, WireURL: wireURL}
	for i := range b.ds.Events {
		e := &b.ds.Events[i]
		if e.Date.Year != wireYear || e.Date.Month < 1 || e.Date.Month > 6 || len(e.Launches) == 0 {
			continue
		}
		n := b.ds.BallisticCount(e)
		if n > 0 {
			h.Missiles += n
			h.Events++
		} else if e.Kind == event.KindMissileLaunch || e.Kind == event.KindArtillery {
			h.Others = append(h.Others, b.view(e))
		}
	}
	if len(h.Others) == 0 {
		return nil
	}
	h.Last = len(h.Others) - 1
	return h
}

// reportedRow is a launch group whose bodies gave different counts.
type reportedRow struct {
	Event  *eventView
	System string
	Counts []event.ReportedCount
	Count  int // the one the record counts
}

func (b *builder) reportedRows() []reportedRow {
	var rows []reportedRow
	for i := range b.ds.Events {
		e := &b.ds.Events[i]
		for _, l := range e.Launches {
			if len(l.ReportedCounts) == 0 {
				continue
			}
			sys, _ := b.ds.System(l.System)
			name := sys.Name
			if name == "" {
				name = l.System
			}
			rows = append(rows, reportedRow{Event: b.view(e), System: name, Counts: l.ReportedCounts, Count: l.Count})
		}
	}
	return rows
}
