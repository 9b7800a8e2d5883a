package site

import "strings"

// Tags are kebab-case slugs in the event files ("japan-eez"); pages show
// them as words ("Japan EEZ") linking to the timeline filtered by the tag
// (/?tag=japan-eez).

// tagLabels names the tags that the general rule of tagLabel would get
// wrong: hyphenated words and names written otherwise.
var tagLabels = map[string]string{
	"us-north-korea":        "US–North Korea",
	"us-south-korea":        "US–South Korea",
	"inter-korean":          "Inter-Korean",
	"six-party-talks":       "Six-party talks",
	"five-year-plan":        "Five-year plan",
	"surface-to-air":        "Surface-to-air",
	"long-range-rocket":     "Long-range rocket",
	"road-mobile":           "Road-mobile",
	"rail-mobile":           "Rail-mobile",
	"anti-ship":             "Anti-ship",
	"solid-fuel":            "Solid-fuel",
	"ship-launched":         "Ship-launched",
	"submarine-launched":    "Submarine-launched",
	"nuclear-capable-claim": "Nuclear-capable claim",
	"b-1b":                  "B-1B",
	"j-alert":               "J-Alert",
	"punggye-ri":            "Punggye-ri",
	"ukraine-war":           "War in Ukraine",
	"nll-crossing":          "NLL crossing",
}

// tagWords are words written with capitals: acronyms and names.
var tagWords = map[string]string{
	"icbm": "ICBM", "irbm": "IRBM", "mrbm": "MRBM", "srbm": "SRBM", "slbm": "SLBM",
	"eez": "EEZ", "npt": "NPT", "un": "UN", "us": "US", "iaea": "IAEA", "dmz": "DMZ",
	"mirv": "MIRV", "thaad": "THAAD", "atacms": "ATACMS", "msmt": "MSMT", "nll": "NLL",
	"slv": "SLV", "kcna": "KCNA", "jcs": "JCS",
	"japan": "Japan", "china": "China", "russia": "Russia", "korea": "Korea",
	"yongbyon": "Yongbyon", "sohae": "Sohae", "ukraine": "Ukraine", "hwasong": "Hwasong",
	"security": "Security", "council": "Council",
}

// tagLabel names a tag for readers: a known label, or the slug's words
// with the first capitalised, acronyms and names in capitals, and system
// names such as kn-23 or hwasong-17 kept whole ("KN-23", "Hwasong-17").
func tagLabel(tag string) string {
	if l, ok := tagLabels[tag]; ok {
		return l
	}
	parts := strings.Split(tag, "-")
	var words []string
	for i := 0; i < len(parts); i++ {
		w := parts[i]
		// A name followed by a number is one word: kn-23, hwasong-17.
		if i+1 < len(parts) && isDigits(parts[i+1]) {
			if up, ok := tagWords[w]; ok {
				w = up
			} else if len(w) <= 3 {
				w = strings.ToUpper(w)
			} else {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			words = append(words, w+"-"+parts[i+1])
			i++
			continue
		}
		if up, ok := tagWords[w]; ok {
			w = up
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return tag
	}
	if f := words[0]; f != "" && f[0] >= 'a' && f[0] <= 'z' {
		words[0] = strings.ToUpper(f[:1]) + f[1:]
	}
	return strings.Join(words, " ")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
