package site

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/bincode"
	"github.com/nktimeline/timeline/internal/event"
)

// An incremental build re-renders only the files that depend on what
// changed since the build that made the site, and takes every other file
// as that build left it. What a build needs to know for that is its
// State: which events it rendered (by the digest of their files), which
// files it wrote and the part of the site each belongs to (its owner). The
// state is kept beside the output as a snapshot followed by the changes of
// later builds (see statefile.go), so that a build that changed one event
// writes little of it.
//
// Owners are the pages of one event (events/<id>/…), of one year
// (years/<year>/…), of one system (systems/<id>/…) and of one site
// (sites/<id>/…), each with the social cards those pages show; every other
// file (the timeline, the charts, the data downloads, the feeds, the
// indexes, the records and about pages) belongs to the whole site and is
// rendered on every build. A change to anything but the event files (the
// catalogues, timeline.yaml, the schema, the templates, the base URL or
// the program itself) renders every file.
//
// When events change, the owners rendered again are:
//
//   - each changed, added or removed event, and the events before and after
//     it in the record's order, before and after the change (their pages
//     link to it);
//   - the events that list a changed event as related;
//   - the events whose records (set, broken or tied) changed;
//   - the years of the changed events, before and after the change, and
//     every year when the number of events of any year changed (each year
//     page lists every year with its number of events);
//   - the systems and sites the changed events name, before and after the
//     change.
//
// The files of the whole site are rendered by steps, each of which makes
// one part of it, an aspect ("@index", "@charts", "@records", …): the
// owner of its files. What an aspect shows of the events is their facts
// (every field but the title, summary, body and sources, which make up
// an event's prose: dates, kinds, launches, counts, tags, corrections), in
// the record's order, and the prose of the events it names: those whose
// views it made (builder.view) or that it counts as shown otherwise
// (builder.shows), which the state records by aspect. So an incremental
// build renders an aspect again only when an event was added, removed or
// moved, when a changed event's facts changed, or when the aspect showed
// a changed event; a title changed keeps every aspect that did not name
// the event. Files that every build makes (the downloads that list every
// event and the workbook, which take what they can from the last build's)
// and the pages of owners are not aspects.
type State struct {
	// Version identifies the program and the state's format.
	Version string
	// Inputs is the digest of everything but the event files that the
	// site depends on.
	Inputs [sha256.Size]byte
	// Order holds the ids of the events in the record's order.
	Order []string
	// Events holds what the build knew of each event, by id.
	Events map[string]eventState
	// Owned lists the files of the site by owner (fileOwner; "" for the
	// files every build makes), each list sorted by name. A social card
	// is listed under every owner whose pages show it.
	Owned map[string][]stateFile
	// Spliced records, for each data file that lists every event, where
	// the part of each event lies (see addSpliced).
	Spliced map[string]splicedState
	// Workbook records the chunks of the workbook's event sheets (see
	// workbookFromPrevious).
	Workbook *workbookState
	// Shown holds, by aspect, the ids of the events whose prose the
	// aspect's files show, sorted.
	Shown map[string][]string
	// Cache is what the load of the events read (see event.Cache), for
	// the next load.
	Cache *event.Cache

	// stamp identifies the state file read, to check under the output's
	// lock that no other build replaced it since; size is the length of
	// its records, after which a build appends its own, and snapshot the
	// length of the first, the snapshot the others change.
	stamp          string
	size, snapshot int64
	// deltas is how many deltas follow the snapshot.
	deltas int
	// touched, in the state of a build that rendered part of the site,
	// names what may differ from the previous build's (see delta).
	touched *touched
}

// touched names the events, owners and aspects whose entries in a state
// may differ from those of the previous build's; nil events means any.
type touched struct {
	events, owners, aspects []string
}

// eventState is what a build knew of one event.
type eventState struct {
	Path    string
	Digest  [sha256.Size]byte
	Year    int
	Systems []string // of its launch groups
	Sites   []string // of its launch groups and nuclear test
	Related []string
	// Records is the digest of the records the event set, broke or tied,
	// as its page shows them, and RecordRefs the other events those rows
	// name (the holders before it, the launches that opened gaps), whose
	// titles and dates the page shows too.
	Records    [sha256.Size]byte
	RecordRefs []string
	// Groups is its number of rows in the workbook's launch groups sheet.
	Groups int
}

func (a *eventState) equal(b *eventState) bool {
	return a.Path == b.Path && a.Digest == b.Digest && a.Year == b.Year && slices.Equal(a.Systems, b.Systems) &&
		slices.Equal(a.Sites, b.Sites) && slices.Equal(a.Related, b.Related) && a.Records == b.Records &&
		slices.Equal(a.RecordRefs, b.RecordRefs) && a.Groups == b.Groups
}

// stateFile is one file of the site.
type stateFile struct {
	Name    string
	NoIndex bool // a page left out of the sitemap
}

// stateVersion changes with the format of State and with what owners
// mean.
const stateVersion = "nktimeline-incremental-8"

// EventCache returns the cache of the events' load that the state holds,
// or nil.
func (s *State) EventCache() *event.Cache {
	if s == nil {
		return nil
	}
	return s.Cache
}

// owner returns the part of the site the output file name belongs to:
// "events/<id>", "years/<year>", "systems/<id>", "sites/<id>", or "" for
// the whole site (whose files belong to the aspect of the step that makes
// them: fileOwner). Social cards (og/) belong to the pages that show them.
func owner(name string) string {
	for _, dir := range []string{"events/", "years/", "systems/", "sites/"} {
		rest, ok := strings.CutPrefix(name, dir)
		if !ok {
			continue
		}
		if i := strings.IndexByte(rest, '/'); i > 0 {
			return dir + rest[:i]
		}
	}
	return ""
}

// plan is what an incremental build renders: nil renders everything.
type plan struct {
	// owners are the parts of the site to render again, aspects included;
	// allAspects renders every aspect. The files of the other owners of
	// the previous build stay as they are.
	owners     map[string]bool
	allAspects bool
	// prev is the state of the previous build.
	prev *State
	// changed holds the ids of the events whose file changed, is new or
	// is gone, and changedAt tells by place in the record now.
	changed   map[string]bool
	changedAt []bool
	// order holds the ids of the previous build's events in the record's
	// order, and orderIndex the place of each id in it (when not
	// sameOrder); pos returns the place of an id in the record now.
	order      []string
	orderIndex map[string]int
	pos        func(id string) (int, bool)
	// sameOrder is set when the events are those of the previous build,
	// in the same order.
	sameOrder bool
	// prevSource, when set, returns one of the previous build's spliced
	// files or its workbook as it left it, when the stamp in st still
	// holds (nil when it cannot). Only builds whose output never writes
	// a file in place (it replaces files by renames, or holds them in
	// memory) set it: the files it returns may be mapped (mapFile).
	prevSource func(name string, st splicedState) spliceSource
}

// want reports whether the build renders the files of the owner.
func (p *plan) want(owner string) bool {
	return p == nil || owner == "" || p.owners[owner] || (p.allAspects && isAspect(owner))
}

// rendered returns the owners of the previous build whose files the build
// renders again.
func (p *plan) rendered() []string {
	var list []string
	for o := range p.owners {
		if _, ok := p.prev.Owned[o]; ok {
			list = append(list, o)
		}
	}
	if _, ok := p.prev.Owned[""]; ok {
		list = append(list, "")
	}
	if p.allAspects {
		for o := range p.prev.Owned {
			if isAspect(o) && !p.owners[o] {
				list = append(list, o)
			}
		}
	}
	return list
}

// has reports whether the site has the file name of the owner o, from the
// previous build when it keeps the owner's files.
func (b *builder) has(o, name string) bool {
	b.mu.Lock()
	_, ok := b.added[name]
	b.mu.Unlock()
	if ok || b.plan.want(o) {
		return ok
	}
	_, ok = slices.BinarySearchFunc(b.plan.prev.Owned[o], name, func(f stateFile, name string) int { return strings.Compare(f.Name, name) })
	return ok
}

// isAspect reports whether the owner is an aspect of the whole site.
func isAspect(owner string) bool { return strings.HasPrefix(owner, "@") }

// fileOwner returns the owner of the output file name: owner's, or the
// aspect of the step running.
func (b *builder) fileOwner(name string) string {
	if o := owner(name); o != "" {
		return o
	}
	return b.step
}

// beginStep starts a step that renders the aspect ("" for none).
func (b *builder) beginStep(aspect string) {
	b.step = aspect
	if aspect == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown == nil {
		b.shown = make(map[string]map[string]bool)
	}
	b.shown[aspect] = make(map[string]bool)
}

// view returns the view of the event e for a page; a view made for an
// aspect counts e as shown by it (see State).
func (b *builder) view(e *event.Event) *eventView {
	b.shows(e)
	return b.eventView(e)
}

// shows records that the aspect of the step running, if any, shows the
// prose of the event e. Steps call it where a page takes an event's prose
// other than through a view.
func (b *builder) shows(e *event.Event) {
	if b.step == "" {
		return
	}
	b.mu.Lock()
	b.shown[b.step][e.ID] = true
	b.mu.Unlock()
}

// addAssets adds the assets under templates/assets.
func (b *builder) addAssets() error {
	for _, a := range b.assetFiles {
		if err := b.Add(a.name, a.data); err != nil {
			return err
		}
	}
	return nil
}

// wanted returns the indexes below n whose owner the build renders.
func (b *builder) wanted(n int, owner func(i int) string) []int {
	idx := make([]int, 0, n)
	for i := range n {
		if b.plan.want(owner(i)) {
			idx = append(idx, i)
		}
	}
	return idx
}

// wantedEvents returns the indexes of the events whose pages the build
// renders, ascending.
func (b *builder) wantedEvents() []int {
	p := b.plan
	if p == nil {
		idx := make([]int, len(b.ds.Events))
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	var idx []int
	for o := range p.owners {
		if id, ok := strings.CutPrefix(o, "events/"); ok {
			if i, ok := p.pos(id); ok {
				idx = append(idx, i)
			}
		}
	}
	slices.Sort(idx)
	return idx
}

// eventStateOf returns what the state records of the event e, but its
// records (see eventRecords).
func eventStateOf(e *event.Event, cache *event.Cache) eventState {
	st := eventState{Path: e.Path, Year: e.Date.Year, Related: e.Related, Groups: max(len(e.Launches), 1)}
	st.Digest, _ = cache.Digest(e.Path)
	for _, l := range e.Launches {
		st.Systems = appendNew(st.Systems, l.System)
		if l.Site != "" {
			st.Sites = appendNew(st.Sites, l.Site)
		}
	}
	if e.Nuclear != nil && e.Nuclear.Site != "" {
		st.Sites = appendNew(st.Sites, e.Nuclear.Site)
	}
	return st
}

// eventStates returns what the state records of each event of ds.
func (b *builder) eventStates(cache *event.Cache) map[string]eventState {
	ds := b.ds
	m := make(map[string]eventState, len(ds.Events))
	for i := range ds.Events {
		e := &ds.Events[i]
		st := eventStateOf(e, cache)
		if rows := b.eventRecords(e.ID); len(rows) > 0 {
			st.Records, st.RecordRefs = recordsDigest(e.ID, rows)
		}
		m[e.ID] = st
	}
	return m
}

// recordsDigest returns the digest of the record rows of the event id and
// the other events they name. Each event a row names is written as its id:
// what the page shows of it is that event's, which the plan follows
// through RecordRefs.
func recordsDigest(id string, rows []recordRow) (sum [sha256.Size]byte, refs []string) {
	var w bincode.Writer
	ref := func(v *eventView) {
		if v == nil {
			w.String("")
			return
		}
		w.String(v.ID)
		if v.ID != id {
			refs = appendNew(refs, v.ID)
		}
	}
	for _, r := range rows {
		w.String(string(r.Measure))
		w.String(r.Label)
		w.String(r.Kind)
		w.String(r.Value)
		w.String(r.Date.String())
		ref(r.Event)
		w.String(r.Period.String())
		ref(r.From)
		w.String(r.Previous)
		ref(r.Holder)
		w.String(r.HolderPeriod.String())
		ref(r.HolderFrom)
		w.Int(int64(r.Stood))
		w.Bool(r.StoodKnown)
	}
	return sha256.Sum256(w.B), refs
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// makePlan compares the previous build's state with the events now, as
// the load that gave cache read them, and returns what to render (nil to
// render everything) and what the state records of each event now.
func (b *builder) makePlan(prev *State, inputs [sha256.Size]byte, cache *event.Cache) (*plan, map[string]eventState) {
	ds := b.ds
	if prev == nil || prev.Version != stateVersion+" "+programVersion() || prev.Inputs != inputs || prev.Events == nil ||
		prev.Owned == nil || prev.Cache == nil {
		return nil, b.eventStates(cache)
	}
	p := &plan{owners: map[string]bool{}, prev: prev, order: prev.Order}
	markEvent := func(st eventState, id string) {
		p.owners["events/"+id] = true
		p.owners["years/"+strconv.Itoa(st.Year)] = true
		for _, s := range st.Systems {
			p.owners["systems/"+s] = true
		}
		for _, s := range st.Sites {
			p.owners["sites/"+s] = true
		}
	}
	neighbours := func(order []string, pos func(string) (int, bool), id string) {
		i, ok := pos(id)
		if !ok {
			return
		}
		if i > 0 {
			p.owners["events/"+order[i-1]] = true
		}
		if i+1 < len(order) {
			p.owners["events/"+order[i+1]] = true
		}
	}
	order := make([]string, len(ds.Events))
	for i := range ds.Events {
		order[i] = ds.Events[i].ID
	}
	p.sameOrder = slices.Equal(order, prev.Order)
	// The places of the ids, in the record now and in the previous one:
	// the dataset's own when they are the same.
	pos, prevPos := ds.Index, ds.Index
	if !p.sameOrder {
		p.orderIndex = make(map[string]int, len(prev.Order))
		for i, id := range prev.Order {
			p.orderIndex[id] = i
		}
		now := make(map[string]int, len(order))
		for i, id := range order {
			now[id] = i
		}
		pos = func(id string) (int, bool) { i, ok := now[id]; return i, ok }
		prevPos = func(id string) (int, bool) { i, ok := p.orderIndex[id]; return i, ok }
	}
	p.pos = pos

	// The events whose file changed, is new or is gone, and whether any
	// of them changed in more than its prose.
	changed := map[string]bool{}
	p.changed = changed
	sameFacts := p.sameOrder
	// Only the files the load read may have changed, when it took the
	// others from the previous state's cache; else every event is looked
	// at.
	candidates := func(yield func(e *event.Event) bool) {
		from, read := cache.Read()
		if from != prev.Cache || from == nil || !p.sameOrder {
			for i := range ds.Events {
				if !yield(&ds.Events[i]) {
					return
				}
			}
			return
		}
		for _, name := range read {
			id := strings.TrimSuffix(path.Base(name), ".yaml")
			if e, ok := ds.Event(id); ok && e.Path == name && !yield(e) {
				return
			}
		}
	}
	for e := range candidates {
		old, ok := prev.Events[e.ID]
		digest, known := cache.Digest(e.Path)
		if ok && known && old.Digest == digest && old.Path == e.Path {
			continue
		}
		changed[e.ID] = true
		if sameFacts {
			was := prev.Cache.Files[old.Path]
			sameFacts = ok && known && was != nil && factsEqual(&was.Event, e)
		}
	}
	if !p.sameOrder {
		for id := range prev.Events {
			if _, ok := pos(id); !ok {
				changed[id] = true
			}
		}
	}

	p.changedAt = make([]bool, len(ds.Events))
	for id := range changed {
		if i, ok := pos(id); ok {
			p.changedAt[i] = true
		}
	}

	// What the state records of each event now. When only the prose of
	// events changed, the records, years, systems, sites and relations
	// of every event are what they were: the previous state's entries
	// change in place (the build consumes the previous state).
	var now map[string]eventState
	if sameFacts {
		now = prev.Events
		for id := range changed {
			// Its facts, and so its owners, are those it had.
			st := now[id]
			markEvent(st, id)
			neighbours(order, pos, id)
			e, _ := ds.Event(id)
			st.Path = e.Path
			st.Digest, _ = cache.Digest(e.Path)
			now[id] = st
		}
	} else {
		now = b.eventStates(cache)
		for id := range changed {
			st, ok := now[id]
			old, was := prev.Events[id]
			if ok {
				markEvent(st, id)
				neighbours(order, pos, id)
			}
			if was {
				markEvent(old, id)
				neighbours(prev.Order, prevPos, id)
			}
		}
	}
	if !sameFacts {
		for id, st := range now {
			if old, ok := prev.Events[id]; ok && old.Records != st.Records {
				p.owners["events/"+id] = true
			}
		}
		yearsNow, yearsPrev := map[int]int{}, map[int]int{}
		for _, st := range now {
			yearsNow[st.Year]++
		}
		for _, st := range prev.Events {
			yearsPrev[st.Year]++
		}
		if !maps.Equal(yearsNow, yearsPrev) {
			for y := range yearsNow {
				p.owners["years/"+strconv.Itoa(y)] = true
			}
		}
	}
	if len(changed) > 0 {
		for id, st := range now {
			for _, r := range st.Related {
				if changed[r] {
					p.owners["events/"+id] = true
				}
			}
			for _, r := range st.RecordRefs {
				if changed[r] {
					p.owners["events/"+id] = true
				}
			}
		}
	}
	// The aspects: all of them when the facts or the order changed, else
	// those that showed a changed event.
	p.allAspects = !sameFacts
	if !p.allAspects && len(changed) > 0 {
		for aspect, ids := range prev.Shown {
			for _, id := range ids {
				if changed[id] {
					p.owners[aspect] = true
					break
				}
			}
		}
	}
	return p, now
}

// programVersion identifies the running program by the size and time of
// its executable, so that a state left by another build of timeline is
// not trusted.
func programVersion() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// inputsDigest is the digest of everything but the event files that the
// site depends on.
func (b *builder) inputsDigest(opt Options) [sha256.Size]byte {
	h := sha256.New()
	// The catalogues and metadata hold no pointers or maps: their Go
	// syntax names every field's value.
	ds := b.ds
	fmt.Fprintf(h, "%#v\x00%#v\x00%#v", ds.Meta, ds.Systems, ds.Sites)
	fmt.Fprintf(h, "\x00%s\x00%d\x00", b.base.String(), len(opt.Schema))
	h.Write(opt.Schema)
	h.Write(b.tfsSum[:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// newState returns the state of the build b made. A build that rendered
// part of the site takes what it kept from the previous build's state.
func (b *builder) newState(inputs [sha256.Size]byte, events map[string]eventState, cache *event.Cache) *State {
	s := &State{Version: stateVersion + " " + programVersion(), Inputs: inputs, Events: events, Cache: cache,
		Spliced: b.spliced, Workbook: b.workbook}
	s.Order = make([]string, len(b.ds.Events))
	for i := range b.ds.Events {
		s.Order[i] = b.ds.Events[i].ID
	}
	if p := b.plan; p != nil && p.sameOrder {
		s.Order = p.prev.Order
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	// An aspect the build kept shows what it showed; one it rendered
	// what it shows now. The same goes for the files of every owner. A
	// build that rendered part of the site changes the previous state's
	// maps in place, and notes what it changed.
	s.Shown = make(map[string][]string)
	s.Owned = make(map[string][]stateFile)
	if p := b.plan; p != nil {
		s.Shown, s.Owned = p.prev.Shown, p.prev.Owned
		s.touched = &touched{owners: p.rendered()}
		for _, o := range s.touched.owners {
			delete(s.Owned, o)
		}
		if !p.allAspects {
			for id := range p.changed {
				s.touched.events = append(s.touched.events, id)
			}
			slices.Sort(s.touched.events)
		}
		for aspect := range b.shown {
			s.touched.aspects = append(s.touched.aspects, aspect)
		}
		slices.Sort(s.touched.aspects)
	}
	for aspect, shown := range b.shown {
		ids := make([]string, 0, len(shown))
		for id := range shown {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		s.Shown[aspect] = ids
	}
	owned := map[string][]stateFile{}
	for name, noindex := range b.added {
		if strings.HasPrefix(name, "og/") {
			continue
		}
		o := owner(name)
		if o == "" {
			o = b.aspects[name]
		}
		owned[o] = append(owned[o], stateFile{Name: name, NoIndex: noindex})
	}
	for name, owners := range b.cardOwners {
		for o := range owners {
			owned[o] = append(owned[o], stateFile{Name: name})
		}
	}
	for o, files := range owned {
		slices.SortFunc(files, func(a, c stateFile) int { return strings.Compare(a.Name, c.Name) })
		s.Owned[o] = files
		if s.touched != nil {
			s.touched.owners = append(s.touched.owners, o)
		}
	}
	if s.touched != nil {
		slices.Sort(s.touched.owners)
		s.touched.owners = slices.Compact(s.touched.owners)
	}
	return s
}

// stale returns the files of the previous build that the build b, which
// rendered part of the site, did not make again: the files of the owners
// it rendered but those it added, save social cards that a kept owner
// still shows.
func (b *builder) stale() []string {
	p := b.plan
	b.mu.Lock()
	defer b.mu.Unlock()
	var gone []string
	cards := map[string]bool{}
	for _, o := range p.rendered() {
		for _, f := range p.prev.Owned[o] {
			if _, ok := b.added[f.Name]; ok {
				continue
			}
			if _, ok := b.cardOwners[f.Name]; ok {
				continue
			}
			if strings.HasPrefix(f.Name, "og/") {
				cards[f.Name] = true
				continue
			}
			gone = append(gone, f.Name)
		}
	}
	if len(cards) > 0 {
		// A card kept by an owner not rendered again stays. Most owners
		// have a card, and few cards are gone: the names are compared
		// first, each with the few.
		var few []string
		if len(cards) <= 8 {
			few = slices.Collect(maps.Keys(cards))
		}
		for o, files := range p.prev.Owned {
			// The list is sorted: its cards lie together.
			i, _ := slices.BinarySearchFunc(files, "og/", func(f stateFile, t string) int { return strings.Compare(f.Name, t) })
			for ; i < len(files) && strings.HasPrefix(files[i].Name, "og/"); i++ {
				name := files[i].Name
				if (few != nil && !slices.Contains(few, name)) || (few == nil && !cards[name]) {
					continue
				}
				if !p.want(o) {
					delete(cards, name)
				}
			}
		}
		for name := range cards {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	return slices.Compact(gone)
}

// factsEqual reports whether the events a and b differ at most in their
// prose (see State).
func factsEqual(a, b *event.Event) bool {
	x, y := *a, *b
	for _, e := range []*event.Event{&x, &y} {
		e.Title, e.Summary, e.Body, e.Sources = "", "", "", nil
	}
	return reflect.DeepEqual(x, y)
}
