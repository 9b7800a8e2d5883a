package event

import (
	"context"
	"crypto/sha256"
	"io/fs"
	"maps"
	"weak"
)

// A Cache holds what a load read from each event file, so that a later
// load (LoadCached) takes an unchanged file's event, problems and
// references from it instead of reading and checking the file again. The
// checks across files (duplicate ids, references, first flights) run on
// every load. An entry is used only while its file keeps the same
// identity (Stamp) and timeline.yaml the same content, which the checks
// of an event depend on.
type Cache struct {
	// Root is the events directory as given to LoadCached: problems name
	// files under it.
	Root string
	// Meta is the SHA-256 of timeline.yaml.
	Meta [sha256.Size]byte
	// Files holds an entry per event file, by its path in the directory.
	Files map[string]*CachedFile

	// from is the cache a load took the unchanged entries from, and read
	// the names of the files it read (see AppendDelta); neither is
	// encoded. from is weak: a preview server loads from the last cache
	// at every save, and each cache holding the one before would keep
	// them all.
	from weak.Pointer[Cache]
	read []string
}

// A CachedFile is what a load read from one event file without error.
type CachedFile struct {
	Stamp Stamp
	// Digest is the SHA-256 of the file's content: two files with the same
	// digest, path and timeline.yaml give the same event.
	Digest   [sha256.Size]byte
	Event    Event
	Problems Problems // warnings only
	Refs     []CachedRef

	// enc, when not empty, is the entry's encoding (after its name) as
	// the cache it was decoded from held it: the entry is unchanged since,
	// and encoding the cache copies it instead of encoding it again.
	enc string
}

// A CachedRef is a reference from an event file to a system, a site or
// another event, checked on every load.
type CachedRef struct {
	What, ID string
	Pos      Position
}

// A Stamp identifies one version of a file as the file system reports it:
// a file whose stamp is unchanged has not been written since (the change
// time moves on every write, rename and change of mode). The zero Stamp
// matches nothing.
type Stamp struct {
	Dev, Ino, Size, Mode uint64
	MtimeNsec, CtimeNsec int64
}

// stamp returns the stamp of the regular file f, or the zero Stamp for
// anything else (a symbolic link is read afresh on every load). The file's
// directory entry, when the scan has it, gives its information with one
// system call relative to the open directory.
func (l *loader) stamp(s *stamper, f eventFile) Stamp {
	if l.next == nil {
		return Stamp{}
	}
	var (
		info fs.FileInfo
		err  error
	)
	if f.entry != nil {
		if st, ok := s.stamp(f.entry); ok {
			return st
		}
		info, err = f.entry.Info()
	} else if rl, ok := l.fsys.(fs.ReadLinkFS); ok {
		info, err = rl.Lstat(f.name)
	} else {
		return Stamp{}
	}
	if err != nil || !info.Mode().IsRegular() {
		return Stamp{}
	}
	return stampOf(info)
}

// stampAt returns the stamp of the event file f, the scan's file i.
func (l *loader) stampAt(i int, f eventFile) Stamp {
	if l.stamps != nil {
		return l.stamps[i]
	}
	if l.next == nil {
		return Stamp{}
	}
	return l.stamp(newStamper(), f)
}

// cached returns the cache's result for the event file f, the scan's file
// i, when the file has not changed since the cache read it. Its event is
// the cache's, not to be changed; the entry's problems and references
// stand for a decoder's.
func (l *loader) cached(i int, f eventFile) (eventResult, bool) {
	name := f.name
	if l.cache == nil || l.next == nil || l.cache.Meta != l.next.Meta || l.cache.Root != l.root {
		return eventResult{}, false
	}
	cf := l.cache.Files[name]
	if cf == nil {
		return eventResult{}, false
	}
	if l.written != nil && !l.written[name] && f.entry == nil && cf.Stamp != (Stamp{}) {
		// A regular file not written since the cache read it
		// (LoadChanged); a link is read again.
		return eventResult{ev: &cf.Event, ok: true, stamp: cf.Stamp, from: cf}, true
	}
	st := l.stampAt(i, f)
	if st == (Stamp{}) || st != cf.Stamp {
		return eventResult{}, false
	}
	return eventResult{ev: &cf.Event, ok: true, stamp: st, from: cf}, true
}

// keep records the results of a load without errors in l.next.
func (l *loader) keep(files []eventFile, results []eventResult) {
	l.next.Root = l.root
	l.next.from = weak.Make(l.cache)
	entry := func(r eventResult) *CachedFile {
		cf := &CachedFile{Stamp: r.stamp, Digest: r.dec.sum, Event: *r.ev, Problems: r.dec.probs}
		cf.Refs = append(make([]CachedRef, 0, len(r.dec.refs)), r.dec.refs...)
		return cf
	}
	// Most entries are usually the cache's own (the same entries): start
	// from a copy of its map, which holds no other file when it ends up
	// with as many entries as there are files.
	if l.cache != nil && len(l.cache.Files) > 0 {
		m := maps.Clone(l.cache.Files)
		for i, r := range results {
			if r.from == nil {
				l.next.read = append(l.next.read, files[i].name)
				m[files[i].name] = entry(r)
			}
		}
		if len(m) == len(files) {
			l.next.Files = m
			return
		}
		l.next.read = l.next.read[:0]
	}
	l.next.Files = make(map[string]*CachedFile, len(files))
	for i, r := range results {
		if r.from != nil {
			// Taken from the cache as it was: the same entry.
			l.next.Files[files[i].name] = r.from
			continue
		}
		// Without errors every file gave an event, under its own id.
		l.next.read = append(l.next.read, files[i].name)
		l.next.Files[files[i].name] = entry(r)
	}
}

// LoadChanged is LoadCached for a caller that watches the directory and
// knows what changed since the load that made cache (which must not be
// nil): no event file was added, removed or renamed, and changed lists
// the paths in the directory ("2017/2017-09-03-x.yaml") of those that may
// have been written. Every other event file is taken from the cache
// without listing its folder or looking at the file. When the year
// folders do not agree with the cache's files, or one is a symbolic link,
// it loads as LoadCached does.
func LoadChanged(ctx context.Context, dir string, cache *Cache, changed []string) (*Result, error) {
	written := make(map[string]bool, len(changed))
	for _, name := range changed {
		written[name] = true
	}
	return loadDir(ctx, dir, func(fsys fs.FS, root string) *loader {
		return &loader{fsys: fsys, root: root, cache: cache, next: &Cache{}, written: written}
	})
}

// Read returns the cache the load that made c took its unchanged entries
// from (nil for a cache no load made) and the names of the files it read
// instead: every other entry of c is from's own.
func (c *Cache) Read() (from *Cache, names []string) {
	return c.from.Value(), c.read
}

// Digest returns the SHA-256 of the file of the event at path (Event.Path).
func (c *Cache) Digest(path string) ([sha256.Size]byte, bool) {
	if c == nil {
		return [sha256.Size]byte{}, false
	}
	cf := c.Files[path]
	if cf == nil {
		return [sha256.Size]byte{}, false
	}
	return cf.Digest, true
}

// LoadCached is LoadDir taking unchanged event files from cache (which
// may be nil). The result's Cache holds what it read, for the next load.
func LoadCached(ctx context.Context, dir string, cache *Cache) (*Result, error) {
	return LoadCachedFrom(ctx, dir, func() *Cache { return cache })
}

// LoadCachedFrom is LoadCached with the cache that cache returns, which
// it calls once it has listed the event files (and read the catalogues),
// so that the caller can read the cache meanwhile.
func LoadCachedFrom(ctx context.Context, dir string, cache func() *Cache) (*Result, error) {
	return loadDir(ctx, dir, func(fsys fs.FS, root string) *loader {
		return &loader{fsys: fsys, root: root, cacheFrom: cache, next: &Cache{}}
	})
}
