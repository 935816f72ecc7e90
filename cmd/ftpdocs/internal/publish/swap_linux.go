package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges stage and out atomically. When out does not exist yet,
// stage is renamed to out and an empty stage is left for the caller to remove.
func swap(stage, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, stage, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOENT):
		if err := os.Rename(stage, out); err != nil {
			return err
		}
		return os.Mkdir(stage, 0o755)
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL):
		return swapTwoRenames(stage, out)
	}
	return err
}
