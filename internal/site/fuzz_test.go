package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// FuzzRenderEvent puts arbitrary text into every field a curator writes
// (bypassing validation, as a hostile or careless file could) and renders
// the event's page, its card and the data downloads. Whatever the text, no
// page may gain an element, attribute or URL the templates did not write,
// every CSV cell that a spreadsheet would run as a formula is neutralised,
// and the JSON stays valid.
func FuzzRenderEvent(f *testing.F) {
	for _, s := range []struct{ title, summary, body, publisher, url string }{
		{"Hwasong-19 ICBM", "Flew *67* minutes. [KCNA](https://kcna.kp/)", "", "Yonhap", "https://example.org/a"},
		{scriptPayload, mdPayload, mdPayload, imgPayload, "javascript:alert(1)"},
		{`=HYPERLINK("http://evil/t","click")`, "@SUM(1+1)*cmd|' /C calc'!A0", "+cmd", "-2+3", "https://x/\"><svg onload=alert(1)>"},
		{"\tTab", "\rCR", "<https://ok.example/> <ftp://no.example/>", "＝1+1", "data:text/html,<b>x</b>"},
	} {
		f.Add(s.title, s.summary, s.body, s.publisher, s.url)
	}
	f.Fuzz(func(t *testing.T, title, summary, body, publisher, srcURL string) {
		d := func(s string) event.Date {
			dt, err := event.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			return dt
		}
		meta := event.Meta{Title: "Fuzz", AsOf: d("2024-12-31")}
		systems := []event.System{{ID: "sys", Name: title, Aliases: []string{summary}, Class: event.ClassICBM}}
		sites := []event.Site{{ID: "site", Name: publisher, Province: body, Lat: 39, Lon: 125}}
		e := event.Event{
			ID: "2024-10-31-x", Date: d("2024-10-31"), Kind: event.KindMissileLaunch,
			Title: title, Summary: summary, Body: body, Tags: []string{title},
			Launches: []event.Launch{{System: "sys", Count: 1, Outcome: "success", Site: "site"}},
			Sources:  []event.Source{{URL: srcURL, Publisher: publisher, Title: body}},
		}
		ds := event.NewDataset(meta, systems, sites, []event.Event{e})
		render := func(templatesOnly bool) *memOutput {
			compiledOff.Store(templatesOnly)
			defer compiledOff.Store(false)
			out := newMemOutput()
			b, err := newBuilder(t.Context(), ds, mustURL(t, "https://nk.example/"), templatesFS, out)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.addEvents(); err != nil {
				t.Fatal(err)
			}
			if err := b.addEventCards(t.Context(), "/assets/charts.js", "/assets/chart.css"); err != nil {
				t.Fatal(err)
			}
			if err := b.startSpliced(); err != nil {
				t.Fatal(err)
			}
			if err := b.waitBackground(); err != nil {
				t.Fatal(err)
			}
			return out
		}
		out, plain := render(false), render(true)
		for _, name := range []string{"events/2024-10-31-x/index.html", cardFile("2024-10-31-x")} {
			page, ok := out.files[name]
			if !ok {
				t.Fatalf("no %s", name)
			}
			checkHostileHTML(t, name, string(page))
			// The compiled page writes what html/template writes.
			if !bytes.Equal(page, plain.files[name]) {
				t.Errorf("%s differs from html/template's:\n%s", name, firstDiff(page, plain.files[name]))
			}
		}
		rows, err := csv.NewReader(bytes.NewReader(out.files["data/events.csv"])).ReadAll()
		if err != nil {
			t.Fatalf("events.csv does not parse: %v", err)
		}
		for _, row := range rows {
			for _, cell := range row {
				if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsRune("=+-@\t\r＝＋－＠", []rune(c)[0]) && !isDecimal(c) {
					t.Errorf("events.csv cell %q would run as a formula", cell)
				}
			}
		}
		var js any
		if err := json.Unmarshal(out.files["data/events.json"], &js); err != nil {
			t.Errorf("events.json: %v", err)
		}
	})
}

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// allowedTags are the elements the event page and card templates write.
var allowedTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "script": true,
	"body": true, "a": true, "header": true, "div": true, "nav": true, "ul": true, "ol": true,
	"li": true, "main": true, "article": true, "p": true, "span": true, "time": true, "h1": true,
	"h2": true, "h3": true, "section": true, "table": true, "thead": true, "tbody": true,
	"tr": true, "th": true, "td": true, "abbr": true, "dl": true, "dt": true, "dd": true,
	"footer": true, "strong": true, "em": true, "code": true, "pre": true, "blockquote": true,
	"button": true, "textarea": true, "label": true, "sub": true, "cite": true, "caption": true,
	"figure": true, "figcaption": true, "hr": true, "br": true, "del": true, "aside": true,
	"details": true, "summary": true, "small": true, "img": true, "svg": true, "path": true,
	"circle": true, "g": true, "text": true, "polygon": true, "rect": true, "b": true, "i": true,
	"input": true, "form": true, "select": true, "option": true, "noscript": true, "template": true,
	"sup": true, "output": true, "fieldset": true, "legend": true,
}

// checkHostileHTML fails on anything in page that curated text could only
// have put there by becoming markup.
func checkHostileHTML(t *testing.T, name, page string) {
	t.Helper()
	for _, tg := range scanTags(page) {
		if !allowedTags[tg.Name] {
			t.Errorf("%s: element <%s> in %s", name, tg.Name, tg.Raw)
		}
		for attr, v := range tg.Attrs {
			if strings.HasPrefix(attr, "on") || attr == "style" || attr == "srcdoc" {
				t.Errorf("%s: attribute %s in %s", name, attr, tg.Raw)
			}
			if attr == "href" || attr == "src" || attr == "action" {
				l := strings.ToLower(strings.TrimSpace(v))
				if strings.HasPrefix(l, "javascript:") || strings.HasPrefix(l, "data:") || strings.HasPrefix(l, "vbscript:") {
					t.Errorf("%s: %s=%q", name, attr, v)
				}
			}
		}
		if tg.Name == "script" {
			if typ := tg.Attrs["type"]; tg.Attrs["src"] == "" && typ != "application/json" && typ != "application/ld+json" {
				t.Errorf("%s: inline script %s", name, tg.Raw)
			}
		}
	}
}
