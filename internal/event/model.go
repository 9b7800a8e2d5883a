// Package event holds the data model of the timeline: the dataset metadata,
// the catalogues of weapon systems and sites, and the curated events. It loads
// them from YAML with source positions and validates them, reporting every
// problem with the file, line and column where it lies.
package event

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Precision says how much of a Date is known.
type Precision int

const (
	// PrecisionNone marks the zero Date: no date at all.
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// String returns the name used in events.json ("year", "month", "day").
func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionMonth:
		return "month"
	case PrecisionDay:
		return "day"
	}
	return ""
}

// Date is a calendar date in Korea (KST) that may be known only to the year
// or the month. Unknown parts are zero.
type Date struct {
	Year, Month, Day int
}

// Precision reports how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats d as YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	p := d.Precision()
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		switch p {
		case PrecisionYear:
			return fmt.Sprintf("%04d", d.Year)
		case PrecisionMonth:
			return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		case PrecisionDay:
			return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		}
		return ""
	}
	// The common case, written out: it is called for every event.
	var b [10]byte
	digits := func(at, v, n int) {
		for i := at + n - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	digits(0, d.Year, 4)
	switch p {
	case PrecisionYear:
		return string(b[:4])
	case PrecisionMonth:
		b[4] = '-'
		digits(5, d.Month, 2)
		return string(b[:7])
	case PrecisionDay:
		b[4], b[7] = '-', '-'
		digits(5, d.Month, 2)
		digits(8, d.Day, 2)
		return string(b[:10])
	}
	return ""
}

// Compare orders dates; unknown parts sort before known ones, so 2017 sorts
// before 2017-01 and 2017-01 before 2017-01-01.
func (d Date) Compare(o Date) int {
	for _, p := range [...][2]int{{d.Year, o.Year}, {d.Month, o.Month}, {d.Day, o.Day}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD and checks that the date
// exists in the calendar.
func ParseDate(s string) (Date, error) {
	var d Date
	// The error is made only when needed: most dates are good.
	bad := func() (Date, error) {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	switch len(s) {
	case 4, 7, 10:
	default:
		return bad()
	}
	num := func(t string) (int, bool) {
		for _, c := range t {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	var ok bool
	if d.Year, ok = num(s[:4]); !ok || d.Year == 0 {
		return bad()
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad()
		}
		if d.Month, ok = num(s[5:7]); !ok {
			return bad()
		}
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("invalid date %q: month %d does not exist", s, d.Month)
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		if d.Day, ok = num(s[8:10]); !ok {
			return bad()
		}
		if n := DaysIn(d.Year, d.Month); d.Day < 1 || d.Day > n {
			return Date{}, fmt.Errorf("invalid date %q: %04d-%02d has %d days", s, d.Year, d.Month, n)
		}
	}
	return d, nil
}

// DaysIn returns the number of days in the month of the year.
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Kind is what sort of event an event is.
type Kind string

// Weapons activity.
const (
	KindMissileLaunch   Kind = "missile-launch"
	KindNuclearTest     Kind = "nuclear-test"
	KindSatelliteLaunch Kind = "satellite-launch"
	KindEngineTest      Kind = "engine-test"
	KindArtillery       Kind = "artillery"
	KindNuclearProgram  Kind = "nuclear-program"
	KindWeaponsDisplay  Kind = "weapons-display"
	KindOtherTest       Kind = "other-test"
)

// Context around the weapons activity.
const (
	KindDiplomacy      Kind = "diplomacy"
	KindSanctions      Kind = "sanctions"
	KindAlliedResponse Kind = "allied-response"
	KindPolitics       Kind = "politics"
)

// Kinds lists every kind in the order the site presents them.
var Kinds = []Kind{
	KindMissileLaunch, KindNuclearTest, KindSatelliteLaunch, KindEngineTest,
	KindArtillery, KindNuclearProgram, KindWeaponsDisplay, KindOtherTest,
	KindDiplomacy, KindSanctions, KindAlliedResponse, KindPolitics,
}

// IsContext reports whether k is context (diplomacy, sanctions, allied
// responses, politics) rather than weapons activity.
func (k Kind) IsContext() bool {
	switch k {
	case KindDiplomacy, KindSanctions, KindAlliedResponse, KindPolitics:
		return true
	}
	return false
}

// HasLaunches reports whether events of kind k may carry launches.
func (k Kind) HasLaunches() bool {
	return k == KindMissileLaunch || k == KindSatelliteLaunch
}

// Label is the kind as a reader sees it ("Missile launch").
func (k Kind) Label() string {
	s := []byte(k)
	for i, c := range s {
		if c == '-' {
			s[i] = ' '
		}
	}
	if len(s) > 0 && s[0] >= 'a' && s[0] <= 'z' {
		s[0] -= 'a' - 'A'
	}
	return string(s)
}

// Class is the class of a weapon system.
type Class string

const (
	ClassSRBM             Class = "SRBM"
	ClassMRBM             Class = "MRBM"
	ClassIRBM             Class = "IRBM"
	ClassICBM             Class = "ICBM"
	ClassSLBM             Class = "SLBM"
	ClassBallisticUnknown Class = "ballistic-unknown"
	ClassSLV              Class = "SLV"
	ClassCruise           Class = "cruise"
	ClassArtillery        Class = "artillery"
	ClassAirDefense       Class = "air-defense"
	ClassOther            Class = "other"
)

// Classes lists every class, ballistic ones first, in the order charts stack them.
var Classes = []Class{
	ClassSRBM, ClassMRBM, ClassIRBM, ClassICBM, ClassSLBM, ClassBallisticUnknown,
	ClassSLV, ClassCruise, ClassArtillery, ClassAirDefense, ClassOther,
}

// BallisticClasses are the classes whose missiles the ballistic count adds up.
var BallisticClasses = Classes[:6]

// IsBallistic reports whether missiles of class c count as ballistic missiles.
func (c Class) IsBallistic() bool {
	for _, b := range BallisticClasses {
		if c == b {
			return true
		}
	}
	return false
}

// Outcomes a launch group may have.
var Outcomes = []string{"success", "failure", "partial", "unknown"}

// Propellants a system may have.
var Propellants = []string{"liquid", "solid", "unknown"}

// Meta is the dataset metadata from timeline.yaml.
type Meta struct {
	Title       string
	Description string
	Licence     string
	AsOf        Date
	// Start is the record's start: no event is dated before it. It is
	// timeline.yaml's start when given, else the start of the earliest era.
	Start Date
	// StartFrom says where Start comes from, for messages.
	StartFrom string
	Eras      []Era
}

// Era is a leader's period of rule. End is zero while it goes on.
type Era struct {
	ID, Name   string
	Start, End Date
}

// Contains reports whether d falls in the era (start and end inclusive).
func (e Era) Contains(d Date) bool {
	return d.Compare(e.Start) >= 0 && (e.End.IsZero() || d.Compare(e.End) <= 0)
}

// System is a weapon system from systems.yaml.
type System struct {
	ID          string
	Name        string
	Aliases     []string
	Class       Class
	Propellant  string
	FirstFlight Date // zero when not given
	Description string
}

// Site is a place from sites.yaml.
type Site struct {
	ID       string
	Name     string
	Aliases  []string
	Lat, Lon float64
	Province string
}

// Event is one curated event file.
type Event struct {
	ID      string // the file name without .yaml; also the URL slug
	Path    string // slash-separated path relative to the events directory
	Date    Date
	EndDate Date   // zero when the event lasts one day
	Time    string // "HH:MM" in KST, or empty
	Kind    Kind
	Title   string
	Summary string // inline Markdown
	Body    string // Markdown, may be empty
	// Launches are the launch groups of a missile or satellite launch.
	Launches []Launch
	Nuclear  *Nuclear // nuclear tests only
	Sources  []Source
	Tags     []string
	Related  []string // ids of other events
	// Updated is the day a fact in the event last changed; zero when it
	// never has. Corrections list what changed, oldest first.
	Updated     Date
	Corrections []Correction
}

// Launch is a group of identical missiles fired in one event.
type Launch struct {
	System         string // id in systems.yaml
	Count          int
	CountEstimated bool
	Outcome        string
	Site           string // id in sites.yaml, or empty when unknown
	ApogeeKm       *float64
	RangeKm        *float64
	FlightMin      *float64
	// ReportedCounts are the figures different bodies published for this
	// group when they disagree; Count holds the one the record counts.
	ReportedCounts []ReportedCount
}

// Nuclear holds the details of a nuclear test.
type Nuclear struct {
	Site        string
	YieldKt     *Range
	MagnitudeMb *float64
	Claim       string
}

// Range is an estimate between Min and Max.
type Range struct {
	Min, Max float64
}

// Source is where a fact comes from.
type Source struct {
	URL       string
	Publisher string
	Title     string
	Published Date // zero when not given
}

// Dataset is everything loaded from an events directory, validated.
// Events are sorted by date, then id.
type Dataset struct {
	Meta    Meta
	Systems []System
	Sites   []Site
	Events  []Event

	systems map[string]int
	sites   map[string]int
	events  map[string]int
}

// System returns the system with the id.
func (d *Dataset) System(id string) (System, bool) {
	i, ok := d.systems[id]
	if !ok {
		return System{}, false
	}
	return d.Systems[i], true
}

// Site returns the site with the id.
func (d *Dataset) Site(id string) (Site, bool) {
	i, ok := d.sites[id]
	if !ok {
		return Site{}, false
	}
	return d.Sites[i], true
}

// Event returns the event with the id.
func (d *Dataset) Event(id string) (*Event, bool) {
	i, ok := d.events[id]
	if !ok {
		return nil, false
	}
	return &d.Events[i], true
}

// Index returns the place of the event with the id in d.Events.
func (d *Dataset) Index(id string) (int, bool) {
	i, ok := d.events[id]
	return i, ok
}

// Class returns the class of the launch group's system.
func (d *Dataset) Class(l Launch) Class {
	s, _ := d.System(l.System)
	return s.Class
}

// BallisticCount is the number of ballistic missiles in the event: the sum
// of count over its launch groups whose system class is ballistic.
func (d *Dataset) BallisticCount(e *Event) int {
	n := 0
	for _, l := range e.Launches {
		if d.Class(l).IsBallistic() {
			n += l.Count
		}
	}
	return n
}

// Era returns the era the date falls in, if any.
func (d *Dataset) Era(date Date) (Era, bool) {
	for _, e := range d.Meta.Eras {
		if e.Contains(date) {
			return e, true
		}
	}
	return Era{}, false
}

// index builds the id lookups; the loader calls it once events are sorted.
func (d *Dataset) index() {
	d.systems = make(map[string]int, len(d.Systems))
	for i, s := range d.Systems {
		d.systems[s.ID] = i
	}
	d.sites = make(map[string]int, len(d.Sites))
	for i, s := range d.Sites {
		d.sites[s.ID] = i
	}
	d.events = make(map[string]int, len(d.Events))
	for i, e := range d.Events {
		d.events[e.ID] = i
	}
}

// NewDataset assembles a dataset from parts without validating them; the
// events are sorted by date, then id. Tests of later stages use it to build
// small datasets in code. Load is the way to get a validated dataset.
func NewDataset(meta Meta, systems []System, sites []Site, events []Event) *Dataset {
	d := &Dataset{Meta: meta, Systems: systems, Sites: sites, Events: events}
	sortEvents(d.Events)
	d.index()
	return d
}

// compareEvents orders events by date, then by id: the order of
// Dataset.Events.
func compareEvents(a, b *Event) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func sortEvents(events []Event) {
	// Sort the positions, then move each event once: an event is large,
	// and a stable sort moves elements many times.
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return compareEvents(&events[i], &events[j]) })
	// events[i] takes the event at order[i], a cycle at a time; order[i]
	// = i marks a place that holds its event.
	for i := range order {
		if order[i] == i {
			continue
		}
		e := events[i]
		j := i
		for order[j] != i {
			k := order[j]
			events[j] = events[k]
			order[j] = j
			j = k
		}
		events[j] = e
		order[j] = j
	}
}
