// Package eventtest holds a small hand-made record that the tests of every
// stage share, so that expected values can be worked out by hand once and
// checked against stats, charts and pages alike.
//
// The record (fixture.txtar) runs from 2011 to its as-of date, 2024-02-29,
// with 30 events. It holds these cases (event ids in brackets):
//
//   - Era boundaries: a launch on the last day of Kim Jong Il's era
//     [2011-12-17-last-day-launch] and one on the first day of Kim Jong
//     Un's [2011-12-18-first-day-launch].
//   - Context events [2011-12-19-announcement, 2015-06-15-talks].
//   - Years with no launch: 2014 has no event at all, 2015 only a context
//     event, 2020 and 2021 nothing; 2012 has only a satellite launch and
//     2013 only a nuclear test.
//   - A launch on 1 January [2016-01-01-new-year-launch].
//   - Launch events dated only to the month [2016-03-reported-salvo,
//     2024-02-reported-pair] and only to the year [2018-reported-tests].
//   - Ties for a record: the apogee of 50 km [2011-12-18-first-day-launch
//     ties 2011-12-17-last-day-launch], the range of 300 km
//     [2016-03-10-pair ties 2016-01-01-new-year-launch], 8 missiles in a
//     day and in a month [2022-11-02-eight ties 2022-06-05-eight].
//   - Records broken more than once: apogee, range and flight time rise
//     with each new system; the year record is broken in 2016 and 2022.
//   - Two launch events on one day [2019-08-02-kn-25,
//     2019-08-02-second-salvo] and a launch on 1 March after 28 February
//     of a year without 29 February [2023-03-01-pair].
//   - A system with no known outcome (pukguksong-1), a system that never
//     flew (hwasong-20), a system whose catalogue first_flight
//     (2019-07-31) disagrees with its earliest launch (kn-25, 2019-08-02),
//     and first_flight dates known only to the year or month that agree
//     (hwasong-5, hwasong-15).
//   - Launches that do not count as ballistic: a satellite launcher with an
//     apogee [2012-12-12-satellite], cruise missiles with a long range
//     [2019-08-10-cruise], rocket artillery [2022-11-03-rockets].
//   - A site where nothing happened (kusong), a site with nuclear tests and
//     no launch (punggye-ri), launches with no reported site.
package eventtest

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/nktimeline/timeline/internal/event"
	"golang.org/x/tools/txtar"
)

//go:embed fixture.txtar
var fixture []byte

// Root is the name the fixture's files carry in problems ("eventtest/2016/...").
const Root = "eventtest"

// AsOf is the fixture's as-of date, a 29 February.
var AsOf = event.Date{Year: 2024, Month: 2, Day: 29}

// FS returns the fixture's files: timeline.yaml, systems.yaml, sites.yaml
// and the event files in their year folders. Each call returns a new map,
// which the caller may change.
func FS() fstest.MapFS {
	a := txtar.Parse(fixture)
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: append([]byte(nil), f.Data...), Mode: 0o644}
	}
	return fsys
}

// Load loads the files through event.Load, so the fixture is validated as
// curated data is, and returns the result.
func Load(fsys fstest.MapFS) (*event.Result, error) {
	return event.Load(context.Background(), fsys, Root)
}

// Dataset returns the fixture, loaded and validated. Each call loads it
// afresh, so callers may change what they get. It panics if the fixture
// does not validate, which a test of this package reports first.
func Dataset() *event.Dataset {
	res, err := Load(FS())
	if err != nil {
		panic(fmt.Sprintf("eventtest: %v", err))
	}
	if res.Dataset == nil {
		panic(fmt.Sprintf("eventtest: the fixture does not validate:\n%s", res.Problems.Error()))
	}
	return res.Dataset
}

// WriteDir writes the fixture's files into a new temporary directory of
// the test and returns its path, for tests that need an events directory
// on disk (event.LoadDir, the command line).
func WriteDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, f := range FS() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}
