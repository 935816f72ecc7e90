//go:build !unix

package main

import (
	"os"
	"time"
)

// childUsage is a finished child's CPU time; the peak resident set size is not
// read on this system (0).
func childUsage(ps *os.ProcessState) (time.Duration, int64) {
	return ps.UserTime() + ps.SystemTime(), 0
}
