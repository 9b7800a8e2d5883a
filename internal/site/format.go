package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nktimeline/timeline/internal/event"
)

var monthNames = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// formatDate formats a date for readers: "3 Sep 2017", "Sep 2017" or "2017".
func formatDate(d event.Date) string { return formatDateWith(d, monthNames[:]) }

// formatDateWith formats a date at its precision with the month names
// given (index 1 is January).
func formatDateWith(d event.Date, months []string) string {
	switch d.Precision() {
	case event.PrecisionDay:
		return strconv.Itoa(d.Day) + " " + months[d.Month] + " " + strconv.Itoa(d.Year)
	case event.PrecisionMonth:
		return months[d.Month] + " " + strconv.Itoa(d.Year)
	case event.PrecisionYear:
		return strconv.Itoa(d.Year)
	}
	return ""
}

// isoDate formats a date as YYYY, YYYY-MM or YYYY-MM-DD, for datetime
// attributes and the data files.
func isoDate(d event.Date) string { return d.String() }

// formatNum formats a number the way the data gives it: no exponent, no
// trailing zeros ("6.3", "2802").
func formatNum(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// formatInt formats an integer with thin grouping for readers ("1,234").
func formatInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatInt(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// isoDateTime is the date at midnight KST (or at the event's time) in RFC
// 3339, for Atom and JSON-LD, which want full timestamps.
func isoDateTime(d event.Date, hhmm string) string {
	y, m, day := d.Year, d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	t := "00:00"
	if hhmm != "" {
		t = hhmm
	}
	return fmt.Sprintf("%04d-%02d-%02dT%s:00+09:00", y, m, day, t)
}

// classLabel names a class for readers.
func classLabel(c event.Class) string {
	switch c {
	case event.ClassBallisticUnknown:
		return "ballistic, class unknown"
	case event.ClassAirDefense:
		return "air defense"
	}
	return string(c)
}

// tagWords spells the words of tags that are not plain lower-case words.
var tagWords = map[string]string{
	"un": "UN", "us": "US", "eez": "EEZ", "npt": "NPT", "icbm": "ICBM", "iaea": "IAEA",
	"nll": "NLL", "msmt": "MSMT", "thaad": "THAAD", "atacms": "ATACMS",
	"japan": "Japan", "russia": "Russia", "ukraine": "Ukraine", "korea": "Korea", "korean": "Korean",
	"yongbyon": "Yongbyon", "sohae": "Sohae",
}

// tagNames spells whole tags whose words a plain rule gets wrong.
var tagNames = map[string]string{
	"j-alert":        "J-Alert",
	"punggye-ri":     "Punggye-ri",
	"inter-korean":   "inter-Korean",
	"us-north-korea": "US–North Korea",
	"us-south-korea": "US–South Korea",
}

// tagLabel turns a tag's slug into words for readers: "first-flight" →
// "first flight", "japan-eez" → "Japan EEZ".
func tagLabel(tag string) string {
	if s, ok := tagNames[tag]; ok {
		return s
	}
	words := strings.Split(tag, "-")
	for i, w := range words {
		if s, ok := tagWords[w]; ok {
			words[i] = s
		}
	}
	return strings.Join(words, " ")
}
