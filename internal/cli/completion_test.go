package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestCompletionCoversEverything: each script names every subcommand,
// every kind and every flag of every command.
func TestCompletionCoversEverything(t *testing.T) {
	model := completionModel()
	// The flags come from the commands: spot-check that they were read.
	want := map[string][]string{
		"build":    {"events", "out", "base-url", "force", "strict", "quiet"},
		"validate": {"events", "strict", "format"},
		"serve":    {"events", "port", "bind", "base-url"},
		"new":      {"events", "date", "title", "slug", "summary", "source", "publisher", "system", "site"},
		"import":   {"events", "kind", "group-kind", "dry-run"},
	}
	for _, c := range model {
		var names []string
		for _, f := range c.Flags {
			names = append(names, f.Long)
		}
		for _, w := range want[c.Name] {
			if !slices.Contains(names, w) {
				t.Errorf("%s: flag --%s not found among %v", c.Name, w, names)
			}
		}
	}
	for _, shell := range shells {
		code, script, stderr := run(t, "completion", shell)
		if code != ExitOK {
			t.Fatalf("%s: code %d: %s", shell, code, stderr)
		}
		for _, c := range model {
			if !strings.Contains(script, c.Name) {
				t.Errorf("%s: no command %s", shell, c.Name)
			}
			for _, f := range c.Flags {
				if !strings.Contains(script, "--"+f.Long) && !strings.Contains(script, "-l "+f.Long) {
					t.Errorf("%s: no flag --%s of %s", shell, f.Long, c.Name)
				}
			}
		}
		for _, k := range event.Kinds {
			if !strings.Contains(script, string(k)) {
				t.Errorf("%s: no kind %s", shell, k)
			}
		}
	}
	if code, _, _ := run(t, "completion", "tcsh"); code != ExitUsage {
		t.Errorf("completion tcsh: code %d, want %d", code, ExitUsage)
	}
}

// TestCompletionShells checks the scripts' syntax with each shell that is
// installed and, for bash, what it completes.
func TestCompletionShells(t *testing.T) {
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			bin, err := exec.LookPath(shell)
			if err != nil {
				t.Skipf("%s not installed", shell)
			}
			_, script, _ := run(t, "completion", shell)
			path := filepath.Join(t.TempDir(), "timeline."+shell)
			if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			flag := "-n"
			if shell == "fish" {
				flag = "--no-execute"
			}
			if out, err := exec.Command(bin, flag, path).CombinedOutput(); err != nil {
				t.Fatalf("%s %s: %v\n%s", shell, flag, err, out)
			}
		})
	}
	if _, err := exec.LookPath("bash"); err != nil {
		return
	}
	_, script, _ := run(t, "completion", "bash")
	path := filepath.Join(t.TempDir(), "timeline.bash")
	os.WriteFile(path, []byte(script), 0o644)
	for _, tc := range []struct {
		line string // the words typed; the last is completed
		want []string
	}{
		{"timeline ''", []string{"build", "validate", "serve", "new", "import", "completion", "version", "help"}},
		{"timeline n", []string{"new"}},
		{"timeline new missile", []string{"missile-launch"}},
		{"timeline new --events ev --date 2020 nucl", []string{"nuclear-test", "nuclear-program"}},
		{"timeline new missile-launch ''", nil},
		{"timeline new missile-launch --da", []string{"--date"}},
		{"timeline validate --format g", []string{"github"}},
		{"timeline import ''", []string{"timelinejs"}},
		{"timeline import timelinejs --kind ''", kindNames()},
		{"timeline completion f", []string{"fish"}},
		{"timeline --q", []string{"--quiet"}},
	} {
		cmd := exec.Command("bash", "-c", `source "$1"; eval "COMP_WORDS=($2)"; COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _timeline; printf '%s\n' "${COMPREPLY[@]}"`, "bash", path, tc.line)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.line, err, out)
		}
		got := strings.Fields(string(out))
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: completes to %q, want %q", tc.line, got, want)
		}
	}
}

// TestCompletionFish asks fish what the script completes, when fish is
// installed.
func TestCompletionFish(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		t.Skip("fish not installed")
	}
	_, script, _ := run(t, "completion", "fish")
	path := filepath.Join(t.TempDir(), "timeline.fish")
	os.WriteFile(path, []byte(script), 0o644)
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"timeline ", []string{"build", "validate", "serve", "new", "import", "completion", "version", "help"}},
		{"timeline new nucl", []string{"nuclear-test", "nuclear-program"}},
		{"timeline new --date 2020 --title x ", kindNames()},
		{"timeline new missile-launch --date 2020 ", nil},
		{"timeline new --date 2020 --title x --sy", []string{"--system"}},
		{"timeline import ", []string{"timelinejs"}},
		{"timeline import timelinejs --kind dip", []string{"diplomacy"}},
		{"timeline validate --format ", []string{"text", "json", "github"}},
		{"timeline completion ", []string{"bash", "zsh", "fish"}},
	} {
		out, err := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, path, tc.line).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.line, err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" && !strings.HasPrefix(w, "/") && !strings.Contains(w, ".") {
				got = append(got, w)
			}
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q completes to %q, want %q", tc.line, got, want)
		}
	}
}
