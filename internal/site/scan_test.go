package site

import (
	"html"
	"regexp"
	"sort"
	"strings"
)

// tag is a start tag found in generated HTML. html/template escapes every
// "<" in text and attribute values, and JSON in script elements has "<"
// escaped too, so in our output every "<" followed by a letter starts a real
// element: a plain scan is enough to list them.
type tag struct {
	Name  string
	Attrs map[string]string // values unescaped
	Raw   string
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrRE = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

func scanTags(doc string) []tag {
	var tags []tag
	for _, m := range tagRE.FindAllStringSubmatch(doc, -1) {
		t := tag{Name: strings.ToLower(m[1]), Attrs: map[string]string{}, Raw: m[0]}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			t.Attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
		}
		tags = append(tags, t)
	}
	return tags
}

// urlAttrs are the attributes whose values are URLs the page loads or links.
var urlAttrs = []string{"href", "src", "action", "poster", "data"}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func sortStrings(s []string) { sort.Strings(s) }
