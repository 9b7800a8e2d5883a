package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	yaml "go.yaml.in/yaml/v3"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/eventfile"
)

const newSynopsis = `Writes the skeleton of a new event of KIND at <events>/<year>/<date>-<slug>.yaml
and prints its path. The skeleton has every field the kind needs, with a
comment on each, and loads without errors: values not given by flags are
placeholders marked TODO, and the missing body makes 'validate --strict' fail
until the event is written up. An existing file is never replaced. When the
date is after as_of in timeline.yaml, as_of is moved forward to it.

Kinds: ` + "missile-launch, nuclear-test, satellite-launch, engine-test, artillery,\nnuclear-program, weapons-display, other-test, diplomacy, sanctions,\nallied-response, politics."

func runNew(ctx context.Context, args []string, env Env) int {
	fs := flagSet("new", newSynopsis, env)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: timeline new KIND --date YYYY[-MM[-DD]] --title TITLE [flags]\n\n%s\n\nFlags:\n%s", newSynopsis, fs.FlagUsages())
	}
	events := fs.String("events", "events", "the events `directory`")
	date := fs.String("date", "", "the event's local date in Korea: `YYYY[-MM[-DD]]` (required)")
	title := fs.String("title", "", "the event's `title`, plain text (required)")
	slug := fs.String("slug", "", "the id's `slug` after the date (default: made from the title)")
	summary := fs.String("summary", "", "the summary, inline Markdown (default: a TODO placeholder)")
	source := fs.String("source", "", "the `URL` of the first source (default: a placeholder)")
	publisher := fs.String("publisher", "", "the first source's `publisher` (default: a TODO placeholder)")
	system := fs.String("system", "", "launch kinds: the launch group's system `id` in systems.yaml\n(default: unknown-ballistic for a missile launch, the newest SLV for a satellite launch)")
	site := fs.String("site", "", "the launch site or, for a nuclear test, the test site: an `id` in sites.yaml\n(default for a nuclear test: punggye-ri)")
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "timeline new: "+format+"\nRun 'timeline new --help' for usage.\n", a...)
		return ExitUsage
	}
	if code, done := parseArgs(fs, args, env); done {
		return code
	}
	if fs.NArg() != 1 {
		return usageErr("want one KIND, found %d arguments", fs.NArg())
	}
	kind := event.Kind(fs.Arg(0))
	if !slices.Contains(event.Kinds, kind) {
		return usageErr("unknown kind %q; kinds are %s", kind, kindList())
	}
	if *date == "" || strings.TrimSpace(*title) == "" {
		return usageErr("--date and --title are required")
	}
	d, err := event.ParseDate(*date)
	if err != nil {
		return usageErr("--date: %v", err)
	}
	s := eventfile.Skeleton{Kind: kind, Date: d, Title: strings.TrimSpace(*title), Summary: strings.TrimSpace(*summary),
		Source: *source, Publisher: strings.TrimSpace(*publisher), System: *system, Site: *site}
	if s.Source != "" {
		if u, err := url.Parse(s.Source); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageErr("--source %q is not an absolute http or https URL", s.Source)
		}
	}
	if *slug == "" {
		*slug = eventfile.Slug(s.Title)
		if *slug == "" {
			return usageErr("the title %q gives no slug (no Latin letters or digits); give one with --slug", s.Title)
		}
	} else if eventfile.Slug(*slug) != *slug {
		return usageErr("--slug %q must be lower-case letters, digits and single hyphens", *slug)
	}
	cat, err := readCatalogues(*events)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline new: %v\n", err)
		return ExitInvalid
	}
	switch {
	case kind == event.KindSatelliteLaunch && s.System == "":
		s.System = cat.newestSLV()
		if s.System == "" {
			return usageErr("no SLV in systems.yaml; give the carrier rocket with --system")
		}
	case kind.HasLaunches() && s.System == "":
		s.System = "unknown-ballistic"
	case kind == event.KindNuclearTest && s.Site == "":
		s.Site = "punggye-ri"
	}
	if s.System != "" && !kind.HasLaunches() {
		return usageErr("--system is for missile-launch and satellite-launch events")
	}
	if s.Site != "" && !kind.HasLaunches() && kind != event.KindNuclearTest {
		return usageErr("--site is for launches and nuclear tests")
	}
	if s.System != "" && !slices.Contains(cat.systemIDs(), s.System) {
		return usageErr("unknown system %q (not in systems.yaml)", s.System)
	}
	if s.Site != "" && !slices.Contains(cat.siteIDs(), s.Site) {
		return usageErr("unknown site %q (not in sites.yaml)", s.Site)
	}
	id := eventfile.ID(d, *slug)
	path, err := eventfile.Create(*events, id, s.Encode())
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline new: %v\n", err)
		return ExitInvalid
	}
	fmt.Fprintln(env.Stdout, path)
	from, to, moved, err := eventfile.MoveAsOf(filepath.Join(*events, event.TimelineFile), d)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline new: the event is after as_of, which could not be moved: %v\n", err)
		return ExitInvalid
	}
	if moved {
		fmt.Fprintf(env.Stderr, "timeline new: moved as_of in %s from %s to %s\n", filepath.Join(*events, event.TimelineFile), from, to)
	}
	// Check the new file against everything else, so that a mistake shows
	// now rather than at the next build.
	res, err := event.LoadDir(ctx, *events)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline new: %v\n", err)
		return ExitInvalid
	}
	var mine event.Problems
	for _, p := range res.Problems {
		if p.Pos.File == filepath.ToSlash(path) && p.Severity == event.Error {
			mine = append(mine, p)
		}
	}
	printProblems(env, mine)
	if len(mine) > 0 {
		return ExitInvalid
	}
	return ExitOK
}

func kindList() string {
	names := make([]string, len(event.Kinds))
	for i, k := range event.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// catalogues is what new needs of systems.yaml and sites.yaml: ids, and
// the class and first flight of systems. It is read leniently: checking the
// catalogues is the loader's job.
type catalogues struct {
	Systems []struct {
		ID          string `yaml:"id"`
		Class       string `yaml:"class"`
		FirstFlight string `yaml:"first_flight"`
	}
	Sites []struct {
		ID string `yaml:"id"`
	}
}

func readCatalogues(dir string) (*catalogues, error) {
	var c catalogues
	for name, v := range map[string]any{event.SystemsFile: &c.Systems, event.SitesFile: &c.Sites} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, name), err)
		}
	}
	return &c, nil
}

func (c *catalogues) systemIDs() []string {
	var ids []string
	for _, s := range c.Systems {
		ids = append(ids, s.ID)
	}
	return ids
}

func (c *catalogues) siteIDs() []string {
	var ids []string
	for _, s := range c.Sites {
		ids = append(ids, s.ID)
	}
	return ids
}

// newestSLV returns the space launch vehicle that first flew last.
func (c *catalogues) newestSLV() string {
	id, first := "", ""
	for _, s := range c.Systems {
		if s.Class == string(event.ClassSLV) && s.FirstFlight >= first {
			id, first = s.ID, s.FirstFlight
		}
	}
	return id
}

// parseArgs is parse for commands that take arguments besides flags.
func parseArgs(fs *pflag.FlagSet, args []string, env Env) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, true
		}
		fmt.Fprintf(env.Stderr, "timeline %s: %v\nRun 'timeline %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return ExitUsage, true
	}
	return 0, false
}
