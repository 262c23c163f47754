package search

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/kb"
)

// Weights of the parts of a text query. A word found as typed (up to case
// and accents) scores above the same word found through its stem, which
// scores above a word found despite a typo; a title match weighs more than
// a text match; the whole query found as a phrase adds a bonus.
const (
	weightExact   = 3.0
	weightStem    = 1.5
	weightFuzzy   = 0.4
	weightTitle   = 2.0 // multiplies the others on title fields
	weightPhrase  = 2.0
	weightContext = 0.5 // document title, section headings, tags
	// A word in the context of more than contextShare of the clauses, and
	// of more than contextMinDocs clauses, is not looked for there, unless
	// nothing is found without it. In a large corpus, document titles and
	// tags put their words in the context of thousands of clauses: a match
	// there says little (low idf), and reading those postings was most of
	// the time of a search at 100,000 clauses. A small corpus never gets
	// there: the bundled content ranks as if the rule did not exist.
	contextShare   = 0.1
	contextMinDocs = 2000
	// weightFacetWord rewards a clause for the role or kind named in a
	// query; it ranks, it does not filter.
	weightFacetWord = 1.0
	// weightIntent rewards a clause for the nature or kind that a word of
	// the query asks for (« interdit », « avis »): a hint, weaker than a
	// role named.
	weightIntent = 0.5
	// weightAnswered favours the clauses an answer card rests on, so that
	// the results agree with the card. It is a constant score (bleve's
	// doc id query), where a word's score is multiplied by its idf²
	// (about 10 to 25 here): hence a large number.
	weightAnswered = 50
	// weightCommon scales a word found in more than commonShare of the
	// clauses: in a corpus about AI, « IA » tells almost nothing about which
	// clause is wanted, and a short title holding it must not outrank the
	// rarer words of the query.
	weightCommon = 0.25
	commonShare  = 0.4
	// weightStrict favours, in a relaxed query, the clauses that have
	// enough of its words.
	weightStrict = 10.0
	// maxPhraseTerms is the longest query that gets a phrase bonus.
	maxPhraseTerms = 5
	weightSynonym  = 0.8 // multiplies a synonym's weights; the user's own words weigh 1
	// weightFamily multiplies the weights of the glossary term that an
	// everyday word leads to (« photo » → données personnelles): the word
	// typed weighs 1, the notion it stands for less.
	weightFamily = 0.6
	// weightQuestions scales a word found in the questions pratiques that
	// cite a clause (and their phrasings): people's words for the
	// situations the clause answers, weaker than the clause's own.
	weightQuestions = 1.0
	// weightReference favours the reference texts (the first kind of the
	// taxonomy) over comments on them when both match equally.
	weightReference = 0.3
)

// Typo tolerance: words of at least fuzzyMinRunes letters may differ by one
// edit from an indexed stem, after a common prefix of fuzzyPrefix letters.
// Shorter words must match: one edit on a short word matches too much.
const (
	fuzzyMinRunes = 5
	fuzzyPrefix   = 2
)

// queryParser turns query text into queries. It knows the synonym groups
// and the facet words, analysed once.
type queryParser struct {
	groups [][]alternative
	// facetWords are the names of staff roles and document kinds. In a query
	// they say who is asking or what kind of source is wanted (« CPE »,
	// « syndicat »): they favour clauses with that value instead of being
	// words a clause must contain.
	facetWords []facetWord
	// df counts the clauses whose title or text has a stem; n is the
	// number of clauses. They tell common words (see commonWeight).
	df map[string]int
	n  int
	// contextDF counts the clauses whose context field has a stem;
	// contextShare and contextMinDocs are the constants of the same names
	// (fields, so that a test can make a small corpus behave as a large one).
	contextDF      map[string]int
	contextShare   float64
	contextMinDocs int
	// vocab holds the unstemmed words of the corpus's titles and texts,
	// by their first fuzzyPrefix letters: typo candidates are looked up
	// here (see typos) instead of by a fuzzy query, which would build a
	// Levenshtein automaton and walk the index's dictionary per word, per
	// field, per request. The index is read-only, so the list never ages.
	vocab map[string][]string
	// fieldTerms are, for the fields whose terms the parser knows all of
	// (the questions field, and for a corpus of up to wordsUpTo clauses
	// the titles), the set of their terms: see live.
	fieldTerms map[string]map[string]bool
	// scaffolding are the stems of the phrases that put a question
	// (« est-ce que je peux »), longest first: not searched as content.
	scaffolding [][]string
	// byFirst, byPrefix and facetByFirst index the groups and the facet
	// words (see indexGroups).
	byFirst      map[string][]altRef
	byPrefix     map[string][]altRef
	facetByFirst map[string][]int
}

type alternative struct {
	text string // as written in the synonym file or the glossary
	// narrower marks an everyday word of a glossary term: typed, it also
	// searches the term; the term typed does not search it. word numbers
	// the everyday words: the spellings of one word search each other.
	narrower bool
	word     int
	exact    []string // its terms without stemming
	stems    []string // its terms with stemming
	// phrase is stems by position, as a phrase query wants them (see
	// phraseOf), for alternatives of several words.
	phrase [][]string
}

// facetWord is a word that favours facet values: a role or a kind named
// in the query, or an intent (« interdit » favours interdictions and
// obligations).
type facetWord struct {
	stems    []string
	favours  []fieldValue
	weight   float64
	required bool
}

type fieldValue struct{ field, value string }

// newQueryParser prepares the parsing of queries over a corpus whose word
// statistics are stats (see index.WordStats).
func newQueryParser(c *kb.Corpus, stats *index.WordStats) *queryParser {
	p := &queryParser{df: stats.DF, vocab: make(map[string][]string), n: stats.Clauses,
		contextDF: stats.ContextDF, contextShare: contextShare, contextMinDocs: contextMinDocs}
	for _, w := range stats.Words {
		if k, ok := prefixKey(w); ok {
			p.vocab[k] = append(p.vocab[k], w)
		}
	}
	for _, list := range p.vocab {
		slices.Sort(list) // deterministic queries
	}
	for _, g := range Groups(c) {
		var alts []alternative
		for _, sp := range g {
			a := alternative{text: sp.Text, narrower: sp.Narrower, word: sp.Word, exact: terms(index.ExactAnalyzer, sp.Text),
				stems: terms(index.StemAnalyzer, sp.Text), phrase: phraseOf(index.Analyze(index.StemAnalyzer, sp.Text))}
			if len(a.stems) == 0 || len(a.exact) != len(a.stems) {
				continue // only stop words: the loader reports these
			}
			alts = append(alts, a)
		}
		if len(alts) > 1 {
			p.groups = append(p.groups, alts)
		}
	}
	for _, w := range FacetWords(c.Taxonomy, c.Lexicon) {
		if stems := terms(index.StemAnalyzer, w.Text); len(stems) > 0 {
			fw := facetWord{stems: stems, weight: w.Weight, required: w.Required}
			for _, f := range w.Favours {
				fw.favours = append(fw.favours, fieldValue{f.Field, f.Value})
			}
			p.facetWords = append(p.facetWords, fw)
		}
	}
	for _, s := range c.Lexicon.Scaffolding {
		if stems := terms(index.StemAnalyzer, s); len(stems) > 0 {
			p.scaffolding = append(p.scaffolding, stems)
		}
	}
	// Longest first, so that « est-ce que je peux » goes before « je peux ».
	slices.SortStableFunc(p.scaffolding, func(a, b []string) int { return len(b) - len(a) })
	p.indexGroups()
	p.fieldTerms = fieldTerms(c)
	return p
}

// fieldTerms lists the terms of the fields that are cheap to read whole:
// the questions pratiques and their phrasings (the questions field), and
// the titles of a small corpus.
func fieldTerms(c *kb.Corpus) map[string]map[string]bool {
	out := map[string]map[string]bool{index.FieldQuestions: {}}
	add := func(field, analyzer, text string) {
		for _, t := range index.Analyze(analyzer, text) {
			out[field][t.Term] = true
		}
	}
	for _, q := range c.Questions {
		if len(q.Clauses) == 0 {
			continue
		}
		for _, text := range append([]string{q.Question}, q.Phrasings...) {
			add(index.FieldQuestions, index.StemAnalyzer, text)
		}
	}
	if c.NumClauses() <= wordsUpTo {
		out[index.FieldTitle], out[index.FieldTitleExact] = map[string]bool{}, map[string]bool{}
		for _, cl := range c.Clauses() {
			add(index.FieldTitle, index.StemAnalyzer, cl.Title)
			add(index.FieldTitleExact, index.ExactAnalyzer, cl.Title)
		}
	}
	return out
}

// scaffold returns how many stems at the start of stems put a question
// rather than say what it is about, or 0.
func (p *queryParser) scaffold(stems []string) int {
	for _, s := range p.scaffolding {
		if len(s) <= len(stems) && slices.Equal(s, stems[:len(s)]) {
			return len(s)
		}
	}
	return 0
}

func terms(analyzer, text string) []string {
	toks := index.Analyze(analyzer, text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// match returns the alternatives whose stems start stems, the longest
// first: one per group, in group order, when an everyday word belongs to
// several notions (« notes » are an evaluation and data about a pupil);
// nil when none does.
func (p *queryParser) match(stems []string) []altRef {
	var out []altRef
	bestLen := 0
	for _, r := range p.byFirst[stems[0]] {
		a := p.groups[r.g][r.i]
		if len(a.stems) < bestLen || len(a.stems) > len(stems) || !slices.Equal(a.stems, stems[:len(a.stems)]) {
			continue
		}
		if len(a.stems) > bestLen {
			out, bestLen = out[:0], len(a.stems)
		}
		if len(out) == 0 || out[len(out)-1].g != r.g {
			out = append(out, r)
		}
	}
	return out
}

// altRef is an alternative of the parser's groups: group g, alternative i.
type altRef struct{ g, i int }

// indexGroups indexes the alternatives by their first stem, and the
// one-word ones by their first letters, in group and alternative order:
// match and matchTypo look at those only.
func (p *queryParser) indexGroups() {
	p.byFirst = make(map[string][]altRef)
	p.byPrefix = make(map[string][]altRef)
	for g, alts := range p.groups {
		for i, a := range alts {
			p.byFirst[a.stems[0]] = append(p.byFirst[a.stems[0]], altRef{g, i})
			if k, ok := prefixKey(a.exact[0]); ok && len(a.exact) == 1 {
				p.byPrefix[k] = append(p.byPrefix[k], altRef{g, i})
			}
		}
	}
	p.facetByFirst = make(map[string][]int)
	for i, w := range p.facetWords {
		p.facetByFirst[w.stems[0]] = append(p.facetByFirst[w.stems[0]], i)
	}
}

// matchTypo returns the one-word spelling one typo away from
// w (« frode », « plagia »), for a word the corpus does not have: the
// vocabulary's words are the ones people most often mistype, and a typo
// on them should still reach the notion.
func (p *queryParser) matchTypo(w string) []altRef {
	k, ok := prefixKey(w)
	if !ok || slices.Contains(p.vocab[k], w) {
		return nil
	}
	refs := p.byPrefix[k]
	for j, r := range refs {
		spelling := p.groups[r.g][r.i].exact[0]
		if !oneEdit(w, spelling) {
			continue
		}
		// The spelling, in every group that has it (a word of several
		// notions), as match gives it.
		out := []altRef{r}
		for _, o := range refs[j+1:] {
			if p.groups[o.g][o.i].exact[0] == spelling && out[len(out)-1].g != o.g {
				out = append(out, o)
			}
		}
		return out
	}
	return nil
}

// facetWord returns the longest facet word that starts stems, if any (the
// first listed among equals).
func (p *queryParser) facetWord(stems []string) (facetWord, bool) {
	best, bestLen := 0, 0
	for _, i := range p.facetByFirst[stems[0]] {
		w := p.facetWords[i]
		if len(w.stems) > bestLen && len(w.stems) <= len(stems) && slices.Equal(w.stems, stems[:len(w.stems)]) {
			best, bestLen = i, len(w.stems)
		}
	}
	if bestLen == 0 {
		return facetWord{}, false
	}
	return p.facetWords[best], true
}

// live reports whether a term may be in a field of some clause: false
// only when the parser knows the field's terms (fieldTerms), or the word
// statistics of the index say that no title or text, or no context, has
// it. Other fields, and exact words too short to be listed, are live.
func (p *queryParser) live(field, term string) bool {
	if set, ok := p.fieldTerms[field]; ok {
		return set[term]
	}
	switch field {
	case index.FieldTitle, index.FieldText:
		return p.df[term] > 0
	case index.FieldContext:
		return p.contextDF[term] > 0
	case index.FieldTitleExact, index.FieldTextExact:
		k, ok := prefixKey(term)
		if !ok {
			return true
		}
		_, found := slices.BinarySearch(p.vocab[k], term)
		return found
	}
	return true
}

// prefixKey is the first fuzzyPrefix runes of a word, if it has more.
func prefixKey(w string) (string, bool) {
	n := 0
	for i := range w {
		if n == fuzzyPrefix {
			return w[:i], true
		}
		n++
	}
	return "", false
}

// typos returns the words of the corpus that differ from w by one edit
// (see oneEdit) after the same first fuzzyPrefix letters.
func (p *queryParser) typos(w string) []string {
	k, ok := prefixKey(w)
	if !ok {
		return nil
	}
	var out []string
	for _, cand := range p.vocab[k] {
		if oneEdit(w, cand) {
			out = append(out, cand)
		}
	}
	return out
}

// oneEdit reports whether a and b differ by one slip of the fingers: one
// rune replaced, inserted or deleted (Levenshtein distance 1), or two
// neighbouring runes swapped (« chatgtp » for « chatgpt »).
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		first, diff := -1, 0
		for i := range ra {
			if ra[i] != rb[i] {
				if first < 0 {
					first = i
				}
				diff++
			}
		}
		return diff == 1 || (diff == 2 && first+1 < len(ra) && ra[first] == rb[first+1] && ra[first+1] == rb[first])
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return slices.Equal(ra[i+1:], rb[i:])
	}
	return false
}

// inContext reports whether a stem is worth looking for in the context
// field (see contextShare).
func (p *queryParser) inContext(stem string) bool {
	df := p.contextDF[stem]
	return df <= p.contextMinDocs || float64(df) <= p.contextShare*float64(p.n)
}

// commonWeight is the weight of a word: weightCommon if it is in more than
// commonShare of the clauses, else 1.
func (p *queryParser) commonWeight(stem string) float64 {
	if p.n > 0 && float64(p.df[stem]) > commonShare*float64(p.n) {
		return weightCommon
	}
	return 1
}

// groupWeight is the weight of a synonym group: common if one of its
// one-word spellings is common (« IA » makes the concept common).
func (p *queryParser) groupWeight(alts []alternative) float64 {
	w := 1.0
	for _, a := range alts {
		if len(a.stems) == 1 {
			w = min(w, p.commonWeight(a.stems[0]))
		}
	}
	return w
}

// unit is a part of a query text: a word, or a span of words that a
// synonym group or a glossary term recognised.
type unit struct {
	// query builds its query tree for a weight: bleve applies boosts to
	// leaf queries only (a boost set on a disjunction is ignored), so a
	// unit that must weigh more is rebuilt with heavier leaves.
	query func(weight float64) *Query
	// keys are what the unit looks for: the stems of its one-word
	// alternatives, the joined stems of its phrases, and its exact words
	// and typo candidates (prefixed, see exactKey). Answers compare units
	// by them (see answers.go).
	keys []string
	// typos are the keys of the words one typo away from the word typed.
	typos []string
	// weight is how much the unit tells about what is wanted (see
	// unitWeight); common units tell little.
	weight float64
	common bool
	// favours are the facet values a facet word or an intent favours.
	favours []fieldValue
}

// exactKey marks a key made of an exact (unstemmed) word, so that it never
// equals a stem by chance.
func exactKey(w string) string { return "=" + w }

// parsedText is a query text cut into units: those a clause must match,
// and optional ones that only favour some clauses (facet words, intents,
// and words so common that requiring them would say nothing).
type parsedText struct {
	units    []unit
	optional []unit
	// phrase is the text's exact terms by position, to match the text as
	// a whole, when it has several terms.
	phrase [][]string
	// skipped tells that a word was not looked for in the context field
	// (see contextShare).
	skipped bool
	// answered are the clauses that the answers shown rest on, or those of
	// the two questions no card was shown for, the two measures
	// disagreeing (see answerCoverScore): they are favoured, so that the
	// results agree with the answer card.
	answered []string
	// terms are all the text's stemmed terms, in order (as index.Terms
	// gives them): the school levels it names are looked for in them.
	terms []string
}

// parseText analyses the query text and builds one unit per word or span.
// User input is only ever analysed into terms: it never reaches bleve's
// query string syntax, so "field:", "*", "/regexp/" are just characters.
//
// With allContext, every word is also looked for in the context field.
func (p *queryParser) parseText(text string, allContext bool) parsedText {
	return p.parse(text, allContext, true)
}

// parse is parseText; without typos, words are not matched to the corpus
// words one typo away (the candidates of a question's phrasings would
// only cost start-up time: answers compare a phrasing by its own words).
func (p *queryParser) parse(text string, allContext, typos bool) parsedText {
	text = englishAI(text)
	exact := index.Analyze(index.ExactAnalyzer, text)
	stemTok := index.Analyze(index.StemAnalyzer, text)
	if len(exact) != len(stemTok) {
		exact = stemTok // cannot happen: the stemmer maps terms one to one
	}
	stop := index.QueryStopWords()
	var stems []string
	var kept []index.Token
	for i, t := range stemTok {
		if _, isStop := stop[exact[i].Term]; isStop {
			continue
		}
		stems = append(stems, t.Term)
		kept = append(kept, exact[i])
	}
	// The words that put a question (« est-ce que je peux ») are not what it
	// is about — unless they are all there is.
	var cStems []string
	var cKept []index.Token
	for i := 0; i < len(stems); {
		if n := p.scaffold(stems[i:]); n > 0 {
			i += n
			continue
		}
		cStems = append(cStems, stems[i])
		cKept = append(cKept, kept[i])
		i++
	}
	if len(cStems) > 0 {
		stems, kept = cStems, cKept
	}
	var out parsedText
	out.terms = make([]string, len(stemTok))
	for i, t := range stemTok {
		out.terms[i] = t.Term
	}
	var favoured []unit // facet words and intents
	for i := 0; i < len(stems); {
		var u unit
		n := 1
		refs := p.match(stems[i:])
		if refs == nil && utf8.RuneCountInString(text[kept[i].Start:kept[i].End]) >= fuzzyMinRunes {
			refs = p.matchTypo(kept[i].Term)
		}
		if refs != nil {
			alts, weights, spells := p.searched(refs)
			own := p.groups[refs[0].g][refs[0].i]
			gw := p.groupWeight(alts)
			inContext := make([]bool, len(alts)) // for one-word alternatives
			for i, a := range alts {
				inContext[i] = len(a.stems) == 1 && (allContext || p.inContext(a.stems[0]))
				out.skipped = out.skipped || (len(a.stems) == 1 && !inContext[i])
				if len(refs) > 1 && !spells[i] {
					// A word of several notions is ambiguous: it matches
					// the questions pratiques by its own spellings only
					// (measured on the tuning sets: through its notions,
					// « notes » drew the card on pupils' data into
					// questions on marking).
					continue
				}
				u.keys = append(u.keys, strings.Join(a.stems, " "))
				if len(a.exact) == 1 {
					u.keys = append(u.keys, exactKey(a.exact[0]))
					if v := verbStem(a.stems[0]); v != "" {
						u.keys = append(u.keys, v)
					}
				}
			}
			u.query = func(w float64) *Query { return synonymQuery(alts, weights, inContext, gw*w) }
			u.weight = p.unitWeight(own.stems) * gw
			u.common = gw < 1
			n = len(own.stems)
		} else {
			exact, stem := kept[i].Term, stems[i]
			var near []string
			if typos && utf8.RuneCountInString(text[kept[i].Start:kept[i].End]) >= fuzzyMinRunes {
				near = p.typos(exact)
			}
			cw, ctx := p.commonWeight(stem), allContext || p.inContext(stem)
			out.skipped = out.skipped || !ctx
			u.query = func(w float64) *Query { return wordQuery(exact, stem, near, ctx, cw*w) }
			u.keys = append(u.keys, stem, exactKey(exact))
			if v := verbStem(stem); v != "" {
				u.keys = append(u.keys, v)
			}
			for _, t := range near {
				u.typos = append(u.typos, exactKey(t))
			}
			u.weight = p.unitWeight([]string{stem}) * cw
			u.common = cw < 1
		}
		if fw, ok := p.facetWord(stems[i:]); ok && len(fw.stems) >= n {
			// Who is asking, what kind of source or of rule: favour clauses
			// with those values, or that name it, without requiring either.
			if len(fw.stems) > n {
				u.keys = append(u.keys, strings.Join(fw.stems, " "))
			}
			u.favours = fw.favours
			if fw.required {
				// An intent: the word stays required, and the values it
				// asks for are favoured besides.
				out.units = append(out.units, u)
				favoured = append(favoured, unit{query: func(float64) *Query { return favourQuery(fw, nil) }})
				i += len(fw.stems)
				continue
			}
			inner := u.query
			u.query = func(w float64) *Query { return favourQuery(fw, inner(w)) }
			favoured = append(favoured, u)
			i += len(fw.stems)
			continue
		}
		out.units = append(out.units, u)
		i += n
	}
	// A word found in nearly every clause (« IA ») does not say which one is
	// wanted: when the query has rarer words, it only favours.
	var rare, common []unit
	for _, u := range out.units {
		if u.common {
			common = append(common, u)
		} else {
			rare = append(rare, u)
		}
	}
	if len(rare) > 0 && len(common) > 0 {
		out.units = rare
		out.optional = append(out.optional, common...)
	}
	out.optional = append(out.optional, favoured...)
	// A long question never appears as such in a clause: the phrase bonus
	// would only cost time.
	if len(stems) > 1 && len(stems) <= maxPhraseTerms {
		out.phrase = phraseOf(exact)
	}
	return out
}

// favourQuery matches the clauses with the values a facet word favours,
// or (when also is set) what also matches.
func favourQuery(fw facetWord, also *Query) *Query {
	qs := make([]*Query, 0, len(fw.favours)+1)
	for _, f := range fw.favours {
		qs = append(qs, termQuery(f.value, f.field, fw.weight))
	}
	if also != nil {
		qs = append(qs, also)
	}
	return disQuery(0, qs...)
}

// unitWeight is how much a unit of these stems says about what is wanted:
// the inverse document frequency of its rarest stem among the clauses.
func (p *queryParser) unitWeight(stems []string) float64 {
	df := p.n
	for _, s := range stems {
		df = min(df, p.df[s])
	}
	return math.Log(1 + float64(p.n)/float64(1+df))
}

// searched returns the alternatives that a query searches for the word
// typed, with their weights (see searched): those of each notion it leads
// to, each alternative once, at its highest weight. spells marks the
// alternatives that are the word typed or another spelling of it.
func (p *queryParser) searched(refs []altRef) (alts []alternative, weights []float64, spells []bool) {
	for _, r := range refs {
		group := p.groups[r.g]
		as, ws := searched(group, r.i)
		for i, a := range as {
			sp := slices.Equal(a.exact, group[r.i].exact) || (a.narrower && group[r.i].narrower && a.word == group[r.i].word)
			if j := slices.IndexFunc(alts, func(b alternative) bool { return slices.Equal(a.exact, b.exact) }); j >= 0 {
				weights[j], spells[j] = max(weights[j], ws[i]), spells[j] || sp
				continue
			}
			alts, weights, spells = append(alts, a), append(weights, ws[i]), append(spells, sp)
		}
	}
	return alts, weights, spells
}

// searched returns the alternatives of a group that a query searches when
// the user typed group[own], with their weights: the word typed weighs 1,
// its synonyms weightSynonym; an everyday word (narrower) searches itself,
// its other spellings, and the notion it leads to, at weightFamily, not
// the other everyday words.
func searched(group []alternative, own int) ([]alternative, []float64) {
	var alts []alternative
	var weights []float64
	for i, a := range group {
		switch {
		case i == own:
			alts, weights = append(alts, a), append(weights, 1)
		case a.narrower && a.word == group[own].word:
			// Another spelling of the everyday word typed.
			alts, weights = append(alts, a), append(weights, weightSynonym)
		case a.narrower:
			// Never searched through another word.
		case group[own].narrower:
			alts, weights = append(alts, a), append(weights, weightFamily)
		default:
			alts, weights = append(alts, a), append(weights, weightSynonym)
		}
	}
	return alts, weights
}

// wordQuery matches one word: as typed, by its stem and, for a long word,
// through the corpus words one typo away (typos).
func wordQuery(exact, stem string, typos []string, context bool, weight float64) *Query {
	// No exact-title term: each term costs a searcher per request, and a
	// title is short, so its stemmed term stands for both.
	qs := []*Query{
		termQuery(exact, index.FieldTextExact, weight*weightExact),
		// The title's one term weighs what its exact and stemmed terms did.
		termQuery(stem, index.FieldTitle, weight*(weightExact+weightStem)*weightTitle),
		termQuery(stem, index.FieldText, weight*weightStem),
		termQuery(stem, index.FieldQuestions, weight*weightStem*weightQuestions),
	}
	if context {
		qs = append(qs, termQuery(stem, index.FieldContext, weight*weightContext))
	}
	// On the unstemmed words: a stem is short ("données" gives "done"), and
	// one edit on a short stem matches unrelated words ("dont").
	for _, t := range typos {
		qs = append(qs,
			termQuery(t, index.FieldTitleExact, weight*weightFuzzy*weightTitle),
			termQuery(t, index.FieldTextExact, weight*weightFuzzy))
	}
	return disQuery(0, qs...)
}

// synonymQuery matches any of the alternatives searched for a unit (see
// searched), each with its weight.
//
// bleve scores a disjunction by the sum of its matching children times the
// share of children that match (coordination). A clause normally uses one
// spelling of a concept, so without care a group with many spellings would
// make each match count for little. Each alternative is therefore its own
// child, boosted by the number of alternatives: one spelling found scores
// as a plain word would, several found score more.
//
// inContext tells, for each one-word alternative, whether to look for it in
// the context field too.
func synonymQuery(alts []alternative, weights []float64, inContext []bool, groupWeight float64) *Query {
	qs := make([]*Query, len(alts))
	for i, a := range alts {
		weight := weights[i] * float64(len(alts)) * groupWeight
		if len(a.stems) == 1 {
			qs[i] = wordQuery(a.exact[0], a.stems[0], nil, inContext[i], weight)
			continue
		}
		// A phrase is matched on the stemmed title, text and questions only:
		// phrases are costly, a phrase found as typed is found by its stems
		// as well, and the context field is for single words (tags,
		// headings).
		var fields []*Query
		for _, f := range []struct {
			field string
			boost float64
		}{
			{index.FieldTitle, weightStem * weightTitle},
			{index.FieldText, weightStem},
			{index.FieldQuestions, weightStem * weightQuestions},
		} {
			fields = append(fields, phraseQuery(a.phrase, f.field, weight*f.boost))
		}
		qs[i] = disQuery(0, fields...)
	}
	return disQuery(0, qs...)
}

// phraseOf arranges analysed tokens as bleve's phrase queries do (see
// MatchPhraseQuery): terms by position from the first, a removed stop word
// leaving an empty slot that matches any word. Analysing once here saves
// bleve analysing the text again for each search.
func phraseOf(tokens []index.Token) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for i := range out {
		out[i] = []string{} // an empty position, not a missing one (JSON: [])
	}
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], t.Term)
	}
	return out
}

// required is how many of n units a clause must match. Short queries need
// every word ("donnees eleves" means both); longer ones, often questions,
// need most of them, and clauses that match more rank higher.
func required(n int) int {
	switch {
	case n <= 2:
		return n
	case n == 3:
		return 2
	}
	return (n + 1) / 2
}

// sourceNamed returns the text with the words that name a kind of source
// (« syndicat », « Education International ») required as its words are,
// any of them sufficing; false when it names none. A query whose words no
// clause has is then about that source; one that only names a role
// (« prof ») or a common word (« IA ») is about nothing the corpus has.
func (p parsedText) sourceNamed() (parsedText, bool) {
	named := false
	units := slices.Clip(p.units)
	var optional []unit
	for _, u := range p.optional {
		if slices.ContainsFunc(u.favours, func(f fieldValue) bool { return f.field == index.FieldKind }) {
			units, named = append(units, u), true
			continue
		}
		optional = append(optional, u)
	}
	p.units, p.optional = units, optional
	return p, named
}

// textQuery builds the query for a text: its units, min of which must
// match, plus a bonus for the whole text found as a phrase. It returns nil
// when the text has no searchable term (only stop words).
//
// With prefer above min (a relaxed query), clauses that match prefer units
// get a bonus, so that they stay above those that match fewer.
func (p parsedText) textQuery(min, prefer int) *Query {
	units := make([]*Query, len(p.units))
	for i, u := range p.units {
		units[i] = u.query(1)
	}
	optional := make([]*Query, len(p.optional))
	for i, u := range p.optional {
		optional[i] = u.query(1)
	}
	if len(units) == 0 {
		// Only facet words (« AESH »): they are what the query is about.
		units, optional, min, prefer = optional, nil, 1, 1
	}
	if len(units) == 0 {
		return nil
	}
	var should []*Query
	if prefer > min {
		heavy := make([]*Query, len(p.units))
		for i, u := range p.units {
			heavy[i] = u.query(weightStrict)
		}
		should = append(should, disQuery(prefer, heavy...))
	}
	should = append(should, optional...)
	if p.phrase != nil {
		should = append(should,
			phraseQuery(p.phrase, index.FieldTitleExact, weightPhrase*weightTitle),
			phraseQuery(p.phrase, index.FieldTextExact, weightPhrase),
		)
	}
	q := boolQuery([]*Query{disQuery(min, units...)}, should...)
	if len(p.answered) > 0 {
		// A query of its own, so that the bonus is not shared out among the
		// optional parts above (bleve's coordination).
		q = boolQuery([]*Query{q}, idsQuery(p.answered, weightAnswered))
	}
	return q
}

// verbStem returns what remains of a one-word stem without the ending of
// a present-tense verb form (« -ent », « -ez ») when at least
// four letters remain, or "" when it has none. The light French stemmer
// reduces the infinitive and the participle (« copier », « copié »:
// copi, cop) but leaves the persons of the verb as typed (« copient »,
// « cherchez »), and people describe a situation with them: « ils
// copient-collent » is the question « copier-coller » of a card. A unit
// gets the shorter stem as one more key, so that questions pratiques
// match on it; the clause search is unchanged. (« -ons » is not one: the
// stemmer takes its s as a plural's, and « -on » ends many nouns.) Among
// the ways of asking the questions and the judged queries, every stem it
// joins to another is a verb (« utilisent » and « utiliser », « demandent » and
// « demander »): nouns in « -ent » of six letters or fewer (« parent »,
// « agent ») keep theirs. Stems with letters outside ASCII keep theirs, so
// that the browser's port counts letters the same way.
func verbStem(stem string) string {
	for _, r := range stem {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	for _, end := range []string{"ent", "ez"} {
		if rest, ok := strings.CutSuffix(stem, end); ok && len(rest) >= 4 {
			return rest
		}
	}
	return ""
}

// englishAI returns the text with « AI », typed in capitals as a word of
// its own, written « IA »: the French stop list drops « ai » (of avoir,
// « j'ai »), so « can AI grade my child » would lose the one word that says
// what it is about, and never name AI (see Searcher.namesAI). « ai » in
// lower case, or after an apostrophe (« J'AI »), stays a form of avoir.
// The text keeps its length, so offsets into it stay valid.
func englishAI(text string) string {
	if !strings.Contains(text, "AI") {
		return text
	}
	// At either end of the text the neighbour decodes as RuneError, which
	// is neither a letter nor an apostrophe.
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
	b := []byte(text)
	for i := 0; i+1 < len(text); i++ {
		if text[i] != 'A' || text[i+1] != 'I' {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+2:])
		if !word(before) && before != '\'' && before != '’' && !word(after) {
			b[i], b[i+1] = 'I', 'A'
		}
	}
	return string(b)
}
