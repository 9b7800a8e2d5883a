package stats

import (
	"time"

	"github.com/nktimeline/timeline/internal/event"
)

// dayNumber is the number of days from 1970-01-01 to the day-precise date d.
func dayNumber(d event.Date) int {
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return int(t.Unix() / 86400)
}

// DaysBetween returns the number of days from a to b (negative when b is
// earlier), and false when either date is not known to the day.
func DaysBetween(a, b event.Date) (int, bool) {
	if a.Precision() != event.PrecisionDay || b.Precision() != event.PrecisionDay {
		return 0, false
	}
	return dayNumber(b) - dayNumber(a), true
}

// first and last return the first and last day a date may stand for: the
// date itself when it is known to the day, else the first or last day of
// its month or year.
func firstDay(d event.Date) event.Date {
	switch d.Precision() {
	case event.PrecisionYear:
		return event.Date{Year: d.Year, Month: 1, Day: 1}
	case event.PrecisionMonth:
		return event.Date{Year: d.Year, Month: d.Month, Day: 1}
	}
	return d
}

func lastDay(d event.Date) event.Date {
	switch d.Precision() {
	case event.PrecisionYear:
		return event.Date{Year: d.Year, Month: 12, Day: 31}
	case event.PrecisionMonth:
		return event.Date{Year: d.Year, Month: d.Month, Day: event.DaysIn(d.Year, d.Month)}
	}
	return d
}

// sameDayIn returns the date with d's month and day in the year, with 29
// February becoming 28 February in a year without it.
func sameDayIn(d event.Date, year int) event.Date {
	day := min(d.Day, event.DaysIn(year, d.Month))
	return event.Date{Year: year, Month: d.Month, Day: day}
}
