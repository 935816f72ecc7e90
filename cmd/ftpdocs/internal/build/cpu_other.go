//go:build !unix

package build

import "time"

// cpuTime is 0 where the process's CPU time is not read: stages then show
// their wall time only.
func cpuTime() time.Duration { return 0 }
