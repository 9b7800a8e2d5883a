package site

import (
	"bytes"
	stdjson "encoding/json"
	"math"
	"reflect"
	"testing"

	gojson "github.com/goccy/go-json"

	"github.com/nktimeline/timeline/internal/timelinejs"
)

// The JSON written an event at a time (events.json, search.json, each
// page's JSON-LD, the TimelineJS slides) is encoded with goccy/go-json,
// which is faster than encoding/json and promises the same bytes. These
// tests hold it to that promise for every type that it encodes, filled
// with awkward values, in each of the encodings the site uses.

// jsonTypes are the types encoded with goccy/go-json.
var jsonTypes = []any{
	jsonFile{}, jsonEvent{}, searchFile{}, searchEvent{}, ldEventPage{},
	timelinejs.Timeline{}, timelinejs.Slide{},
}

// fillJSON sets every field that v (settable) holds, through pointers,
// slices and maps, to s, x or n, or to their zero values when zero is set,
// so that omitempty and nil are tried too.
func fillJSON(v reflect.Value, s string, x float64, n int, zero bool, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if !zero {
			v.SetString(s)
		}
	case reflect.Float32, reflect.Float64:
		if !zero {
			v.SetFloat(x)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !zero {
			v.SetInt(int64(n))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !zero {
			v.SetUint(uint64(n) & (1<<(8*v.Type().Size()-1) - 1))
		}
	case reflect.Bool:
		v.SetBool(!zero)
	case reflect.Pointer:
		if zero && depth > 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fillJSON(p.Elem(), s, x, n, zero, depth+1)
		v.Set(p)
	case reflect.Slice:
		if zero {
			if n%2 == 0 {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil
			}
			return
		}
		sl := reflect.MakeSlice(v.Type(), 2, 2)
		fillJSON(sl.Index(0), s, x, n, false, depth+1)
		fillJSON(sl.Index(1), s, x, n, true, depth+1)
		v.Set(sl)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		if !zero {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillJSON(k, s, x, n, false, depth+1)
			fillJSON(e, s, x, n, false, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				// Alternate full and zero fields, by position and by n.
				fillJSON(v.Field(i), s, x, n, zero || (i+n)%3 == 2, depth+1)
			}
		}
	case reflect.Interface:
		if !zero {
			v.Set(reflect.ValueOf(s))
		}
	}
}

// checkJSON fails t if goccy/go-json encodes any of jsonTypes, filled from
// s, x and n, otherwise than encoding/json, in any of the site's
// encodings.
func checkJSON(t *testing.T, s string, x float64, n int) {
	t.Helper()
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0 // neither encodes them
	}
	for _, typ := range jsonTypes {
		for _, zero := range []bool{false, true} {
			v := reflect.New(reflect.TypeOf(typ))
			fillJSON(v.Elem(), s, x, n, zero, 0)
			for _, enc := range []*jsonEncoding{eventsJSON, searchJSON, ldJSON} {
				var want, got bytes.Buffer
				se := stdjson.NewEncoder(&want)
				ge := gojson.NewEncoder(&got)
				se.SetEscapeHTML(enc.escapeHTML)
				ge.SetEscapeHTML(enc.escapeHTML)
				if enc.indent != "" {
					se.SetIndent(enc.indent, enc.indent)
					ge.SetIndent(enc.indent, enc.indent)
				}
				werr, gerr := se.Encode(v.Interface()), ge.Encode(v.Interface())
				if (werr != nil) != (gerr != nil) || got.String() != want.String() {
					t.Fatalf("%T (indent %q, escape HTML %v) of %q, %v, %d:\n got %q, %v\nwant %q, %v",
						typ, enc.indent, enc.escapeHTML, s, x, n, got.String(), gerr, want.String(), werr)
				}
			}
		}
	}
}

var jsonSeeds = []string{
	"", "plain", `"quoted" and \backslash\`, "<script>&amp;</script>", "\u2028\u2029 line separators",
	"\x00\x01\x1f\x7f controls", "\xff\xfe invalid \xed\xa0\x80 surrogate", "\uFFFD\uFEFF", "조선중앙통신 — “quotes” 😀",
	"tab\tnewline\ncr\r", "a\u0085b\u00a0c",
}

// TestJSONEncodingsMatchStd runs the check on the seeds.
func TestJSONEncodingsMatchStd(t *testing.T) {
	for i, s := range jsonSeeds {
		for _, x := range []float64{0, 1, -1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, 39.0392, 125.7625} {
			checkJSON(t, s, x, i*7-20)
		}
	}
}

// FuzzJSONEncodings runs the check on arbitrary text and numbers.
func FuzzJSONEncodings(f *testing.F) {
	for i, s := range jsonSeeds {
		f.Add(s, float64(i)*1.25e10, i)
	}
	f.Fuzz(checkJSON)
}
