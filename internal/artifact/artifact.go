// Package artifact guards the directories the program writes and replaces
// whole: the search index and the static export.
package artifact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CheckReplaceable says whether dir may be replaced by a new artifact: it
// may if it does not exist, is a symbolic link, is empty, or holds marker,
// the file that every artifact of this kind has. Anything else (a folder of
// notes given by mistake) is refused; what names the kind in the message.
func CheckReplaceable(dir, marker, what string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode()&fs.ModeSymlink != 0) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a directory: refusing to replace it", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
		return fmt.Errorf("%s exists and is not a Repères IA %s (no %s): refusing to replace it", dir, what, marker)
	}
	return nil
}

// Replace puts the complete directory tmp at dir, replacing what dir holds
// (see CheckReplaceable). Where the system can (Linux's renameat2 with
// RENAME_EXCHANGE) the two directories are exchanged in one step: a reader
// of dir sees the old content or the new, never nothing. Elsewhere, or when
// dir is not a directory, the old one is first moved aside, which leaves
// an instant without dir. Either way the old content is then removed.
func Replace(tmp, dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err != nil {
		return err
	}
	if info.IsDir() && exchange(tmp, dir) == nil {
		return os.RemoveAll(tmp) // tmp now holds the old content
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}
