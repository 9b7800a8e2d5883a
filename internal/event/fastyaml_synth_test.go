package event_test

import (
	"testing"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/synth/gen"
)

// TestParseFastSynthetic: parseFast takes every file of a synthetic set of
// 10,000 events (the one `go run ./internal/synth -n 10000` writes) and
// reads it as yaml.v3 does.
func TestParseFastSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 10,000 events")
	}
	c, err := gen.LoadCatalogue("../../events")
	if err != nil {
		t.Fatal(err)
	}
	set, err := gen.Generate(c, 10000, 1)
	if err != nil {
		t.Fatal(err)
	}
	files := set.Files()
	for name, data := range files {
		taken, diff := event.CompareFast(data)
		if !taken && name != event.SchemaFile {
			t.Errorf("%s: parseFast declined it", name)
		}
		if diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
	if len(files) < 10000 {
		t.Errorf("only %d files", len(files))
	}
}
