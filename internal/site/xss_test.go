package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// Payloads that would run script or load something if curated text ever
// became markup.
const (
	scriptPayload = `</script><script>alert(1)</script>`
	imgPayload    = `<img src=x onerror=alert(1)>`
	attrPayload   = `"'><svg onload=alert(1)>`
	// mdPayload tries every way Markdown can make links, images and HTML.
	mdPayload = "[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) " +
		"<javascript:alert(1)> ![pic](https://evil.example/x.png) <script>alert(1)</script> " +
		"[ok](https://example.org/fine)\n\n<div onclick=alert(1)>block html</div>\n"
)

var payload = scriptPayload + " " + imgPayload + " " + attrPayload

// xssDataset puts the payloads into every text field a curator controls.
// It bypasses validation on purpose (source URLs and tags could not pass
// it), to test that rendering alone is safe.
func xssDataset(t testing.TB) *event.Dataset {
	d := func(s string) event.Date { return mustDate(t, s) }
	meta := event.Meta{
		Title: "T " + payload, Description: "D " + payload, Licence: "L " + payload, AsOf: d("2023-12-31"),
		Eras: []event.Era{{ID: "kim-jong-un", Name: "E " + payload, Start: d("2011-12-18")}},
	}
	systems := []event.System{{ID: "sys", Name: "S " + payload, Aliases: []string{payload}, Class: event.ClassICBM, Propellant: "liquid", Description: payload}}
	sites := []event.Site{{ID: "site", Name: "P " + payload, Aliases: []string{payload}, Province: payload, Lat: 39, Lon: 125}}
	src := []event.Source{
		{URL: "javascript:alert(1)", Publisher: "Pub " + payload, Title: "Src " + payload, Published: d("2017-01-01")},
		{URL: "https://example.org/\"><script>alert(1)</script>", Publisher: payload},
	}
	events := []event.Event{
		{
			ID: "2017-11-29-a", Date: d("2017-11-29"), Time: payload, Kind: event.KindMissileLaunch,
			Title: "A " + payload, Summary: "Sum " + payload + " " + mdPayload, Body: "Body " + payload + "\n\n" + mdPayload,
			Launches: []event.Launch{{System: "sys", Count: 2, Outcome: payload, Site: "site", ApogeeKm: fptr(100)}},
			Sources:  src, Tags: []string{payload}, Related: []string{"2017-09-03-b"},
		},
		{
			ID: "2017-09-03-b", Date: d("2017-09-03"), Kind: event.KindNuclearTest,
			Title: "B " + payload, Summary: mdPayload,
			Nuclear: &event.Nuclear{Site: "site", Claim: "C " + payload, YieldKt: &event.Range{Min: 1, Max: 2}},
			Sources: src, Tags: []string{payload},
		},
		{
			ID: "2018-06-12-c", Date: d("2018-06-12"), Kind: event.KindDiplomacy,
			Title: "C " + payload, Summary: mdPayload, Sources: src,
		},
	}
	return event.NewDataset(meta, systems, sites, events)
}

// templateTags returns the elements the templates themselves write, found
// by rendering the benign small dataset. An element in the payload build
// that is not among them came from curated text.
func templateTags(t *testing.T) map[string]bool {
	files, _, err := render(context.Background(), smallDataset(t), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			for _, tg := range scanTags(string(data)) {
				tags[tg.Name] = true
			}
		}
	}
	// Never ours: elements that load or run something. The one <svg> the
	// templates write, the locator map of the site pages, is drawn from
	// numbers and escaped names; checkNoInjection allows only that one.
	for _, bad := range []string{"img", "math", "iframe", "object", "embed", "frame", "base", "video", "audio", "source"} {
		if tags[bad] {
			t.Errorf("the templates write <%s>; review it and the tests", bad)
		}
		delete(tags, bad)
	}
	return tags
}

// TestNoInjection renders the payload dataset and checks every page: only
// our own elements, no event-handler attributes, no script but our own
// files and JSON data blocks, no URL that is not http(s) or our own, and
// the payload text shown as text.
func TestNoInjection(t *testing.T) {
	files, _, err := render(context.Background(), xssDataset(t), Options{
		Out: filepath.Join(t.TempDir(), "out"), BaseURL: "https://nk.example/", Schema: testSchema,
	})
	if err != nil {
		t.Fatal(err)
	}
	allowed := templateTags(t)
	pages := 0
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		doc := string(files[name])
		checkNoInjection(t, allowed, name, doc)
	}
	if pages < 5 {
		t.Fatalf("only %d pages rendered", pages)
	}
	// The payload must be visible as text: escaped, not dropped.
	event := string(files["events/2017-11-29-a/index.html"])
	for _, want := range []string{
		"A &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;img src=x onerror=alert(1)&gt;",
		// Unsafe links and images keep their text and lose their target.
		"<p>click data javascript:alert(1) pic ",
	} {
		if !strings.Contains(event, want) {
			t.Errorf("event page does not show %q as text", want)
		}
	}
	if !strings.Contains(event, `<a href="https://example.org/fine">ok</a>`) {
		t.Errorf("a safe Markdown link was lost")
	}
	// The about page prints the licence, the era names and the site title
	// from the data.
	about, ok := files["about/index.html"]
	if !ok {
		t.Fatal("no about/index.html to check")
	}
	for _, want := range []string{
		"The data is published under L &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		"E &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		"Source: T &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
	} {
		if !strings.Contains(string(about), want) {
			t.Errorf("about page does not show %q as text", want)
		}
	}
}

func checkNoInjection(t *testing.T, allowed map[string]bool, name, doc string) {
	t.Helper()
	for _, tg := range scanTags(doc) {
		if !allowed[tg.Name] {
			t.Errorf("%s: unexpected element %s", name, tg.Raw)
		}
		for attr, v := range tg.Attrs {
			if strings.HasPrefix(attr, "on") {
				t.Errorf("%s: event handler attribute in %s", name, tg.Raw)
			}
			if attr == "style" && strings.Contains(strings.ToLower(v), "url(") {
				t.Errorf("%s: style loading a URL in %s", name, tg.Raw)
			}
		}
		for _, attr := range urlAttrs {
			v, ok := tg.Attrs[attr]
			if !ok {
				continue
			}
			lv := strings.ToLower(strings.TrimSpace(v))
			if !(strings.HasPrefix(lv, "https://") || strings.HasPrefix(lv, "http://") ||
				strings.HasPrefix(lv, "/") || strings.HasPrefix(lv, "#") || lv == "data:,") ||
				strings.HasPrefix(lv, "//") {
				t.Errorf("%s: %s=%q in %s", name, attr, v, tg.Raw)
			}
			if tg.Name != "a" && strings.HasPrefix(lv, "http") && !strings.HasPrefix(lv, "https://nk.example/") {
				t.Errorf("%s: %s loads from another host", name, tg.Raw)
			}
		}
		if tg.Name == "svg" && tg.Attrs["class"] != "locator" {
			t.Errorf("%s: an <svg> that is not the locator map: %s", name, tg.Raw)
		}
		if tg.Name == "script" {
			typ, src := tg.Attrs["type"], tg.Attrs["src"]
			switch {
			case src != "" && strings.HasPrefix(src, "/assets/"):
			case typ == "application/json" || typ == "application/ld+json":
			default:
				t.Errorf("%s: script that is neither ours nor a data block: %s", name, tg.Raw)
			}
		}
	}
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
