// Package cli is the timeline command: its subcommands, flags, output and
// exit codes. cmd/timeline only calls Main.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/nktimeline/timeline/internal/event"
	"github.com/nktimeline/timeline/internal/site"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1 // invalid data, or a build that failed
	ExitUsage   = 2
)

// Env is what the command sees of its surroundings.
type Env struct {
	Stdout, Stderr io.Writer
	// Color enables coloured problem output; Main decides it from the
	// terminal and NO_COLOR.
	Color bool
	// onFlagSet, when set, sees every flag set a command makes; completion
	// uses it to read the commands' flags.
	onFlagSet func(*pflag.FlagSet)
}

const usage = `timeline builds the nktimeline site from curated event files.

Usage:
  timeline [build] [flags]     build the site from --events into --out (the default)
  timeline validate [flags]    check the event files and report every problem
  timeline serve [flags]       preview the site, rebuilt and reloaded as files change
  timeline new KIND [flags]    write the skeleton of a new event file
  timeline import timelinejs FILE [flags]
                               write event files from a TimelineJS sheet (CSV) or JSON
  timeline completion bash|zsh|fish
                               print a shell completion script
  timeline version             print the version

Run 'timeline <command> --help' for a command's flags.
`

// Main runs the command with args (without the program name) and returns
// the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	cmd := "build"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	switch cmd {
	case "build":
		return runBuild(ctx, args, env)
	case "validate":
		return runValidate(ctx, args, env)
	case "version":
		return runVersion(args, env)
	case "serve":
		return runServe(ctx, args, env)
	case "new":
		return runNew(ctx, args, env)
	case "import":
		return runImport(ctx, args, env)
	case "completion":
		return runCompletion(args, env)
	case "help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "timeline: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// flagSet makes a flag set whose errors and help go where they should:
// help to stdout, errors to stderr with exit code 2.
func flagSet(name, synopsis string, env Env) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: timeline %s [flags]\n\n%s\n\nFlags:\n%s", name, synopsis, fs.FlagUsages())
	}
	fs.SortFlags = false
	if env.onFlagSet != nil {
		env.onFlagSet(fs)
	}
	return fs
}

// parse parses args; done is true when the command should stop with code.
func parse(fs *pflag.FlagSet, args []string, env Env) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, true
		}
		fmt.Fprintf(env.Stderr, "timeline %s: %v\nRun 'timeline %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return ExitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "timeline %s: unexpected argument %q\nRun 'timeline %s --help' for usage.\n", fs.Name(), fs.Arg(0), fs.Name())
		return ExitUsage, true
	}
	return 0, false
}

func runVersion(args []string, env Env) int {
	fs := flagSet("version", "Prints the version of timeline and of Go it was built with.", env)
	if code, done := parse(fs, args, env); done {
		return code
	}
	version, revision := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				revision = " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(env.Stdout, "timeline %s%s %s %s/%s\n", version, revision, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}

func runValidate(ctx context.Context, args []string, env Env) int {
	fs := flagSet("validate", "Checks every event file, the catalogues and timeline.yaml, and reports every\nproblem as path:line:col: message. Exits 1 when any error is found (or any\nwarning, with --strict). Writes nothing.", env)
	events := fs.String("events", "events", "the events `directory`")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	format := fs.String("format", "text", "output `format`: text, json or github (workflow annotations)")
	if code, done := parse(fs, args, env); done {
		return code
	}
	switch *format {
	case "text", "json", "github":
	default:
		fmt.Fprintf(env.Stderr, "timeline validate: --format must be text, json or github, not %q\n", *format)
		return ExitUsage
	}
	res, err := event.LoadDir(ctx, *events)
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline validate: %v\n", err)
		return ExitInvalid
	}
	report(env, res, *format, *strict)
	if failed(res, *strict) {
		return ExitInvalid
	}
	return ExitOK
}

func failed(res *event.Result, strict bool) bool {
	return len(res.Problems.Errors()) > 0 || (strict && len(res.Problems.Warnings()) > 0)
}

// summary is the one-line count printed after the problems.
func summary(res *event.Result) string {
	return fmt.Sprintf("%d events, %d systems, %d sites: %s, %s",
		res.Events, res.Systems, res.Sites,
		plural(len(res.Problems.Errors()), "error"), plural(len(res.Problems.Warnings()), "warning"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// report prints the problems and the summary in the format.
func report(env Env, res *event.Result, format string, strict bool) {
	switch format {
	case "json":
		type jsonProblem struct {
			File     string `json:"file"`
			Line     int    `json:"line,omitempty"`
			Column   int    `json:"column,omitempty"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := struct {
			OK       bool          `json:"ok"`
			Events   int           `json:"events"`
			Systems  int           `json:"systems"`
			Sites    int           `json:"sites"`
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
			Problems []jsonProblem `json:"problems"`
		}{
			OK: !failed(res, strict), Events: res.Events, Systems: res.Systems, Sites: res.Sites,
			Errors: len(res.Problems.Errors()), Warnings: len(res.Problems.Warnings()),
			Problems: []jsonProblem{},
		}
		for _, p := range res.Problems {
			out.Problems = append(out.Problems, jsonProblem{p.Pos.File, p.Pos.Line, p.Pos.Column, p.Severity.String(), event.Escape(p.Msg)})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	case "github":
		for _, p := range res.Problems {
			level := "error"
			if p.Severity == event.Warning && !strict {
				level = "warning"
			}
			props := "file=" + ghProperty(p.Pos.File)
			if p.Pos.Line > 0 {
				props += fmt.Sprintf(",line=%d", p.Pos.Line)
			}
			if p.Pos.Column > 0 {
				props += fmt.Sprintf(",col=%d", p.Pos.Column)
			}
			fmt.Fprintf(env.Stdout, "::%s %s::%s\n", level, props, ghData(event.Escape(p.Msg)))
		}
		fmt.Fprintln(env.Stdout, summary(res))
	default:
		printProblems(env, res.Problems)
		fmt.Fprintln(env.Stdout, summary(res))
	}
}

func printProblems(env Env, ps event.Problems) {
	for _, p := range ps {
		p.Msg = event.Escape(p.Msg)
		if !env.Color {
			fmt.Fprintln(env.Stderr, p.String())
			continue
		}
		label, colour := "error", "\x1b[1;31m"
		if p.Severity == event.Warning {
			label, colour = "warning", "\x1b[1;33m"
		}
		fmt.Fprintf(env.Stderr, "\x1b[1m%s:\x1b[0m %s%s:\x1b[0m %s\n", p.Pos, colour, label, p.Msg)
	}
}

// ghData escapes a workflow command's message; ghProperty a property value.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func runBuild(ctx context.Context, args []string, env Env) int {
	fs := flagSet("build", "Validates the events and builds the static site into --out. Nothing is written\nwhen the data has errors; a failed build leaves the previous output as it was.", env)
	events := fs.String("events", "events", "the events `directory`")
	out := fs.String("out", "out", "the output `directory`, replaced as a whole")
	baseURL := fs.String("base-url", site.DefaultBaseURL, "the absolute `URL` the site is published at (for feeds, sitemap, embed codes)")
	force := fs.Bool("force", false, "replace a non-empty output directory that timeline did not create")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	quiet := fs.BoolP("quiet", "q", false, "print only problems")
	cacheDir := fs.String("cache-dir", defaultCacheDir(), "the `directory` that keeps drawn social cards for later builds (\"\" for none)")
	incremental := fs.Bool("incremental", false, "render only what changed since the last build of --out, in place")
	if code, done := parse(fs, args, env); done {
		return code
	}
	if err := checkOutPlace(*out, *events, templatesDir()); err != nil {
		fmt.Fprintf(env.Stderr, "timeline build: %v; nothing was written\n", err)
		return ExitUsage
	}
	start := time.Now()
	var (
		res   *event.Result
		err   error
		state *site.State
	)
	if *incremental {
		// The state is read while the events are listed.
		read := make(chan *site.State, 1)
		go func() { read <- site.ReadState(*out) }()
		var once sync.Once
		get := func() *site.State {
			once.Do(func() { state = <-read })
			return state
		}
		res, err = event.LoadCachedFrom(ctx, *events, func() *event.Cache { return get().EventCache() })
		get()
	} else {
		res, err = event.LoadDir(ctx, *events)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline build: %v\n", err)
		return ExitInvalid
	}
	printProblems(env, res.Problems)
	if failed(res, *strict) {
		fmt.Fprintf(env.Stderr, "timeline build: %s; nothing was written\n", summary(res))
		return ExitInvalid
	}
	if res.Schema == nil {
		fmt.Fprintf(env.Stderr, "timeline build: %s: missing; nothing was written\n", event.Quote(filepath.Join(*events, event.SchemaFile)))
		return ExitInvalid
	}
	err = site.Build(ctx, res.Dataset, site.Options{
		Out: *out, BaseURL: *baseURL, Force: *force, Schema: res.Schema, CacheDir: *cacheDir,
		Incremental: *incremental, State: state, Loaded: res.Cache,
		Warn: func(msg string) { fmt.Fprintf(env.Stderr, "timeline build: warning: %s\n", msg) },
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline build: %v\n", err)
		return ExitInvalid
	}
	if !*quiet {
		fmt.Fprintf(env.Stdout, "built %s from %d events into %s in %.2fs\n", strings.TrimSuffix(*out, "/")+"/", len(res.Dataset.Events), *out, time.Since(start).Seconds())
	}
	return ExitOK
}

// checkOutPlace refuses an output directory that is, contains or lies
// inside the events directory or the templates directory (when it is on
// disk, ""): a build replaces the output directory as a whole, so either
// would delete the data or the templates, --force or not. Paths are
// compared absolute with symbolic links resolved, so that no spelling
// (events/.., a link to events) gets past.
func checkOutPlace(out, events, templates string) error {
	o, err := resolve(out)
	if err != nil {
		return fmt.Errorf("--out %s: %w", event.Quote(out), err)
	}
	for _, p := range []struct{ flag, dir string }{{"the events directory", events}, {"the templates directory", templates}} {
		if p.dir == "" {
			continue
		}
		d, err := resolve(p.dir)
		if err != nil {
			return fmt.Errorf("%s %s: %w", p.flag, event.Quote(p.dir), err)
		}
		var how string
		switch {
		case o == d:
			how = "is"
		case inside(d, o):
			how = "contains"
		case inside(o, d):
			how = "lies inside"
		default:
			continue
		}
		return fmt.Errorf("--out %s %s %s %s: the build replaces --out as a whole; choose another output directory", event.Quote(out), how, p.flag, event.Quote(p.dir))
	}
	return nil
}

// resolve returns the absolute form of p with every symbolic link in it
// resolved; the part of p that does not exist yet is kept as written.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		r, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(dir) == dir {
			return "", err
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}

// inside reports whether p lies strictly inside dir; both are absolute and
// clean.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// templatesDir returns the templates directory of the source tree the
// command was built from when it is still on disk, or "". The site's
// templates are compiled in, but a build run from the source tree must not
// replace them either.
func templatesDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "" // built with -trimpath
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "templates")
	if _, err := os.Stat(filepath.Join(dir, "embed.go")); err != nil {
		return ""
	}
	return dir
}

// defaultCacheDir is where builds keep drawn social cards unless told
// otherwise: the user's cache directory ($XDG_CACHE_HOME or ~/.cache on
// Linux), or none when there is no such directory.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "nktimeline", "cards")
}
