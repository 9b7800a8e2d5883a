package event

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// MaxFileSize is the largest data file the loader reads.
const MaxFileSize = 1 << 20

// Names of the data files beside the year folders.
const (
	TimelineFile = "timeline.yaml"
	SystemsFile  = "systems.yaml"
	SitesFile    = "sites.yaml"
	SchemaFile   = "event.schema.json"
)

// Result is what Load found: the dataset (nil when there are errors) and
// every problem, sorted.
type Result struct {
	Dataset  *Dataset
	Problems Problems
	// How many events, systems and sites were read, valid or not.
	Events, Systems, Sites int
	// Schema is the content of event.schema.json, read with the checks
	// every data file gets, or nil when there is none.
	Schema []byte
	// Cache, from LoadCached only and only when the data has no error,
	// holds what this load read, for the next one; its Digests name the
	// content of every event's file.
	Cache *Cache
}

// Errors reports whether any problem is an error.
func (r *Result) Errors() Problems { return r.Problems.Errors() }

// LoadDir loads and validates the events directory dir. It reads the
// directory through an os.Root, so that no file outside dir is ever read,
// whatever chain of symbolic links leads there.
func LoadDir(ctx context.Context, dir string) (*Result, error) {
	return loadDir(ctx, dir, func(fsys fs.FS, root string) *loader {
		return &loader{fsys: fsys, root: root}
	})
}

// loadDir opens dir as an os.Root and loads it with the loader newLoader
// makes for it.
func loadDir(ctx context.Context, dir string, newLoader func(fsys fs.FS, root string) *loader) (*Result, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	l := newLoader(root.FS(), filepath.ToSlash(filepath.Clean(dir)))
	l.osRoot = root
	return l.load(ctx)
}

// Load loads and validates the events in fsys. Positions in problems name
// files as root joined with their path in fsys. The error is for failures
// other than the data's own problems (for example a cancelled context or a
// directory that cannot be read).
func Load(ctx context.Context, fsys fs.FS, root string) (*Result, error) {
	l := &loader{fsys: fsys, root: root}
	return l.load(ctx)
}

type loader struct {
	fsys fs.FS
	root string
	// osRoot, when the loader reads a directory through an os.Root, is
	// that root; folders then holds the year folders the scan listed, open,
	// so that their event files open relative to them (see open).
	osRoot  *os.Root
	folders map[string]*os.File
	probs   Problems
	// cache, when set, holds what an earlier load read (see LoadCached);
	// next receives what this one read. cacheFrom, when set, gives cache
	// once the files are listed.
	cache, next *Cache
	cacheFrom   func() *Cache
	// written, when set, names the event files written since the cache
	// was made, none added or removed (see LoadChanged).
	written map[string]bool
	// stamps, when set, holds the stamp of each event file the scan
	// listed, by index, taken while the catalogues and the cache were
	// read.
	stamps []Stamp
}

// display is how problems name the file: the root joined with its path,
// quoted when it holds anything that does not print as itself.
func (l *loader) display(name string) string {
	if l.root != "" && l.root != "." {
		name = path.Join(l.root, name)
	}
	return Quote(name)
}

// fileError records a problem with a file as a whole, at 1:1 so that every
// problem reads path:line:col.
func (l *loader) fileError(name, format string, args ...any) {
	l.probs = append(l.probs, Problem{Pos: Position{File: l.display(name), Line: 1, Column: 1}, Msg: fmt.Sprintf(format, args...)})
}

// badName records a problem and reports true when a file name holds a
// character that may not appear in text (see badRune).
func (l *loader) badName(p, name string) bool {
	what, r, i, bad := badRune(name, false)
	if bad {
		l.fileError(p, "file name holds %s: rename it", describeBadRune(what, r, i))
	}
	return bad
}

// readFile reads a data file with the checks every file gets: size, links
// leading outside, UTF-8; it strips a BOM and turns CRLF into LF.
func (l *loader) readFile(name string) ([]byte, bool) {
	return l.readFileOf(name, false, nil)
}

// readFileOf is readFile for a file that its directory's listing may
// already show to be a regular file (regular), and so neither a link
// nor a fifo: it is opened without the checks that the listing answers.
// With sc it reads into sc's buffer, whose bytes the next file overwrites.
func (l *loader) readFileOf(name string, regular bool, sc *scratch) ([]byte, bool) {
	if !regular {
		if !l.linkInside(name) {
			return nil, false
		}
		info, err := fs.Stat(l.fsys, name)
		if err != nil {
			l.fileError(name, "cannot read: %v", unwrapPath(err))
			return nil, false
		}
		if !info.Mode().IsRegular() {
			l.fileError(name, "is not a regular file")
			return nil, false
		}
		if info.Size() > MaxFileSize {
			l.fileError(name, "file is %d bytes; the limit is %d (1 MiB)", info.Size(), MaxFileSize)
			return nil, false
		}
	}
	// Stat first: opening a fifo would block. The open file is checked
	// again, and read no further than the limit, in case it changed since.
	f, err := l.open(name, regular)
	if err != nil {
		l.fileError(name, "cannot read: %v", unwrapPath(err))
		return nil, false
	}
	defer f.Close()
	size, ok := f.regularSize()
	if !ok {
		l.fileError(name, "is not a regular file")
		return nil, false
	}
	if size > MaxFileSize {
		l.fileError(name, "file is %d bytes; the limit is %d (1 MiB)", size, MaxFileSize)
		return nil, false
	}
	// Read into a buffer of the file's size, and one byte more to see
	// that it grew. Having read as many bytes as the file held when it
	// was opened is its end: a file that changes as it is read may be
	// read either way.
	var data []byte
	if sc != nil {
		if int64(cap(sc.file)) < size+1 {
			sc.file = make([]byte, 0, size+1)
		}
		data = sc.file[: 0 : size+1]
	} else {
		data = make([]byte, 0, size+1)
	}
	for len(data) <= MaxFileSize {
		n, rerr := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if rerr == io.EOF {
			err = nil
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
		if n > 0 && int64(len(data)) == size {
			break
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if err != nil {
		l.fileError(name, "cannot read: %v", unwrapPath(err))
		return nil, false
	}
	if len(data) > MaxFileSize {
		l.fileError(name, "file is over the limit of %d bytes (1 MiB)", MaxFileSize)
		return nil, false
	}
	return l.clean(name, data)
}

// openFile is what readFileOf needs of an open file.
type openFile interface {
	io.ReadCloser
	// regularSize returns the size of the file, or false when it is not
	// a regular file or cannot be examined.
	regularSize() (int64, bool)
}

// fsFile is an openFile of an fs.FS.
type fsFile struct{ fs.File }

func (f fsFile) regularSize() (int64, bool) {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return 0, false
	}
	return info.Size(), true
}

// open opens the data file name. A file that its folder's listing shows
// to be a regular file (regular) is opened directly in the folder, when
// the loader holds it open (see openIn); anything else, and any failure
// there, through fsys, whose errors problems report.
func (l *loader) open(name string, regular bool) (openFile, error) {
	if regular {
		if dir := l.folders[path.Dir(name)]; dir != nil {
			if f, err := openIn(dir, path.Base(name)); err == nil {
				return f, nil
			}
		}
	}
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return fsFile{f}, nil
}

func (l *loader) clean(name string, data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += size
		}
		l.probs = append(l.probs, Problem{Pos: Position{File: l.display(name), Line: line, Column: col}, Msg: "invalid UTF-8: save the file as UTF-8"})
		return nil, false
	}
	if bytes.IndexByte(data, 0) >= 0 {
		l.fileError(name, "file holds a NUL byte; is it text?")
		return nil, false
	}
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, true
}

// maxLinks bounds the symbolic links followed from one name, as the
// kernel's own bound (40 on Linux) does.
const maxLinks = 40

// linkInside reports whether name, when it is a symbolic link, leads to a
// place inside the events directory, following every link of a chain, and
// records a problem when not. Reading through an os.Root (LoadDir) makes
// sure of it whatever this finds; this names the link that leads out.
func (l *loader) linkInside(name string) bool {
	rl, ok := l.fsys.(fs.ReadLinkFS)
	if !ok {
		return true
	}
	cur := name
	for hop := 0; ; hop++ {
		info, err := rl.Lstat(cur)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return true
		}
		if hop == maxLinks {
			l.fileError(name, "more than %d symbolic links in a chain", maxLinks)
			return false
		}
		target, err := rl.ReadLink(cur)
		if err != nil {
			l.fileError(name, "cannot read symbolic link: %v", unwrapPath(err))
			return false
		}
		resolved := path.Join(path.Dir(cur), filepath.ToSlash(target))
		if path.IsAbs(filepath.ToSlash(target)) || filepath.IsAbs(target) || resolved == ".." || strings.HasPrefix(resolved, "../") {
			if hop == 0 {
				l.fileError(name, "symbolic link to %s leads outside the events directory", Quote(target))
			} else {
				first, _ := rl.ReadLink(name)
				l.fileError(name, "symbolic link to %s leads outside the events directory: %s links to %s", Quote(first), Quote(l.display(cur)), Quote(target))
			}
			return false
		}
		cur = resolved
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) parse(name string) (*node, *decoder) {
	return l.parseOf(name, false, nil)
}

// parseOf is parse with readFileOf's regular and sc.
func (l *loader) parseOf(name string, regular bool, sc *scratch) (*node, *decoder) {
	d := &decoder{file: l.display(name)}
	data, ok := l.readFileOf(name, regular, sc)
	if !ok {
		return nil, d
	}
	if l.next != nil {
		d.sum = sha256.Sum256(data)
	}
	n, p := parseYAMLIn(data, d.file, sc)
	if p != nil {
		d.probs = append(d.probs, *p)
		return nil, d
	}
	return n, d
}

type eventFile struct {
	name   string // path in fsys
	folder string
	id     string
	// regular is set when the folder's listing shows a regular file.
	regular bool
	entry   fs.DirEntry // as the scan listed it
}

// eventResult is what loading an event file gave, beside its event.
type eventResult struct {
	ev  *Event // a cached event is the cache's, not to be changed
	ok  bool   // the file gave an event
	dec *decoder
	// stamp identifies the file read (zero when it was not a regular
	// file); only with a cache.
	stamp Stamp
	// from is the cache's entry the result was taken from, if any.
	from *CachedFile
}

func (l *loader) load(ctx context.Context) (*Result, error) {
	ds := &Dataset{}
	defer l.closeFolders()
	files, err := l.scan()
	if err != nil {
		return nil, err
	}
	// Every file but those a watcher vouches for (LoadChanged) is
	// examined, whether the cache has it or not: on every core, while the
	// catalogues are read and the cache is got (LoadCachedFrom reads it
	// meanwhile).
	var stamped sync.WaitGroup
	if l.next != nil && l.written == nil {
		l.stamps = make([]Stamp, len(files))
		var next atomic.Int64
		for range runtime.GOMAXPROCS(0) {
			stamped.Go(func() {
				s := newStamper()
				for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
					l.stamps[i] = l.stamp(s, files[i])
				}
			})
		}
	}
	// unchecked are the kinds of reference ("system", "site") whose
	// catalogue is missing, broken or empty: the problem with the catalogue
	// is reported once, not again at every reference to it.
	unchecked := map[string]bool{}
	var firstFlights map[string]Position
	// The catalogues and metadata come first: events are checked against them.
	for _, f := range []struct {
		name   string
		refs   string
		decode func(*decoder, *node)
	}{
		{TimelineFile, "", func(d *decoder, n *node) { ds.Meta = d.decodeMeta(n) }},
		{SystemsFile, "system", func(d *decoder, n *node) { ds.Systems = d.decodeSystems(n) }},
		{SitesFile, "site", func(d *decoder, n *node) { ds.Sites = d.decodeSites(n) }},
	} {
		if _, err := fs.Stat(l.fsys, f.name); errors.Is(err, fs.ErrNotExist) && !l.isLink(f.name) {
			l.fileError(f.name, "missing: the events directory needs %s", f.name)
			unchecked[f.refs] = true
			continue
		}
		n, d := l.parse(f.name)
		if n != nil {
			f.decode(d, n)
		}
		if f.name == TimelineFile && l.next != nil {
			l.next.Meta = d.sum
		}
		if d.firstFlights != nil {
			firstFlights = d.firstFlights
		}
		if n == nil || n.kind != seqNode || len(n.items) == 0 {
			unchecked[f.refs] = true
		}
		l.probs = append(l.probs, d.probs...)
	}

	var schema []byte
	if _, err := fs.Stat(l.fsys, SchemaFile); err == nil || l.isLink(SchemaFile) {
		schema, _ = l.readFile(SchemaFile)
	}

	if l.cacheFrom != nil {
		l.cache = l.cacheFrom()
	}
	stamped.Wait()
	results := make([]eventResult, len(files))
	// Workers take the next file from a shared counter: no channel hand-off
	// per file, and a slow file does not hold up the others. Each gathers
	// the problems and references of its files, whose order does not
	// matter: problems are sorted. The references are gathered as each
	// file's list, not copied.
	type gathered struct {
		probs Problems
		refs  [][]CachedRef
	}
	outs := make([]gathered, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := range outs {
		wg.Go(func() {
			out := &outs[w]
			sc := new(scratch)
			for i := int(next.Add(1)) - 1; i < len(files) && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				f := files[i]
				if r, ok := l.cached(i, f); ok {
					results[i] = r
					out.probs = append(out.probs, r.from.Problems...)
					out.refs = append(out.refs, r.from.Refs)
					continue
				}
				st := l.stampAt(i, f)
				n, d := l.parseConcurrent(f.name, f.regular, sc)
				r := eventResult{dec: d, stamp: st}
				if n != nil {
					ev, ok := d.decodeEvent(n, f.id, f.folder, &ds.Meta)
					ev.Path = f.name
					r.ev, r.ok = &ev, ok
				}
				sc.reset() // the event holds none of the tree's memory
				results[i] = r
				out.probs = append(out.probs, r.dec.probs...)
				out.refs = append(out.refs, r.dec.refs)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	for _, out := range outs {
		l.probs = append(l.probs, out.probs...)
	}
	byID := make(map[string]string, len(results))
	kept := make([]*Event, 0, len(results))
	for i := range results {
		if !results[i].ok {
			continue
		}
		e := results[i].ev
		if other, dup := byID[e.ID]; dup {
			l.probs = append(l.probs,
				Problem{Pos: Position{File: l.display(e.Path), Line: 1, Column: 1}, Msg: fmt.Sprintf("duplicate event id %s: also %s", Quote(e.ID), l.display(other))},
				Problem{Pos: Position{File: l.display(other), Line: 1, Column: 1}, Msg: fmt.Sprintf("duplicate event id %s: also %s", Quote(e.ID), l.display(e.Path))})
			continue
		}
		byID[e.ID] = e.Path
		kept = append(kept, e)
	}
	// In the order of Dataset.Events, sorted as pointers: each event is
	// copied into place once.
	sortNearly(kept, compareEvents)
	ds.Events = make([]Event, len(kept))
	for i, e := range kept {
		ds.Events[i] = *e
	}
	ds.index()
	// The references, as each goroutine gathered them, and the first
	// flights are checked side by side.
	checks := make([]Problems, len(outs)+1)
	for w, out := range outs {
		wg.Go(func() { checks[w] = checkRefs(ds, out.refs, unchecked) })
	}
	wg.Go(func() { checks[len(outs)] = checkFirstFlights(ds, firstFlights) })
	wg.Wait()
	for _, ps := range checks {
		l.probs = append(l.probs, ps...)
	}

	for i := range l.probs {
		l.probs[i].Msg = Escape(l.probs[i].Msg)
	}
	l.probs.Sort()
	res := &Result{Problems: l.probs, Events: len(files), Systems: len(ds.Systems), Sites: len(ds.Sites), Schema: schema}
	if len(l.probs.Errors()) == 0 {
		res.Dataset = ds
		if l.next != nil {
			l.keep(files, results)
			res.Cache = l.next
		}
	}
	return res, nil
}

// parseConcurrent is parse for the worker goroutines: file problems go to
// the file's own decoder instead of the shared list.
func (l *loader) parseConcurrent(name string, regular bool, sc *scratch) (*node, *decoder) {
	sub := &loader{fsys: l.fsys, root: l.root, next: l.next, folders: l.folders}
	n, d := sub.parseOf(name, regular, sc)
	d.probs = append(sub.probs, d.probs...)
	return n, d
}

func (l *loader) isLink(name string) bool {
	rl, ok := l.fsys.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	info, err := rl.Lstat(name)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// allowedTop are the files that may stand beside the year folders.
func allowedTop(name string) bool {
	switch name {
	case TimelineFile, SystemsFile, SitesFile, SchemaFile:
		return true
	}
	return strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".")
}

// scan lists the event files and reports stray ones.
func (l *loader) scan() ([]eventFile, error) {
	top, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading events directory %s: %w", l.root, unwrapPath(err))
	}
	// A load that knows what changed takes the files of the year folders
	// from the cache.
	cached := l.cachedFolders(top)
	type folder struct {
		name    string
		entries []fs.DirEntry
		cached  []eventFile
	}
	var folders []folder
	n := 0
	for _, e := range top {
		name := e.Name()
		if l.badName(name, name) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if !l.linkInside(name) {
				continue
			}
			if info, err := fs.Stat(l.fsys, name); err == nil {
				isDir = info.IsDir()
			}
		}
		if !isDir {
			if !allowedTop(name) {
				l.fileError(name, "unexpected file: the events directory holds %s, %s, %s, %s, Markdown notes and year folders", TimelineFile, SystemsFile, SitesFile, SchemaFile)
			}
			continue
		}
		if strings.HasPrefix(name, ".") {
			continue
		}
		if len(name) != 4 || !isDigits(name) {
			l.fileError(name, "unexpected folder: event files live in year folders named YYYY")
			continue
		}
		if cached != nil {
			folders = append(folders, folder{name: name, cached: cached[name]})
			n += len(cached[name])
			continue
		}
		entries, err := l.readFolder(name)
		if err != nil {
			l.fileError(name, "cannot read folder: %v", unwrapPath(err))
			continue
		}
		folders = append(folders, folder{name: name, entries: entries})
		n += len(entries)
	}
	files := make([]eventFile, 0, n)
	for _, fo := range folders {
		name := fo.name
		if fo.cached != nil {
			files = append(files, fo.cached...)
			continue
		}
		for _, f := range fo.entries {
			p := name + "/" + f.Name()
			switch {
			case l.badName(p, f.Name()):
			case f.IsDir():
				l.fileError(p, "unexpected folder inside a year folder: event files lie directly in %s/", name)
			case strings.HasSuffix(f.Name(), ".yml"):
				l.fileError(p, "event files end in .yaml: rename to %s", strings.TrimSuffix(f.Name(), ".yml")+".yaml")
			case !strings.HasSuffix(f.Name(), ".yaml"):
				if !strings.HasPrefix(f.Name(), ".") {
					l.fileError(p, "stray file in a year folder: only event files (.yaml) belong here")
				}
			default:
				files = append(files, eventFile{name: p, folder: name, id: strings.TrimSuffix(f.Name(), ".yaml"), regular: f.Type().IsRegular(), entry: f})
			}
		}
	}
	return files, nil
}

// readFolder lists the year folder name, sorted by file name, as
// fs.ReadDir does. Through an os.Root it keeps the folder open in
// l.folders, where openIn can use it.
func (l *loader) readFolder(name string) ([]fs.DirEntry, error) {
	if l.osRoot == nil || !canOpenIn {
		return fs.ReadDir(l.fsys, name)
	}
	f, err := l.osRoot.Open(name)
	if err != nil {
		return nil, err
	}
	entries, err := listDir(f)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	if err != nil {
		f.Close()
		return entries, err
	}
	if l.folders == nil {
		l.folders = map[string]*os.File{}
	}
	l.folders[name] = f
	return entries, nil
}

// closeFolders closes the folders readFolder kept open.
func (l *loader) closeFolders() {
	for _, f := range l.folders {
		f.Close()
	}
	l.folders = nil
}

// cachedFolders returns, for a load that knows what changed (written),
// the event files of each year folder as the cache holds them, or nil when
// the year folders do not agree with the cache's files, or one is a
// symbolic link.
func (l *loader) cachedFolders(top []fs.DirEntry) map[string][]eventFile {
	if l.written == nil || l.cache == nil || l.cache.Root != l.root {
		return nil
	}
	folders := map[string][]eventFile{}
	for _, e := range top {
		name := e.Name()
		if len(name) == 4 && isDigits(name) {
			if !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
				return nil
			}
			folders[name] = nil
		}
	}
	names := make([]string, 0, len(l.cache.Files))
	for name := range l.cache.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		folder, file, ok := strings.Cut(name, "/")
		if _, known := folders[folder]; !ok || !known || strings.Contains(file, "/") {
			return nil
		}
		// Nothing is known of the file's type now (it may have been
		// written as a link or a fifo): one that is read is checked.
		folders[folder] = append(folders[folder], eventFile{name: name, folder: folder, id: strings.TrimSuffix(file, ".yaml")})
	}
	for _, files := range folders {
		if len(files) == 0 {
			return nil // a folder the cache knows nothing of
		}
	}
	for name := range l.written {
		if l.cache.Files[name] == nil {
			return nil // a new file: the folders are listed
		}
	}
	return folders
}

// checkRefs checks every reference against the catalogues and events,
// except those of the unchecked kinds, and returns the problems. ds is
// indexed.
func checkRefs(ds *Dataset, refs [][]CachedRef, unchecked map[string]bool) Problems {
	var probs Problems
	// The sorted ids, for suggestions, are made only for a reference that
	// names none.
	var sorted map[string][]string
	known := func(what string) []string {
		if sorted[what] == nil {
			var ids []string
			switch what {
			case "system":
				for _, s := range ds.Systems {
					ids = append(ids, s.ID)
				}
			case "site":
				for _, s := range ds.Sites {
					ids = append(ids, s.ID)
				}
			default:
				for _, e := range ds.Events {
					ids = append(ids, e.ID)
				}
			}
			slices.Sort(ids)
			if sorted == nil {
				sorted = map[string][]string{}
			}
			sorted[what] = ids
		}
		return sorted[what]
	}
	for _, list := range refs {
		for _, r := range list {
			if unchecked[r.What] {
				continue
			}
			var index map[string]int
			var file string
			switch r.What {
			case "system":
				index, file = ds.systems, SystemsFile
			case "site":
				index, file = ds.sites, SitesFile
			default:
				index = ds.events
			}
			if _, found := index[r.ID]; found {
				continue
			}
			msg := fmt.Sprintf("unknown %s %q (not in %s)%s", r.What, r.ID, file, didYouMean(r.ID, known(r.What)))
			if r.What == "event" {
				msg = fmt.Sprintf("unknown related event %q%s", r.ID, didYouMean(r.ID, known(r.What)))
			}
			probs = append(probs, Problem{Pos: r.Pos, Msg: msg})
		}
	}
	return probs
}

// checkFirstFlights warns where a system's first_flight in systems.yaml
// disagrees with the earliest launch of it in the events. Dates agree when
// they are equal to the precision of the less precise one, so that a
// first_flight of 2017 agrees with a launch on 2017-05-14.
func checkFirstFlights(ds *Dataset, at map[string]Position) Problems {
	var probs Problems
	// Only the systems with a first flight matter: the search stops once
	// each has its earliest launch.
	want := map[string]bool{}
	for _, s := range ds.Systems {
		if _, ok := at[s.ID]; ok && !s.FirstFlight.IsZero() {
			want[s.ID] = true
		}
	}
	earliest := map[string]*Event{}
	for i := 0; i < len(ds.Events) && len(earliest) < len(want); i++ { // sorted by date
		e := &ds.Events[i]
		if !e.Kind.HasLaunches() {
			continue
		}
		for _, ln := range e.Launches {
			if want[ln.System] && earliest[ln.System] == nil {
				earliest[ln.System] = e
			}
		}
	}
	for _, s := range ds.Systems {
		e := earliest[s.ID]
		pos, ok := at[s.ID]
		if e == nil || !ok || s.FirstFlight.IsZero() {
			continue
		}
		a, b := s.FirstFlight, e.Date
		switch min(a.Precision(), b.Precision()) {
		case PrecisionYear:
			a.Month, a.Day, b.Month, b.Day = 0, 0, 0, 0
		case PrecisionMonth:
			a.Day, b.Day = 0, 0
		}
		if a != b {
			probs = append(probs, Problem{Pos: pos, Severity: Warning,
				Msg: fmt.Sprintf("first_flight %s disagrees with the record: the earliest launch of %s in it is %s (%s)", s.FirstFlight, s.ID, e.Date, e.ID)})
		}
	}
	return probs
}

// sortNearly sorts s by cmp, which orders no two elements alike: by
// insertion while few elements move far, as when the events come in the
// order of their files' names (which differs from theirs only where a
// date is known to the month or the year), else as slices.SortFunc does.
func sortNearly[E any](s []E, cmp func(a, b E) int) {
	moves := 4 * len(s)
	for i := 1; i < len(s); i++ {
		x, j := s[i], i
		for ; j > 0 && cmp(s[j-1], x) > 0; j-- {
			if moves--; moves < 0 {
				s[j] = x
				slices.SortFunc(s, cmp)
				return
			}
			s[j] = s[j-1]
		}
		s[j] = x
	}
}
