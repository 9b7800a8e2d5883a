package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/template"

	"github.com/spf13/pflag"

	"github.com/nktimeline/timeline/internal/event"
)

// commands are the subcommands as completion offers them, in the order of
// the usage text. Their flags are not listed here: completion reads them
// from the flag sets the commands themselves make, so the scripts cannot
// drift from the commands.
var commands = []struct {
	name, summary string
	// args are what each positional argument completes to: a list of
	// words, or argFiles or argNone.
	args [][]string
}{
	{"build", "build the site", nil},
	{"validate", "check the event files", nil},
	{"serve", "preview the site as you edit", nil},
	{"new", "write the skeleton of a new event", [][]string{kindNames()}},
	{"import", "write event files from another format", [][]string{{"timelinejs"}, argFiles}},
	{"completion", "print a shell completion script", [][]string{shells}},
	{"version", "print the version", nil},
	{"help", "print the usage", nil},
}

var (
	shells   = []string{"bash", "zsh", "fish"}
	argFiles = []string{"\x00files"}
	argDirs  = []string{"\x00dirs"}
)

// flagValues are what flag values complete to, by flag name; flags not
// named take free text.
var flagValues = map[string][]string{
	"events": argDirs,
	"out":    argDirs,
	"format": {"text", "json", "github"},
	"kind":   kindNames(),
}

func kindNames() []string {
	names := make([]string, len(event.Kinds))
	for i, k := range event.Kinds {
		names[i] = string(k)
	}
	return names
}

// compFlag is a flag as the completion scripts see it.
type compFlag struct {
	Long, Short, Usage string
	TakesValue         bool
	Values             []string // words, or argFiles/argDirs
}

// compCmd is a command as the completion scripts see it.
type compCmd struct {
	Name, Summary string
	Flags         []compFlag
	Args          [][]string
}

// completionModel reads every command's flags by running it with --help
// and catching the flag set it makes.
func completionModel() []compCmd {
	var out []compCmd
	for _, c := range commands {
		cc := compCmd{Name: c.name, Summary: c.summary, Args: c.args}
		var sets []*pflag.FlagSet
		env := Env{Stdout: io.Discard, Stderr: io.Discard, onFlagSet: func(fs *pflag.FlagSet) { sets = append(sets, fs) }}
		Main(context.Background(), []string{c.name, "--help"}, env)
		for _, fs := range sets {
			fs.VisitAll(func(f *pflag.Flag) {
				cf := compFlag{Long: f.Name, Short: f.Shorthand, Usage: firstLine(f.Usage), TakesValue: f.NoOptDefVal == ""}
				if cf.TakesValue {
					cf.Values = flagValues[f.Name]
				}
				cc.Flags = append(cc.Flags, cf)
			})
		}
		cc.Flags = append(cc.Flags, compFlag{Long: "help", Short: "h", Usage: "print the command's usage"})
		out = append(out, cc)
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.NewReplacer("`", "").Replace(s)
}

const completionSynopsis = `Prints a completion script for the shell: subcommands, kinds and flags.

  bash: source <(timeline completion bash)        (in ~/.bashrc)
  zsh:  timeline completion zsh > "${fpath[1]}/_timeline"
  fish: timeline completion fish > ~/.config/fish/completions/timeline.fish`

func runCompletion(args []string, env Env) int {
	fs := flagSet("completion", completionSynopsis, env)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "Usage: timeline completion bash|zsh|fish\n\n%s\n", completionSynopsis)
	}
	if code, done := parseArgs(fs, args, env); done {
		return code
	}
	if fs.NArg() != 1 || !slices.Contains(shells, fs.Arg(0)) {
		fmt.Fprintf(env.Stderr, "timeline completion: want one shell: bash, zsh or fish\nRun 'timeline completion --help' for usage.\n")
		return ExitUsage
	}
	script, err := completionScript(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(env.Stderr, "timeline completion: %v\n", err)
		return ExitInvalid
	}
	env.Stdout.Write(script)
	return ExitOK
}

// completionScript returns the script for the shell.
func completionScript(shell string) ([]byte, error) {
	var b bytes.Buffer
	err := completionTemplates.ExecuteTemplate(&b, shell, completionModel())
	return b.Bytes(), err
}

var completionTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"words":   func(v []string) string { return strings.Join(v, " ") },
	"isFiles": func(v []string) bool { return slices.Equal(v, argFiles) },
	"isDirs":  func(v []string) bool { return slices.Equal(v, argDirs) },
	// valueFlags are the flags that take a value, as the shell sees them.
	"valueFlags": func(fl []compFlag) string {
		var s []string
		for _, f := range fl {
			if f.TakesValue {
				s = append(s, "--"+f.Long)
				if f.Short != "" {
					s = append(s, "-"+f.Short)
				}
			}
		}
		return strings.Join(s, "|")
	},
	"flagWords": func(fl []compFlag) string {
		var s []string
		for _, f := range fl {
			s = append(s, "--"+f.Long)
		}
		return strings.Join(s, " ")
	},
	"shq": func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" },
	"zdesc": func(s string) string {
		return strings.NewReplacer("'", `'\''`, ":", `\:`, "[", `\[`, "]", `\]`).Replace(s)
	},
	"commandNames": func(cs []compCmd) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name)
		}
		return strings.Join(s, " ")
	},
	"build": func(cs []compCmd) compCmd {
		for _, c := range cs {
			if c.Name == "build" {
				return c
			}
		}
		return compCmd{}
	},
	"split": func(s string) []string { return strings.Split(s, "|") },
}).Parse(bashTemplate + zshTemplate + fishTemplate))

// The bash script finds the subcommand (the first word, else build),
// counts the positional arguments before the cursor, and completes the
// value of the flag before the cursor, a flag, or the next argument.
const bashTemplate = `{{define "bash"}}# bash completion for timeline. Generated by 'timeline completion bash'.
_timeline() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd=build first=1 i n=0
    if [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    [[ $cur == = ]] && cur=
    if [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "{{commandNames .}}" -- "$cur"))
        return
    fi
    if [[ ${COMP_WORDS[1]} != -* ]]; then
        cmd=${COMP_WORDS[1]}
        first=2
    fi
    case $cmd in
{{- range .}}
    {{.Name}})
{{- $vf := valueFlags .Flags}}
        case $prev in
{{- range .Flags}}{{if .TakesValue}}
        --{{.Long}}{{if .Short}}|-{{.Short}}{{end}})
            {{- if isDirs .Values}}
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
            {{- else if isFiles .Values}}
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
            {{- else if .Values}}
            COMPREPLY=($(compgen -W "{{words .Values}}" -- "$cur")); return ;;
            {{- else}}
            return ;;
            {{- end}}
{{- end}}{{end}}
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "{{flagWords .Flags}}" -- "$cur"))
            return
        fi
        for ((i = first; i < COMP_CWORD; i++)); do
            case ${COMP_WORDS[i]} in
{{- if $vf}}
            {{$vf}}) ((i++)) ;;
{{- end}}
            -*) ;;
            *) ((n++)) ;;
            esac
        done
        case $n in
{{- range $i, $a := .Args}}
        {{$i}})
            {{- if isFiles $a}}
            COMPREPLY=($(compgen -f -- "$cur")) ;;
            {{- else}}
            COMPREPLY=($(compgen -W "{{words $a}}" -- "$cur")) ;;
            {{- end}}
{{- end}}
        esac
        ;;
{{- end}}
    esac
}
complete -o default -F _timeline timeline
{{end}}`

// The zsh script follows the bash one, with zsh's own completion words.
const zshTemplate = `{{define "zsh"}}#compdef timeline
# zsh completion for timeline. Generated by 'timeline completion zsh'.
_timeline() {
    local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
    local cmd=build first=2 i n=0
    if (( CURRENT == 2 )) && [[ $cur != -* ]]; then
        local -a cmds
        cmds=({{range .}}'{{.Name}}:{{zdesc .Summary}}' {{end}})
        _describe command cmds
        return
    fi
    if [[ ${words[2]} != -* ]]; then
        cmd=${words[2]}
        first=3
    fi
    case $cmd in
{{- range .}}
    {{.Name}})
{{- $vf := valueFlags .Flags}}
        case $prev in
{{- range .Flags}}{{if .TakesValue}}
        --{{.Long}}{{if .Short}}|-{{.Short}}{{end}})
            {{- if isDirs .Values}}
            _files -/; return ;;
            {{- else if isFiles .Values}}
            _files; return ;;
            {{- else if .Values}}
            compadd -- {{words .Values}}; return ;;
            {{- else}}
            _message 'value'; return ;;
            {{- end}}
{{- end}}{{end}}
        esac
        if [[ $cur == -* ]]; then
            local -a opts
            opts=({{range .Flags}}'--{{.Long}}:{{zdesc .Usage}}' {{end}})
            _describe option opts
            return
        fi
        for ((i = first; i < CURRENT; i++)); do
            case ${words[i]} in
{{- if $vf}}
            {{$vf}}) ((i++)) ;;
{{- end}}
            -*) ;;
            *) ((n++)) ;;
            esac
        done
        case $n in
{{- range $i, $a := .Args}}
        {{$i}})
            {{- if isFiles $a}}
            _files ;;
            {{- else}}
            compadd -- {{words $a}} ;;
            {{- end}}
{{- end}}
        esac
        ;;
{{- end}}
    esac
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _timeline "$@"
else
    compdef _timeline timeline
fi
{{end}}`

// The fish script declares each completion with a condition on the
// subcommand; flags of build, the default command, complete before one.
const fishTemplate = `{{define "fish"}}# fish completion for timeline. Generated by 'timeline completion fish'.
function __timeline_nargs
    # The number of words after the subcommand that are not flags.
    set -l words (commandline -opc)
    set -e words[1..2]
    set -l n 0
    set -l skip 0
    for w in $words
        if test $skip -eq 1
            set skip 0
        else if string match -qr -- '^-' $w
            if contains -- $w $argv
                set skip 1
            end
        else
            set n (math $n + 1)
        end
    end
    echo $n
end
complete -c timeline -f
{{- range .}}
complete -c timeline -n __fish_use_subcommand -a {{.Name}} -d {{shq .Summary}}
{{- end}}
{{- with build .}}
{{- range .Flags}}
complete -c timeline -n __fish_use_subcommand -l {{.Long}}{{if .Short}} -s {{.Short}}{{end}}{{if .TakesValue}} -r{{if isDirs .Values}} -a '(__fish_complete_directories)'{{else if .Values}} -a {{shq (words .Values)}}{{end}}{{end}} -d {{shq .Usage}}
{{- end}}
{{- end}}
{{- range $c := .}}
{{- $vf := valueFlags .Flags}}
{{- range .Flags}}
complete -c timeline -n '__fish_seen_subcommand_from {{$c.Name}}' -l {{.Long}}{{if .Short}} -s {{.Short}}{{end}}{{if .TakesValue}} -r{{if isDirs .Values}} -a '(__fish_complete_directories)'{{else if isFiles .Values}} -F{{else if .Values}} -a {{shq (words .Values)}}{{end}}{{end}} -d {{shq .Usage}}
{{- end}}
{{- range $i, $a := .Args}}
complete -c timeline -n '__fish_seen_subcommand_from {{$c.Name}}; and test (__timeline_nargs {{words (split $vf)}}) -eq {{$i}}'{{if isFiles $a}} -F{{else}} -a {{shq (words $a)}}{{end}}
{{- end}}
{{- end}}
{{end}}`
