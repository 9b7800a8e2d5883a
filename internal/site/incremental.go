package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"os"
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
// files it wrote and the part of the site each belongs to (its owner).
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
	// Files lists every file of the site with its owner.
	Files []stateFile
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
	// lock that no other build replaced it since.
	stamp string
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

// stateFile is one file of the site.
type stateFile struct {
	Name    string
	Owner   string // "" for the files every build makes
	NoIndex bool   // a page left out of the sitemap
}

// stateVersion changes with the format of State and with what owners
// mean.
const stateVersion = "nktimeline-incremental-7"

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
	// allAspects renders every aspect.
	owners     map[string]bool
	allAspects bool
	// shown is what the last build recorded of the events each aspect
	// showed (State.Shown).
	shown map[string][]string
	// kept are the files of the previous build that stay as they are:
	// those of the owners not rendered again.
	kept []stateFile
	// prev lists every file of the previous build.
	prev []stateFile
	// changed holds the ids of the events whose file changed or is new.
	changed map[string]bool
	// order holds the ids of the previous build's events in the record's
	// order, and orderIndex the place of each id in it; prevEvents is what
	// it knew of each.
	order      []string
	orderIndex map[string]int
	prevEvents map[string]eventState
	// sameOrder is set when the events are those of the previous build,
	// in the same order.
	sameOrder bool
	// spliced and workbook are what the previous build recorded of its
	// spliced files and its workbook; prevSource, when set, returns one
	// of those files as it left it, when the stamp in st still holds (nil
	// when it cannot).
	spliced    map[string]splicedState
	workbook   *workbookState
	prevSource func(name string, st splicedState) spliceSource
}

// want reports whether the build renders the files of the owner.
func (p *plan) want(owner string) bool {
	return p == nil || owner == "" || p.owners[owner] || (p.allAspects && isAspect(owner))
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

// sameFacts reports whether the events a and b differ at most in their
// prose (see State).
func sameFacts(a, b *event.Event) bool {
	x, y := *a, *b
	for _, e := range []*event.Event{&x, &y} {
		e.Title, e.Summary, e.Body, e.Sources = "", "", "", nil
	}
	return reflect.DeepEqual(x, y)
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

// eventStates returns what the state records of each event of ds.
func (b *builder) eventStates(cache *event.Cache) map[string]eventState {
	ds := b.ds
	m := make(map[string]eventState, len(ds.Events))
	for i := range ds.Events {
		e := &ds.Events[i]
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

// makePlan compares the previous build's state with the events now and
// returns what to render, or nil to render everything.
func makePlan(prev *State, inputs [sha256.Size]byte, ds *event.Dataset, now map[string]eventState) *plan {
	if prev == nil || prev.Version != stateVersion+" "+programVersion() || prev.Inputs != inputs || prev.Events == nil {
		return nil
	}
	p := &plan{owners: map[string]bool{}, prev: prev.Files, order: prev.Order, spliced: prev.Spliced, workbook: prev.Workbook,
		prevEvents: prev.Events, shown: prev.Shown}
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
	neighbours := func(order []string, pos map[string]int, id string) {
		i, ok := pos[id]
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
	pos := make(map[string]int, len(ds.Events))
	for i := range ds.Events {
		order[i] = ds.Events[i].ID
		pos[order[i]] = i
	}
	prevPos := make(map[string]int, len(prev.Order))
	for i, id := range prev.Order {
		prevPos[id] = i
	}
	p.orderIndex = prevPos
	p.sameOrder = slices.Equal(order, prev.Order)
	changed := map[string]bool{}
	p.changed = changed
	yearsNow, yearsPrev := map[int]int{}, map[int]int{}
	for id, st := range now {
		yearsNow[st.Year]++
		old, ok := prev.Events[id]
		if ok && old.Records != st.Records {
			p.owners["events/"+id] = true
		}
		if ok && old.Digest == st.Digest && old.Path == st.Path && st.Digest != ([sha256.Size]byte{}) {
			continue
		}
		changed[id] = true
		markEvent(st, id)
		neighbours(order, pos, id)
		if ok {
			markEvent(old, id)
			neighbours(prev.Order, prevPos, id)
		}
	}
	for id, old := range prev.Events {
		yearsPrev[old.Year]++
		if _, ok := now[id]; !ok {
			changed[id] = true
			markEvent(old, id)
			neighbours(prev.Order, prevPos, id)
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
	if !mapsEqual(yearsNow, yearsPrev) {
		for y := range yearsNow {
			p.owners["years/"+strconv.Itoa(y)] = true
		}
	}
	// The aspects: all of them when the facts or the order changed, else
	// those that showed a changed event.
	p.allAspects = !p.sameOrder || prev.Cache == nil
	for id := range changed {
		if p.allAspects {
			break
		}
		e, ok := ds.Event(id)
		old := prev.Cache.Files[prev.Events[id].Path]
		p.allAspects = !ok || old == nil || !sameFacts(&old.Event, e)
	}
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
	for _, f := range prev.Files {
		if f.Owner != "" && !p.want(f.Owner) {
			p.kept = append(p.kept, f)
		}
	}
	return p
}

func mapsEqual(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if m, ok := b[k]; !ok || m != n {
			return false
		}
	}
	return true
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
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	ds := b.ds
	enc.Encode(ds.Meta)
	enc.Encode(ds.Systems)
	enc.Encode(ds.Sites)
	h.Write(buf.Bytes())
	fmt.Fprintf(h, "\x00%s\x00%d\x00", b.base.String(), len(opt.Schema))
	h.Write(opt.Schema)
	h.Write(b.tfsSum[:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// newState returns the state of the build b made.
func (b *builder) newState(inputs [sha256.Size]byte, events map[string]eventState, cache *event.Cache) *State {
	s := &State{Version: stateVersion + " " + programVersion(), Inputs: inputs, Events: events, Cache: cache, Spliced: b.spliced, Workbook: b.workbook,
		Shown: make(map[string][]string)}
	s.Order = make([]string, len(b.ds.Events))
	for i := range b.ds.Events {
		s.Order[i] = b.ds.Events[i].ID
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	// An aspect the build kept shows what it showed; one it rendered
	// what it shows now.
	if b.plan != nil {
		for aspect, ids := range b.plan.shown {
			s.Shown[aspect] = ids
		}
	}
	for aspect, shown := range b.shown {
		ids := make([]string, 0, len(shown))
		for id := range shown {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		s.Shown[aspect] = ids
	}
	s.Files = make([]stateFile, 0, len(b.added)+len(b.cardOwners))
	for name, noindex := range b.added {
		if strings.HasPrefix(name, "og/") {
			continue
		}
		o := owner(name)
		if o == "" {
			o = b.aspects[name]
		}
		s.Files = append(s.Files, stateFile{Name: name, Owner: o, NoIndex: noindex})
	}
	for name, owners := range b.cardOwners {
		for o := range owners {
			s.Files = append(s.Files, stateFile{Name: name, Owner: o})
		}
	}
	slices.SortFunc(s.Files, func(a, c stateFile) int {
		if n := strings.Compare(a.Name, c.Name); n != 0 {
			return n
		}
		return strings.Compare(a.Owner, c.Owner)
	})
	return s
}

// encodeState encodes s (package bincode): its encoding is head followed
// by cache, the encoding of s.Cache, which is most of it. TestStateCodec
// fails when a type of the state gains a field that this does not write.
func encodeState(s *State) (head, cache []byte, err error) {
	if s.Cache != nil {
		if cache, err = s.Cache.MarshalBinary(); err != nil {
			return nil, nil, err
		}
	}
	w := &bincode.Writer{B: make([]byte, 0, 1<<20)}
	w.String(stateVersion)
	w.String(s.Version)
	w.Raw(s.Inputs[:])
	w.Strings(s.Order)
	w.Uint(uint64(len(s.Order)))
	for _, id := range s.Order {
		st, ok := s.Events[id]
		if !ok {
			return nil, nil, fmt.Errorf("site: no state of event %s", id)
		}
		w.String(st.Path)
		w.Raw(st.Digest[:])
		w.Int(int64(st.Year))
		w.Strings(st.Systems)
		w.Strings(st.Sites)
		w.Strings(st.Related)
		w.Raw(st.Records[:])
		w.Strings(st.RecordRefs)
		w.Int(int64(st.Groups))
	}
	w.Uint(uint64(len(s.Files)))
	for _, f := range s.Files {
		w.String(f.Name)
		w.String(f.Owner)
		w.Bool(f.NoIndex)
	}
	names := make([]string, 0, len(s.Spliced))
	for name := range s.Spliced {
		names = append(names, name)
	}
	slices.Sort(names)
	w.Uint(uint64(len(names)))
	for _, name := range names {
		sp := s.Spliced[name]
		w.String(name)
		w.String(sp.Stamp)
		w.Uint(uint64(len(sp.Spans)))
		for _, o := range sp.Spans {
			w.Int(o)
		}
	}
	aspects := make([]string, 0, len(s.Shown))
	for aspect := range s.Shown {
		aspects = append(aspects, aspect)
	}
	slices.Sort(aspects)
	w.Uint(uint64(len(aspects)))
	for _, aspect := range aspects {
		w.String(aspect)
		w.Strings(s.Shown[aspect])
	}
	w.Bool(s.Workbook != nil)
	if wb := s.Workbook; wb != nil {
		w.String(wb.Stamp)
		for _, chunks := range wb.Sheets {
			w.Uint(uint64(len(chunks)))
			for _, c := range chunks {
				w.Int(int64(c.Row))
				w.Int(c.Size)
				w.Uint(uint64(c.CRC))
				w.Int(c.CSize)
			}
		}
	}
	w.Bool(s.Cache != nil)
	w.Uint(uint64(len(cache)))
	return w.B, cache, nil
}

// decodeState decodes a state that encodeState encoded.
func decodeState(data string) (*State, error) {
	r := bincode.NewStringReader(data)
	if r.String() != stateVersion {
		return nil, bincode.ErrMalformed
	}
	s := &State{Version: r.String()}
	copy(s.Inputs[:], r.Raw(sha256.Size))
	s.Order = r.Strings()
	n := r.Uint()
	if n != uint64(len(s.Order)) {
		return nil, bincode.ErrMalformed
	}
	s.Events = make(map[string]eventState, n)
	for _, id := range s.Order {
		st := eventState{Path: r.String()}
		copy(st.Digest[:], r.Raw(sha256.Size))
		st.Year = int(r.Int())
		st.Systems = r.Strings()
		st.Sites = r.Strings()
		st.Related = r.Strings()
		copy(st.Records[:], r.Raw(sha256.Size))
		st.RecordRefs = r.Strings()
		st.Groups = int(r.Int())
		s.Events[id] = st
	}
	n = r.Uint()
	if n > uint64(len(data)) {
		return nil, bincode.ErrMalformed
	}
	s.Files = make([]stateFile, n)
	for i := range s.Files {
		s.Files[i] = stateFile{Name: r.String(), Owner: r.String(), NoIndex: r.Bool()}
	}
	n = r.Uint()
	if n > uint64(len(data)) {
		return nil, bincode.ErrMalformed
	}
	if n > 0 {
		s.Spliced = make(map[string]splicedState, n)
	}
	for range n {
		name := r.String()
		sp := splicedState{Stamp: r.String()}
		m := r.Uint()
		if m > uint64(len(data)) {
			return nil, bincode.ErrMalformed
		}
		sp.Spans = make([]int64, m)
		for i := range sp.Spans {
			sp.Spans[i] = r.Int()
		}
		s.Spliced[name] = sp
	}
	n = r.Uint()
	if n > uint64(len(data)) {
		return nil, bincode.ErrMalformed
	}
	s.Shown = make(map[string][]string, n)
	for range n {
		aspect := r.String()
		s.Shown[aspect] = r.Strings()
	}
	if r.Bool() {
		wb := &workbookState{Stamp: r.String()}
		for k := range wb.Sheets {
			m := r.Uint()
			if m > uint64(len(data)) {
				return nil, bincode.ErrMalformed
			}
			wb.Sheets[k] = make([]sheetChunk, m)
			for i := range wb.Sheets[k] {
				wb.Sheets[k][i] = sheetChunk{Row: int(r.Int()), Size: r.Int(), CRC: uint32(r.Uint()), CSize: r.Int()}
			}
		}
		s.Workbook = wb
	}
	hasCache := r.Bool()
	cache := r.Raw(int(r.Uint()))
	if err := r.Done(); err != nil {
		return nil, err
	}
	if hasCache {
		s.Cache = new(event.Cache)
		if err := s.Cache.UnmarshalString(cache); err != nil {
			return nil, err
		}
	}
	return s, nil
}
