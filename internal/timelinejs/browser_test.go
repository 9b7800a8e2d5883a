package timelinejs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nktimeline/timeline/internal/browsertest"
)

// timelineJS returns the dist folder of the npm package
// @knight-lab/timelinejs at the version pinned in tools/timelinejs: the
// one tools/timelinejs/fetch.sh installed, else one npm installs into a
// temporary folder now. Without npm or the registry the test is skipped,
// or fails with TIMELINE_BROWSER=required.
func timelineJS(t *testing.T) string {
	t.Helper()
	const rel = "node_modules/@knight-lab/timelinejs/dist"
	if dir := filepath.Join("../../tools/timelinejs", rel); exists(filepath.Join(dir, "js/timeline.js")) {
		return dir
	}
	fail := t.Skipf
	if os.Getenv(browsertest.RequiredEnv) == "required" {
		fail = t.Fatalf
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		fail("no TimelineJS: run tools/timelinejs/fetch.sh, or install npm")
	}
	tmp := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join("../../tools/timelinejs", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tmp, name), data, 0o644)
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		fail("no TimelineJS: npm ci: %v\n%s", err, out)
	}
	return filepath.Join(tmp, rel)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS check</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="css/timeline.css">
<script src="js/timeline.js"></script>
</head><body>
<div id="timeline" style="width: 100%; height: 600px"></div>
<script>
// font: null keeps TimelineJS from loading its web fonts from Knight Lab's
// CDN; the test allows no request off this machine.
window.state = "loading";
var timeline = new TL.Timeline("timeline", "timelinejs.json", {hash_bookmark: false, font: null});
timeline.on("loaded", function () { window.state = "loaded"; });
</script>
</body></html>
`

// TestTimelineJSLoadsExport loads the export of the committed record, as
// the site's build ships it, in TimelineJS 3 in Chromium: it must load
// without a console error, an uncaught exception or a request off this
// machine, and show a slide for the title and every event.
func TestTimelineJSLoadsExport(t *testing.T) {
	b := browsertest.New(t)
	dist := timelineJS(t)
	dir := t.TempDir()
	base := browsertest.Serve(t, dir)
	ds, data := siteExport(t, base, "")
	// The package's own layout: the stylesheet finds its icon fonts in
	// css/icons/.
	for _, name := range []string{"js/timeline.js", "css/timeline.css", "css/icons/tl-icons.woff2", "css/icons/tl-icons.woff", "css/icons/tl-icons.ttf", "css/icons/tl-icons.eot", "css/icons/tl-icons.svg"} {
		src, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), src, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(dir, "timelinejs.json"), data, 0o644)

	tab := b.NewTab(t)
	if err := tab.Navigate(base + "index.html"); err != nil {
		t.Fatal(err)
	}
	var state string
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if state, err = browsertest.Eval[string](tab, "window.state"); err != nil || state == "loaded" {
			break
		}
	}
	if state != "loaded" {
		t.Fatalf("TimelineJS did not load the export (state %q, %v)", state, err)
	}
	type info struct {
		Events, Slides, Markers, Errors int
		Title                           string
	}
	got, err := browsertest.Eval[info](tab, `({
		events: timeline.config.events.length,
		slides: document.querySelectorAll(".tl-slide").length,
		markers: document.querySelectorAll(".tl-timemarker").length,
		errors: timeline.config.messages.errors.length,
		title: document.querySelector(".tl-slide-titleslide .tl-headline").textContent,
	})`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("TimelineJS shows %+v", got)
	want := len(ds.Events)
	if got.Events != want || got.Slides != want+1 || got.Markers != want || got.Errors != 0 || got.Title != ds.Meta.Title {
		t.Errorf("TimelineJS shows %+v; want %d events, %d slides, %d markers, no errors, title %q", got, want, want+1, want, ds.Meta.Title)
	}
}
