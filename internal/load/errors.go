package load

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is one problem in the content, at a position in a file.
type Error struct {
	// Path is the file as the user knows it: the content root joined with
	// the file's path inside it (content/cadre/x.md).
	Path string
	Line int // from 1; 0 when the problem concerns the whole file
	Col  int // from 1; 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// problems collects every error found while loading, so that one run
// reports them all.
type problems struct{ list []*Error }

func (p *problems) add(path string, line, col int, format string, args ...any) {
	p.list = append(p.list, &Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems sorted by file and position, joined, or nil.
// Each one is an *Error, reachable with errors.As on the joined error's
// Unwrap() []error.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	errs := make([]error, len(p.list))
	for i, e := range p.list {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Errors returns the individual problems of an error returned by Load, or
// nil if err does not come from Load.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}
