package event

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regular expressions the matchers of decode.go write out.
var (
	idRE       = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}){0,2}-[a-z0-9]+(-[a-z0-9]+)*$`)
	nameRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	timeRE     = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	mdLinkRE   = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)`)
	htmlTagRE  = regexp.MustCompile(`<[A-Za-z/!?]`)
	matcherIns = []string{
		"", "-", "a", "a-", "-a", "a--b", "a-b", "kn-23", "Kn-23", "a_b", "é",
		"2017", "2017-", "2017-x", "2017-09-03-sixth-nuclear-test", "2017-09-x", "2017-09-03-04-x", "2017-09-03-04-05-x",
		"2017-9-03-x", "2017-09-03", "2017-09-03-", "2017-09-03--x", "20170-09-x", "2017-09-03-x-", "2017-09-03-X",
		"00:00", "23:59", "24:00", "19:60", "9:30", "12:30:00", "1a:30", "20:5x",
		"a](b)", "[x](https://a.org/b) and [y]( <http://c>)", "](", "](\t\n\f\r x", "[a](<b>c)", "](a](b)", "](a>b)", "[t](é)",
		"<b>", "a <", "a < b", "<a", "</p>", "<!-- x -->", "<?xml", "<1>", "<<a", "x<", "<",
	}
)

// matcherCheck compares every matcher with its expression on s.
func matcherCheck(t *testing.T, s string) {
	t.Helper()
	if got, want := isID(s), idRE.MatchString(s); got != want {
		t.Errorf("isID(%q) = %v, want %v", s, got, want)
	}
	if got, want := isName(s), nameRE.MatchString(s); got != want {
		t.Errorf("isName(%q) = %v, want %v", s, got, want)
	}
	if got, want := isTime(s), timeRE.MatchString(s); got != want {
		t.Errorf("isTime(%q) = %v, want %v", s, got, want)
	}
	want := -1
	if loc := htmlTagRE.FindStringIndex(s); loc != nil {
		want = loc[0]
	}
	if got := htmlTagIndex(s); got != want {
		t.Errorf("htmlTagIndex(%q) = %d, want %d", s, got, want)
	}
	var dests []string
	for _, m := range mdLinkRE.FindAllStringSubmatch(s, -1) {
		dests = append(dests, m[1])
	}
	if got := linkDests(s); !slices.Equal(got, dests) {
		t.Errorf("linkDests(%q) = %q, want %q", s, got, dests)
	}
}

func TestMatchers(t *testing.T) {
	for _, s := range matcherIns {
		matcherCheck(t, s)
	}
	// Random strings over the characters that matter to the expressions.
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123459az-:]()<> \t/!?Aé"
	chars := []rune(alphabet)
	for range 100000 {
		b := make([]rune, r.IntN(20))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		matcherCheck(t, string(b))
		if t.Failed() {
			return
		}
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range matcherIns {
		f.Add(s)
	}
	f.Fuzz(matcherCheck)
}

// badRuneRef is badRune as it was before its ASCII path.
func badRuneRef(s string, multiline bool) (what string, r rune, index int, found bool) {
	i := 0
	for _, r := range s {
		i++
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "a control character", r, i, true
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return "a control character", r, i, true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "a bidirectional control character", r, i, true
		case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
			return "a zero-width character", r, i, true
		}
	}
	return "", 0, 0, false
}

func TestBadRune(t *testing.T) {
	ins := []string{"", "plain", "a\tb", "a\nb", "a\x00", "\x7f", "é\n", "a\u202eb", "ab\u200b", "x\x85", "\xff\n"}
	r := rand.New(rand.NewPCG(3, 4))
	chars := []rune("ab \t\n\x01\x7fé\u0085\u202e\u200b\ufeff")
	for range 20000 {
		b := make([]rune, r.IntN(12))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		ins = append(ins, string(b))
	}
	for _, s := range ins {
		for _, ml := range []bool{false, true} {
			w1, r1, i1, f1 := badRune(s, ml)
			w2, r2, i2, f2 := badRuneRef(s, ml)
			if w1 != w2 || r1 != r2 || i1 != i2 || f1 != f2 {
				t.Errorf("badRune(%q, %v) = %q %U %d %v, want %q %U %d %v", s, ml, w1, r1, i1, f1, w2, r2, i2, f2)
			}
		}
	}
}

func TestDateString(t *testing.T) {
	for _, d := range []Date{{}, {Year: 1984}, {Year: 2017, Month: 9}, {Year: 2017, Month: 9, Day: 3}, {Year: 7, Month: 1, Day: 1},
		{Year: 12345, Month: 1}, {Year: -1}, {Year: 2000, Month: 100, Day: 1}, {Year: 2000, Day: 5}, {Year: 9999, Month: 12, Day: 31}} {
		var want string
		switch d.Precision() {
		case PrecisionYear:
			want = fmt.Sprintf("%04d", d.Year)
		case PrecisionMonth:
			want = fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		case PrecisionDay:
			want = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		}
		if got := d.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", d, got, want)
		}
	}
}

// TestSortEvents: sortEvents gives the order of a stable sort by date,
// then id.
func TestSortEvents(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := range 300 {
		events := make([]Event, n)
		for i := range events {
			events[i] = Event{
				ID:    fmt.Sprintf("e%d", r.IntN(5)),
				Date:  Date{Year: 2000 + r.IntN(3), Month: r.IntN(3), Day: r.IntN(2)},
				Title: fmt.Sprint(i), // tells equal events apart
			}
			if events[i].Date.Month == 0 {
				events[i].Date.Day = 0
			}
		}
		want := slices.Clone(events)
		slices.SortStableFunc(want, func(a, b Event) int {
			if c := a.Date.Compare(b.Date); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		sortEvents(events)
		for i := range events {
			if events[i].Title != want[i].Title {
				t.Fatalf("%d events: at %d, event %s, want %s", n, i, events[i].Title, want[i].Title)
			}
		}
	}
}
