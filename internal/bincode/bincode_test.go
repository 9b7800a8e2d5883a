package bincode

import (
	"math"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var w Writer
	w.Int(-5)
	w.Int(math.MinInt64)
	w.Uint(math.MaxUint64)
	w.String("héllo")
	w.String("")
	w.Raw([]byte{1, 2, 3})
	w.RawString("abc")
	w.Float(-2.5)
	w.Bool(true)
	w.Bool(false)
	w.Strings(nil)
	w.Strings([]string{})
	w.Strings([]string{"a", "b"})

	r := NewReader(w.B)
	got := []any{r.Int(), r.Int(), r.Uint(), r.String(), r.String(), r.Raw(3), r.Raw(3), r.Float(), r.Bool(), r.Bool(),
		r.Strings(), r.Strings(), r.Strings()}
	want := []any{int64(-5), int64(math.MinInt64), uint64(math.MaxUint64), "héllo", "", "\x01\x02\x03", "abc", -2.5, true, false,
		[]string(nil), []string{}, []string{"a", "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	if err := r.Done(); err != nil {
		t.Error(err)
	}
}

func TestSlab(t *testing.T) {
	var w Writer
	w.Strings(nil)
	w.Strings([]string{})
	w.Strings([]string{"a", "b"})
	w.Strings([]string{"c"})
	var s Slab[string]
	r := NewReader(w.B)
	got := []any{r.StringsIn(&s), r.StringsIn(&s), r.StringsIn(&s), r.StringsIn(&s)}
	want := []any{[]string(nil), []string{}, []string{"a", "b"}, []string{"c"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	// Appending to a slice of the slab leaves the next one as it was.
	ab, c := got[2].([]string), got[3].([]string)
	_ = append(ab, "x")
	if c[0] != "c" {
		t.Errorf("an append overwrote the next slice: %q", c)
	}
	// A slice as long as a chunk has its own allocation: the rest of
	// the chunk is still handed out.
	left := len(s.free)
	if big := s.Make(100); len(big) != 100 || cap(big) != 100 {
		t.Errorf("Make(100): len %d, cap %d", len(big), cap(big))
	}
	if len(s.free) != left {
		t.Errorf("Make(100) dropped the chunk's %d free items (%d left)", left, len(s.free))
	}
}

// A cut or corrupt encoding reads as zero values and an error, without a
// panic or a huge allocation.
func TestMalformed(t *testing.T) {
	var w Writer
	w.String("a string")
	w.Strings([]string{"x", "y"})
	for n := range len(w.B) {
		r := NewStringReader(string(w.B[:n]))
		_ = r.String()
		_ = r.Strings()
		if r.Done() == nil {
			t.Errorf("%d of %d bytes read without an error", n, len(w.B))
		}
	}
	r := NewReader([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}) // a list of 4 billion items
	if n, _ := r.List(); n != 0 || r.Err() == nil {
		t.Errorf("a list longer than the data: %d items, error %v", n, r.Err())
	}
}
