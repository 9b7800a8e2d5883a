package eventtest

import (
	"context"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// The fixture validates with no errors and no warnings, so builds in
// strict mode accept it.
func TestFixtureValidates(t *testing.T) {
	res, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Error(p)
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
