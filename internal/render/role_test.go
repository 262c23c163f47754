package render_test

import (
	"slices"
	"testing"

	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/render"
	"github.com/reperes-ia/reperes/internal/testcorpus"
	"github.com/reperes-ia/reperes/static"
)

// TestRoleSheetOrder: a role's sheet lists the questions of that role
// alone first, then those it shares with other roles, then those for all
// staff — every question of the role once.
func TestRoleSheetOrder(t *testing.T) {
	c := testcorpus.Bundled(t)
	r, err := render.New(static.FS, c, render.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rank := func(q *kb.Question, role string) int {
		switch {
		case slices.Equal(q.Roles, []string{role}):
			return 0
		case slices.Contains(q.Roles, role):
			return 1
		default:
			return 2 // all staff
		}
	}
	for _, role := range []string{"aesh", "cpe", "enseignant"} {
		page, err := r.Role(role)
		if err != nil {
			t.Fatal(err)
		}
		last, shared, seen := 0, 0, map[string]bool{}
		for _, a := range page.Answers {
			q, err := c.QuestionByID(a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if seen[a.ID] {
				t.Errorf("%s: %s listed twice", role, a.ID)
			}
			seen[a.ID] = true
			k := rank(q, role)
			if k < last {
				t.Errorf("%s: %s (roles %v) comes after a question shared more widely", role, a.ID, q.Roles)
			}
			last = max(last, k)
			if k == 1 {
				shared++
			}
		}
		if len(page.Answers) == 0 || page.Answers[0].ID == "" || rank(mustQuestion(t, c, page.Answers[0].ID), role) != 0 {
			t.Errorf("%s: the sheet does not open on a question of the role alone", role)
		}
		if role == "aesh" && shared == 0 {
			t.Error("aesh: no question shared with other roles: the test no longer checks the middle group")
		}
	}
}

func mustQuestion(t *testing.T, c *kb.Corpus, id string) *kb.Question {
	t.Helper()
	q, err := c.QuestionByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
