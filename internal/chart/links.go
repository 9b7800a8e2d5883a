package chart

// The site paths of the pages that table cells link to (Table.Links), as
// sitePath is for the map's markers. They are the site's layout:
// internal/site writes the pages at these paths.

func systemPage(id string) string { return "systems/" + id + "/" }
func eventPage(id string) string  { return "events/" + id + "/" }
