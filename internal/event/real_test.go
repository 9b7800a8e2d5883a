package event

import (
	"context"
	"testing"
)

func loadCommitted(t *testing.T) *Dataset {
	t.Helper()
	res, err := LoadDir(context.Background(), "../../events")
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset == nil {
		t.Fatalf("the committed events do not validate:\n%s", res.Problems.Error())
	}
	return res.Dataset
}

// The committed events validate with --strict: no errors and no warnings.
func TestCommittedEventsStrict(t *testing.T) {
	res, err := LoadDir(context.Background(), "../../events")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Error(p)
	}
	if res.Events < 100 {
		t.Errorf("only %d events", res.Events)
	}
}

// The figure this project began from: 31 ballistic missiles in the first
// six months of 2022, more than in any whole year before it.
func TestCountingRule2022(t *testing.T) {
	ds := loadCommitted(t)
	perYear := map[int]int{}
	firstHalf := 0
	for i := range ds.Events {
		e := &ds.Events[i]
		n := ds.BallisticCount(e)
		perYear[e.Date.Year] += n
		if e.Date.Year == 2022 && e.Date.Month >= 1 && e.Date.Month <= 6 {
			firstHalf += n
		}
	}
	if firstHalf != 31 {
		t.Errorf("January–June 2022: %d ballistic missiles, want 31", firstHalf)
	}
	for year, n := range perYear {
		if year < 2022 && n >= firstHalf {
			t.Errorf("%d had %d ballistic missiles, not fewer than the first half of 2022 (%d)", year, n, firstHalf)
		}
		if year != 2022 && n >= perYear[2022] {
			t.Errorf("%d had %d ballistic missiles, not fewer than 2022 (%d): 2022 must be the record year", year, n, perYear[2022])
		}
	}
}
