package event

import (
	"context"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		err  string
	}{
		{in: "2017", want: Date{2017, 0, 0}},
		{in: "2017-09", want: Date{2017, 9, 0}},
		{in: "2017-09-03", want: Date{2017, 9, 3}},
		{in: "2024-02-29", want: Date{2024, 2, 29}},
		{in: "2000-02-29", want: Date{2000, 2, 29}},
		{in: "1900-02-29", err: `invalid date "1900-02-29": 1900-02 has 28 days`},
		{in: "2023-02-29", err: `invalid date "2023-02-29": 2023-02 has 28 days`},
		{in: "2022-04-31", err: `invalid date "2022-04-31": 2022-04 has 30 days`},
		{in: "2022-00", err: `invalid date "2022-00": month 0 does not exist`},
		{in: "2022-6-5", err: `invalid date "2022-6-5": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{in: "0000", err: `invalid date "0000": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{in: "2022/06/05", err: `invalid date "2022/06/05": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{in: "２０２２", err: `invalid date "２０２２": want YYYY, YYYY-MM or YYYY-MM-DD`},
	} {
		got, err := ParseDate(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseDate(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want || got.String() != tc.in {
			t.Errorf("ParseDate(%q) = %v (%q), %v; want %v", tc.in, got, got.String(), err, tc.want)
		}
	}
}

func TestDateCompare(t *testing.T) {
	order := []Date{{2016, 0, 0}, {2016, 12, 31}, {2017, 0, 0}, {2017, 1, 0}, {2017, 1, 1}, {2017, 2, 0}}
	for i := range order {
		for j := range order {
			got := order[i].Compare(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"title", "summary", "sources", "related", "launches"}
	for _, tc := range []struct{ in, want string }{
		{"tittle", "title"},
		{"sumary", "summary"},
		{"source", "sources"},
		{"lanches", "launches"},
		{"tilte", "title"},
		{"colour", ""},
		{"x", ""},
	} {
		if got := suggest(tc.in, cands); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBallisticCountAndEras(t *testing.T) {
	res, err := Load(context.Background(), baseFS(t), "events")
	if err != nil || res.Dataset == nil {
		t.Fatal(err, res.Problems)
	}
	ds := res.Dataset
	want := map[string]int{"2017-07-04-hwasong-14": 1, "2017-09-03-nuclear-test": 0, "2022-06-05-eight-srbms": 8}
	for id, n := range want {
		e, ok := ds.Event(id)
		if !ok {
			t.Fatalf("no event %s", id)
		}
		if got := ds.BallisticCount(e); got != n {
			t.Errorf("BallisticCount(%s) = %d, want %d", id, got, n)
		}
	}
	if era, ok := ds.Era(Date{2017, 9, 3}); !ok || era.ID != "kim-jong-un" {
		t.Errorf("Era(2017-09-03) = %v, %v", era, ok)
	}
	if _, ok := ds.Era(Date{2000, 1, 1}); ok {
		t.Error("Era(2000-01-01) found an era the base dataset does not have")
	}
}
