package work

import (
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		seen := make([]int32, n)
		var calls atomic.Int32
		Each(n, func(i int) {
			atomic.AddInt32(&seen[i], 1)
			calls.Add(1)
		})
		if int(calls.Load()) != n {
			t.Errorf("n=%d: %d calls", n, calls.Load())
		}
		for i, c := range seen {
			if c != 1 {
				t.Errorf("n=%d: job %d ran %d times", n, i, c)
			}
		}
	}
}
