package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventfile"
	"github.com/nktimeline/timeline/internal/timelinejs"
)

const importSynopsis = `Writes event files from a TimelineJS timeline: its Google Sheets template
exported as CSV (File > Download > Comma-separated values) or its JSON format.
FILE "-" reads standard input.

Each slide becomes <events>/<year>/<date>-<slug>.yaml, its Headline the title,
the first paragraph of its Text the summary and the rest the body (HTML turned
into Markdown), its Media URL and the links in its Text the sources. The kind
comes from --group-kind for the slide's Group, from the Group itself when it
names a kind, or from --kind. Launches and nuclear tests get a placeholder
launch group or test site to correct. The title slide is skipped. Rows that
cannot be converted are listed with their row numbers and reasons; existing
files are never replaced; every file is validated before any is written. When
an event is after as_of in timeline.yaml, as_of is moved forward to it.
Exits 1 when any row was not converted.`

func runImport(ctx context.Context, args []string, env Env) int {
	fs := flagSet("import", importSynopsis, env)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: timeline import timelinejs FILE [flags]\n\n%s\n\nFlags:\n%s", importSynopsis, fs.FlagUsages())
	}
	events := fs.String("events", "events", "the events `directory`")
	kind := fs.String("kind", "", "the `kind` of slides whose group names no kind")
	groupKinds := fs.StringArray("group-kind", nil, "map a slide group to a kind: `GROUP=KIND` (repeatable)")
	dryRun := fs.Bool("dry-run", false, "list what would be written, and write nothing")
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "timeline import: "+format+"\nRun 'timeline import --help' for usage.\n", a...)
		return ExitUsage
	}
	if code, done := parseArgs(fs, args, env); done {
		return code
	}
	if fs.NArg() != 2 || fs.Arg(0) != "timelinejs" {
		return usageErr("want the format and a file: timeline import timelinejs FILE")
	}
	opt := timelinejs.Options{GroupKinds: map[string]event.Kind{}}
	if *kind != "" {
		if !slices.Contains(event.Kinds, event.Kind(*kind)) {
			return usageErr("--kind: unknown kind %q; kinds are %s", *kind, kindList())
		}
		opt.Kind = event.Kind(*kind)
	}
	for _, gk := range *groupKinds {
		g, k, ok := strings.Cut(gk, "=")
		if !ok || !slices.Contains(event.Kinds, event.Kind(strings.TrimSpace(k))) {
			return usageErr("--group-kind %q: want GROUP=KIND with a kind among %s", gk, kindList())
		}
		opt.GroupKinds[g] = event.Kind(strings.TrimSpace(k))
	}
	var data []byte
	var err error
	if name := fs.Arg(1); name == "-" {
		data, err = io.ReadAll(io.LimitReader(os.Stdin, 64<<20))
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline import: %v\n", err)
		return ExitInvalid
	}
	cat, err := readCatalogues(*events)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline import: %v\n", err)
		return ExitInvalid
	}
	if slices.Contains(cat.systemIDs(), "unknown-ballistic") {
		opt.LaunchSystem = "unknown-ballistic"
	}
	opt.SatelliteSystem = cat.newestSLV()
	if slices.Contains(cat.siteIDs(), "punggye-ri") {
		opt.TestSite = "punggye-ri"
	}
	res, err := timelinejs.Read(data, opt)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline import: %s: %v\n", fs.Arg(1), err)
		return ExitInvalid
	}

	// Leave out events whose files exist, then check the rest beside the
	// catalogues, as_of moved to cover them, before writing any.
	skipped := res.Skipped
	var todo []timelinejs.Converted
	var latest event.Date
	for _, c := range res.Events {
		if eventfile.Exists(*events, c.Event.ID) {
			skipped = append(skipped, timelinejs.Note{Row: c.Row, Reason: fmt.Sprintf("%s exists and is never replaced", filepath.Join(*events, filepath.FromSlash(c.Event.Path)))})
			continue
		}
		todo = append(todo, c)
		for _, d := range []event.Date{c.Event.Date, c.Event.EndDate} {
			if d.Compare(latest) > 0 {
				latest = d
			}
		}
	}
	timelinePath := filepath.Join(*events, event.TimelineFile)
	fsys := fstest.MapFS{}
	for _, name := range []string{event.TimelineFile, event.SystemsFile, event.SitesFile} {
		b, err := os.ReadFile(filepath.Join(*events, name))
		if err != nil {
			fmt.Fprintf(env.Stderr, "timeline import: %v\n", err)
			return ExitInvalid
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	var from, to event.Date
	moveAsOf := false
	if !latest.IsZero() {
		var moved []byte
		moved, from, to, moveAsOf, err = eventfile.MoveAsOfData(fsys[event.TimelineFile].Data, latest)
		if err != nil {
			fmt.Fprintf(env.Stderr, "timeline import: %s: %v\n", timelinePath, err)
			return ExitInvalid
		}
		fsys[event.TimelineFile].Data = moved
	}
	files := map[string][]byte{}
	for _, c := range todo {
		files[c.Event.Path] = eventfile.Encode(&c.Event)
		fsys[c.Event.Path] = &fstest.MapFile{Data: files[c.Event.Path]}
	}
	loaded, err := event.Load(ctx, fsys, filepath.ToSlash(*events))
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline import: %v\n", err)
		return ExitInvalid
	}
	bad := map[string][]string{}
	for _, p := range loaded.Problems.Errors() {
		bad[p.Pos.File] = append(bad[p.Pos.File], p.String())
	}
	isNew := map[string]bool{}
	for _, c := range todo {
		isNew[filepath.ToSlash(filepath.Join(*events, c.Event.Path))] = true
	}
	for file := range bad {
		if !isNew[file] {
			fmt.Fprintf(env.Stderr, "timeline import: %s has errors; run 'timeline validate' first\n", file)
			return ExitInvalid
		}
	}
	var write []timelinejs.Converted
	for _, c := range todo {
		if probs := bad[filepath.ToSlash(filepath.Join(*events, c.Event.Path))]; len(probs) > 0 {
			skipped = append(skipped, timelinejs.Note{Row: c.Row, Reason: "the event would not validate: " + strings.Join(probs, "; ")})
			continue
		}
		write = append(write, c)
	}

	verb := "wrote"
	if *dryRun {
		verb = "would write"
	}
	for _, c := range write {
		path := filepath.Join(*events, filepath.FromSlash(c.Event.Path))
		if !*dryRun {
			if _, err := eventfile.Create(*events, c.Event.ID, files[c.Event.Path]); err != nil {
				fmt.Fprintf(env.Stderr, "timeline import: %v\n", err)
				return ExitInvalid
			}
		}
		fmt.Fprintf(env.Stdout, "%s %s (%s %d)\n", verb, path, res.Unit, c.Row)
	}
	if moveAsOf && len(write) > 0 {
		if *dryRun {
			fmt.Fprintf(env.Stderr, "timeline import: would move as_of in %s from %s to %s\n", timelinePath, from, to)
		} else {
			if _, _, _, err := eventfile.MoveAsOf(timelinePath, latest); err != nil {
				fmt.Fprintf(env.Stderr, "timeline import: the events are after as_of, which could not be moved: %v\n", err)
				return ExitInvalid
			}
			fmt.Fprintf(env.Stderr, "timeline import: moved as_of in %s from %s to %s\n", timelinePath, from, to)
		}
	}
	slices.SortStableFunc(skipped, func(a, b timelinejs.Note) int { return a.Row - b.Row })
	for _, n := range res.Notes {
		fmt.Fprintf(env.Stderr, "%s: %s %d: note: %s\n", fs.Arg(1), res.Unit, n.Row, n.Reason)
	}
	for _, n := range skipped {
		fmt.Fprintf(env.Stderr, "%s: %s %d: not imported: %s\n", fs.Arg(1), res.Unit, n.Row, n.Reason)
	}
	fmt.Fprintf(env.Stderr, "%s %s, %s not imported\n", verb, plural(len(write), "event file"), plural(len(skipped), res.Unit))
	if len(skipped) > 0 {
		return ExitInvalid
	}
	return ExitOK
}
