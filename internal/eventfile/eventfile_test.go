package eventfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nktimeline/timeline/internal/event"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Hwasong-14, North Korea's first ICBM flight test", "hwasong-14-north-koreas-first-icbm-flight-test"},
		{"  Kim–Trump summit in Singapore  ", "kim-trump-summit-in-singapore"},
		{"Launch from P’yŏngyang: two SRBMs", "launch-from-pyongyang-two-srbms"},
		{"UNSC Resolution 2397 (2017)", "unsc-resolution-2397-2017"},
		{"조선", ""},
		{strings.Repeat("word ", 20), "word-word-word-word-word-word-word-word-word-word-word-word"},
		{strings.Repeat("x", 70), strings.Repeat("x", 60)},
	} {
		if got := Slug(tc.title); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// catalogues returns the committed timeline.yaml, systems.yaml and
// sites.yaml, so that written files are checked against the real ones.
func catalogues(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{event.TimelineFile, event.SystemsFile, event.SitesFile} {
		data, err := os.ReadFile(filepath.Join("../../events", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// load loads one event file beside the catalogues and returns it with the
// problems found.
func load(t *testing.T, id string, data []byte) (*event.Event, event.Problems) {
	t.Helper()
	fsys := catalogues(t)
	fsys[Path(id)] = &fstest.MapFile{Data: data}
	res, err := event.Load(context.Background(), fsys, "events")
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset == nil {
		return nil, res.Problems
	}
	e, ok := res.Dataset.Event(id)
	if !ok {
		t.Fatalf("event %s not loaded", id)
	}
	return e, res.Problems
}

func f(v float64) *float64 { return &v }

// TestEncodeRoundTrip writes events with awkward values and loads them back.
func TestEncodeRoundTrip(t *testing.T) {
	for _, e := range []event.Event{
		{
			Date: event.Date{Year: 2017, Month: 7, Day: 4}, Time: "09:40", Kind: event.KindMissileLaunch,
			Title:   "Hwasong-14: first ICBM # test",
			Summary: "Launched from Panghyon; reached about 2,800 km altitude and came down 933 km away in Japan's EEZ after 39 minutes, the North's first test of a missile of intercontinental range.",
			Body:    "First paragraph with *emphasis*.\n\n- a list item\n  continued\n- second: item\n\n> a quote",
			Launches: []event.Launch{
				{System: "hwasong-14", Count: 1, Outcome: "success", Site: "panghyon", ApogeeKm: f(2802), RangeKm: f(933.5), FlightMin: f(39)},
				{System: "unknown-srbm", Count: 3, CountEstimated: true, Outcome: "unknown"},
			},
			Sources: []event.Source{
				{URL: "https://example.org/a?b=c&d=e#f", Publisher: "Yonhap (via The Korea Herald)", Title: "yes", Published: event.Date{Year: 2017, Month: 7, Day: 4}},
				{URL: "http://example.org/b", Publisher: "null"},
			},
			Tags: []string{"lofted", "icbm"},
		},
		{
			Date: event.Date{Year: 1985}, Kind: event.KindPolitics, Title: "'Quoted' start",
			Summary: "- looks like a list", Body: "    indented code first\nthen text",
			Sources: []event.Source{{URL: "https://example.org/c", Publisher: "@publisher"}},
		},
		{
			Date: event.Date{Year: 2016, Month: 1}, EndDate: event.Date{Year: 2016, Month: 2}, Kind: event.KindNuclearTest, Title: "Test",
			Summary: "A test.", Body: "Body.",
			Nuclear: &event.Nuclear{Site: "punggye-ri", YieldKt: &event.Range{Min: 7, Max: 10.5}, MagnitudeMb: f(5.1), Claim: "hydrogen bomb"},
			Sources: []event.Source{{URL: "https://example.org/d", Publisher: "USGS"}},
		},
	} {
		id := ID(e.Date, Slug(e.Title))
		data := Encode(&e)
		if !bytes.HasPrefix(data, []byte(SchemaLine+"\n")) {
			t.Errorf("%s: no schema line first", id)
		}
		got, probs := load(t, id, data)
		if len(probs) > 0 || got == nil {
			t.Errorf("%s: problems:\n%s\nfile:\n%s", id, probs, data)
			continue
		}
		// The loader gives IDs and paths; a literal block keeps one final
		// newline; empty lists come back empty rather than nil.
		e.ID, e.Path = got.ID, got.Path
		if e.Body != "" {
			e.Body += "\n"
		}
		norm := func(e *event.Event) {
			if len(e.Launches) == 0 {
				e.Launches = nil
			}
			if len(e.Tags) == 0 {
				e.Tags = nil
			}
			if len(e.Related) == 0 {
				e.Related = nil
			}
		}
		norm(got)
		norm(&e)
		if !reflect.DeepEqual(*got, e) {
			t.Errorf("%s: round trip changed the event\n got %+v\nwant %+v\nfile:\n%s", id, *got, e, data)
		}
	}
}

// TestSkeletonValidates: a skeleton of every kind loads without an error;
// the only problem is the missing body, a warning that --strict turns into
// a failure until the curator writes it.
func TestSkeletonValidates(t *testing.T) {
	for _, k := range event.Kinds {
		for _, d := range []event.Date{{Year: 2026, Month: 8, Day: 30}, {Year: 2026, Month: 8}, {Year: 2025}} {
			s := Skeleton{Kind: k, Date: d, Title: "New " + string(k) + " event"}
			switch {
			case k == event.KindSatelliteLaunch:
				s.System = "chollima-1"
			case k.HasLaunches():
				s.System = "unknown-ballistic"
			case k == event.KindNuclearTest:
				s.Site = "punggye-ri"
			}
			id := ID(d, Slug(s.Title))
			data := s.Encode()
			got, all := load(t, id, data)
			// A record of one event disagrees with the catalogue's first
			// flights; that warning is not the skeleton's.
			var probs event.Problems
			for _, p := range all {
				if !strings.Contains(p.Msg, "first_flight") {
					probs = append(probs, p)
				}
			}
			if got == nil || len(probs) != 1 || probs[0].Severity != event.Warning || !strings.Contains(probs[0].Msg, "no body") {
				t.Errorf("%s: want only the missing-body warning, got:\n%s\nfile:\n%s", id, probs, data)
				continue
			}
			if got.Kind != k || got.Date != d || got.Title != s.Title || got.Summary != PlaceholderSummary {
				t.Errorf("%s: loaded %+v", id, got)
			}
			if k.HasLaunches() != (len(got.Launches) == 1) || (k == event.KindNuclearTest) != (got.Nuclear != nil) {
				t.Errorf("%s: kind-specific fields wrong: %+v", id, got)
			}
			// Uncommenting the hints must give a file that still parses:
			// every hint line is a comment.
			for i, line := range strings.Split(string(data), "\n") {
				if strings.Contains(line, "TODO") && !strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(line, PlaceholderSummary[:20]) && !strings.Contains(line, PlaceholderPublisher) {
					t.Errorf("%s:%d: unexpected TODO outside a comment: %q", id, i+1, line)
				}
			}
		}
	}
}

func TestSkeletonGivenValues(t *testing.T) {
	s := Skeleton{Kind: event.KindMissileLaunch, Date: event.Date{Year: 2026, Month: 8, Day: 20}, Title: "Ten SRBMs",
		Summary: "Ten short-range missiles: fired from near Pyongyang.", Source: "https://www.yna.co.kr/view/x", Publisher: "Yonhap",
		System: "unknown-srbm", Site: "sunan"}
	got, probs := load(t, ID(s.Date, "ten-srbms"), s.Encode())
	if got == nil || len(probs.Errors()) > 0 {
		t.Fatalf("problems: %s", probs)
	}
	want := []event.Source{{URL: s.Source, Publisher: "Yonhap"}}
	if got.Summary != s.Summary || !reflect.DeepEqual(got.Sources, want) || got.Launches[0].System != "unknown-srbm" || got.Launches[0].Site != "sunan" {
		t.Errorf("loaded %+v", got)
	}
}

func TestMoveAsOf(t *testing.T) {
	real, err := os.ReadFile("../../events/timeline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		date     event.Date
		want     string // "" when the file must not change
	}{
		{"real file", string(real), event.Date{Year: 2099, Month: 11, Day: 26},
			strings.Replace(string(real), "as_of: "+asOf(t, real), "as_of: 2099-11-26", 1)},
		{"comments and quotes", "# head\ntitle: T # as_of: 2020-01-01\nas_of: \"2020-01-01\"   # last checked\neras: []\n", event.Date{Year: 2021, Month: 3, Day: 2},
			"# head\ntitle: T # as_of: 2020-01-01\nas_of: \"2021-03-02\"   # last checked\neras: []\n"},
		{"CRLF and BOM", "\xef\xbb\xbftitle: T\r\nas_of: '2020-01-01'\r\neras: []\r\n", event.Date{Year: 2021},
			"\xef\xbb\xbftitle: T\r\nas_of: '2021-01-01'\r\neras: []\r\n"},
		{"month precision", "as_of: 2020-01-01", event.Date{Year: 2020, Month: 2}, "as_of: 2020-02-01"},
		{"not after", "as_of: 2020-01-01\n", event.Date{Year: 2020, Month: 1, Day: 1}, ""},
		{"partial date within", "as_of: 2020-01-15\n", event.Date{Year: 2020, Month: 1}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "timeline.yaml")
			if err := os.WriteFile(path, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			_, to, moved, err := MoveAsOf(path, tc.date)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if moved != (tc.want != "") || string(got) != want {
				t.Errorf("moved=%v to=%s, file:\n%q\nwant:\n%q", moved, to, got, want)
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Errorf("left %d files behind", len(entries))
			}
		})
	}
}

func asOf(t *testing.T, data []byte) string {
	t.Helper()
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "as_of: "); ok {
			return v
		}
	}
	t.Fatal("no as_of line")
	return ""
}

func TestMoveAsOfErrors(t *testing.T) {
	for _, in := range []string{"title: T\n", "- a\n", "as_of: 2020\n", "as_of: [2020-01-01]\n", "as_of: x: y\n"} {
		if _, _, _, _, err := MoveAsOfData([]byte(in), event.Date{Year: 2030}); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestCreateRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	p, err := Create(dir, "2020-01-01-a", []byte("one"))
	if err != nil || p != filepath.Join(dir, "2020", "2020-01-01-a.yaml") {
		t.Fatalf("Create = %q, %v", p, err)
	}
	if _, err := Create(dir, "2020-01-01-a", []byte("two")); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second Create: %v", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "one" {
		t.Errorf("file now %q", data)
	}
	if !Exists(dir, "2020-01-01-a") || Exists(dir, "2020-01-01-b") {
		t.Error("Exists wrong")
	}
}
