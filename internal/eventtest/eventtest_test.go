package eventtest

import (
	"context"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// The fixture validates with no errors and one warning: kn-25's catalogue
// first flight disagrees with its earliest launch on purpose.
func TestFixtureValidates(t *testing.T) {
	res, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		if p.Severity != event.Warning || !strings.Contains(p.Msg, "first_flight 2019-07-31 disagrees") {
			t.Error(p)
		}
	}
	if w := len(res.Problems.Warnings()); w != 1 {
		t.Errorf("%d warnings, want the first-flight one", w)
	}
	ds := res.Dataset
	if ds == nil {
		t.Fatal("no dataset")
	}
	if len(ds.Events) != 30 || len(ds.Systems) != 11 || len(ds.Sites) != 5 {
		t.Errorf("%d events, %d systems, %d sites; want 30, 11, 5", len(ds.Events), len(ds.Systems), len(ds.Sites))
	}
	if ds.Meta.AsOf != AsOf {
		t.Errorf("as of %v, want %v", ds.Meta.AsOf, AsOf)
	}
}

// WriteDir gives a directory that LoadDir reads to the same dataset.
func TestWriteDir(t *testing.T) {
	res, err := event.LoadDir(context.Background(), WriteDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset == nil {
		t.Fatalf("does not validate:\n%s", res.Problems.Error())
	}
	if got, want := len(res.Dataset.Events), len(Dataset().Events); got != want {
		t.Errorf("%d events from disk, %d from memory", got, want)
	}
}
