package event_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nktimeline/timeline/internal/event"
)

// TestSortNearly sorts nearly sorted lists, which it sorts by insertion,
// and shuffled ones, which it leaves to slices.SortFunc part way.
func TestSortNearly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 10, 1000} {
		for _, swaps := range []int{0, 1, n / 10, n} {
			s := make([]int, n)
			for i := range s {
				s[i] = i
			}
			for range min(swaps, n) {
				i, j := r.IntN(n), r.IntN(n)
				s[i], s[j] = s[j], s[i]
			}
			event.SortNearly(s, cmp.Compare[int])
			if !slices.IsSorted(s) || len(slices.Compact(slices.Clone(s))) != n {
				t.Errorf("n=%d swaps=%d: not sorted: %v", n, swaps, s)
			}
		}
	}
}
