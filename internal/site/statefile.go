package site

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"unsafe"

	"github.com/nktimeline/timeline/internal/bincode"
	"github.com/nktimeline/timeline/internal/event"
)

// The state file beside the output (.<out>.incremental) is a log of
// records: a snapshot of a State, then the changes each later
// incremental build made to it (a delta), so that a build that changed
// one event appends a few kilobytes instead of writing again the state of
// every event, file and cache entry. Each record is its length, the
// CRC-32C of its payload and the payload; a record that does not check
// out makes the whole state untrusted, and the next build a full one.
//
// A build that renders part of the site renames the file aside
// (.<out>.incremental-append), durably, before it writes anything; once
// its files are synced it appends its delta there, syncs it and renames it
// back. One killed in between leaves no state, and the next build removes
// what it left. When the deltas have grown to half the snapshot
// (deltaShare), a build writes a new snapshot instead. A full build writes a snapshot into a
// new file.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Record kinds: the first byte of a record's payload.
const (
	snapshotRecord = 'S'
	deltaRecord    = 'D'
)

// stateFileName is the file beside the output directory out that holds
// the state of the build that made it: .<out>.incremental.
func stateFileName(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".incremental")
}

// appendName is where the state file of out lies while a build appends to
// it.
func appendName(out string) string { return stateFileName(out) + "-append" }

// ReadState returns the state the last build of the output directory out
// left (see State), or nil when there is none or it cannot be read. An
// incremental build (Options.Incremental) starts from it; the events are
// best loaded with its EventCache.
func ReadState(out string) *State {
	dir, err := outputDir(out)
	if err != nil {
		return nil
	}
	name := stateFileName(dir)
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := readKept(f, fi.Size())
	if err != nil {
		return nil
	}
	s, err := decodeStateFile(data)
	if err != nil {
		return nil
	}
	s.stamp = fileStamp(fi)
	return s
}

// decodeStateFile decodes the records of a state file, data, which it
// keeps: the decoded state shares its bytes, which must not change.
func decodeStateFile(b []byte) (*State, error) {
	// The strings of the state are taken from data without a copy.
	data := unsafe.String(unsafe.SliceData(b), len(b))
	var s *State
	// The deltas change the spliced files' parts as gaps and lengths
	// (see writeSpans), which make the spans once all are read.
	parts := map[string][]int64{}
	for off := 0; off < len(data); {
		n, k := binary.Uvarint(b[off:])
		if k <= 0 || n < 1 || uint64(len(data)-off-k) < n+4 {
			return nil, bincode.ErrMalformed
		}
		sum := binary.LittleEndian.Uint32(b[off+k : off+k+4])
		payload := data[off+k+4 : off+k+4+int(n)]
		if crc32.Checksum(b[off+k+4:off+k+4+int(n)], castagnoli) != sum {
			return nil, bincode.ErrMalformed
		}
		off += k + 4 + int(n)
		switch {
		case s == nil && payload[0] == snapshotRecord:
			var err error
			if s, err = decodeSnapshot(payload[1:]); err != nil {
				return nil, err
			}
			s.snapshot = int64(off)
		case s != nil && payload[0] == deltaRecord:
			if err := s.applyDelta(payload[1:], parts); err != nil {
				return nil, err
			}
			s.deltas++
		default:
			return nil, bincode.ErrMalformed
		}
		s.size = int64(off)
	}
	if s == nil {
		return nil, bincode.ErrMalformed
	}
	for name, gaps := range parts {
		sp := s.Spliced[name]
		sp.Spans = make([]int64, len(gaps))
		var end int64
		for i := 0; i < len(gaps); i += 2 {
			sp.Spans[i] = end + gaps[i]
			sp.Spans[i+1] = sp.Spans[i] + gaps[i+1]
			end = sp.Spans[i+1]
		}
		s.Spliced[name] = sp
	}
	return s, nil
}

// record frames a payload as a record of a state file.
func record(kind byte, payload []byte) []byte {
	payload[0] = kind
	b := binary.AppendUvarint(make([]byte, 0, len(payload)+16), uint64(len(payload)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, castagnoli))
	return append(b, payload...)
}

// fileStamp identifies a version of a file: its size, times and inode
// (the change time moves on every write and rename, whatever the
// modification time is set to).
func fileStamp(fi fs.FileInfo) string {
	return fmt.Sprintf("%d %d %d %d", fi.Size(), fi.ModTime().UnixNano(), ctime(fi), inode(fi))
}

// forgetState makes sure that no later build trusts the state file of
// out, durably: it removes it, or, with keep, moves it aside for the
// build to append its delta to (saveState).
func forgetState(out string, keep bool) error {
	name := stateFileName(out)
	var err error
	if keep {
		err = os.Rename(name, appendName(out))
	} else {
		err = os.Remove(name)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return syncDir(filepath.Dir(name))
}

// saveState writes the state s of out after the build that made it, whose
// previous state prev forgetState moved aside (nil when it removed it):
// s's delta from prev appended to it, or a new snapshot.
func saveState(out string, s, prev *State) error {
	if stateHook != nil {
		stateHook(s)
	}
	if prev != nil && prev.size > 0 && prev.deltas < maxDeltas && prev.size-prev.snapshot < int64(float64(prev.snapshot)*deltaShare) {
		if payload, ok := s.delta(prev); ok {
			return appendState(out, prev, record(deltaRecord, payload))
		}
	}
	payload, err := s.encodeSnapshot()
	if err != nil {
		return err
	}
	name := stateFileName(out)
	tmp := name + "-" + randomSuffix()
	if err := os.WriteFile(tmp, record(snapshotRecord, payload), 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	os.Remove(appendName(out))
	return nil
}

// deltaShare is how large the deltas after a snapshot may grow, as a share
// of the snapshot, and maxDeltas how many there may be, before a build
// writes a new snapshot (variables for tests).
var (
	deltaShare = 0.5
	maxDeltas  = 100
)

// stateHook, when set by a test, receives each state saveState saves.
var stateHook func(*State)

// appendState appends a record to the state file of out that forgetState
// moved aside, after prev's records, syncs it and puts it back. A state
// file holding an older state would be trusted: the record is on disk
// before the file is back.
func appendState(out string, prev *State, rec []byte) error {
	name := appendName(out)
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	// The build checked the file's stamp before it moved it (which
	// changes the stamp's change time); it holds the output's lock since.
	fi, err := f.Stat()
	if err != nil || fi.Size() != prev.size || inode(fi) != inodeOf(prev.stamp) {
		f.Close()
		return fmt.Errorf("%s changed since the build read it", name)
	}
	_, err = f.WriteAt(rec, prev.size)
	if err == nil {
		err = f.Truncate(prev.size + int64(len(rec)))
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(name, stateFileName(out))
}

// inodeOf returns the inode number a fileStamp holds.
func inodeOf(stamp string) uint64 {
	var size, mtime, ctime int64
	var ino uint64
	fmt.Sscanf(stamp, "%d %d %d %d", &size, &mtime, &ctime, &ino)
	return ino
}

// syncDir flushes the directory dir's entries to disk.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// The encoding of a state (package bincode). TestStateCodec fails when a
// type of the state gains a field that this does not write.

func writeEventState(w *bincode.Writer, st *eventState) {
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

func readEventState(r *bincode.Reader, slab *bincode.Slab[string]) eventState {
	st := eventState{Path: r.String()}
	copy(st.Digest[:], r.Raw(sha256Size))
	st.Year = int(r.Int())
	st.Systems = r.StringsIn(slab)
	st.Sites = r.StringsIn(slab)
	st.Related = r.StringsIn(slab)
	copy(st.Records[:], r.Raw(sha256Size))
	st.RecordRefs = r.StringsIn(slab)
	st.Groups = int(r.Int())
	return st
}

const sha256Size = 32

func writeFiles(w *bincode.Writer, files []stateFile) {
	w.Uint(uint64(len(files)))
	for _, f := range files {
		w.String(f.Name)
		w.Bool(f.NoIndex)
	}
}

func readFiles(r *bincode.Reader, limit int, slab *bincode.Slab[stateFile]) []stateFile {
	n := r.Uint()
	if n > uint64(limit) {
		r.Raw(limit + 1) // fails
		return nil
	}
	files := slab.Make(int(n))
	for i := range files {
		files[i] = stateFile{Name: r.String(), NoIndex: r.Bool()}
	}
	return files
}

// writeSpans writes the spans of a spliced file as the gap before each
// part and its length: a part that changed length moves the parts after
// it, but changes their gaps and lengths not.
func writeSpans(w *bincode.Writer, spans []int64) {
	w.Uint(uint64(len(spans) / 2))
	var end int64
	for i := 0; i+1 < len(spans); i += 2 {
		w.Int(spans[i] - end)
		w.Int(spans[i+1] - spans[i])
		end = spans[i+1]
	}
}

func readSpans(r *bincode.Reader, limit int) []int64 {
	n := r.Uint()
	if n > uint64(limit) {
		r.Raw(limit + 1)
		return nil
	}
	spans := make([]int64, 2*n)
	var end int64
	for i := 0; i < len(spans); i += 2 {
		spans[i] = end + r.Int()
		spans[i+1] = spans[i] + r.Int()
		end = spans[i+1]
	}
	return spans
}

func writeWorkbookState(w *bincode.Writer, wb *workbookState) {
	w.Bool(wb != nil)
	if wb == nil {
		return
	}
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

func readWorkbookState(r *bincode.Reader, limit int) *workbookState {
	if !r.Bool() {
		return nil
	}
	wb := &workbookState{Stamp: r.String()}
	for k := range wb.Sheets {
		m := r.Uint()
		if m > uint64(limit) {
			r.Raw(limit + 1)
			return nil
		}
		wb.Sheets[k] = make([]sheetChunk, m)
		for i := range wb.Sheets[k] {
			wb.Sheets[k][i] = sheetChunk{Row: int(r.Int()), Size: r.Int(), CRC: uint32(r.Uint()), CSize: r.Int()}
		}
	}
	return wb
}

// writeEvents writes the number of ids, then each id with its event's
// state: the events of a snapshot, or those a delta changed.
func (s *State) writeEvents(w *bincode.Writer, ids []string) {
	w.Uint(uint64(len(ids)))
	for _, id := range ids {
		st := s.Events[id]
		w.String(id)
		writeEventState(w, &st)
	}
}

// writeOwners writes the number of owners, then each with its files.
func (s *State) writeOwners(w *bincode.Writer, owners []string) {
	w.Uint(uint64(len(owners)))
	for _, o := range owners {
		w.String(o)
		writeFiles(w, s.Owned[o])
	}
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// encodeSnapshot encodes the whole state; its first byte is left for the
// record's kind.
func (s *State) encodeSnapshot() ([]byte, error) {
	var cache []byte
	if s.Cache != nil {
		var err error
		if cache, err = s.Cache.MarshalBinary(); err != nil {
			return nil, err
		}
	}
	w := &bincode.Writer{B: make([]byte, 1, len(cache)+4<<20)}
	w.String(stateVersion)
	w.String(s.Version)
	w.Raw(s.Inputs[:])
	w.Strings(s.Order)
	s.writeEvents(w, keysOf(s.Events))
	s.writeOwners(w, keysOf(s.Owned))
	w.Uint(uint64(len(s.Spliced)))
	for _, name := range keysOf(s.Spliced) {
		sp := s.Spliced[name]
		w.String(name)
		w.String(sp.Stamp)
		writeSpans(w, sp.Spans)
	}
	writeWorkbookState(w, s.Workbook)
	w.Uint(uint64(len(s.Shown)))
	for _, aspect := range keysOf(s.Shown) {
		w.String(aspect)
		w.Strings(s.Shown[aspect])
	}
	w.Bool(s.Cache != nil)
	w.String(string(cache))
	return w.B, nil
}

// decodeSnapshot decodes what encodeSnapshot wrote (without the kind).
func decodeSnapshot(data string) (*State, error) {
	r := bincode.NewStringReader(data)
	limit := len(data)
	if r.String() != stateVersion {
		return nil, bincode.ErrMalformed
	}
	s := &State{Version: r.String()}
	copy(s.Inputs[:], r.Raw(sha256Size))
	s.Order = r.Strings()
	n := r.Uint()
	if n > uint64(limit) {
		return nil, bincode.ErrMalformed
	}
	// The lists of the events and owners are taken from slabs: a few
	// allocations instead of tens of thousands.
	s.Events = make(map[string]eventState, n)
	strs := bincode.Slab[string]{Chunk: 4 * int(n)}
	for range n {
		id := r.String()
		s.Events[id] = readEventState(r, &strs)
	}
	if n = r.Uint(); n > uint64(limit) {
		return nil, bincode.ErrMalformed
	}
	s.Owned = make(map[string][]stateFile, n)
	files := bincode.Slab[stateFile]{Chunk: 4 * int(n)}
	for range n {
		o := r.String()
		s.Owned[o] = readFiles(r, limit, &files)
	}
	if n = r.Uint(); n > uint64(limit) {
		return nil, bincode.ErrMalformed
	}
	s.Spliced = make(map[string]splicedState, n)
	for range n {
		name := r.String()
		s.Spliced[name] = splicedState{Stamp: r.String(), Spans: readSpans(r, limit)}
	}
	s.Workbook = readWorkbookState(r, limit)
	if n = r.Uint(); n > uint64(limit) {
		return nil, bincode.ErrMalformed
	}
	s.Shown = make(map[string][]string, n)
	for range n {
		aspect := r.String()
		s.Shown[aspect] = r.Strings()
	}
	hasCache := r.Bool()
	cache := r.String()
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

// delta encodes what turns the state prev into s, the state of the build
// that rendered part of the site after it (whose touched says what
// changed; it may have changed prev's maps in place); its first byte is
// left for the record's kind. It returns false when a delta cannot say it
// (the program, the inputs or the cache's root changed: a snapshot will).
func (s *State) delta(prev *State) ([]byte, bool) {
	t := s.touched
	if t == nil || s.Version != prev.Version || s.Inputs != prev.Inputs || s.Cache == nil || prev.Cache == nil {
		return nil, false
	}
	w := &bincode.Writer{B: make([]byte, 1, 64<<10)}
	// The order, when it changed.
	same := slices.Equal(s.Order, prev.Order)
	w.Bool(!same)
	if !same {
		w.Strings(s.Order)
	}
	// The events whose state changed, and those gone.
	var set, gone []string
	if t.events != nil {
		set = t.events
	} else {
		for id, st := range s.Events {
			if old, ok := prev.Events[id]; !ok || !old.equal(&st) {
				set = append(set, id)
			}
		}
		for id := range prev.Events {
			if _, ok := s.Events[id]; !ok {
				gone = append(gone, id)
			}
		}
		slices.Sort(set)
		slices.Sort(gone)
	}
	s.writeEvents(w, set)
	w.Strings(gone)
	// The owners whose files may have changed, those gone with none.
	s.writeOwners(w, t.owners)
	// The spliced files: their stamps, and the parts whose gap or length
	// changed, or all of them when their number did.
	w.Uint(uint64(len(s.Spliced)))
	for _, name := range keysOf(s.Spliced) {
		sp := s.Spliced[name]
		w.String(name)
		w.String(sp.Stamp)
		old, ok := prev.Spliced[name]
		whole := !ok || len(old.Spans) != len(sp.Spans)
		w.Bool(whole)
		if whole {
			writeSpans(w, sp.Spans)
			continue
		}
		var parts []int
		for i := 0; i < len(sp.Spans); i += 2 {
			if sp.Spans[i+1]-sp.Spans[i] != old.Spans[i+1]-old.Spans[i] || gap(sp.Spans, i) != gap(old.Spans, i) {
				parts = append(parts, i/2)
			}
		}
		w.Uint(uint64(len(parts)))
		for _, k := range parts {
			w.Uint(uint64(k))
			w.Int(gap(sp.Spans, 2*k))
			w.Int(sp.Spans[2*k+1] - sp.Spans[2*k])
		}
	}
	writeWorkbookState(w, s.Workbook)
	// The aspects rendered, with the events they showed.
	w.Uint(uint64(len(t.aspects)))
	for _, aspect := range t.aspects {
		w.String(aspect)
		w.Strings(s.Shown[aspect])
	}
	// The cache's entries that changed.
	var ok bool
	if w.B, ok = s.Cache.AppendDelta(w.B, prev.Cache); !ok {
		return nil, false
	}
	return w.B, true
}

// gap returns the bytes between the part that starts spans[i] and the one
// before it (or the file's start).
func gap(spans []int64, i int) int64 {
	if i == 0 {
		return spans[0]
	}
	return spans[i] - spans[i-1]
}

// applyDelta changes s as the delta data, which delta wrote from it (its
// kind taken off), says. The parts of the spliced files it changes are
// kept in parts as gaps and lengths, by file name, for the caller to
// make the spans of.
func (s *State) applyDelta(data string, parts map[string][]int64) error {
	r := bincode.NewStringReader(data)
	limit := len(data)
	if r.Bool() {
		s.Order = r.Strings()
	}
	n := r.Uint()
	if n > uint64(limit) {
		return bincode.ErrMalformed
	}
	var strs bincode.Slab[string]
	for range n {
		id := r.String()
		s.Events[id] = readEventState(r, &strs)
	}
	for _, id := range r.Strings() {
		delete(s.Events, id)
	}
	if n = r.Uint(); n > uint64(limit) {
		return bincode.ErrMalformed
	}
	var slab bincode.Slab[stateFile]
	for range n {
		o := r.String()
		if files := readFiles(r, limit, &slab); len(files) > 0 {
			s.Owned[o] = files
		} else {
			delete(s.Owned, o)
		}
	}
	if n = r.Uint(); n > uint64(limit) {
		return bincode.ErrMalformed
	}
	spliced := make(map[string]splicedState, n)
	for range n {
		name := r.String()
		sp := splicedState{Stamp: r.String()}
		if r.Bool() {
			spans := readSpans(r, limit)
			gaps := make([]int64, 0, len(spans))
			for i := 0; i < len(spans); i += 2 {
				gaps = append(gaps, gap(spans, i), spans[i+1]-spans[i])
			}
			parts[name] = gaps
		} else {
			gaps, ok := parts[name]
			if !ok {
				old := s.Spliced[name].Spans
				gaps = make([]int64, 0, len(old))
				for i := 0; i < len(old); i += 2 {
					gaps = append(gaps, gap(old, i), old[i+1]-old[i])
				}
				parts[name] = gaps
			}
			m := r.Uint()
			if m > uint64(limit) {
				return bincode.ErrMalformed
			}
			for range m {
				k := r.Uint()
				g, l := r.Int(), r.Int()
				if k >= uint64(len(gaps)/2) {
					return bincode.ErrMalformed
				}
				gaps[2*k], gaps[2*k+1] = g, l
			}
		}
		sp.Spans = s.Spliced[name].Spans // made anew from parts at the end
		spliced[name] = sp
	}
	for name := range s.Spliced {
		if _, ok := spliced[name]; !ok {
			delete(parts, name)
		}
	}
	s.Spliced = spliced
	s.Workbook = readWorkbookState(r, limit)
	if n = r.Uint(); n > uint64(limit) {
		return bincode.ErrMalformed
	}
	for range n {
		aspect := r.String()
		s.Shown[aspect] = r.Strings()
	}
	if r.Err() != nil {
		return r.Err()
	}
	if s.Cache == nil {
		return bincode.ErrMalformed
	}
	return s.Cache.ApplyDelta(data[r.Offset():])
}
