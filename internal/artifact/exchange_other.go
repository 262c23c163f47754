//go:build !linux

package artifact

import "errors"

// exchange is not available here: Replace moves the old directory aside.
func exchange(a, b string) error { return errors.New("exchange not supported") }
