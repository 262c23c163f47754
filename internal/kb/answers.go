package kb

import "fmt"

// VerdictSilent is the verdict of a question the texts do not settle: the
// only one that needs no reference text behind it (product brief, §6).
const VerdictSilent = "non-dit"

// Question is a « question pratique »: what a staff member asks in a
// situation, answered from the clauses it cites. The answer says no more
// than those clauses; its doubts are theirs.
type Question struct {
	// ID is a stable public identifier, like a clause id.
	ID       string `json:"id"`
	Question string `json:"question"`
	// Roles are role ids as in clauses (the all-staff id allowed); Themes
	// theme ids.
	Roles  []string `json:"roles"`
	Themes []string `json:"themes"`
	// Audience, when set, says that the question comes from people who are
	// not staff in their daily work (families, union representatives): an
	// id of the taxonomy's audiences.
	Audience string `json:"audience,omitempty"`
	// Verdict is an id of the taxonomy's verdicts: oui, non, oui-si,
	// non-dit.
	Verdict string `json:"verdict"`
	// Answer is a few sentences of plain text.
	Answer string `json:"answer"`
	// Clauses are the ids of the clauses the answer rests on, in order.
	Clauses []string `json:"clauses"`
	// Phrasings are other ways people ask the same thing. They are search
	// vocabulary: they find the question, and help its clauses be found.
	Phrasings []string `json:"phrasings"`
	// Replaces are the ids of former questions merged into this one (the
	// same rule asked by two roles): their addresses lead here, so that a
	// link or a citation made before the merge still works.
	Replaces []string `json:"replaces,omitempty"`
	// Path and Line locate the question in the content.
	Path string `json:"path"`
	Line int    `json:"line"`
}

// GlossaryTerm is a term of the field, defined for a new colleague. Its
// aliases and everyday words are search vocabulary: the glossary is the one
// source of truth for them.
type GlossaryTerm struct {
	ID         string `json:"id"`
	Term       string `json:"term"`
	Definition string `json:"definition"`
	// Aliases mean exactly the term (an acronym and its expansion, an
	// English name): searching any of them finds the others.
	Aliases []string `json:"aliases,omitempty"`
	// English lists which of the term and its aliases are English, so that
	// pages mark them with their language (lang="en") for screen readers.
	English []string `json:"english,omitempty"`
	// Words are everyday words that lead to the term: typing one also
	// searches the term, but typing the term does not search them (a
	// « photo » is personal data; « données personnelles » does not mean
	// photos). Each item lists spellings of one word (« 4e », « 4eme »,
	// « quatrième »), which find each other.
	Words [][]string `json:"words,omitempty"`
	// Clauses use or explain the term.
	Clauses []string `json:"clauses"`
	Line    int      `json:"line"`
}

// Lexicon is the query vocabulary that is neither a synonym nor a glossary
// term: how questions are put, and what some words ask for.
type Lexicon struct {
	// Scaffolding are the phrases that put a question (« est-ce que je
	// peux », « a-t-on le droit de »): they are not searched as content.
	Scaffolding []string `json:"scaffolding,omitempty"`
	// Intents are words that say what kind of answer is wanted.
	Intents []Intent `json:"intents,omitempty"`
	// Levels are the school levels the framework rules on one by one, with
	// the words that name each (a word may name several: « collège »).
	Levels []Level `json:"levels,omitempty"`
	// AITerms are the ids of the glossary terms whose spellings name AI
	// (« IA », « ChatGPT », « algorithme »…): every question pratique is
	// about AI, so a query that names none of them gets no answer card
	// (its closest questions are still listed as leads). Empty: every
	// query may get one.
	AITerms []string `json:"aiTerms,omitempty"`
}

// MaxLevels is the most levels a lexicon may have (the search keeps a
// query's levels as a bit set).
const MaxLevels = 64

// Level is a school level and the words that name it.
type Level struct {
	ID    string   `json:"id"`
	Words []string `json:"words"`
}

// Intent is a set of words that favour some facet values in ranking — a
// preference, never a filter: a question of right (« interdit »,
// « obligatoire ») favours obligations and interdictions.
type Intent struct {
	Words  []string            `json:"words"`
	Favour map[string][]string `json:"favour"` // facet name → value ids
}

// QuestionByID returns the question with the given id, or an error wrapping
// ErrNotFound.
func (c *Corpus) QuestionByID(id string) (*Question, error) {
	if q, ok := c.questions[id]; ok {
		return q, nil
	}
	return nil, &NotFoundError{What: "question", ID: id}
}

// ReplacedBy returns the question that a former question id was merged
// into (see Question.Replaces).
func (c *Corpus) ReplacedBy(id string) (*Question, bool) {
	q, ok := c.replaced[id]
	return q, ok
}

// AnswersOf returns the questions of ids as answers (with no score), in
// order: what another engine showed, read back.
func (c *Corpus) AnswersOf(ids []string) ([]Answer, error) {
	var out []Answer
	for _, id := range ids {
		q, err := c.QuestionByID(id)
		if err != nil {
			return nil, err
		}
		out = append(out, Answer{Question: q})
	}
	return out, nil
}

// QuestionsCiting returns the questions that cite the clause id, in corpus
// order.
func (c *Corpus) QuestionsCiting(id string) []*Question { return c.citedBy[id] }

// GlossaryFor returns the glossary terms that name the clause id among
// their clauses, in glossary order.
func (c *Corpus) GlossaryFor(id string) []*GlossaryTerm { return c.termsOf[id] }

// QuestionRoles returns the staff roles of a question, the all-staff id
// expanded, in vocabulary order.
func (c *Corpus) QuestionRoles(q *Question) []string { return c.Taxonomy.ExpandRoles(q.Roles) }

func (c *Corpus) linkAnswers() error {
	c.questions = make(map[string]*Question, len(c.Questions))
	c.citedBy = make(map[string][]*Question)
	c.replaced = make(map[string]*Question)
	for _, q := range c.Questions {
		if _, dup := c.questions[q.ID]; dup {
			return fmt.Errorf("duplicate question id %q", q.ID)
		}
		if _, clash := c.clauses[q.ID]; clash {
			return fmt.Errorf("question id %q is also a clause id", q.ID)
		}
		c.questions[q.ID] = q
		for _, id := range q.Clauses {
			c.citedBy[id] = append(c.citedBy[id], q)
		}
		for _, id := range q.Replaces {
			if other, dup := c.replaced[id]; dup {
				return fmt.Errorf("questions %q and %q both replace %q", other.ID, q.ID, id)
			}
			c.replaced[id] = q
		}
	}
	for _, q := range c.Questions {
		for _, id := range q.Replaces {
			if _, clash := c.questions[id]; clash {
				return fmt.Errorf("question %q replaces %q, which is still a question", q.ID, id)
			}
		}
	}
	c.termsOf = make(map[string][]*GlossaryTerm)
	for _, t := range c.Glossary {
		for _, id := range t.Clauses {
			c.termsOf[id] = append(c.termsOf[id], t)
		}
	}
	return nil
}

// IsEnglish reports whether a spelling of the term (the term or an alias)
// is English.
func (t *GlossaryTerm) IsEnglish(spelling string) bool {
	for _, e := range t.English {
		if e == spelling {
			return true
		}
	}
	return false
}
