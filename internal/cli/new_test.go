package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestNewEveryKind: for every kind, new writes a skeleton that validates
// (no errors; --strict fails on the missing body) in a copy of the record.
func TestNewEveryKind(t *testing.T) {
	dir := copyEvents(t)
	for _, k := range event.Kinds {
		code, stdout, stderr := run(t, "new", string(k), "--events", dir, "--date", "2026-08-30", "--title", "Test "+string(k))
		want := filepath.Join(dir, "2026", "2026-08-30-test-"+string(k)+".yaml")
		if code != ExitOK || strings.TrimSpace(stdout) != want {
			t.Fatalf("new %s: code %d, stdout %q, stderr %q", k, code, stdout, stderr)
		}
		data, err := os.ReadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("# yaml-language-server: $schema=../event.schema.json\n")) {
			t.Errorf("%s: no schema line:\n%s", k, data)
		}
	}
	code, _, stderr := run(t, "validate", "--events", dir)
	if code != ExitOK {
		t.Fatalf("validate after new: code %d\n%s", code, stderr)
	}
	code, _, stderr = run(t, "validate", "--strict", "--events", dir)
	if code != ExitInvalid || strings.Count(stderr, "event has no body") != len(event.Kinds) {
		t.Errorf("validate --strict: code %d, want one missing-body warning per skeleton:\n%s", code, stderr)
	}
}

func TestNewMovesAsOf(t *testing.T) {
	dir := copyEvents(t)
	tl := filepath.Join(dir, "timeline.yaml")
	before, err := os.ReadFile(tl)
	if err != nil {
		t.Fatal(err)
	}
	res, err := event.LoadDir(context.Background(), dir)
	if err != nil || res.Dataset == nil {
		t.Fatal(err, res.Problems)
	}
	old := res.Dataset.Meta.AsOf.String()
	code, stdout, stderr := run(t, "new", "missile-launch", "--events", dir, "--date", "2099-11-26", "--title", "Far future launch",
		"--source", "https://www.yna.co.kr/view/AKR1", "--publisher", "Yonhap", "--system", "unknown-srbm", "--site", "sohae")
	if code != ExitOK {
		t.Fatalf("code %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stderr, "moved as_of in "+tl+" from "+old+" to 2099-11-26") {
		t.Errorf("stderr does not say as_of moved: %q", stderr)
	}
	after, _ := os.ReadFile(tl)
	if want := bytes.Replace(before, []byte("as_of: "+old), []byte("as_of: 2099-11-26"), 1); !bytes.Equal(after, want) || bytes.Equal(after, before) {
		t.Errorf("timeline.yaml changed beyond as_of:\n%s", after)
	}
	res, err = event.LoadDir(context.Background(), dir)
	if err != nil || res.Dataset == nil {
		t.Fatalf("record invalid after new: %v %s", err, res.Problems)
	}
	e, ok := res.Dataset.Event("2099-11-26-far-future-launch")
	if !ok || e.Sources[0].Publisher != "Yonhap" || e.Launches[0].System != "unknown-srbm" || e.Launches[0].Site != "sohae" || strings.TrimSpace(stdout) != filepath.Join(dir, e.Path) {
		t.Errorf("event %+v, stdout %q", e, stdout)
	}

	// An earlier date leaves timeline.yaml alone and says nothing of it.
	code, _, stderr = run(t, "new", "diplomacy", "--events", dir, "--date", "2000-06", "--title", "Summit")
	if code != ExitOK || strings.Contains(stderr, "as_of") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
	if again, _ := os.ReadFile(tl); !bytes.Equal(again, after) {
		t.Error("timeline.yaml changed for an event before as_of")
	}
}

func TestNewRefuses(t *testing.T) {
	dir := copyEvents(t)
	existing := "2017-07-04-hwasong-14-first-icbm"
	path := filepath.Join(dir, "2017", existing+".yaml")
	before, _ := os.ReadFile(path)
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"missile-launch", "--date", "2017-07-04", "--title", "Hwasong-14, first ICBM"}, ExitInvalid, "already exists"},
		{[]string{"missile-lunch", "--date", "2017-07-04", "--title", "x"}, ExitUsage, `unknown kind "missile-lunch"`},
		{[]string{"--date", "2017-07-04", "--title", "x"}, ExitUsage, "want one KIND"},
		{[]string{"politics", "--title", "x"}, ExitUsage, "--date and --title are required"},
		{[]string{"politics", "--date", "2017-02-29", "--title", "x"}, ExitUsage, "2017-02 has 28 days"},
		{[]string{"politics", "--date", "2017", "--title", "조선"}, ExitUsage, "gives no slug"},
		{[]string{"politics", "--date", "2017", "--title", "x", "--slug", "Bad Slug"}, ExitUsage, "--slug"},
		{[]string{"politics", "--date", "2017", "--title", "x", "--source", "javascript:alert(1)"}, ExitUsage, "not an absolute http"},
		{[]string{"politics", "--date", "2017", "--title", "x", "--system", "kn-23"}, ExitUsage, "--system is for"},
		{[]string{"missile-launch", "--date", "2017", "--title", "x", "--system", "kn-99"}, ExitUsage, `unknown system "kn-99"`},
		{[]string{"nuclear-test", "--date", "2017", "--title", "x", "--site", "nowhere"}, ExitUsage, `unknown site "nowhere"`},
	} {
		code, stdout, stderr := run(t, append([]string{"new", "--events", dir}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.err) || stdout != "" {
			t.Errorf("new %q: code %d, stdout %q, stderr %q; want code %d and %q", tc.args, code, stdout, stderr, tc.code, tc.err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("new replaced an existing event file")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "2017")); len(entries) != countYAML(t, "../../events/2017") {
		t.Error("a refused new left a file behind")
	}
}

func countYAML(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
