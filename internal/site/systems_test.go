package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventtest"
	"github.com/nktimeline/timeline/internal/stats"
)

func renderFixture(t *testing.T) map[string][]byte {
	t.Helper()
	files, _, err := render(context.Background(), eventtest.Dataset(), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSystemAndSitePages checks the figures of the system and site pages
// of the shared fixture against values worked out by hand from
// internal/eventtest/fixture.txtar.
func TestSystemAndSitePages(t *testing.T) {
	files := renderFixture(t)
	for _, tc := range []struct {
		page    string
		want    []string
		notWant []string
		rows    int // rows of the launch or event table
	}{
		// KN-25: the catalogue's first flight (31 Jul 2019) disagrees with
		// the record's (2 Aug 2019, two events that day: the earlier id
		// comes first); the range and apogee of 250 and 30 km are tied by
		// the second salvo the same day, and the first holds them.
		{"systems/kn-25/index.html", []string{
			`<dt>First flight</dt><dd><a href="/events/2019-08-02-kn-25/"><time datetime="2019-08-02">2 Aug 2019</time></a> (`,
			`The catalogue dates the first flight to 31 Jul 2019`,
			`<dt>Latest launch</dt><dd><a href="/events/2023-07-12-kn-25/"><time datetime="2023-07-12">12 Jul 2023</time></a>`,
			`<dt>Launched</dt><dd>9 missiles in 4 launch events</dd>`,
			`<dt>Outcomes</dt><dd>8 success, 1 failure</dd>`,
			`<dt>Longest range</dt><dd>250 km, <a href="/events/2019-08-02-kn-25/">`,
			`<dt>Highest apogee</dt><dd>30 km, <a href="/events/2019-08-02-kn-25/">`,
			`<dt>Longest flight</dt><dd>not reported</dd>`,
			// 2019: 4, 2022: 4 (the earlier year holds the tie), 2023: 1;
			// 2020, 2021 and 2024 (the as-of year, partial: the record
			// stops on 29 Feb) none.
			`From 2019 to 29 Feb 2024, 9 missiles launched in 4 launch events. The most in one year was 4, in 2019. 3 of the 6 years had none.`,
			`<tr><th scope="row">2024 (to 29 Feb)</th><td>0</td><td>0</td></tr>`,
			`"text":"* 2024: to 29 Feb"`,
			`<tr><th scope="row">2022</th><td>4</td><td>1</td></tr>`,
			`<td>success</td><td><a href="/sites/sohae/">Sohae</a></td>`,
			`<a href="/systems/"`,
			`data-nktimeline-embed`,
		}, nil, 4},
		// Pukguksong-1: one launch with no known outcome.
		{"systems/pukguksong-1/index.html", []string{
			`<dt>Launched</dt><dd>1 missile in 1 launch event</dd>`,
			`<dt>Outcomes</dt><dd>not known for any</dd>`,
			`<dt>Longest flight</dt><dd>10 minutes, <a href="/events/2016-08-24-slbm/">`,
			`<p class="lede">SLBM, solid propellant. Also known as KN-11.</p>`,
		}, []string{"The catalogue dates"}, 1},
		// Hwasong-15: a catalogue date known to the month agrees.
		{"systems/hwasong-15/index.html", []string{
			`<dt>Launched</dt><dd>2 missiles in 2 launch events</dd>`,
			`<dt>Highest apogee</dt><dd>5768 km, <a href="/events/2023-02-18-hwasong-15/">`,
		}, []string{"The catalogue dates"}, 2},
		// Hwasong-11: groups with no known outcome (8 on 2 Nov 2022, 2 in
		// Feb 2024) among known ones.
		{"systems/hwasong-11/index.html", []string{
			`<dt>Launched</dt><dd>28 missiles in 11 launch events</dd>`,
			`<dt>Outcomes</dt><dd>16 success, 2 partial; not known for 10</dd>`,
			// 300 km first on 10 Mar 2016, tied on 5 Jan 2022.
			`<dt>Longest range</dt><dd>300 km, <a href="/events/2016-03-10-pair/">`,
			`<dt>Highest apogee</dt><dd>50 km, <a href="/events/2011-12-17-last-day-launch/">`,
			`<td>not reported</td>`,
		}, nil, 11},
		// Hwasong-20 never flew.
		{"systems/hwasong-20/index.html", []string{
			`<dt>Launches</dt><dd>none in the record</dd>`,
		}, []string{`id="per-year-h"`, `id="launches-h"`, "charts."}, 0},
		{"systems/index.html", []string{
			`The 11 weapon systems of the record, 10 of them launched at least once`,
			`<h2 id="c-SRBM-h">Short-range ballistic missiles (SRBM)</h2>`,
			`<th scope="row"><a href="/systems/hwasong-20/">Hwasong-20</a></th><td></td><td>solid</td><td class="n">0</td><td class="n">0</td><td class="date"><span class="na">none</span>`,
		}, nil, 0},
		// Sunan: 14 launch events, 23 missiles of which the 2 cruise
		// missiles are not ballistic. Systems by missiles, then by name.
		{"sites/sunan/index.html", []string{
			`<dt>Launched</dt><dd>23 missiles and rockets (21 ballistic) in 14 launch events</dd>`,
			`<dt>First event</dt><dd><a href="/events/2011-12-17-last-day-launch/">`,
			`<dt>Latest event</dt><dd><a href="/events/2024-01-14-single/">`,
			`<a href="/systems/hwasong-11/">Hwasong-11</a></th><td>SRBM</td><td class="n">12</td><td class="n">6</td>`,
			`<a href="/systems/kn-25/">KN-25</a></th><td>SRBM</td><td class="n">5</td><td class="n">3</td>`,
			`<a href="/systems/hwasal-1/">Hwasal-1</a></th><td>cruise</td><td class="n">2</td><td class="n">1</td></tr><tr><th scope="row"><a href="/systems/hwasong-15/">`,
			`<a href="/systems/hwasong-17/">Hwasong-17</a></th><td>ICBM</td><td class="n">1</td><td class="n">1</td></tr><tr><th scope="row"><a href="/systems/hwasong-5/">`,
			`<svg class="locator"`,
			`class="here"`,
			`"containedInPlace":{"@type":"AdministrativeArea","name":"Pyongyang, North Korea"},"geo":{"@type":"GeoCoordinates","latitude":39.2,"longitude":125.67},"name":"Sunan"}`, `"about":{"@type":"Place",`,
		}, nil, 14},
		// Punggye-ri: nuclear tests, no launch.
		{"sites/punggye-ri/index.html", []string{
			`<dt>Launched</dt><dd>none in the record</dd>`,
			`<dt>Nuclear tests</dt><dd>2</dd>`,
			`<dt>First event</dt><dd><a href="/events/2013-02-12-nuclear-test/">`,
			`<dt>Latest event</dt><dd><a href="/events/2016-09-09-nuclear-test/">`,
			`<td>Nuclear test</td>`,
		}, []string{`id="per-year-h"`, `id="systems-h"`}, 2},
		// Kusong: nothing happened there.
		{"sites/kusong/index.html", []string{
			`<dt>Launched</dt><dd>none in the record</dd>`,
			`<svg class="locator"`,
		}, []string{`id="per-year-h"`, `id="systems-h"`, `id="events-h"`, "First event"}, 0},
		{"sites/index.html", []string{
			`The 5 places of the record, 4 of them with at least one launch or nuclear test`,
			`<h2 id="p-north-hamgyong-h">North Hamgyong</h2>`,
		}, nil, 0},
	} {
		t.Run(tc.page, func(t *testing.T) {
			page := squash(string(files[tc.page]))
			if page == "" {
				t.Fatal("no page")
			}
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(page, w) {
					t.Errorf("page has %s", w)
				}
			}
			if tc.rows > 0 || strings.Contains(tc.page, "/index.html") && strings.Count(tc.page, "/") == 2 {
				if got := strings.Count(page, `<tr><td class="date">`); got != tc.rows {
					t.Errorf("%d rows in the launch or event table, want %d", got, tc.rows)
				}
			}
		})
	}
	// The provinces in alphabetical order.
	idx := string(files["sites/index.html"])
	last := -1
	for _, p := range []string{"North Hamgyong", "North Pyongan", "Pyongyang", "South Hamgyong"} {
		i := strings.Index(idx, `<h2 id="p-`+slug(p)+`-h">`)
		if i < last {
			t.Errorf("province %s out of order", p)
		}
		last = i
	}
}

// TestSystemAndSitePagesReal checks that every system and site page of the
// real record shows the figures of package stats.
func TestSystemAndSitePagesReal(t *testing.T) {
	ds, schema := realDataset(t)
	files, _, err := render(context.Background(), ds, Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: schema,
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := func(e *event.Event) string {
		return fmt.Sprintf(`<a href="/events/%s/"><time datetime="%s">%s</time></a>`, e.ID, e.Date, formatDate(e.Date))
	}
	for _, s := range stats.Systems(ds) {
		page := squash(string(files["systems/"+s.System.ID+"/index.html"]))
		var want []string
		if s.First == nil {
			want = append(want, `<dt>Launches</dt><dd>none in the record`)
		} else {
			want = append(want,
				fmt.Sprintf(`<dt>Launched</dt><dd>%s in %s</dd>`, countText(s.Missiles, "missile", "missiles"), countText(s.LaunchEvents, "launch event", "launch events")),
				`<dt>First flight</dt><dd>`+ref(s.First),
				`<dt>Latest launch</dt><dd>`+ref(s.Latest))
			if b := s.LongestRange; b != nil {
				want = append(want, fmt.Sprintf(`<dt>Longest range</dt><dd>%s km, %s`, formatNum(b.Value), ref(b.Event)))
			}
			if b := s.HighestApogee; b != nil {
				want = append(want, fmt.Sprintf(`<dt>Highest apogee</dt><dd>%s km, %s`, formatNum(b.Value), ref(b.Event)))
			}
		}
		if s.FirstFlightDisagrees != strings.Contains(page, "The catalogue dates the first flight") && s.First != nil {
			t.Errorf("%s: the page and stats differ on whether the first flight disagrees (%v)", s.System.ID, s.FirstFlightDisagrees)
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("systems/%s: page lacks %s", s.System.ID, w)
			}
		}
		if got := strings.Count(page, `<tr><td class="date">`); got != len(s.Launches) {
			t.Errorf("systems/%s: %d launch rows, stats has %d", s.System.ID, got, len(s.Launches))
		}
	}
	for _, s := range stats.SiteDetails(ds) {
		page := squash(string(files["sites/"+s.Site.ID+"/index.html"]))
		if s.LaunchEvents > 0 {
			w := fmt.Sprintf(`<dt>Launched</dt><dd>%s %s (%s ballistic) in %s</dd>`, formatInt(s.Missiles),
				map[bool]string{true: "missile or rocket", false: "missiles and rockets"}[s.Missiles == 1], formatInt(s.Ballistic),
				countText(s.LaunchEvents, "launch event", "launch events"))
			if !strings.Contains(page, w) {
				t.Errorf("sites/%s: page lacks %s", s.Site.ID, w)
			}
		}
		if got := strings.Count(page, `<tr><td class="date">`); got != len(s.Events) {
			t.Errorf("sites/%s: %d event rows, stats has %d", s.Site.ID, got, len(s.Events))
		}
		if s.First != nil && !strings.Contains(page, `<dt>First event</dt><dd>`+ref(s.First)) {
			t.Errorf("sites/%s: first event is not %s", s.Site.ID, s.First.ID)
		}
	}
}

// TestEventLinks checks that the events name their systems and sites with
// links to their pages, on the event pages, the cards and the timeline.
func TestEventLinks(t *testing.T) {
	files := renderFixture(t)
	for _, tc := range []struct{ file, want string }{
		{"events/2022-06-05-eight/index.html", `<th scope="row"><a href="/systems/kn-25/">KN-25</a></th><td>SRBM</td><td class="n">4</td><td>success</td><td><a href="/sites/sohae/">Sohae</a></td>`},
		{"events/2013-02-12-nuclear-test/index.html", `<dt>Site</dt><dd><a href="/sites/punggye-ri/">Punggye-ri</a></dd>`},
		{"events/2022-06-05-eight/embed.html", `<dt>Systems</dt><dd><a href="https://nk.example/systems/hwasong-11/" target="_blank" rel="noopener">Hwasong-11</a>, <a href="https://nk.example/systems/kn-25/" target="_blank" rel="noopener">KN-25</a></dd>`},
		{"events/2022-06-05-eight/embed.html", `<dt>Launched from</dt><dd><a href="https://nk.example/sites/sunan/" target="_blank" rel="noopener">Sunan</a>, <a href="https://nk.example/sites/sohae/" target="_blank" rel="noopener">Sohae</a></dd>`},
		{"charts/launch-sites/index.html", `<th scope="row"><a href="/sites/sunan/" target="_top">Sunan</a></th>`},
		{"charts/index.html", `<th scope="row"><a href="/sites/sunan/" target="_top">Sunan</a></th>`},
		// 2023: the Hwasong-15's apogee of 5768 km on 18 Feb.
		{"charts/reach-per-year/index.html", `<td>5768</td><td><a href="/systems/hwasong-15/" target="_top">Hwasong-15</a></td><td><a href="/events/2023-02-18-hwasong-15/" target="_top">18 Feb 2023</a></td>`},
		{"index.html", `8 SRBM · <a href="/systems/hwasong-11/">Hwasong-11</a>, <a href="/systems/kn-25/">KN-25</a> · from <a href="/sites/sunan/">Sunan</a>, <a href="/sites/sohae/">Sohae</a> · outcome: success`},
	} {
		if !strings.Contains(squash(string(files[tc.file])), tc.want) {
			t.Errorf("%s lacks %s", tc.file, tc.want)
		}
	}
}

func TestClassTitles(t *testing.T) {
	for _, c := range event.Classes {
		if _, ok := classTitles[c]; !ok {
			t.Errorf("no title for the class %s", c)
		}
	}
}
