package event

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"
)

// TestRevisionValues checks that valid reported counts, updates and
// corrections reach the model as written.
func TestRevisionValues(t *testing.T) {
	fsys := baseFS(t)
	fsys["2022/2022-06-06-revised.yaml"] = &fstest.MapFile{Data: []byte(`date: 2022-06-06
kind: missile-launch
title: Counts that differ
summary: Two bodies, two figures.
body: Details.
launches:
  - system: kn-23
    count: 10
    count_estimated: true
    outcome: success
    reported_counts:
      - {by: South Korea JCS, count: 10, estimated: true, url: "https://example.org/jcs"}
      - {by: KCNA, count: 18}
sources:
  - url: https://example.org/x
    publisher: Example
updated: 2022-12-31
corrections:
  - date: 2022-07-01
    text: The count was eight.
  - date: 2022-12-31
    text: The count is ten.
`)}
	res, err := Load(context.Background(), fsys, "events")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems:\n%s", formatProblems(res.Problems))
	}
	e, ok := res.Dataset.Event("2022-06-06-revised")
	if !ok {
		t.Fatal("event not loaded")
	}
	wantCounts := []ReportedCount{
		{By: "South Korea JCS", Count: 10, Estimated: true, URL: "https://example.org/jcs"},
		{By: "KCNA", Count: 18},
	}
	if got := e.Launches[0].ReportedCounts; !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("reported counts = %+v, want %+v", got, wantCounts)
	}
	if want := (Date{2022, 12, 31}); e.Updated != want {
		t.Errorf("updated = %v, want %v", e.Updated, want)
	}
	wantCorr := []Correction{
		{Date: Date{2022, 7, 1}, Text: "The count was eight."},
		{Date: Date{2022, 12, 31}, Text: "The count is ten."},
	}
	if !reflect.DeepEqual(e.Corrections, wantCorr) {
		t.Errorf("corrections = %+v, want %+v", e.Corrections, wantCorr)
	}
	// An event without them keeps the zero values.
	plain, _ := res.Dataset.Event("2022-06-05-eight-srbms")
	if !plain.Updated.IsZero() || plain.Corrections != nil || plain.Launches[0].ReportedCounts != nil {
		t.Errorf("event without revisions got %v, %v, %v", plain.Updated, plain.Corrections, plain.Launches[0].ReportedCounts)
	}
}
