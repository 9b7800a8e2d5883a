package site

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestSearchIndex checks data/search.json on the small dataset: the
// header's catalogues and the compact record of each event, newest first.
func TestSearchIndex(t *testing.T) {
	files := renderSmall(t)
	data, ok := files["data/search.json"]
	if !ok {
		t.Fatal("no data/search.json")
	}
	var f searchFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.AsOf != "2023-12-31" || f.Base != "/" {
		t.Errorf("as_of, base = %q, %q", f.AsOf, f.Base)
	}
	var ids []string
	for _, e := range f.Events {
		ids = append(ids, e.ID)
	}
	if got, want := strings.Join(ids, " "), "2022-03-mixed 2018-06-12-singapore-summit 2017-11-29-hwasong-15 2017-09-03-sixth-nuclear-test 2012-12-12-unha-3 1998-unha"; got != want {
		t.Errorf("events = %s, want newest first %s", got, want)
	}
	// One event, whole: the bytes as a reader of the file sees them.
	var raw struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		i    int
		want string
	}{
		{0, `{"id":"2022-03-mixed","date":"2022-03","kind":"missile-launch","title":"Salvo of mixed missiles","summary":"Two SRBMs, one failed, and cruise missiles.","systems":["kn-23","hwasal-2"],"sites":["sunan"],"classes":{"SRBM":3,"cruise":2},"outcomes":{"failure":1,"success":2,"unknown":2},"tags":["salvo","cruise"],"era":"kim-jong-un","ballistic":3}`},
		// Markdown is gone from the summary; a nuclear test names its site.
		{2, `{"id":"2017-11-29-hwasong-15","date":"2017-11-29","kind":"missile-launch","title":"Hwasong-15 ICBM","summary":"First flight of the Hwasong-15, with a record apogee.","systems":["hwasong-15"],"sites":["sunan"],"classes":{"ICBM":1},"outcomes":{"success":1},"tags":["icbm"],"era":"kim-jong-un","ballistic":1}`},
		{3, `{"id":"2017-09-03-sixth-nuclear-test","date":"2017-09-03","kind":"nuclear-test","title":"Sixth nuclear test","summary":"The largest test & the last one so far.","sites":["punggye-ri"],"era":"kim-jong-un"}`},
		{5, `{"id":"1998-unha","date":"1998","kind":"other-test","title":"A test known only to the year","summary":"Little is known.","era":"kim-jong-il"}`},
	} {
		if got := string(raw.Events[tc.i]); got != tc.want {
			t.Errorf("event %d:\n got %s\nwant %s", tc.i, got, tc.want)
		}
	}
	// The catalogues carry the aliases search matches.
	ds := smallDataset(t)
	if len(f.Systems) != len(ds.Systems) || len(f.Sites) != len(ds.Sites) || len(f.Eras) != 2 {
		t.Errorf("catalogues: %d systems, %d sites, %d eras", len(f.Systems), len(f.Sites), len(f.Eras))
	}
	if len(f.Kinds) != 12 || !f.Kinds[8].Context || f.Kinds[0].Context {
		t.Errorf("kinds = %+v", f.Kinds)
	}
	if len(f.Classes) != 11 || !f.Classes[0].Ballistic || f.Classes[5].Label != "ballistic, class unknown" {
		t.Errorf("classes = %+v", f.Classes)
	}
}

// TestSearchIndexReal checks the real record's index: every event once,
// aliases present, and small enough to load on a phone.
func TestSearchIndexReal(t *testing.T) {
	ds, schema := realDataset(t)
	files, _, err := render(t.Context(), ds, Options{Out: t.TempDir() + "/out", BaseURL: "https://nk.example/", Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	var f searchFile
	if err := json.Unmarshal(files["data/search.json"], &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Events) != len(ds.Events) {
		t.Errorf("%d events in search.json, %d in the record", len(f.Events), len(ds.Events))
	}
	aliases := map[string]string{}
	for _, s := range f.Systems {
		for _, a := range s.Aliases {
			aliases[a] = s.ID
		}
	}
	for _, s := range f.Sites {
		for _, a := range s.Aliases {
			aliases[a] = s.ID
		}
	}
	for _, a := range []string{"KN-23", "Scud-B", "Tongchang-ri"} {
		if aliases[a] == "" {
			t.Errorf("no catalogue entry has the alias %s", a)
		}
	}
	for _, e := range f.Events {
		if n := len([]rune(e.Summary)); n > summaryExcerpt+1 {
			t.Errorf("%s: summary of %d characters", e.ID, n)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four five", 12, "one two…"},
		{"Pyongyang, Sunan and Wonsan", 18, "Pyongyang, Sunan…"},
		{"ünïcödé wörds everywhere", 14, "ünïcödé wörds…"},
	} {
		if got := excerpt(tc.in, tc.n); got != tc.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// TestAboutDocumentsSearch checks that the About page describes every
// filter and every key of data/search.json.
func TestAboutDocumentsSearch(t *testing.T) {
	page := squash(string(renderSmall(t)["about/index.html"]))
	for _, f := range []string{"q", "kind", "class", "system", "site", "outcome", "tag", "era", "from", "to"} {
		if !strings.Contains(page, `<th scope="row"><code>`+f+`=</code></th>`) {
			t.Errorf("the about page does not describe the filter %s", f)
		}
	}
	for _, typ := range []any{searchFile{}, searchEvent{}} {
		for _, key := range jsonKeys(typ) {
			if !strings.Contains(page, `<th scope="row"><code>`+key+`</code></th>`) {
				t.Errorf("the about page does not describe the key %s of search.json", key)
			}
		}
	}
	if !strings.Contains(page, `kim-jong-il, kim-jong-un): events dated within it.`) {
		t.Error("the era filter does not list the record's era ids")
	}
}

// jsonKeys lists the json names of a struct's fields.
func jsonKeys(v any) []string {
	var keys []string
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	return keys
}
