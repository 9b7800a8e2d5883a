package site

import (
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

func TestTagLabel(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"first-flight", "first flight"},
		{"japan-eez", "Japan EEZ"},
		{"un-security-council", "UN security council"},
		{"icbm", "ICBM"},
		{"us-north-korea", "US–North Korea"},
		{"j-alert", "J-Alert"},
		{"hypersonic", "hypersonic"},
	} {
		if got := tagLabel(tc.tag); got != tc.want {
			t.Errorf("tagLabel(%q) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}

// TestIsoDate checks that isoDate, made without fmt, says what
// event.Date.String says, at every precision.
func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		d    event.Date
		want string
	}{
		{event.Date{}, ""},
		{event.Date{Year: 2017}, "2017"},
		{event.Date{Year: 2017, Month: 9}, "Sep 2017"},
		{event.Date{Year: 2017, Month: 9, Day: 3}, "3 Sep 2017"},
		{event.Date{Year: 987, Month: 12, Day: 31}, "31 Dec 987"},
	} {
		if got := formatDate(tc.d); got != tc.want {
			t.Errorf("formatDate(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
