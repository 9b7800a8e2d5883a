package tmplgen

import (
	"bytes"
	"fmt"
)

// Fallback is what generated code panics with when a value is not of the
// type it was compiled for (see Entry.Dynamic): Run then reports that the
// caller should execute the template with html/template instead.
var Fallback = fallback{}

type fallback struct{}

// As returns v as a T, or panics with Fallback.
func As[T any](v any) T {
	t, ok := v.(T)
	if !ok {
		panic(Fallback)
	}
	return t
}

// Must returns v, or panics with err.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Run calls a generated function f that writes to w. It reports false,
// with w as it was, when f fell back (see Fallback), and returns as an
// error any other panic of f: a nil pointer on the way to a field, or the
// error of a method or function.
func Run(w *bytes.Buffer, f func()) (done bool, err error) {
	n := w.Len()
	defer func() {
		r := recover()
		switch {
		case r == nil:
		case r == Fallback:
			w.Truncate(n)
			done, err = false, nil
		default:
			w.Truncate(n)
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
			done = false
		}
	}()
	f()
	return true, nil
}
