package site

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestChanges checks that a corrected event says so on its page, in the
// downloads and on the changes page and its feed.
func TestChanges(t *testing.T) {
	ds := smallDataset(t)
	files, err := BuildFiles(context.Background(), ds, Options{BaseURL: "https://nk.example/", Schema: testSchema})
	if err != nil {
		t.Fatal(err)
	}
	page := squash(string(files["events/2022-03-mixed/index.html"]))
	for _, want := range []string{
		`<a href="#corrections">Updated <time datetime="2023-06-01">1 Jun 2023</time></a>`,
		`<li id="correction-1"><time datetime="2023-06-01">1 Jun 2023</time>: The count was one SRBM`,
		`<li id="correction-0"><time datetime="2023-02-01">1 Feb 2023</time>: The site is Sunan, not <em>Pyongyang</em>.</li>`,
		`South Korea JCS: about 1; <a href="https://example.org/kcna" rel="noopener noreferrer">KCNA</a>: 2. Counted: 2, <a href="/about/#reported-counts">by this record's rule</a>.`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("event page lacks %s", want)
		}
	}
	if other := string(files["events/2017-11-29-hwasong-15/index.html"]); strings.Contains(other, "Updated") || strings.Contains(other, `id="corrections"`) {
		t.Error("an event without corrections says it was updated")
	}

	changes := squash(string(files["changes/index.html"]))
	i := strings.Index(changes, "The count was one SRBM")
	j := strings.Index(changes, "The site is Sunan")
	if i < 0 || j < 0 || i > j {
		t.Errorf("changes page: want both corrections, newest first (at %d and %d)", i, j)
	}
	if !strings.Contains(changes, `href="/events/2022-03-mixed/#correction-1"`) {
		t.Error("changes page does not link the correction on the event page")
	}

	var feed struct {
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["changes/feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Updated != "2023-06-01T00:00:00+09:00" ||
		feed.Entries[0].ID != "https://nk.example/events/2022-03-mixed/#correction-1" ||
		!strings.Contains(feed.Entries[1].Summary, "not Pyongyang.") {
		t.Errorf("changes feed: %+v", feed.Entries)
	}

	var data struct {
		Events []struct {
			ID          string `json:"id"`
			Updated     string `json:"updated"`
			Corrections []struct{ Date, Text string }
			Launches    []struct {
				ReportedCounts []struct {
					By        string `json:"by"`
					Count     int    `json:"count"`
					Estimated bool   `json:"estimated"`
					URL       string `json:"url"`
				} `json:"reported_counts"`
			} `json:"launches"`
		} `json:"events"`
	}
	if err := json.Unmarshal(files["data/events.json"], &data); err != nil {
		t.Fatal(err)
	}
	for _, e := range data.Events {
		if e.ID != "2022-03-mixed" {
			if e.Updated != "" || e.Corrections != nil {
				t.Errorf("%s: updated %q, corrections %v; want none", e.ID, e.Updated, e.Corrections)
			}
			continue
		}
		if e.Updated != "2023-06-01" || len(e.Corrections) != 2 || e.Corrections[0].Date != "2023-02-01" {
			t.Errorf("%s: updated %q, corrections %+v", e.ID, e.Updated, e.Corrections)
		}
		rc := e.Launches[0].ReportedCounts
		if len(rc) != 2 || rc[0].By != "South Korea JCS" || !rc[0].Estimated || rc[1].Count != 2 || rc[1].URL == "" {
			t.Errorf("%s: reported_counts %+v", e.ID, rc)
		}
	}
	// The sitemap dates an event by its updated date, else its own date,
	// and every other page by the as-of date.
	var sm urlSet
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	mods := map[string]string{}
	for _, u := range sm.URLs {
		mods[u.Loc] = u.LastMod
	}
	for loc, want := range map[string]string{
		"https://nk.example/":                              "2023-12-31",
		"https://nk.example/changes/":                      "2023-12-31",
		"https://nk.example/events/2022-03-mixed/":         "2023-06-01",
		"https://nk.example/events/2017-11-29-hwasong-15/": "2017-11-29",
		"https://nk.example/events/1998-unha/":             "1998",
	} {
		if mods[loc] != want {
			t.Errorf("sitemap: %s lastmod %q, want %q", loc, mods[loc], want)
		}
	}

	csv := string(files["data/events.csv"])
	if !strings.HasSuffix(strings.SplitN(csv, "\r\n", 2)[0], ",sources,updated") || !strings.Contains(csv, "https://example.org/mixed,2023-06-01\r\n") {
		t.Errorf("events.csv lacks the updated column:\n%s", csv)
	}
}

// TestUncorrected checks the changes page of a record with an updated
// date that no correction explains, and of a record without changes.
func TestUncorrected(t *testing.T) {
	ds := smallDataset(t)
	for i := range ds.Events {
		ds.Events[i].Updated = ds.Events[i].EndDate // only the summit has one
		ds.Events[i].Corrections = nil
	}
	opt := Options{BaseURL: "https://nk.example/", Schema: testSchema}
	files, err := BuildFiles(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	changes := squash(string(files["changes/index.html"]))
	if !strings.Contains(changes, "A fact of this event was updated.") || !strings.Contains(changes, "Singapore summit") {
		t.Error("changes page does not list an updated date without a correction")
	}
	for i := range ds.Events {
		ds.Events[i].Updated = event.Date{}
	}
	files, err = BuildFiles(context.Background(), ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	if changes := squash(string(files["changes/index.html"])); !strings.Contains(changes, "No fact in the record has been corrected") {
		t.Error("changes page of a record without changes does not say so")
	}
}
