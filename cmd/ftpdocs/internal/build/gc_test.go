package build

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	v := debug.SetGCPercent(100)
	debug.SetGCPercent(v)
	return v
}

func TestLowerGC(t *testing.T) {
	t.Setenv("GOGC", "") // as if unset: lowerGC looks at the variable only
	before := debug.SetGCPercent(130)
	defer debug.SetGCPercent(before)

	r1 := lowerGC()
	if got := gcPercent(); got != indexGCPercent {
		t.Fatalf("in the index stage: GC percent %d, want %d", got, indexGCPercent)
	}
	r2 := lowerGC() // a second build, overlapping
	r1()
	r1() // twice: no effect
	if got := gcPercent(); got != indexGCPercent {
		t.Fatalf("one of two builds done: GC percent %d, want %d", got, indexGCPercent)
	}
	r2()
	if got := gcPercent(); got != 130 {
		t.Fatalf("both done: GC percent %d, want 130 back", got)
	}

	t.Setenv("GOGC", "200")
	debug.SetGCPercent(200)
	r := lowerGC()
	if got := gcPercent(); got != 200 {
		t.Errorf("GOGC set by the user: GC percent %d, want 200 kept", got)
	}
	r()
}
