package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// watcher watches directory trees: fsnotify watches single directories,
// so every directory in a tree is added, and so is each new one as it
// appears (a new year folder of events, or one a git checkout restores).
// It notes in changes which event files were written.
type watcher struct {
	w       *fsnotify.Watcher
	log     io.Writer
	once    sync.Once
	changes *changes
	// events is the events directory, links resolved, as the watcher's
	// events name it.
	events string
}

// changes are what the watcher saw since the rebuild that took them: the
// event files written (by path in the events directory, "2017/x.yaml"),
// and whether anything else changed (a file added, removed or renamed, a
// folder, a template, lost events), so that a rebuild needs to look at
// no other file (event.LoadChanged).
type changes struct {
	mu      sync.Mutex
	written map[string]bool
	other   bool
}

// newChanges returns changes that say that anything may have changed.
func newChanges() *changes { return &changes{other: true} }

func (c *changes) note(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name == "" {
		c.other = true
		return
	}
	if c.written == nil {
		c.written = make(map[string]bool)
	}
	c.written[name] = true
}

// take returns the event files written and whether anything else changed
// since the last take, and starts anew.
func (c *changes) take() (written []string, other bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name := range c.written {
		written = append(written, name)
	}
	other = c.other
	c.written, c.other = nil, false
	return written, other
}

// putBack returns what take returned, for a rebuild that did not use it.
func (c *changes) putBack(written []string, other bool) {
	for _, name := range written {
		c.note(name)
	}
	if other {
		c.note("")
	}
}

func newWatcher(log io.Writer, c *changes, events string) (*watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("serve: watching files: %w", err)
	}
	if real, err := filepath.EvalSymlinks(events); err == nil {
		events = real
	}
	return &watcher{w: w, log: log, changes: c, events: events}, nil
}

// eventFile returns the path in the events directory of the event file
// name ("2017/x.yaml"), or "" for any other.
func (w *watcher) eventFile(name string) string {
	rel, err := filepath.Rel(w.events, name)
	if err != nil {
		return ""
	}
	rel = filepath.ToSlash(rel)
	folder, file, ok := strings.Cut(rel, "/")
	if !ok || len(folder) != 4 || strings.Trim(folder, "0123456789") != "" || strings.Contains(file, "/") || !strings.HasSuffix(file, ".yaml") || strings.HasPrefix(file, ".") {
		return ""
	}
	return rel
}

// close stops the watcher and releases its file descriptors; it may be
// called more than once.
func (w *watcher) close() {
	w.once.Do(func() { w.w.Close() })
}

// addTree watches dir and every directory under it, except hidden ones
// (.git and editors' folders), which no build reads. A dir that is a
// symbolic link is followed.
func (w *watcher) addTree(dir string) error {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dir && os.IsNotExist(err) {
				return nil // removed while walking
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.w.Add(p); err != nil {
			return fmt.Errorf("serve: watching %s: %w", p, err)
		}
		return nil
	})
}

// run passes on every change under the watched trees to changed, which
// holds at most one: the build loop only needs to know that something
// changed. It returns when ctx is done or the watcher is closed.
func (w *watcher) run(ctx context.Context, changed chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			// An overflow means changes were lost: rebuild to be sure.
			fmt.Fprintf(w.log, "timeline serve: watching files: %v\n", err)
			w.changes.note("")
			signal(changed)
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue // a touch or a permission change alters no content
			}
			if name := w.eventFile(ev.Name); ev.Op == fsnotify.Write && name != "" {
				w.changes.note(name)
			} else {
				w.changes.note("")
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() && !strings.HasPrefix(filepath.Base(ev.Name), ".") {
					if err := w.addTree(ev.Name); err != nil {
						fmt.Fprintf(w.log, "timeline serve: %v\n", err)
					}
				}
			}
			signal(changed)
		}
	}
}

func signal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
