//go:build nocompiled

package site

// compiledFrom is empty when the compiled pages are left out: every
// template is executed with html/template.
const compiledFrom = ""
