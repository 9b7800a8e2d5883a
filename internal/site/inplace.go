package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/templates"
)

// buildIncremental is Build with Options.Incremental: see State. Under
// the output's lock it compares opt.State with the dataset; when it holds
// and allows, only the parts of the site that changed are rendered, and
// written in place into the output directory, each file in a temporary
// file renamed over the old one when its bytes differ. Otherwise the whole
// site is built as Build does. The state file is moved aside (or removed)
// before anything is written and written again last (statefile.go), so
// that a build that fails or is killed leaves no state to trust: the next
// build renders everything.
func buildIncremental(ctx context.Context, ds *event.Dataset, opt Options, base *url.URL) error {
	out, unlock, err := openOutput(opt)
	if err != nil {
		return err
	}
	defer unlock()
	parent, name := filepath.Dir(out), filepath.Base(out)
	tfs := opt.FS
	if tfs == nil {
		tfs = templates.FS
	}
	b, err := newBuilder(ctx, ds, base, tfs, nil)
	if err != nil {
		return err
	}
	st := opt.State
	if st != nil {
		// Another build may have run since the state was read.
		if fi, err := os.Stat(stateFileName(out)); err != nil || fileStamp(fi) != st.stamp {
			st = nil
		}
	}
	if _, err := os.Lstat(filepath.Join(out, markerName)); err != nil {
		st = nil
	}
	inputs := b.inputsDigest(opt)
	p, events := b.makePlan(st, inputs, opt.Loaded)
	if planHook != nil {
		planHook(p)
	}
	// What killed builds left: states being written, and (a full build
	// removes these itself) directories of files being written.
	left, _ := filepath.Glob(stateFileName(out) + "-*")
	if p != nil {
		dirs, _ := filepath.Glob(filepath.Join(parent, "."+name+".new-*"))
		left = append(left, dirs...)
	}
	for _, l := range left {
		if err := os.RemoveAll(l); err != nil && opt.Warn != nil {
			opt.Warn(fmt.Sprintf("could not remove what an earlier build left beside %s: %v", out, err))
		}
	}
	if err := forgetState(out, p != nil); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if p == nil {
		used := false
		err := swapSite(ctx, opt, out, func(o output) error {
			if used {
				// A second try, into a new directory: from scratch.
				nb, err := newBuilder(ctx, ds, base, tfs, nil)
				if err != nil {
					return err
				}
				b = nb
			}
			used = true
			b.out = o
			return b.run(opt)
		})
		if err != nil {
			return err
		}
	} else {
		// New files are written beside the output, in a directory that a
		// killed build leaves for the next to remove (see staleSiblings),
		// so that out/ never holds a partial file.
		tmp, err := os.MkdirTemp(parent, "."+name+".new-")
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		defer os.RemoveAll(tmp)
		po := &placeOutput{root: out, tmp: tmp}
		b.out = po
		b.plan = p
		p.prevSource = func(name string, st splicedState) spliceSource { return po.source(name, st.Stamp) }
		if err := b.run(opt); err != nil {
			return err
		}
		if err := po.sweep(b.stale()); err != nil {
			return fmt.Errorf("site: %w", err)
		}
		if err := po.sync(); err != nil {
			return fmt.Errorf("site: %w", err)
		}
	}
	b.stampFiles(out)
	var prev *State
	if p != nil {
		prev = p.prev
	}
	if err := saveState(out, b.newState(inputs, events, opt.Loaded), prev); err != nil && opt.Warn != nil {
		opt.Warn(fmt.Sprintf("could not keep the state of the build for the next: %v", err))
	}
	return nil
}

// stampFiles records the stamps (fileStamp) of the spliced files and the
// workbook as they are in the output directory out, for the next build to
// know them by. Nothing else writes them while the build holds the
// output's lock.
func (b *builder) stampFiles(out string) {
	stamp := func(name string) string {
		fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil || !fi.Mode().IsRegular() {
			return ""
		}
		return fileStamp(fi)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, st := range b.spliced {
		st.Stamp = stamp(name)
		b.spliced[name] = st
	}
	if b.workbook != nil {
		b.workbook.Stamp = stamp(workbookName)
	}
}

// planHook, when set by a test, receives the plan of each incremental
// build (nil when it renders everything).
var planHook func(*plan)

// placeOutput writes files in place into the directory of an existing
// site: a file that already holds the bytes is left alone, any other is
// written into a temporary file and renamed over it, so that every file of
// the directory is always complete.
type placeOutput struct {
	root string
	// tmp is a directory on the same file system where files are
	// written before they are renamed into place; seq names them.
	tmp  string
	seq  atomic.Int64
	made dirSet // directories known to exist
	bufs sync.Pool

	mu sync.Mutex
	// written are the files written and changed the directories whose
	// entries changed, for sync.
	written []string
	changed map[string]bool
}

// placeFault, when set by a test, fails Put for the names it returns an
// error for.
var placeFault func(name string) error

// wrote records that the file p was written into the directory dir.
func (d *placeOutput) wrote(p, dir string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p != "" {
		d.written = append(d.written, p)
	}
	if d.changed == nil {
		d.changed = make(map[string]bool)
	}
	d.changed[dir] = true
}

// sync flushes the files written and the directories changed to disk: a
// build syncs them before it records its state, so that a state, once
// there, never describes files a crash could still lose.
func (d *placeOutput) sync() error {
	dirs := make([]string, 0, len(d.changed))
	for dir := range d.changed {
		dirs = append(dirs, dir)
	}
	all := append(append([]string(nil), d.written...), dirs...)
	return parallel(len(all), func(i int) error {
		f, err := os.Open(all[i])
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a directory removed since
			}
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

func (d *placeOutput) Put(name string, data []byte) error {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	if placeFault != nil {
		if err := placeFault(name); err != nil {
			return err
		}
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if d.same(p, data) {
		return nil
	}
	tmp := filepath.Join(d.tmp, strconv.FormatInt(d.seq.Add(1), 10))
	if err := writeFile(tmp, data); err != nil {
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	d.wrote(p, filepath.Dir(p))
	return nil
}

// create creates a temporary file for the file name, which commit puts in
// place or discard removes.
func (d *placeOutput) create(name string) (*os.File, error) {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return nil, err
	}
	if placeFault != nil {
		if err := placeFault(name); err != nil {
			return nil, err
		}
	}
	tmp := filepath.Join(d.tmp, strconv.FormatInt(d.seq.Add(1), 10))
	return os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// commit closes f, which create made for the file name, renames it over
// name and returns its stamp (fileStamp) in place.
func (d *placeOutput) commit(f *os.File, name string) (string, error) {
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	p := filepath.Join(d.root, filepath.FromSlash(name))
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	d.wrote(p, filepath.Dir(p))
	fi, err := os.Lstat(p)
	if err != nil {
		return "", err
	}
	return fileStamp(fi), nil
}

// Create opens the file name for writing: a temporary file beside the
// output that takes name's place once closed (Abort drops it).
func (d *placeOutput) Create(name string) (io.WriteCloser, error) {
	f, err := d.create(name)
	if err != nil {
		return nil, err
	}
	return &placeFile{File: f, d: d, name: name}, nil
}

// placeOutput takes the streamed files (the workbook) without holding
// them in memory.
var _ streamer = (*placeOutput)(nil)

// A placeFile is a file of a placeOutput being written.
type placeFile struct {
	*os.File
	d    *placeOutput
	name string
}

func (f *placeFile) Close() error {
	_, err := f.d.commit(f.File, f.name)
	return err
}

func (f *placeFile) Abort() { f.d.discard(f.File) }

// discard closes and removes f, which create made.
func (d *placeOutput) discard(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

// source returns the file name of the output as a splice source, when it
// is still the file whose stamp is stamp; nil otherwise.
func (d *placeOutput) source(name, stamp string) spliceSource {
	f, err := openRegular(filepath.Join(d.root, filepath.FromSlash(name)))
	if err != nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || stamp == "" || fileStamp(fi) != stamp {
		f.Close()
		return nil
	}
	return fileSource{f, fi.Size()}
}

// same reports whether the regular file p holds data.
func (d *placeOutput) same(p string, data []byte) bool {
	// Stat first: only a regular file of the right size is read (opening
	// a fifo would block).
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	buf, _ := d.bufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	defer d.bufs.Put(buf)
	if cap(*buf) < len(data)+1 {
		*buf = make([]byte, len(data)+1)
	}
	old := (*buf)[:len(data)+1]
	n, _ := readAll(f, old)
	return n == len(data) && bytes.Equal(old[:n], data)
}

func readAll(f *os.File, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := f.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Link reports whether the site already has the file name, which the
// build would write with the same bytes (see linker).
func (d *placeOutput) Link(name string) (bool, error) {
	fi, err := os.Lstat(filepath.Join(d.root, filepath.FromSlash(name)))
	return err == nil && fi.Mode().IsRegular(), nil
}

// LinkFile links nothing from outside the output: a file that out/ lacks
// is written as any other, through a temporary file beside it (Put).
func (d *placeOutput) LinkFile(src, name string) (bool, error) { return false, nil }

// placeOutput takes unchanged social cards from the output (Link).
var _ linker = (*placeOutput)(nil)

// mkdir makes the directory dir and those above it where out/ lacks them,
// replacing whatever else stands under a directory's name.
func (d *placeOutput) mkdir(dir string) error {
	return mkdirs(&d.made, dir, func(dir string) error {
		p := filepath.Join(d.root, filepath.FromSlash(dir))
		fi, err := os.Lstat(p)
		switch {
		case err == nil && fi.IsDir():
		case err == nil:
			if err := removeEntry(p, false); err != nil {
				return err
			}
			fallthrough
		default:
			if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			d.wrote("", filepath.Dir(p))
		}
		return nil
	})
}

// sweep removes the files of the previous build that this one did not
// make again (builder.stale), and the directories that leaves empty.
func (d *placeOutput) sweep(gone []string) error {
	if d.changed == nil {
		d.changed = make(map[string]bool)
	}
	dirs := map[string]bool{}
	for _, name := range gone {
		p := filepath.Join(d.root, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		d.changed[filepath.Dir(p)] = true
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			dirs[dir] = true
		}
	}
	// Deepest first, so that a directory is empty when its turn comes.
	list := make([]string, 0, len(dirs))
	for dir := range dirs {
		list = append(list, dir)
	}
	slices.SortFunc(list, func(a, c string) int {
		if n := strings.Count(c, "/") - strings.Count(a, "/"); n != 0 {
			return n
		}
		return strings.Compare(a, c)
	})
	for _, dir := range list {
		// Only an empty directory goes; any other stays.
		p := filepath.Join(d.root, filepath.FromSlash(dir))
		if syscall.Rmdir(p) == nil {
			d.changed[filepath.Dir(p)] = true
		}
	}
	return nil
}

// A Preview builds a site in memory again and again, each time rendering
// only what depends on what changed since its last build (see State), and
// taking every other file from that build: the preview server's builds.
// The zero Preview is ready to use; its first build renders everything.
type Preview struct {
	files map[string][]byte
	state *State
}

// EventCache returns the cache of the events' load of the last build, to
// load the events of the next with (event.LoadCached), or nil.
func (p *Preview) EventCache() *event.Cache {
	return p.state.EventCache()
}

// Build renders ds and returns every output file by name, as BuildFiles
// does. opt.Loaded should be the cache the load of ds returned. The map is
// new on every build and shares the bytes of unchanged files with the
// maps of earlier builds; none may be modified. opt.Out and
// opt.Incremental are ignored.
func (p *Preview) Build(ctx context.Context, ds *event.Dataset, opt Options) (map[string][]byte, error) {
	opt.Out = "."
	base, err := checkOptions(opt)
	if err != nil {
		return nil, err
	}
	tfs := opt.FS
	if tfs == nil {
		tfs = templates.FS
	}
	b, err := newBuilder(ctx, ds, base, tfs, nil)
	if err != nil {
		return nil, err
	}
	inputs := b.inputsDigest(opt)
	pl, events := b.makePlan(p.state, inputs, opt.Loaded)
	if pl != nil && p.files == nil {
		pl, events = b.makePlan(nil, inputs, opt.Loaded)
	}
	if planHook != nil {
		planHook(pl)
	}
	m := newMemOutput()
	if pl != nil {
		b.plan = pl
		pl.prevSource = func(name string, _ splicedState) spliceSource {
			if data, ok := p.files[name]; ok {
				return memSource(data)
			}
			return nil
		}
		// The files of the last build, but those this one makes again
		// and those gone.
		m.files = maps.Clone(p.files)
	}
	b.out = m
	if err := b.run(opt); err != nil {
		p.files, p.state = nil, nil
		return nil, err
	}
	if pl != nil {
		for _, name := range b.stale() {
			delete(m.files, name)
		}
	}
	p.files, p.state = m.files, b.newState(inputs, events, opt.Loaded)
	return m.files, nil
}
