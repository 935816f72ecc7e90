//go:build !linux

package publish

func swap(stage, out string) error { return swapTwoRenames(stage, out) }
