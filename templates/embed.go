// Package templates holds the site's html/template files and static assets,
// embedded into the timeline binary so that a build needs nothing but the
// events directory.
//
// Page files are the top-level *.html files. layout.html holds the frames
// every page is drawn in ("frame" for site pages, "embed-frame" for pages
// made for iframes) and the partials they share; files named
// *partials.html hold more shared partials. Each other file is one page
// template, parsed into its own copy of the layout: it defines "content"
// (its main element) and may define "head-extra" and "body-end", which the
// frame calls, so the document shell is written once. Everything under
// assets/ is published under out/assets/ with a content hash in its file
// name.
package templates

import "embed"

// FS holds the page templates (*.html) and the assets/ tree.
//
//go:embed *.html assets
var FS embed.FS
