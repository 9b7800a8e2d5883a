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
type watcher struct {
	w    *fsnotify.Watcher
	log  io.Writer
	once sync.Once
}

func newWatcher(log io.Writer) (*watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("serve: watching files: %w", err)
	}
	return &watcher{w: w, log: log}, nil
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
			signal(changed)
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue // a touch or a permission change alters no content
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
