package event

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestSchemaMatchesModel keeps events/event.schema.json and the loader in
// step: every field, required field and enum value of one is in the other.
func TestSchemaMatchesModel(t *testing.T) {
	data, err := os.ReadFile("../../events/" + SchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	type object struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
		Required             []string `json:"required"`
		AdditionalProperties *bool    `json:"additionalProperties"`
	}
	var schema struct {
		object
		Defs map[string]object `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	var yield object
	raw := struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}{}
	json.Unmarshal(data, &raw)
	json.Unmarshal(raw.Defs["nuclear"].Properties["yield_kt"], &yield)

	keys := func(o object) []string {
		var k []string
		for name := range o.Properties {
			k = append(k, name)
		}
		slices.Sort(k)
		return k
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	for _, tc := range []struct {
		name             string
		obj              object
		fields, required []string
	}{
		{"event", schema.object, eventFields, eventRequired},
		{"launch", schema.Defs["launch"], launchFields, launchRequired},
		{"nuclear", schema.Defs["nuclear"], nuclearFields, nuclearRequired},
		{"yield_kt", yield, rangeFields, rangeFields},
		{"source", schema.Defs["source"], sourceFields, sourceRequired},
		{"reportedCount", schema.Defs["reportedCount"], reportedCountFields, reportedCountRequired},
		{"correction", schema.Defs["correction"], correctionFields, correctionRequired},
	} {
		if got, want := keys(tc.obj), sorted(tc.fields); !slices.Equal(got, want) {
			t.Errorf("%s: schema fields %v, loader fields %v", tc.name, got, want)
		}
		if got, want := sorted(tc.obj.Required), sorted(tc.required); !slices.Equal(got, want) {
			t.Errorf("%s: schema requires %v, loader requires %v", tc.name, got, want)
		}
		if tc.obj.AdditionalProperties == nil || *tc.obj.AdditionalProperties {
			t.Errorf("%s: schema must set additionalProperties: false, as the loader refuses unknown fields", tc.name)
		}
	}
	var kinds []string
	for _, k := range Kinds {
		kinds = append(kinds, string(k))
	}
	if got := schema.Properties["kind"].Enum; !slices.Equal(sorted(got), sorted(kinds)) {
		t.Errorf("schema kinds %v, model kinds %v", got, kinds)
	}
	if got := schema.Defs["launch"].Properties["outcome"].Enum; !slices.Equal(sorted(got), sorted(Outcomes)) {
		t.Errorf("schema outcomes %v, model outcomes %v", got, Outcomes)
	}
}
