package main

import (
	"reflect"
	"testing"
)

func TestClipRing(t *testing.T) {
	b := box{0, 0, 10, 10}
	tests := []struct {
		name string
		ring []pt
		want []pt
	}{
		{"inside", []pt{{1, 1}, {2, 1}, {2, 2}, {1, 1}}, []pt{{1, 1}, {2, 1}, {2, 2}, {1, 1}}},
		{"outside", []pt{{20, 20}, {30, 20}, {30, 30}, {20, 20}}, nil},
		{"across the east edge", []pt{{5, 2}, {15, 2}, {15, 4}, {5, 4}, {5, 2}},
			[]pt{{5, 2}, {10, 2}, {10, 4}, {5, 4}, {5, 2}}},
	}
	for _, tt := range tests {
		if got := clipRing(tt.ring, b); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: clipRing = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStitchAndDecode(t *testing.T) {
	var top topology
	top.Arcs = [][][2]float64{{{0, 0}, {2, 0}, {0, 2}}, {{2, 2}, {-2, 0}, {0, -2}}}
	arcs := decodeArcs(top) // no transform: coordinates as given
	if got := stitch(arcs, []int{0, ^1}); !reflect.DeepEqual(got, []pt{{0, 0}, {2, 0}, {0, 2}, {-2, 0}, {2, 2}}) {
		t.Errorf("stitch = %v", got)
	}
	top.Transform = &struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	}{[2]float64{0.5, 0.5}, [2]float64{100, 30}}
	arcs = decodeArcs(top)
	if want := []pt{{100, 30}, {101, 30}, {101, 31}}; !reflect.DeepEqual(arcs[0], want) {
		t.Errorf("decodeArcs = %v, want %v", arcs[0], want)
	}
}

func TestThin(t *testing.T) {
	ring := []pt{{0, 0}, {0.001, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	want := []pt{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	if got := thin(ring, func(pt) float64 { return 0.03 }); !reflect.DeepEqual(got, want) {
		t.Errorf("thin = %v, want %v", got, want)
	}
}

// TestThinFar checks that points outside the detail box are thinned more.
func TestThinFar(t *testing.T) {
	ring := []pt{{0, 0}, {0.05, 0}, {1, 0}, {1.05, 0}, {1, 1}, {0, 1}, {0, 0}}
	near := func(p pt) float64 {
		if p[0] < 0.5 {
			return 0.03
		}
		return 0.2
	}
	want := []pt{{0, 0}, {0.05, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	if got := thin(ring, near); !reflect.DeepEqual(got, want) {
		t.Errorf("thin = %v, want %v", got, want)
	}
}
