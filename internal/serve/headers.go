package serve

import (
	"net/http"
	"regexp"
	"strings"
)

// headerRules are the rules of the site's _headers file, which the build
// writes for static hosts (Cloudflare Pages' format): the preview server
// sends the same Content-Security-Policy, frame-ancestors included, and the
// other security headers the published site will have.
type headerRules []headerRule

// headerRule is one URL pattern and its header lines, in order.
type headerRule struct {
	pattern *regexp.Regexp
	lines   []headerLine
}

// headerLine sets a header, or with detach removes one that a rule before
// set.
type headerLine struct {
	detach      bool
	name, value string
}

// parseHeaders parses a _headers file: a URL pattern at the start of a
// line, then its indented "Name: value" or "! Name" lines. In a pattern a
// ":placeholder" matches one path segment and "*" matches anything.
// Comments and lines it does not understand are skipped: the file is the
// build's own.
func parseHeaders(data []byte) headerRules {
	var rules headerRules
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case line[0] != ' ' && line[0] != '\t':
			rules = append(rules, headerRule{pattern: patternRegexp(trimmed)})
		case len(rules) == 0:
		case strings.HasPrefix(trimmed, "!"):
			r := &rules[len(rules)-1]
			r.lines = append(r.lines, headerLine{detach: true, name: strings.TrimSpace(trimmed[1:])})
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok {
				continue
			}
			r := &rules[len(rules)-1]
			r.lines = append(r.lines, headerLine{name: strings.TrimSpace(name), value: strings.TrimSpace(value)})
		}
	}
	return rules
}

var placeholder = regexp.MustCompile(`:[A-Za-z_][A-Za-z0-9_]*|\*`)

func patternRegexp(pattern string) *regexp.Regexp {
	var re strings.Builder
	re.WriteString("^")
	last := 0
	for _, m := range placeholder.FindAllStringIndex(pattern, -1) {
		re.WriteString(regexp.QuoteMeta(pattern[last:m[0]]))
		if pattern[m[0]] == '*' {
			re.WriteString(".*")
		} else {
			re.WriteString("[^/]+")
		}
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(pattern[last:]))
	re.WriteString("$")
	return regexp.MustCompile(re.String())
}

// apply sets on h the headers of every rule whose pattern matches the URL
// path p, in the file's order.
func (rules headerRules) apply(h http.Header, p string) {
	for _, r := range rules {
		if !r.pattern.MatchString(p) {
			continue
		}
		for _, l := range r.lines {
			if l.detach {
				h.Del(l.name)
			} else {
				h.Add(l.name, l.value)
			}
		}
	}
}
