package event

// CompareFast is compareFast for the tests outside the package.
var CompareFast = compareFast

var SortNearly = sortNearly[int]
