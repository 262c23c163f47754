package load

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/reperes-ia/reperes/internal/kb"
)

// Names of the answer files of a content tree, all optional: the glossary,
// the query lexicon, and the folder of questions pratiques (*.yaml).
const (
	GlossaryFile  = "glossaire.yaml"
	LexiconFile   = "vocabulaire.yaml"
	QuestionsDir  = "questions"
	maxClauses    = 6
	minPhrasings  = 3
	maxPhrasings  = 8
	minSentences  = 2
	maxSentences  = 6
	maxTermClause = 8
)

// citeAt is a clause id cited by a question or a glossary term, where it
// was written: checked once every document is read.
type citeAt struct {
	path, what string
	line, col  int
	id         string
	// official is set for a question whose verdict needs an official clause
	// among those it cites.
	question *kb.Question
}

// answers holds what the answer files gave, and what must be checked
// against the documents.
type answers struct {
	questions []*kb.Question
	glossary  []*kb.GlossaryTerm
	lexicon   kb.Lexicon
	cites     []citeAt
	// replaces are the former question ids the questions replace.
	replaces []citeAt
	// verdictAt is where each question's verdict was written.
	verdictAt map[*kb.Question]citeAt
	// questionAt is where each question starts, for duplicate ids.
	questionAt map[*kb.Question]citeAt
}

// exists reports whether an optional file of the tree is there.
func (l *loader) exists(name string) bool {
	_, err := fs.Stat(l.fsys, name)
	return err == nil
}

// questionFiles lists content/questions/*.yaml in lexical order.
func (l *loader) questionFiles() []string {
	entries, err := fs.ReadDir(l.fsys, QuestionsDir)
	if err != nil {
		return nil // no questions
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "_") {
			names = append(names, path.Join(QuestionsDir, e.Name()))
		}
	}
	return names
}

// answerFiles lists every answer file present, in reading order.
func (l *loader) answerFiles() []string {
	var names []string
	for _, n := range []string{GlossaryFile, LexiconFile} {
		if l.exists(n) {
			names = append(names, n)
		}
	}
	return append(names, l.questionFiles()...)
}

// loadAnswers reads the answer files against the taxonomy and the synonym
// groups (a glossary spelling must not also be a synonym).
func (l *loader) loadAnswers(tax *kb.Taxonomy, synonyms [][]string) *answers {
	a := &answers{verdictAt: make(map[*kb.Question]citeAt), questionAt: make(map[*kb.Question]citeAt)}
	if l.exists(GlossaryFile) {
		if src, ok := l.read(GlossaryFile); ok {
			l.parseGlossary(a, l.display(GlossaryFile), src, synonyms)
		}
	}
	if l.exists(LexiconFile) {
		if src, ok := l.read(LexiconFile); ok {
			l.parseLexicon(a, l.display(LexiconFile), src, tax)
		}
	}
	for _, name := range l.questionFiles() {
		if src, ok := l.read(name); ok {
			l.parseQuestions(a, name, src, tax)
		}
	}
	return a
}

// spelling checks one search spelling: not empty, not only stop words.
func (l *loader) spelling(y *yamlFile, n *yaml.Node, what string) string {
	s := y.str(n, what)
	if s != "" && l.opts.Analyze != nil && len(l.opts.Analyze(s)) == 0 {
		y.errorf(n, "%s %q is only stop words: it can never match", what, s)
		return ""
	}
	return s
}

func (l *loader) parseGlossary(a *answers, file string, src []byte, synonyms [][]string) {
	y := &yamlFile{path: file, p: l.p}
	root := y.parse(src)
	if root == nil {
		return
	}
	if root.Kind != yaml.SequenceNode {
		y.errorf(root, "the glossary is a list of terms")
		return
	}
	// A term, an alias or a synonym leads to one notion; an everyday word
	// may lead to several (« notes » are an evaluation and data about a
	// pupil), once each. taken holds each spelling of each term, by slug
	// and term; notions the spellings of every notion, by analysed terms.
	taken := make(map[string]spellingAt)
	notions := make(map[string][]spellingAt)
	for _, g := range synonyms {
		for _, s := range g {
			k := l.notionKey(s)
			notions[k] = append(notions[k], spellingAt{where: "a group of synonyms.yaml", term: "\x00synonyms"})
		}
	}
	ids := make(map[string]int)
	for _, item := range root.Content {
		t := &kb.GlossaryTerm{Line: item.Line}
		var spellings, words, english []*yaml.Node
		y.mapping(item, "a glossary term", func(key string, k, v *yaml.Node) {
			switch key {
			case "id":
				t.ID = y.id(v)
			case "term":
				t.Term = l.spelling(y, v, "term")
				spellings = append(spellings, v)
			case "definition":
				t.Definition = y.str(v, "definition")
			case "aliases":
				for _, e := range y.items(v, "aliases") {
					if s := l.spelling(y, e, "alias"); s != "" {
						t.Aliases = append(t.Aliases, s)
						spellings = append(spellings, e)
					}
				}
			case "anglais":
				// Which of the term and its aliases are English (checked below).
				english = append(english, y.items(v, "anglais")...)
			case "mots":
				// Each item is a word, or a list of the spellings of one word.
				for _, e := range y.items(v, "mots") {
					items := []*yaml.Node{e}
					if e.Kind == yaml.SequenceNode {
						items = e.Content
					}
					var word []string
					for _, sp := range items {
						if s := l.spelling(y, sp, "word"); s != "" {
							word = append(word, s)
							words = append(words, sp)
						}
					}
					if len(word) > 0 {
						t.Words = append(t.Words, word)
					}
				}
			case "clauses":
				for _, c := range l.idList(y, v, "clauses") {
					a.cites = append(a.cites, citeAt{path: file, what: "term " + quote(t.ID), line: c.Line, col: c.Column, id: c.Value})
					t.Clauses = append(t.Clauses, c.Value)
				}
			default:
				y.errorf(k, "unknown key %q (known: id, term, definition, aliases, anglais, mots, clauses)", key)
			}
		})
		switch {
		case t.ID == "":
			y.errorf(item, "glossary term has no id")
		case ids[t.ID] != 0:
			y.errorf(item, "glossary term %q is defined twice (first at line %d)", t.ID, ids[t.ID])
		default:
			ids[t.ID] = item.Line
		}
		if t.Term == "" {
			y.errorf(item, "glossary term %q has no term", t.ID)
		}
		if t.Definition == "" {
			y.errorf(item, "glossary term %q has no definition", t.ID)
		}
		for _, n := range english {
			if e := y.str(n, "English spelling"); e != "" {
				if e != t.Term && !slices.Contains(t.Aliases, e) {
					y.errorf(n, "anglais: %q is neither the term nor one of its aliases", e)
					continue
				}
				t.English = append(t.English, e)
			}
		}
		if len(t.Clauses) == 0 || len(t.Clauses) > maxTermClause {
			y.errorf(item, "glossary term %q must cite 1 to %d clauses (has %d)", t.ID, maxTermClause, len(t.Clauses))
		}
		for i, n := range append(spellings, words...) {
			k, word := kb.Slug(n.Value), i >= len(spellings)
			at := spellingAt{where: fmt.Sprintf("term %q (line %d)", t.ID, n.Line), term: t.ID, word: word}
			if same, dup := taken[k+"\x00"+t.ID]; dup {
				y.errorf(n, "%q is already a spelling of %s", n.Value, same.where)
				continue
			}
			taken[k+"\x00"+t.ID] = at
			// Across notions, spellings compare as the search compares
			// them: by their analysed terms (« fiche » is « fiches »).
			sk := l.notionKey(n.Value)
			if i := slices.IndexFunc(notions[sk], func(o spellingAt) bool { return o.term != t.ID && !(o.word && word) }); i >= 0 {
				y.errorf(n, "%q is already a spelling of %s: a term, an alias or a synonym leads to one notion (only everyday words may lead to several)", n.Value, notions[sk][i].where)
				continue
			}
			notions[sk] = append(notions[sk], at)
		}
		a.glossary = append(a.glossary, t)
	}
}

func (l *loader) parseLexicon(a *answers, file string, src []byte, tax *kb.Taxonomy) {
	y := &yamlFile{path: file, p: l.p}
	root := y.parse(src)
	if root == nil {
		return
	}
	facets := tax.Facets()
	y.mapping(root, "the lexicon", func(key string, k, v *yaml.Node) {
		switch key {
		case "questions", "texto":
			// Both are words that are not searched as content: those that
			// put a question, and the texting forms of words that carry no
			// subject (« jsuis », « pr »).
			if v.Kind != yaml.SequenceNode {
				y.errorf(v, "%s must be a list of phrases", key)
				return
			}
			for _, e := range v.Content {
				if s := l.spelling(y, e, "question phrase"); s != "" {
					a.lexicon.Scaffolding = append(a.lexicon.Scaffolding, s)
				}
			}
		case "niveaux":
			seen := make(map[string]bool)
			for _, item := range y.items(v, "niveaux") {
				var lv kb.Level
				y.mapping(item, "a level", func(key string, k, v *yaml.Node) {
					switch key {
					case "id":
						lv.ID = y.id(v)
					case "mots":
						for _, e := range y.items(v, "mots") {
							if s := l.spelling(y, e, "word"); s != "" {
								lv.Words = append(lv.Words, s)
							}
						}
					default:
						y.errorf(k, "unknown key %q (known: id, mots)", key)
					}
				})
				switch {
				case lv.ID == "" || len(lv.Words) == 0:
					y.errorf(item, "a level needs an id and the mots that name it")
					continue
				case seen[lv.ID]:
					y.errorf(item, "level %q is given twice", lv.ID)
					continue
				case len(a.lexicon.Levels) == kb.MaxLevels:
					y.errorf(item, "at most %d levels", kb.MaxLevels)
					continue
				}
				seen[lv.ID] = true
				a.lexicon.Levels = append(a.lexicon.Levels, lv)
			}
		case "ia":
			for _, e := range l.idList(y, v, "ia") {
				switch {
				case !slices.ContainsFunc(a.glossary, func(t *kb.GlossaryTerm) bool { return t.ID == e.Value }):
					y.errorf(e, "ia: %q is not a term of the glossary", e.Value)
				case slices.Contains(a.lexicon.AITerms, e.Value):
					y.errorf(e, "ia: %q is given twice", e.Value)
				default:
					a.lexicon.AITerms = append(a.lexicon.AITerms, e.Value)
				}
			}
		case "intentions":
			for _, item := range y.items(v, "intentions") {
				in := kb.Intent{Favour: make(map[string][]string)}
				y.mapping(item, "an intention", func(key string, k, v *yaml.Node) {
					switch key {
					case "mots":
						for _, e := range y.items(v, "mots") {
							if s := l.spelling(y, e, "word"); s != "" {
								in.Words = append(in.Words, s)
							}
						}
					case "favorise":
						y.mapping(v, "favorise", func(name string, k, v *yaml.Node) {
							i := slices.IndexFunc(facets, func(f kb.FacetVocabulary) bool { return f.Name == name })
							if i < 0 {
								y.errorf(k, "unknown facet %q (known: role, theme, kind, nature)", name)
								return
							}
							for _, e := range l.idList(y, v, name) {
								if !facets[i].Vocab.Has(e.Value) {
									y.errorf(e, "unknown %s %q (known: %s)", facets[i].Vocab.Name, e.Value, facets[i].Vocab.Known())
									continue
								}
								in.Favour[name] = append(in.Favour[name], e.Value)
							}
						})
					default:
						y.errorf(k, "unknown key %q (known: mots, favorise)", key)
					}
				})
				if len(in.Words) == 0 || len(in.Favour) == 0 {
					y.errorf(item, "an intention needs mots and what it favorise")
					continue
				}
				a.lexicon.Intents = append(a.lexicon.Intents, in)
			}
		default:
			y.errorf(k, "unknown key %q (known: questions, texto, niveaux, ia, intentions)", key)
		}
	})
}

func (l *loader) parseQuestions(a *answers, name string, src []byte, tax *kb.Taxonomy) {
	file := l.display(name)
	y := &yamlFile{path: file, p: l.p}
	root := y.parse(src)
	if root == nil {
		return
	}
	if root.Kind == yaml.MappingNode && len(root.Content) == 0 {
		return // empty file
	}
	if root.Kind != yaml.SequenceNode {
		y.errorf(root, "a questions file is a list of questions")
		return
	}
	for _, item := range root.Content {
		q := &kb.Question{Path: name, Line: item.Line}
		y.mapping(item, "a question", func(key string, k, v *yaml.Node) {
			switch key {
			case "id":
				q.ID = y.id(v)
			case "question":
				q.Question = y.str(v, "question")
			case "roles":
				for _, r := range l.idList(y, v, "roles") {
					if !tax.Roles.Has(r.Value) && !tax.IsAllStaff(r.Value) {
						y.errorf(r, "unknown role %q (known: %s, %s)", r.Value, tax.Roles.Known(), tax.AllStaff.ID)
						continue
					}
					q.Roles = append(q.Roles, r.Value)
				}
			case "themes":
				for _, t := range l.idList(y, v, "themes") {
					if !tax.Themes.Has(t.Value) {
						y.errorf(t, "unknown theme %q (known: %s)", t.Value, tax.Themes.Known())
						continue
					}
					q.Themes = append(q.Themes, t.Value)
				}
			case "audience":
				q.Audience = y.str(v, "audience")
				if q.Audience != "" && !tax.Audiences.Has(q.Audience) {
					y.errorf(v, "unknown audience %q (known: %s)", q.Audience, tax.Audiences.Known())
				}
			case "verdict":
				q.Verdict = y.str(v, "verdict")
				if q.Verdict != "" && !tax.Verdicts.Has(q.Verdict) {
					y.errorf(v, "unknown verdict %q (known: %s)", q.Verdict, tax.Verdicts.Known())
				}
				a.verdictAt[q] = citeAt{path: file, line: v.Line, col: v.Column}
			case "answer":
				q.Answer = strings.Join(strings.Fields(y.str(v, "answer")), " ")
				if n := sentences(q.Answer); q.Answer != "" && (n < minSentences || n > maxSentences) {
					y.errorf(v, "an answer has %d to %d sentences (this one has %d)", minSentences, maxSentences, n)
				}
			case "clauses":
				for _, c := range l.idList(y, v, "clauses") {
					a.cites = append(a.cites, citeAt{path: file, what: "question " + quote(q.ID), line: c.Line, col: c.Column, id: c.Value, question: q})
					q.Clauses = append(q.Clauses, c.Value)
				}
			case "phrasings":
				seen := make(map[string]bool)
				for _, e := range y.items(v, "phrasings") {
					s := l.spelling(y, e, "phrasing")
					if s == "" {
						continue
					}
					if seen[kb.Slug(s)] {
						y.errorf(e, "phrasing %q is given twice", s)
						continue
					}
					seen[kb.Slug(s)] = true
					q.Phrasings = append(q.Phrasings, s)
				}
			case "replaces":
				for _, r := range l.idList(y, v, "replaces") {
					if !kb.IsKebab(r.Value) {
						y.errorf(r, "replaces: id %q is not kebab-case (lower-case ASCII words joined by hyphens)", r.Value)
						continue
					}
					a.replaces = append(a.replaces, citeAt{path: file, what: "question " + quote(q.ID), line: r.Line, col: r.Column, id: r.Value, question: q})
					q.Replaces = append(q.Replaces, r.Value)
				}
			default:
				y.errorf(k, "unknown key %q (known: id, question, roles, themes, audience, verdict, answer, clauses, phrasings, replaces)", key)
			}
		})
		for _, missing := range []struct {
			empty bool
			what  string
		}{
			{q.ID == "", "id"}, {q.Question == "", "question"}, {len(q.Roles) == 0 && q.Audience == "", "roles (or an audience)"},
			{len(q.Themes) == 0, "themes"}, {q.Verdict == "", "verdict"}, {q.Answer == "", "answer"},
		} {
			if missing.empty {
				y.errorf(item, "question %q has no %s", q.ID, missing.what)
			}
		}
		if n := len(q.Clauses); n == 0 || n > maxClauses {
			y.errorf(item, "question %q must cite 1 to %d clauses (has %d)", q.ID, maxClauses, n)
		}
		if n := len(q.Phrasings); n < minPhrasings || n > maxPhrasings {
			y.errorf(item, "question %q needs %d to %d phrasings (has %d)", q.ID, minPhrasings, maxPhrasings, n)
		}
		a.questionAt[q] = citeAt{path: file, line: item.Line, col: item.Column}
		a.questions = append(a.questions, q)
	}
}

// idList returns the scalar nodes of a list of ids (or of one scalar split
// on commas and spaces), reporting what is not.
func (l *loader) idList(y *yamlFile, v *yaml.Node, what string) []*yaml.Node {
	switch v.Kind {
	case yaml.ScalarNode:
		var out []*yaml.Node
		for _, s := range splitList(v.Value) {
			out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Value: s, Line: v.Line, Column: v.Column})
		}
		return out
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode || strings.TrimSpace(e.Value) == "" {
				y.errorf(e, "%s: each item is an id", what)
				continue
			}
			e.Value = strings.TrimSpace(e.Value)
			out = append(out, e)
		}
		return out
	}
	y.errorf(v, "%s must be a list", what)
	return nil
}

// sentences counts the sentences of a text: runs ended by . ! ? or … (an
// abbreviation such as « p. 8 » may count one too many, which the bounds
// allow for).
func sentences(s string) int {
	n := 0
	ended := true
	for _, r := range s {
		switch r {
		case '.', '!', '?', '…':
			if !ended {
				n++
			}
			ended = true
		case ' ', '\u00a0', '»', ')', '"':
		default:
			ended = false
		}
	}
	if !ended {
		n++
	}
	return n
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// checkAnswers checks what needs the documents: cited clauses exist, a
// verdict of yes or no rests on a reference text (the taxonomy's first
// kind), question ids are unique and distinct from clause ids.
func (l *loader) checkAnswers(a *answers, docs []*kb.Document, tax *kb.Taxonomy) {
	kindOf := make(map[string]string)
	for _, d := range docs {
		for _, c := range d.Clauses {
			kindOf[c.ID] = d.Kind
		}
	}
	for _, c := range a.cites {
		if _, ok := kindOf[c.id]; !ok {
			l.p.add(c.path, c.line, c.col, "%s cites clause %q, which does not exist", c.what, c.id)
		}
	}
	reference := tax.Kinds.IDs()[0]
	current := make(map[string]bool)
	for _, q := range a.questions {
		current[q.ID] = true
	}
	replacedAt := make(map[string]citeAt)
	for _, r := range a.replaces {
		switch {
		case r.question.ID == r.id:
			l.p.add(r.path, r.line, r.col, "%s cannot replace itself", r.what)
		case current[r.id]:
			l.p.add(r.path, r.line, r.col, "%s replaces %q, which is still a question: remove that question, or this line", r.what, r.id)
		case kindOf[r.id] != "":
			l.p.add(r.path, r.line, r.col, "%s replaces %q, which is a clause id", r.what, r.id)
		}
		if f, dup := replacedAt[r.id]; dup {
			l.p.add(r.path, r.line, r.col, "%s replaces %q, which %s already replaces (%s:%d)", r.what, r.id, f.what, f.path, f.line)
		} else {
			replacedAt[r.id] = r
		}
	}
	first := make(map[string]citeAt)
	for _, q := range a.questions {
		at := a.questionAt[q]
		if q.ID != "" {
			if _, clash := kindOf[q.ID]; clash {
				l.p.add(at.path, at.line, at.col, "question id %q is also a clause id", q.ID)
			}
			if f, dup := first[q.ID]; dup {
				l.p.add(at.path, at.line, at.col, "duplicate question id %q (also at %s:%d)", q.ID, f.path, f.line)
			} else {
				first[q.ID] = at
			}
		}
		if q.Verdict == "" || q.Verdict == kb.VerdictSilent || !tax.Verdicts.Has(q.Verdict) {
			continue
		}
		if !slices.ContainsFunc(q.Clauses, func(id string) bool { return kindOf[id] == reference }) {
			v := a.verdictAt[q]
			l.p.add(v.path, v.line, v.col, "question %q answers %q: it must cite at least one clause of kind %q behind that verdict", q.ID, q.Verdict, reference)
		}
	}
}

// spellingAt is where a spelling of the query vocabulary was given: in a
// group of synonyms.yaml, or in a glossary term (term is its id), as its
// name or an alias, or as an everyday word.
type spellingAt struct {
	where string
	term  string
	word  bool
}

// notionKey is how the search compares a spelling with the others: its
// analysed terms, when the loader has the analyzer; its slug otherwise.
func (l *loader) notionKey(s string) string {
	if l.opts.Analyze != nil {
		if terms := l.opts.Analyze(s); len(terms) > 0 {
			return strings.Join(terms, " ")
		}
	}
	return kb.Slug(s)
}
