// Package templates holds the site's html/template files and static assets,
// embedded into the timeline binary so that a build needs nothing but the
// events directory.
//
// Page files are the top-level *.html files. layout.html holds the partials
// every page shares ("head", "header", "footer"); each other file is one page
// template, parsed into its own copy of the layout. Everything under assets/
// is published under out/assets/ with a content hash in its file name.
package templates

import "embed"

// FS holds the page templates (*.html) and the assets/ tree.
//
//go:embed *.html assets
var FS embed.FS
