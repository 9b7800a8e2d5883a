package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
)

// phrase is what an event's text is made from.
type phrase struct {
	title string
	slug  string // the id's words, after the date
	what  string // a noun phrase for sentences: "a static test of ..."
	where string // a place name, or empty
}

// kindPhrases are the events of the kinds without launches.
var kindPhrases = map[event.Kind][]phrase{
	event.KindEngineTest: {
		{title: "Ground test of a high-thrust engine", slug: "engine-test", what: "a ground test of a high-thrust liquid-fuel engine"},
		{title: "Static test of a solid-fuel motor", slug: "solid-motor-test", what: "a static test of a large solid-fuel motor"},
	},
	event.KindArtillery: {
		{title: "Coastal artillery firing drill", slug: "artillery-drill", what: "a coastal artillery firing drill"},
		{title: "Live-fire drill near the maritime border", slug: "live-fire-drill", what: "live artillery fire towards the maritime border"},
	},
	event.KindNuclearProgram: {
		{title: "New work at the enrichment plant reported", slug: "enrichment-work", what: "new construction at the uranium enrichment plant"},
		{title: "Reactor restart reported", slug: "reactor-restart", what: "signs that the reactor had been restarted"},
		{title: "Leader visits a nuclear weapons institute", slug: "nuclear-institute-visit", what: "a visit by the leader to a nuclear weapons institute"},
	},
	event.KindWeaponsDisplay: {
		{title: "Military parade shows new missiles", slug: "military-parade", what: "a military parade with new missiles on launchers"},
		{title: "Defence development exhibition opens", slug: "defence-exhibition", what: "an exhibition of weapons under development"},
	},
	event.KindOtherTest: {
		{title: "Test of a new tactical guided weapon", slug: "tactical-weapon-test", what: "the test of a new tactical guided weapon"},
		{title: "Underwater strategic weapon system tested", slug: "underwater-weapon-test", what: "the test of an underwater strategic weapon system"},
	},
	event.KindDiplomacy: {
		{title: "Summit talks held", slug: "summit", what: "summit talks"},
		{title: "Round of six-party talks", slug: "six-party-talks", what: "a round of six-party talks"},
		{title: "Envoys meet on the nuclear issue", slug: "envoys-meet", what: "a meeting of envoys on the nuclear issue"},
	},
	event.KindSanctions: {
		{title: "Security Council resolution tightens sanctions", slug: "un-resolution", what: "a Security Council resolution tightening sanctions"},
		{title: "New unilateral sanctions announced", slug: "unilateral-sanctions", what: "new unilateral sanctions on banks and shipping firms"},
	},
	event.KindAlliedResponse: {
		{title: "Allied air drill with bombers", slug: "allied-air-drill", what: "an allied air drill with strategic bombers"},
		{title: "Joint naval exercise begins", slug: "joint-naval-exercise", what: "a joint naval exercise with a carrier group"},
		{title: "Allied missile defence drill", slug: "missile-defence-drill", what: "a trilateral missile defence drill"},
	},
	event.KindPolitics: {
		{title: "Party plenary meeting sets military goals", slug: "party-plenary", what: "a party plenary meeting on military goals"},
		{title: "Supreme People's Assembly session", slug: "spa-session", what: "a session of the Supreme People's Assembly"},
	},
}

var claims = []string{
	"A test of a hydrogen bomb for an ICBM",
	"A successful test of a miniaturised warhead",
	"A test of a standardised nuclear warhead",
}

var agencies = []string{
	"South Korea's Joint Chiefs of Staff", "Japan's defence ministry",
	"US Indo-Pacific Command", "KCNA", "South Korea's unification ministry",
}

var numbers = []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

func countWord(n int) string {
	if n < len(numbers) {
		return numbers[n]
	}
	return strconv.Itoa(n)
}

func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (g *generator) launchPhrase(ls []event.Launch) phrase {
	l := ls[0]
	name := g.systemName(l.System)
	noun := "missiles"
	switch {
	case systemClass(g.c, l.System) == event.ClassSLV:
		noun = "rocket"
	case l.Count == 1:
		noun = "missile"
	}
	p := phrase{what: countWord(l.Count) + " " + name + " " + noun}
	if l.Site != "" {
		p.where = g.siteName(l.Site)
	}
	switch {
	case noun == "rocket":
		p.title = "Satellite launch on a " + name
	case len(ls) > 1:
		p.title = name + " and " + g.systemName(ls[1].System) + " salvo"
		p.what = "a salvo of " + strconv.Itoa(totalCount(ls)) + " missiles of " + strconv.Itoa(len(ls)) + " types, led by " + p.what
	default:
		p.title = capital(p.what) + " fired"
	}
	if p.where != "" {
		p.title += " from " + p.where
	}
	return p
}

func totalCount(ls []event.Launch) int {
	n := 0
	for _, l := range ls {
		n += l.Count
	}
	return n
}

func systemClass(c *Catalogue, id string) event.Class {
	for _, s := range c.Systems {
		if s.ID == id {
			return s.Class
		}
	}
	return ""
}

// emphasis wraps s in Markdown emphasis now and then.
func (g *generator) emphasis(s string) string {
	switch g.weighted(70, 20, 10) {
	case 1:
		return "**" + s + "**"
	case 2:
		return "*" + s + "*"
	}
	return s
}

func (g *generator) summary(e event.Event, p phrase) string {
	var b strings.Builder
	agency := pick(g, agencies)
	switch {
	case e.Launches != nil:
		fmt.Fprintf(&b, "North Korea fired %s", g.emphasis(p.what))
		if p.where != "" {
			fmt.Fprintf(&b, " from %s", p.where)
		}
		fmt.Fprintf(&b, ", %s said.", agency)
		l := e.Launches[0]
		if l.RangeKm != nil && l.ApogeeKm != nil {
			fmt.Fprintf(&b, " It flew about %s km and reached an altitude of %s km.", num(*l.RangeKm), num(*l.ApogeeKm))
		}
	case e.Nuclear != nil:
		fmt.Fprintf(&b, "North Korea conducted %s at %s", g.emphasis(p.what), p.where)
		if m := e.Nuclear.MagnitudeMb; m != nil {
			fmt.Fprintf(&b, "; seismic monitors recorded a magnitude of %s", num(*m))
		}
		b.WriteString(".")
	default:
		fmt.Fprintf(&b, "%s reported %s", agency, g.emphasis(p.what))
		if p.where != "" && !e.Kind.IsContext() {
			fmt.Fprintf(&b, " near %s", p.where)
		}
		b.WriteString(".")
	}
	return b.String()
}

var sentences = []string{
	"{agency} reported it at about the time given, and officials said they were analysing the details.",
	"State media described the event the next day and published photographs that analysts compared with earlier ones.",
	"Analysts noted that {where} had been used before and that preparations had been visible on commercial satellite imagery.",
	"Figures from Seoul and Tokyo differed, as they often do; the record gives the lower estimate and notes the other.",
	"The United States, South Korea and Japan condemned it as a violation of Security Council resolutions.",
	"It was the {ordinal} event of its kind reported in {year}.",
	"China called for restraint from all sides and a return to talks.",
	"Some sources give a different date, a result of the difference between Korean and US time.",
	"*KCNA* said the test had achieved its aims, a claim that could not be checked independently.",
	"The figures were revised a day later after further analysis, and the record follows the revision.",
	"Officials in Seoul convened a meeting of the National Security Council within hours.",
	"Commercial imagery taken a week later showed vehicles and new excavation nearby.",
}

var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth"}

// body is one to three paragraphs, lines wrapped as curators wrap them,
// with a link to one of the sources, emphasis, and now and then a list.
func (g *generator) body(e event.Event, p phrase) string {
	where := p.where
	if where == "" {
		where = g.siteName(g.c.Sites[0].ID)
	}
	var paras []string
	first := ""
	if l := e.Launches; l != nil && l[0].ApogeeKm != nil {
		first = fmt.Sprintf("The %s reached an apogee of about %s km", g.emphasis(g.systemName(l[0].System)), num(*l[0].ApogeeKm))
		if l[0].RangeKm != nil {
			first += fmt.Sprintf(" and flew %s km", num(*l[0].RangeKm))
		}
		first += ". "
	}
	src := e.Sources[g.r.IntN(len(e.Sources))]
	first += fmt.Sprintf("According to [the %s report](%s), %s took place", src.Publisher, src.URL, p.what)
	if where != "" && !e.Kind.IsContext() {
		first += " near " + where
	}
	first += ". "
	n := 1 + g.weighted(40, 40, 20)
	// Sentences are drawn without repeats across the whole body.
	order := g.r.Perm(len(sentences))
	for i := range n {
		var b strings.Builder
		if i == 0 {
			b.WriteString(first)
		}
		if i == 1 && g.chance(0.3) {
			for _, s := range e.Sources {
				fmt.Fprintf(&b, "- %s: [%s](%s)\n", s.Publisher, strings.TrimPrefix(s.URL, "https://"), s.URL)
			}
			paras = append(paras, strings.TrimSuffix(b.String(), "\n"))
			continue
		}
		for j := range 2 + g.r.IntN(2) {
			if j > 0 {
				b.WriteString(" ")
			}
			s := strings.NewReplacer(
				"{agency}", pick(g, agencies),
				"{where}", where,
				"{ordinal}", pick(g, ordinals),
				"{year}", strconv.Itoa(e.Date.Year),
			).Replace(sentences[order[0]])
			order = order[1:]
			b.WriteString(s)
		}
		paras = append(paras, wrap(strings.TrimSpace(b.String()), 78))
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(s string, width int) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if line+1+len(w) > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
