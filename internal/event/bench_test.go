package event

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
)

// generated returns the base dataset plus n generated events of every
// shape: launches, nuclear tests and context, with sources, tags and
// related events.
func generated(tb testing.TB, n int) fstest.MapFS {
	m := baseFS(tb)
	for i := range n {
		year := 2000 + i%22
		month := 1 + (i/22)%12
		day := 1 + (i/264)%28
		id := fmt.Sprintf("%04d-%02d-%02d-event-%d", year, month, day, i)
		var body string
		switch i % 3 {
		case 0:
			body = fmt.Sprintf(`kind: missile-launch
launches:
  - system: kn-23
    count: %d
    count_estimated: false
    outcome: success
    site: panghyon
    apogee_km: 50
    range_km: 600
    flight_min: 7.5
  - system: unknown-cruise
    count: 2
    outcome: unknown
`, 1+i%8)
		case 1:
			body = `kind: nuclear-test
nuclear:
  site: punggye-ri
  yield_kt: {min: 10, max: 20.5}
  magnitude_mb: 5.1
  claim: a claim
`
		default:
			body = "kind: diplomacy\n"
		}
		data := fmt.Sprintf(`date: %04d-%02d-%02d
time: "10:%02d"
title: Generated event number %d
summary: >-
  A generated event used to measure how fast the loader validates a large
  record; it has the fields of a real one.
body: |
  Several sentences of detail, as curated events have, with a [link](https://example.org/%d).
  And a second line.
%ssources:
  - url: https://example.org/source/%d
    publisher: Example
    title: A source
    published: %04d-%02d-%02d
tags: [generated, first-flight]
related: [2017-09-03-nuclear-test]
`, year, month, day, i%60, i, i, body, i, year, month, day)
		m[fmt.Sprintf("%04d/%s.yaml", year, id)] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// BenchmarkValidate10k loads and validates 10,000 generated events and
// reports the rate in events per second.
func BenchmarkValidate10k(b *testing.B) {
	const n = 10000
	m := generated(b, n)
	b.ResetTimer()
	for b.Loop() {
		res, err := Load(context.Background(), m, "events")
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Problems) > 0 || len(res.Dataset.Events) != n+3 {
			b.Fatalf("%d events, problems:\n%s", res.Events, res.Problems.Error())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
