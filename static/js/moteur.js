// Repères IA — the search engine of the static copy, in the browser.
//
// A port of the server's engine (packages index and search): the same
// French analysis (English possessives, elision, stop words, accent
// folding, light stemmer), the
// same query (synonyms, typos, facet words, words required, relaxing), the
// same scoring (bleve's tf-idf with coordination), the same filters (OR
// within a facet, AND across) and disjunctive counts. Every table and
// weight comes from the data the export writes (recherche-*.js), taken from
// the Go packages; the analysis is checked against Go by vectors
// (internal/export, under Node) and the ranking by the judged queries (in
// Chromium). No DOM here: recherche.js shows the results.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.ReperesMoteur = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FIELDS = {
    title: true, title_exact: false, text: true, text_exact: false, context: true, questions: true
  }; // field → stemmed?
  var APOSTROPHES = { "'": true, "\u2019": true };

  // ---------------------------------------------------------------- analysis

  // unfold reads the folding table as Go writes it (index.FoldTable): for
  // each character, in order, the number skipped since the previous one
  // (from U+0080), then what it becomes.
  function unfold(flat) {
    var out = {}, prev = 0x7f;
    for (var i = 0; i < flat.length; i += 2) {
      prev += flat[i] + 1;
      out[String.fromCodePoint(prev)] = flat[i + 1];
    }
    return out;
  }

  function Analyzer(tables) {
    this.articles = new Set(tables.articles);
    this.stop = new Set(tables.stop);
    this.fold = unfold(tables.fold);
    this.segmenter = null; // made when a text needs it (see analyze)
  }

  // Word segmentation. The browser's segmenter follows Unicode's word
  // rules (UAX #29), as bleve does, but it is slow to make and to run: the
  // engine's start spent a third of its time in it. Most texts hold only
  // characters whose word-break classes are few and known: ASCII (not
  // « _ »), Latin letters up to U+024F, and common French punctuation
  // (SIMPLE_TEXT). In those, a word is a run of letters and digits in which
  // an apostrophe (' ‘ ’), a full stop or a middle dot may join two
  // letters, and a comma, a semicolon, an apostrophe or a full stop two
  // digits (rules WB5–WB12). SIMPLE_WORD finds exactly those: runs, each
  // one before a joiner ending in a letter that the joiner and a letter
  // follow, or in a digit that a digit joiner and a digit follow (with
  // look-aheads only: older browsers refuse a look-behind when they parse
  // the script). Any other text, and one where a colon joins two letters
  // (a MidLetter that the browser's rules and bleve's do not treat alike),
  // goes through the segmenter. The analyzer parity test holds both paths
  // to bleve's terms.
  var SIMPLE_TEXT = /^[\t\n\r\x20-\x5e\x60-\x7e\u00a0-\u00ac\u00ae-\u024f\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/;
  var LETTER_COLON = /\p{L}:\p{L}/u;
  var SIMPLE_WORD = /(?:[\p{L}0-9]*?(?:\p{L}(?=['\u2018\u2019.\u00b7]\p{L})['\u2018\u2019.\u00b7]|[0-9](?=[,;'\u2018\u2019.][0-9])[,;'\u2018\u2019.]))*[\p{L}0-9]+/gu;

  // eachWord calls fn(word, index) for every word of text, in order.
  Analyzer.prototype.eachWord = function (text, fn) {
    if (SIMPLE_TEXT.test(text) && !LETTER_COLON.test(text)) {
      SIMPLE_WORD.lastIndex = 0;
      for (var m; (m = SIMPLE_WORD.exec(text)) !== null;) fn(m[0], m.index);
      return;
    }
    if (!this.segmenter) this.segmenter = new Intl.Segmenter("fr", { granularity: "word" });
    for (var s of this.segmenter.segment(text)) {
      if (!s.isWordLike) continue;
      words(s).forEach(function (w) { fn(w.segment, w.index); });
    }
  };

  // lower is Go's unicode.ToLower, rune by rune: JavaScript's toLowerCase
  // differs only where one character lowers to several, or by context.
  function lower(s) {
    if (!/[\u0130\u03a3]/.test(s)) return s.toLowerCase();
    return Array.from(s, function (c) {
      if (c === "\u0130") return "i";
      if (c === "\u03a3") return "\u03c3";
      return c.toLowerCase();
    }).join("");
  }

  Analyzer.prototype.elide = function (t) {
    for (var i = 0; i < t.length; i++) {
      if (APOSTROPHES[t[i]] && this.articles.has(t.slice(0, i))) return t.slice(i + 1);
    }
    return t;
  };

  // possessive strips an English possessive ('s, ’s, ＇s), as bleve's
  // possessive_en filter does: « student's » is « student ».
  function possessive(t) {
    var n = t.length;
    if (n >= 2 && (t[n - 1] === "s" || t[n - 1] === "S") && (t[n - 2] === "'" || t[n - 2] === "\u2019" || t[n - 2] === "\uff07")) return t.slice(0, n - 2);
    return t;
  }

  Analyzer.prototype.foldTerm = function (t) {
    if (!/[^\x00-\x7f]/.test(t)) return t;
    var f = this.fold, out = "";
    for (var c of t) out += (f[c] !== undefined ? f[c] : c);
    return out;
  };

  // analyze returns the tokens of text: term, start and end (UTF-16 offsets
  // in text), position (counting removed stop words, as bleve does) and
  // runes (the length of the word as written, in characters). Stemmed
  // tokens also have their unstemmed term, exact.
  Analyzer.prototype.analyze = function (text, stemmed) {
    var out = [], pos = 0, self = this;
    this.eachWord(text, function (word, index) {
      pos++;
      var t = self.elide(possessive(lower(word)));
      if (self.stop.has(t)) return;
      t = self.foldTerm(t);
      var tok = { term: t, start: index, end: index + word.length, position: pos, runes: runeCount(word) };
      if (stemmed) {
        tok.exact = t;
        tok.term = self.stem(t);
      }
      out.push(tok);
    });
    out.words = pos; // word count, stop words included: where a next line's positions start
    return out;
  };

  // cached analyzes a text once, for the texts the engine reads several
  // times while it starts (a question's phrasings: for answers and for
  // the questions field of each clause it cites). Callers do not change
  // the tokens.
  Analyzer.prototype.cached = function (text, stemmed) {
    var cache = this.texts || (this.texts = new Map()), key = (stemmed ? "s" : "e") + text, toks = cache.get(key);
    if (!toks) cache.set(key, toks = this.analyze(text, stemmed));
    return toks;
  };

  // words splits a segment as Unicode's word rules (UAX #29, which bleve
  // follows) do where the browser's dictionary does not: each Han or
  // Hiragana character is a word of its own.
  var HAN = /[\p{Script=Han}\p{Script=Hiragana}]/u;
  function words(s) {
    if (!HAN.test(s.segment)) return [s];
    var out = [], run = "", at = s.index, i = s.index;
    for (var c of s.segment) {
      if (HAN.test(c)) {
        if (run) out.push({ segment: run, index: at });
        out.push({ segment: c, index: i });
        run = "";
        at = i + c.length;
      } else run += c;
      i += c.length;
    }
    if (run) out.push({ segment: run, index: at });
    return out;
  }

  // stem stems a folded term, with a cache: a corpus repeats its words.
  Analyzer.prototype.stem = function (t) {
    var cache = this.stems || (this.stems = new Map()), s = cache.get(t);
    if (s === undefined) cache.set(t, s = stem(t));
    return s;
  };

  Analyzer.prototype.terms = function (text, stemmed) {
    return this.analyze(text, stemmed).map(function (t) { return t.term; });
  };

  function runeCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates end a pair
    }
    return n;
  }

  // stem is bleve's FrenchLightStemmer (a port of Lucene's), rule by rule,
  // on an array of characters.
  function endsWith(a, s) {
    var b = Array.from(s);
    if (b.length > a.length) return false;
    for (var i = 0; i < b.length; i++) if (a[a.length - b.length + i] !== b[i]) return false;
    return true;
  }
  function cut(a, n) { a.length = n; return a.length; }

  function stem(term) {
    var a = Array.from(term), n = a.length;
    if (n > 5 && a[n - 1] === "x") {
      if (a[n - 3] === "a" && a[n - 2] === "u" && a[n - 4] !== "e") a[n - 2] = "l";
      n = cut(a, n - 1);
    }
    if (n > 3 && a[n - 1] === "x") n = cut(a, n - 1);
    if (n > 3 && a[n - 1] === "s") n = cut(a, n - 1);
    if (n > 9 && endsWith(a, "issement")) { n = cut(a, n - 6); a[n - 1] = "r"; return norm(a); }
    if (n > 8 && endsWith(a, "issant")) { n = cut(a, n - 4); a[n - 1] = "r"; return norm(a); }
    if (n > 6 && endsWith(a, "ement")) {
      n = cut(a, n - 4);
      if (n > 3 && endsWith(a, "ive")) { n = cut(a, n - 1); a[n - 1] = "f"; }
      return norm(a);
    }
    if (n > 11 && endsWith(a, "ficatrice")) { n = cut(a, n - 5); a[n - 2] = "e"; a[n - 1] = "r"; return norm(a); }
    if (n > 10 && endsWith(a, "ficateur")) { n = cut(a, n - 4); a[n - 2] = "e"; a[n - 1] = "r"; return norm(a); }
    if (n > 9 && endsWith(a, "catrice")) { n = cut(a, n - 3); a[n - 4] = "q"; a[n - 3] = "u"; a[n - 2] = "e"; return norm(a); }
    if (n > 8 && endsWith(a, "cateur")) { n = cut(a, n - 2); a[n - 4] = "q"; a[n - 3] = "u"; a[n - 2] = "e"; a[n - 1] = "r"; return norm(a); }
    if (n > 8 && endsWith(a, "atrice")) { n = cut(a, n - 4); a[n - 2] = "e"; a[n - 1] = "r"; return norm(a); }
    if (n > 7 && endsWith(a, "ateur")) { n = cut(a, n - 3); a[n - 2] = "e"; a[n - 1] = "r"; return norm(a); }
    if (n > 6 && endsWith(a, "trice")) { n = cut(a, n - 1); a[n - 3] = "e"; a[n - 2] = "u"; a[n - 1] = "r"; }
    if (n > 5 && endsWith(a, "ième")) return norm(a.slice(0, n - 4));
    if (n > 7 && endsWith(a, "teuse")) { n = cut(a, n - 2); a[n - 1] = "r"; return norm(a); }
    if (n > 6 && endsWith(a, "teur")) { n = cut(a, n - 1); a[n - 1] = "r"; return norm(a); }
    if (n > 5 && endsWith(a, "euse")) return norm(a.slice(0, n - 2));
    if (n > 8 && endsWith(a, "ère")) { n = cut(a, n - 1); a[n - 2] = "e"; return norm(a); }
    if (n > 7 && endsWith(a, "ive")) { n = cut(a, n - 1); a[n - 1] = "f"; return norm(a); }
    if (n > 4 && (endsWith(a, "folle") || endsWith(a, "molle"))) { n = cut(a, n - 2); a[n - 1] = "u"; return norm(a); }
    if (n > 9 && endsWith(a, "nnelle")) return norm(a.slice(0, n - 5));
    if (n > 9 && endsWith(a, "nnel")) return norm(a.slice(0, n - 3));
    if (n > 4 && endsWith(a, "ète")) { n = cut(a, n - 1); a[n - 2] = "e"; }
    if (n > 8 && endsWith(a, "ique")) n = cut(a, n - 4);
    if (n > 8 && endsWith(a, "esse")) return norm(a.slice(0, n - 3));
    if (n > 7 && endsWith(a, "inage")) return norm(a.slice(0, n - 3));
    if (n > 9 && endsWith(a, "isation")) {
      n = cut(a, n - 7);
      if (n > 5 && endsWith(a, "ual")) a[n - 2] = "e";
      return norm(a);
    }
    if (n > 9 && endsWith(a, "isateur")) return norm(a.slice(0, n - 7));
    if (n > 8 && endsWith(a, "ation")) return norm(a.slice(0, n - 5));
    if (n > 8 && endsWith(a, "ition")) return norm(a.slice(0, n - 5));
    return norm(a);
  }

  var NORM = { "à": "a", "á": "a", "â": "a", "ô": "o", "è": "e", "é": "e", "ê": "e", "ù": "u", "û": "u", "î": "i", "ç": "c" };
  var LETTER = /\p{L}/u;

  // norm, as in bleve, collapses doubled letters inside the folding loop:
  // the order matters for words that fold into a double letter.
  function norm(a) {
    if (a.length > 4) {
      for (var i = 0; i < a.length; i++) {
        if (NORM[a[i]]) a[i] = NORM[a[i]];
        var ch = a[0];
        for (var j = 1; j < a.length; j++) {
          if (a[j] === ch && LETTER.test(ch)) { a.splice(j, 1); j--; } else ch = a[j];
        }
      }
    }
    var n = a.length;
    if (n > 4 && a[n - 2] === "i" && a[n - 1] === "e") n = cut(a, n - 2);
    if (n > 4) {
      if (a[n - 1] === "r") n = cut(a, n - 1);
      if (a[n - 1] === "e") n = cut(a, n - 1);
      if (a[n - 1] === "e") n = cut(a, n - 1);
      if (a[n - 1] === a[n - 2] && LETTER.test(a[n - 1])) n = cut(a, n - 1);
    }
    return a.join("");
  }

  // ------------------------------------------------------------------ index

  function Engine(data) {
    this.data = data;
    this.t = data.tuning;
    this.an = new Analyzer(data.analysis);
    this.queryStop = new Set(data.analysis.queryStop);
    var n = this.n = data.clauses.length;
    var self = this;
    // clauseNumber: a clause's number by its id, for the trees' ids nodes.
    this.clauseNumber = new Map(data.clauses.map(function (cl, d) { return [cl.id, d]; }));
    this.facetByName = {};
    data.facets.forEach(function (f) { self.facetByName[f.name] = f; });

    // postings[field][term] = [{d: clause number, tf, pos: [positions]}]
    this.postings = {};
    this.norms = {};
    Object.keys(FIELDS).forEach(function (f) { self.postings[f] = new Map(); self.norms[f] = new Float64Array(n); });
    this.keywords = {}; // facet → value → [clause numbers]
    this.keywordNorms = {};
    data.facets.forEach(function (f) { self.keywords[f.name] = new Map(); self.keywordNorms[f.name] = new Float64Array(n); });
    this.df = new Map(); // stem → clauses whose title or text has it
    var words = new Set();

    // The questions field of each clause: the questions pratiques that cite
    // it and their phrasings, one per line (index.Questions).
    var asked = data.clauses.map(function () { return []; });
    (data.questions || []).forEach(function (q) {
      q.clauses.forEach(function (d) { asked[d].push(q.question); asked[d].push.apply(asked[d], q.phrasings); });
    });
    data.clauses.forEach(function (cl, d) {
      self.addLines("questions", d, asked[d].map(function (text) { return self.an.cached(text, true); }), "term");
      // One analysis per text gives both the stemmed and the exact terms.
      var title = self.an.analyze(cl.title, true), text = self.an.analyze(cl.text, true);
      self.add("title", d, title, "term");
      self.add("title_exact", d, title, "exact");
      self.add("text", d, text, "term");
      self.add("text_exact", d, text, "exact");
      // Context lines repeat from clause to clause (titles, headings, tags):
      // each is analysed once.
      self.addLines("context", d, cl.context.split("\n").map(function (line) { return self.an.cached(line, true); }), "term");
      var seen = new Set();
      title.concat(text).forEach(function (t) {
        if (!seen.has(t.term)) { seen.add(t.term); self.df.set(t.term, (self.df.get(t.term) || 0) + 1); }
        words.add(t.exact);
      });
      data.facets.forEach(function (f) {
        var values = self.values(cl, f.name);
        values.forEach(function (v) {
          var list = self.keywords[f.name].get(v);
          if (!list) self.keywords[f.name].set(v, list = []);
          list.push(d);
        });
        self.keywordNorms[f.name][d] = values.length ? 1 / Math.sqrt(values.length) : 0;
      });
    });

    // Typo candidates: the corpus's words by their first letters.
    this.vocab = new Map();
    words.forEach(function (w) {
      var k = self.prefixKey(w);
      if (k === null) return;
      var list = self.vocab.get(k);
      if (!list) self.vocab.set(k, list = []);
      list.push(w);
    });
    this.vocab.forEach(function (list) { list.sort(); });

    // Synonym groups, glossary terms and facet words, analysed once.
    this.groups = [];
    data.groups.forEach(function (g) {
      var alts = [];
      g.forEach(function (sp) {
        // One analysis gives both: a stemmed token keeps its exact term.
        var toks = self.an.analyze(sp.text, true);
        var a = {
          text: sp.text, narrower: !!sp.narrower, word: sp.word || 0,
          exact: toks.map(function (x) { return x.exact; }), stems: toks.map(function (x) { return x.term; }),
          phrase: phraseOf(toks)
        };
        if (!a.stems.length || a.exact.length !== a.stems.length) return;
        alts.push(a);
      });
      if (alts.length > 1) self.groups.push(alts);
    });
    this.facetWords = [];
    data.facetWords.forEach(function (w) {
      var stems = self.an.terms(w.text, true);
      if (!stems.length) return;
      self.facetWords.push({ stems: stems, favours: w.favours, weight: w.weight, required: !!w.required });
    });
    this.scaffolding = [];
    (data.scaffolding || []).forEach(function (text) {
      var stems = self.an.terms(text, true);
      if (stems.length) self.scaffolding.push(stems);
    });
    this.scaffolding.sort(function (a, b) { return b.length - a.length; }); // stable: longest first
    // The school levels, their words as stems; and the levels each question
    // names in its question (search's levels).
    this.levels = (data.levels || []).map(function (lv) {
      return lv.words.map(function (w) { return self.an.terms(w, true); }).filter(function (st) { return st.length > 0; });
    });
    this.questionLevels = (data.questions || []).map(function (q) { return self.levelsOf(self.an.terms(q.question, true)); });
    // The keys of the words that name AI; when there are none, every
    // query may get an answer (search's aiKeys).
    this.aiKeys = new Set();
    (data.aiWords || []).forEach(function (w) {
      var stems = self.an.terms(w, true);
      if (stems.length) self.aiKeys.add(stems.join(" "));
    });
    // Alternatives by first stem, one-word ones by first letters, facet
    // words by first stem, in order: match, matchTypo and facetWord look
    // at those only (see indexGroups in package search).
    this.byFirst = new Map();
    this.byPrefix = new Map();
    this.groups.forEach(function (alts, g) {
      alts.forEach(function (a, i) {
        push(self.byFirst, a.stems[0], { g: g, i: i });
        var k = self.prefixKey(a.exact[0]);
        if (k !== null && a.exact.length === 1) push(self.byPrefix, k, { g: g, i: i });
      });
    });
    this.facetByFirst = new Map();
    this.facetWords.forEach(function (w, i) { push(self.facetByFirst, w.stems[0], i); });
    // Every way of asking every question, parsed (see answers).
    this.asked = [];
    (data.questions || []).forEach(function (q, i) {
      [q.question].concat(q.phrasings).forEach(function (text) {
        var p = self.parseText(text, true, true), total = 0;
        // What answers compare, without the unit's query builder, whose
        // closure would keep the whole parse alive.
        var units = p.units.concat(p.optional).map(function (u) {
          total += u.weight;
          return { keys: u.keys, typos: u.typos, weight: u.weight, favours: u.favours, common: u.common };
        });
        if (total > 0) self.asked.push({ question: i, units: units, total: total });
      });
    });
  }

  // values: a clause's values for a facet, from the vocabulary of the
  // content model the facet takes them from, or from the clause's own
  // values of the facet (see kb.Corpus.FacetValues).
  Engine.prototype.values = function (cl, facet) {
    var f = this.facetByName[facet];
    switch (f && f.from) {
      case "roles": return cl.roles;
      case "themes": return cl.themes;
      case "kinds": return [cl.kind];
      case "natures": return [cl.nature];
    }
    return (cl.facets && cl.facets[facet]) || [];
  };

  Engine.prototype.add = function (field, d, tokens, key) {
    this.addLines(field, d, [tokens], key);
  };

  // addLines indexes lines of tokens as one text: each line's positions
  // follow the previous line's words (tokens.words), as if the lines were
  // analysed joined (a line break is a word break).
  Engine.prototype.addLines = function (field, d, lines, key) {
    var byTerm = new Map(), at = 0, n = 0;
    lines.forEach(function (tokens) {
      tokens.forEach(function (t) {
        var p = byTerm.get(t[key]);
        if (!p) byTerm.set(t[key], p = { d: d, tf: 0, pos: [] });
        p.tf++;
        p.pos.push(t.position + at);
      });
      at += tokens.words;
      n += tokens.length;
    });
    var postings = this.postings[field];
    byTerm.forEach(function (p, term) {
      var list = postings.get(term);
      if (!list) postings.set(term, list = []);
      list.push(p);
    });
    this.norms[field][d] = n ? 1 / Math.sqrt(n) : 0;
  };

  Engine.prototype.prefixKey = function (w) {
    var chars = Array.from(w);
    return chars.length > this.t.fuzzyPrefix ? chars.slice(0, this.t.fuzzyPrefix).join("") : null;
  };

  Engine.prototype.typos = function (w) {
    var k = this.prefixKey(w);
    if (k === null) return [];
    return (this.vocab.get(k) || []).filter(function (c) { return oneEdit(w, c); });
  };

  // oneEdit: one character replaced, inserted or deleted, or two
  // neighbours swapped (search.oneEdit).
  function oneEdit(a, b) {
    var ra = Array.from(a), rb = Array.from(b);
    if (ra.length < rb.length) { var x = ra; ra = rb; rb = x; }
    var i;
    switch (ra.length - rb.length) {
      case 0:
        var diff = 0, first = -1;
        for (i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) { if (first < 0) first = i; diff++; }
        return diff === 1 || (diff === 2 && first + 1 < ra.length && ra[first] === rb[first + 1] && ra[first + 1] === rb[first]);
      case 1:
        i = 0;
        while (i < rb.length && ra[i] === rb[i]) i++;
        return ra.slice(i + 1).join("\u0000") === rb.slice(i).join("\u0000");
    }
    return false;
  }

  // ---------------------------------------------------------------- queries
  //
  // A query is a tree of plain objects, evaluated over every clause into a
  // Map from clause number to score, with bleve's tf-idf: a term scores
  // sqrt(tf) · norm · idf² · boost (bleve's query norm is the same for every
  // clause, so left out), a disjunction the sum of its matching children
  // times the share that match, a conjunction or a boolean query the sum of
  // its parts.

  // The tree is the server's (see tree.go in package search), node for
  // node: the parity test compares the two as JSON on every judged query.
  function term(field, t, boost) { return { op: "term", field: field, term: t, boost: boost }; }
  function dis(children, min) { return { op: "dis", children: children, min: min || 0 }; }
  function phrase(terms, field, boost) { return { op: "phrase", terms: terms, field: field, boost: boost }; }
  function bool(must, should) { return { op: "bool", must: must, should: should }; }
  function ids(list, boost) { return { op: "ids", ids: list, boost: boost }; }
  var NONE = { op: "none" };

  // phraseOf arranges analysed tokens by position from the first, a
  // removed stop word leaving an empty position that matches any word (see
  // phraseOf in package search).
  function phraseOf(toks) {
    if (!toks.length) return [];
    var first = toks[0].position, last = first;
    toks.forEach(function (t) { first = Math.min(first, t.position); last = Math.max(last, t.position); });
    var out = [];
    for (var i = first; i <= last; i++) out.push([]);
    toks.forEach(function (t) { out[t.position - first].push(t.term); });
    return out;
  }

  Engine.prototype.idf = function (df) { return 1 + Math.log(this.n / (df + 1)); };

  Engine.prototype.eval = function (q) {
    var self = this, out = new Map();
    switch (q.op) {
      case "term": {
        var kw = this.keywords[q.field];
        if (kw) {
          var docs = kw.get(q.term) || [], kidf = this.idf(docs.length), knorms = this.keywordNorms[q.field];
          docs.forEach(function (d) { out.set(d, knorms[d] * kidf * kidf * q.boost); });
          return out;
        }
        var list = this.postings[q.field].get(q.term) || [], idf = this.idf(list.length), norms = this.norms[q.field];
        list.forEach(function (p) { out.set(p.d, Math.sqrt(p.tf) * norms[p.d] * idf * idf * q.boost); });
        return out;
      }
      case "phrase": {
        // One term per position: the analyzers never put two at one place.
        var postings = this.postings[q.field], parts = [];
        q.terms.forEach(function (slot, rel) {
          if (!slot.length) return;
          var l = postings.get(slot[0]) || [];
          var byDoc = new Map();
          l.forEach(function (p) { byDoc.set(p.d, p); });
          parts.push({ rel: rel, byDoc: byDoc, idf: self.idf(l.length) });
        });
        if (!parts.length) return out;
        var pnorms = this.norms[q.field];
        parts[0].byDoc.forEach(function (first, d) {
          for (var i = 1; i < parts.length; i++) if (!parts[i].byDoc.has(d)) return;
          var found = first.pos.some(function (p0) {
            return parts.every(function (part) { return part.byDoc.get(d).pos.indexOf(p0 + part.rel) >= 0; });
          });
          if (!found) return;
          var score = 0;
          parts.forEach(function (part) {
            score += Math.sqrt(part.byDoc.get(d).tf) * pnorms[d] * part.idf * part.idf * q.boost;
          });
          out.set(d, score);
        });
        return out;
      }
      case "ids": {
        q.ids.forEach(function (id) { var d = self.clauseNumber.get(id); if (d !== undefined) out.set(d, q.boost); });
        return out;
      }
      case "none":
        return out;
      case "dis": {
        var sums = new Map(), counts = new Map(), total = q.children.length;
        q.children.forEach(function (c) {
          self.eval(c).forEach(function (s, d) {
            sums.set(d, (sums.get(d) || 0) + s);
            counts.set(d, (counts.get(d) || 0) + 1);
          });
        });
        counts.forEach(function (c, d) { if (c >= Math.max(q.min, 1)) out.set(d, sums.get(d) * c / total); });
        return out;
      }
      case "bool": {
        var must = null;
        q.must.forEach(function (c) {
          var r = self.eval(c);
          if (must === null) { must = r; return; }
          var both = new Map();
          must.forEach(function (s, d) { if (r.has(d)) both.set(d, s + r.get(d)); });
          must = both;
        });
        if (!q.should.length) return must;
        var should = this.eval(dis(q.should, 0));
        must.forEach(function (s, d) { out.set(d, s + (should.get(d) || 0)); });
        return out;
      }
    }
    throw new Error("query: unknown operation " + q.op);
  };

  // parseText cuts a query text into units (a word, or the span a synonym
  // group or glossary term recognised) that clauses must match, and
  // optional ones (facet words, intents, common words) — as
  // queryParser.parseText does on the server. Each unit has its query
  // builder (q), its keys and typo keys (for answers), its weight and
  // whether it is common.
  // With allContext, every word is also looked for in the context field;
  // otherwise words in the context of too many clauses are not, and
  // out.skipped says so (see contextShare in package search).
  Engine.prototype.parseText = function (text, allContext, noTypos) {
    var self = this, t = this.t;
    text = englishAI(text);
    var stems = [], kept = [], toks = noTypos ? this.an.cached(text, true) : this.an.analyze(text, true);
    toks.forEach(function (tok) {
      if (self.queryStop.has(tok.exact)) return;
      stems.push(tok.term);
      kept.push({ term: tok.exact, runes: tok.runes });
    });
    // The words that put a question are not what it is about, unless they
    // are all there is.
    var cStems = [], cKept = [];
    for (var j = 0; j < stems.length;) {
      var sc = this.scaffold(stems, j);
      if (sc > 0) { j += sc; continue; }
      cStems.push(stems[j]); cKept.push(kept[j]); j++;
    }
    if (cStems.length) { stems = cStems; kept = cKept; }
    // terms: all the text's stemmed terms, where school levels are looked
    // for (search's parsedText.terms).
    var out = { units: [], optional: [], phrase: null, skipped: false, terms: toks.map(function (tok) { return tok.term; }) }, favoured = [];
    for (var i = 0; i < stems.length;) {
      var u, n = 1, m = this.match(stems, i);
      if (!m && kept[i].runes >= t.fuzzyMinRunes) m = this.matchTypo(kept[i].term);
      if (m) {
        var sr = this.searchedAll(m), gw = this.groupWeight(sr.alts), keys = [];
        sr.alts.forEach(function (a, k) {
          out.skipped = out.skipped || (a.stems.length === 1 && !allContext && !self.inContext(a.stems[0]));
          // A word of several notions matches the questions pratiques by
          // its own spellings only (see parseText in package search).
          if (m.length > 1 && !sr.spells[k]) return;
          keys.push(a.stems.join(" "));
          if (a.exact.length === 1) {
            keys.push("=" + a.exact[0]);
            var v = verbStem(a.stems[0]);
            if (v) keys.push(v);
          }
        });
        m = { group: this.groups[m[0].g], own: m[0].i };
        u = {
          q: (function (alts, weights, gw) {
            return function (w) { return self.synonymQuery(alts, weights, allContext, gw * w); };
          })(sr.alts, sr.weights, gw),
          keys: keys, typos: [], favours: [], weight: this.unitWeight(m.group[m.own].stems) * gw, common: gw < 1
        };
        n = m.group[m.own].stems.length;
      } else {
        var ctx = allContext || this.inContext(stems[i]), cw = this.commonWeight(stems[i]);
        var typos = !noTypos && kept[i].runes >= t.fuzzyMinRunes ? this.typos(kept[i].term) : [];
        out.skipped = out.skipped || !ctx;
        u = {
          q: (function (ex, st, typos, ctx, cw) {
            return function (w) { return wordQuery(t, ex, st, typos, ctx, cw * w); };
          })(kept[i].term, stems[i], typos, ctx, cw),
          keys: [stems[i], "=" + kept[i].term], typos: typos.map(function (x) { return "=" + x; }),
          favours: [], weight: this.unitWeight([stems[i]]) * cw, common: cw < 1
        };
        var vs = verbStem(stems[i]);
        if (vs) u.keys.push(vs);
      }
      var fw = this.facetWord(stems, i);
      if (fw && fw.stems.length >= n) {
        if (fw.stems.length > n) u.keys.push(fw.stems.join(" "));
        u.favours = fw.favours;
        if (fw.required) {
          // An intent: the word stays required, and the values it asks
          // for are favoured besides.
          out.units.push(u);
          favoured.push({ q: favourQuery(fw, null), keys: [], typos: [], favours: [], weight: 0, common: false });
          i += fw.stems.length;
          continue;
        }
        u.q = (function (inner, fw) {
          return function (w) { return favourQuery(fw, inner(w))(); };
        })(u.q, fw);
        favoured.push(u);
        i += fw.stems.length;
        continue;
      }
      out.units.push(u);
      i += n;
    }
    // A word found in nearly every clause only favours, when the query has
    // rarer words.
    var rare = out.units.filter(function (u) { return !u.common; }), common = out.units.filter(function (u) { return u.common; });
    if (rare.length && common.length) { out.units = rare; out.optional = out.optional.concat(common); }
    out.optional = out.optional.concat(favoured);
    if (stems.length > 1 && stems.length <= t.maxPhraseTerms) {
      // The words as typed (a stemmed token keeps its exact term).
      out.phrase = phraseOf(toks.map(function (tok) { return { term: tok.exact, position: tok.position }; }));
    }
    return out;
  };

  // favourQuery returns a builder of the query that matches the clauses
  // with the values a facet word favours, or what also matches.
  function favourQuery(fw, also) {
    return function () {
      var qs = fw.favours.map(function (f) { return term(f.field, f.value, fw.weight); });
      if (also) qs.push(also);
      return dis(qs);
    };
  }

  // scaffold: the length of the phrase that puts a question at stems[from],
  // 0 if none. (Functions that read stems from a position take the
  // position rather than a slice: the engine's start parses every
  // phrasing, and the slices were much of its garbage.)
  Engine.prototype.scaffold = function (stems, from) {
    for (var i = 0; i < this.scaffolding.length; i++) {
      if (startsWith(stems, from, this.scaffolding[i])) return this.scaffolding[i].length;
    }
    return 0;
  };

  // unitWeight: the inverse document frequency of the rarest stem.
  Engine.prototype.unitWeight = function (stems) {
    var df = this.n, self = this;
    stems.forEach(function (s) { df = Math.min(df, self.df.get(s) || 0); });
    return Math.log(1 + this.n / (1 + df));
  };

  // searched: the alternatives a query searches when the user typed
  // group[own], with their weights (see searched in package search).
  function searched(t, group, own) {
    var alts = [], weights = [];
    group.forEach(function (a, i) {
      if (i === own) { alts.push(a); weights.push(1); }
      else if (a.narrower && a.word === group[own].word) { alts.push(a); weights.push(t.weightSynonym); }
      else if (a.narrower) return;
      else if (group[own].narrower) { alts.push(a); weights.push(t.weightFamily); }
      else { alts.push(a); weights.push(t.weightSynonym); }
    });
    return { alts: alts, weights: weights };
  }

  function startsWith(stems, from, prefix) {
    if (prefix.length > stems.length - from) return false;
    for (var i = 0; i < prefix.length; i++) if (stems[from + i] !== prefix[i]) return false;
    return true;
  }

  function push(map, key, value) {
    var list = map.get(key);
    if (!list) map.set(key, list = []);
    list.push(value);
  }

  // match: the alternatives that start stems, the longest first, one per
  // group in group order (an everyday word may lead to several notions),
  // as a list of {g, i}; null if none.
  Engine.prototype.match = function (stems, from) {
    var out = [], bestLen = 0, self = this;
    (this.byFirst.get(stems[from]) || []).forEach(function (r) {
      var a = self.groups[r.g][r.i];
      if (a.stems.length < bestLen || !startsWith(stems, from, a.stems)) return;
      if (a.stems.length > bestLen) { out = []; bestLen = a.stems.length; }
      if (!out.length || out[out.length - 1].g !== r.g) out.push(r);
    });
    return out.length ? out : null;
  };

  // searchedAll: the alternatives searched for the word typed, over every
  // notion it leads to, each once at its highest weight; spells marks the
  // word typed and its other spellings (queryParser.searched).
  Engine.prototype.searchedAll = function (refs) {
    var self = this, alts = [], weights = [], spells = [];
    refs.forEach(function (r) {
      var group = self.groups[r.g], typed = group[r.i], sr = searched(self.t, group, r.i);
      sr.alts.forEach(function (a, k) {
        var sp = sameTerms(a.exact, typed.exact) || (a.narrower && typed.narrower && a.word === typed.word);
        for (var j = 0; j < alts.length; j++) {
          if (sameTerms(alts[j].exact, a.exact)) {
            weights[j] = Math.max(weights[j], sr.weights[k]);
            spells[j] = spells[j] || sp;
            return;
          }
        }
        alts.push(a); weights.push(sr.weights[k]); spells.push(sp);
      });
    });
    return { alts: alts, weights: weights, spells: spells };
  };

  function sameTerms(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // matchTypo: the spelling one typo away from w, as match gives it, for
  // a word the corpus does not have (see matchTypo in package search).
  // The answer for a word is kept: the engine's start asks it for the
  // same words of many phrasings.
  Engine.prototype.matchTypo = function (w) {
    var memo = this.typoMemo || (this.typoMemo = new Map());
    if (!memo.has(w)) memo.set(w, this.findTypo(w));
    return memo.get(w);
  };

  Engine.prototype.findTypo = function (w) {
    var k = this.prefixKey(w);
    if (k === null || (this.vocab.get(k) || []).indexOf(w) >= 0) return null;
    var refs = this.byPrefix.get(k) || [];
    for (var j = 0; j < refs.length; j++) {
      var spelling = this.groups[refs[j].g][refs[j].i].exact[0];
      if (!oneEdit(w, spelling)) continue;
      // The spelling, in every group that has it (a word of several notions).
      var out = [refs[j]];
      for (var o = j + 1; o < refs.length; o++) {
        if (this.groups[refs[o].g][refs[o].i].exact[0] === spelling && out[out.length - 1].g !== refs[o].g) out.push(refs[o]);
      }
      return out;
    }
    return null;
  };

  Engine.prototype.facetWord = function (stems, from) {
    var best = -1, bestLen = 0, self = this;
    (this.facetByFirst.get(stems[from]) || []).forEach(function (i) {
      var w = self.facetWords[i];
      if (w.stems.length > bestLen && startsWith(stems, from, w.stems)) { best = i; bestLen = w.stems.length; }
    });
    return best >= 0 ? this.facetWords[best] : null;
  };

  Engine.prototype.inContext = function (s) {
    var df = (this.postings.context.get(s) || []).length;
    return df <= this.t.contextMinDocs || df <= this.t.contextShare * this.n;
  };

  Engine.prototype.commonWeight = function (s) {
    return this.n > 0 && (this.df.get(s) || 0) > this.t.commonShare * this.n ? this.t.weightCommon : 1;
  };

  Engine.prototype.groupWeight = function (alts) {
    var self = this, w = 1;
    alts.forEach(function (a) { if (a.stems.length === 1) w = Math.min(w, self.commonWeight(a.stems[0])); });
    return w;
  };

  // englishAI: « AI » typed in capitals as a word of its own, written « IA »
  // (search's englishAI): the French stop list drops « ai ».
  function englishAI(text) {
    if (text.indexOf("AI") < 0) return text;
    var cps = Array.from(text), word = /[\p{L}\p{N}]/u;
    for (var i = 0; i + 1 < cps.length; i++) {
      if (cps[i] !== "A" || cps[i + 1] !== "I") continue;
      // At either end the neighbour is "", neither a letter nor an apostrophe.
      var before = i > 0 ? cps[i - 1] : "", after = i + 2 < cps.length ? cps[i + 2] : "";
      if (!word.test(before) && before !== "'" && before !== "\u2019" && !word.test(after)) {
        cps[i] = "I";
        cps[i + 1] = "A";
      }
    }
    return cps.join("");
  }

  // verbStem: a one-word stem without the ending of a present-tense verb
  // form (-ent, -ez) when four letters remain, or "" (search's
  // verbStem): one more key for the questions pratiques.
  function verbStem(stem) {
    if (!/^[a-z]+$/.test(stem)) return "";
    var ends = ["ent", "ez"];
    for (var i = 0; i < ends.length; i++) {
      var e = ends[i];
      if (stem.length - e.length >= 4 && stem.slice(-e.length) === e) return stem.slice(0, -e.length);
    }
    return "";
  }

  function wordQuery(t, exact, st, typos, context, w) {
    var qs = [
      term("text_exact", exact, w * t.weightExact),
      term("title", st, w * (t.weightExact + t.weightStem) * t.weightTitle),
      term("text", st, w * t.weightStem),
      term("questions", st, w * t.weightStem * t.weightQuestions)
    ];
    if (context) qs.push(term("context", st, w * t.weightContext));
    typos.forEach(function (ty) {
      qs.push(term("title_exact", ty, w * t.weightFuzzy * t.weightTitle), term("text_exact", ty, w * t.weightFuzzy));
    });
    return dis(qs);
  }

  Engine.prototype.synonymQuery = function (alts, weights, allContext, groupWeight) {
    var t = this.t, self = this;
    return dis(alts.map(function (a, i) {
      var w = weights[i] * alts.length * groupWeight;
      if (a.stems.length === 1) return wordQuery(t, a.exact[0], a.stems[0], [], allContext || self.inContext(a.stems[0]), w);
      return dis([phrase(a.phrase, "title", w * t.weightStem * t.weightTitle), phrase(a.phrase, "text", w * t.weightStem),
        phrase(a.phrase, "questions", w * t.weightStem * t.weightQuestions)]);
    }));
  };

  function required(n) {
    if (n <= 2) return n;
    if (n === 3) return 2;
    return Math.floor((n + 1) / 2);
  }

  Engine.prototype.textQuery = function (p, min, prefer) {
    var t = this.t;
    var units = p.units.map(function (u) { return u.q(1); }), optional = p.optional.map(function (u) { return u.q(1); });
    if (!units.length) { units = optional; optional = []; min = prefer = 1; }
    if (!units.length) return null;
    var should = [];
    if (prefer > min) should.push(dis(p.units.map(function (u) { return u.q(t.weightStrict); }), prefer));
    should = should.concat(optional);
    if (p.phrase) should.push(phrase(p.phrase, "title_exact", t.weightPhrase * t.weightTitle), phrase(p.phrase, "text_exact", t.weightPhrase));
    var q = bool([dis(units, min)], should);
    // A query of its own, so that the bonus is not shared out among the
    // optional parts (coordination).
    if (p.answered && p.answered.length) {
      var clauses = this.data.clauses;
      q = bool([q], [ids(p.answered.map(function (d) { return clauses[d].id; }), t.weightAnswered)]);
    }
    return q;
  };

  // ---------------------------------------------------------------- answers
  //
  // The questions pratiques that answer a query: the query and each way of
  // asking a question are compared unit by unit (shared keys), weighted;
  // a question scores the best F-measure of its phrasings (see answers.go).

  function shares(q, d) {
    for (var i = 0; i < d.keys.length; i++) {
      var k = d.keys[i];
      if (q.keys.indexOf(k) >= 0 || (k.charAt(0) === "=" && q.typos.indexOf(k) >= 0)) return true;
    }
    return false;
  }

  // levelsOf returns, for each school level, whether one of its words
  // stands in the terms, whole (search's levels.of).
  Engine.prototype.levelsOf = function (terms) {
    return this.levels.map(function (words) {
      return words.some(function (w) {
        for (var i = 0; i + w.length <= terms.length; i++) {
          var j = 0;
          while (j < w.length && terms[i + j] === w[j]) j++;
          if (j === w.length) return true;
        }
        return false;
      });
    });
  };

  Engine.prototype.answers = function (p, q) {
    var t = this.t, self = this, units = p.units.concat(p.optional), total = 0;
    units.forEach(function (u) { total += u.weight; });
    if (total === 0) return { answers: [], related: [] };
    var questions = this.data.questions || [];
    var covered = questions.map(function () { return units.map(function () { return false; }); });
    var precision = questions.map(function () { return 0; });
    this.asked.forEach(function (a) {
      units.forEach(function (qu, j) { if (a.units.some(function (d) { return shares(qu, d); })) covered[a.question][j] = true; });
      var matched = 0;
      a.units.forEach(function (d) { if (units.some(function (qu) { return shares(qu, d); })) matched += d.weight; });
      precision[a.question] = Math.max(precision[a.question], matched / a.total);
    });
    var named = [];
    units.forEach(function (u) { (u.favours || []).forEach(function (f) { if (f.field === "role") named.push(f.value); }); });
    var levels = this.levelsOf(p.terms), anyLevel = levels.indexOf(true) >= 0;
    var scores = [], cover = [];
    questions.forEach(function (question, i) {
      var recall = 0;
      covered[i].forEach(function (c, j) { if (c) recall += units[j].weight; });
      cover[i] = recall / total;
      var score = fMeasure(t.answerBeta, recall / total, precision[i]);
      if (named.length) {
        if (named.some(function (r) { return question.own.indexOf(r) >= 0; })) score *= t.answerRole;
        else if (!named.some(function (r) { return question.roles.indexOf(r) >= 0; })) score /= t.answerRole;
      }
      var own = self.questionLevels[i];
      if (anyLevel && own.indexOf(true) >= 0) {
        if (own.some(function (b, k) { return b && levels[k]; })) score *= t.answerLevel;
        else score /= t.answerLevel;
      }
      scores[i] = score;
    });
    // A query that never names AI gets no answer card (search.answers).
    var chosen = this.namesAI(units) ? this.answersOf(questions, scores, cover, q) : { answers: [], disputed: [] };
    var out = chosen.answers, disputed = chosen.disputed;
    // The questions proches: close, not shown as the answer; those no card
    // was shown for, the two measures disagreeing, first (search.answers).
    var related = [];
    questions.forEach(function (question, i) {
      if (scores[i] >= t.relatedMin && self.questionPasses(question, q) && disputed.indexOf(i) < 0 &&
          !out.some(function (a) { return a.question === question; })) related.push({ question: question, score: scores[i] });
    });
    related.sort(function (a, b) { return b.score - a.score; }); // stable
    var first = disputed.map(function (i) { return { question: questions[i], score: scores[i] }; });
    related = first.concat(related);
    return { answers: out, related: related.slice(0, t.maxRelated), favoured: first.length ? first : out };
  };

  // answersOf: the questions that answer a query, given the scores of
  // every question and the share of the query each covers, as { answers,
  // disputed }: when the question that covers the most and the best-scored
  // one disagree, no answer, and those two, best-scored first (search's
  // answersOf).
  Engine.prototype.answersOf = function (questions, scores, cover, q) {
    var t = this.t, self = this;
    // The question whose ways of asking, together, cover the most of the
    // query, clearly more than the next, is shown alone — unless another
    // scores clearly higher: then none is.
    var best = -1, next = -1, top = -1;
    function better(i, j) { return j < 0 || cover[i] > cover[j] || (cover[i] === cover[j] && scores[i] > scores[j]); }
    questions.forEach(function (question, i) {
      if (!self.questionPasses(question, q)) return;
      if (top < 0 || scores[i] > scores[top]) top = i;
      if (better(i, best)) { next = best; best = i; } else if (better(i, next)) next = i;
    });
    if (best >= 0 && cover[best] >= t.answerCover && (next < 0 || cover[best] - cover[next] >= t.answerCoverMargin)) {
      if (scores[best] < t.answerCoverScore * scores[top]) return { answers: [], disputed: [top, best] };
      return { answers: [{ question: questions[best], score: cover[best] }], disputed: [] };
    }
    var out = [];
    questions.forEach(function (question, i) {
      if (scores[i] >= t.answerMin && self.questionPasses(question, q)) out.push({ question: question, score: scores[i] });
    });
    out.sort(function (a, b) { return b.score - a.score; }); // stable
    if (out.length > 1 && out[1].score < t.answerSecond * out[0].score) out = out.slice(0, 1);
    return { answers: out.slice(0, t.maxAnswers), disputed: [] };
  };

  // namesAI: whether one of the units has the key of a word that names AI
  // (search.namesAI).
  Engine.prototype.namesAI = function (units) {
    var keys = this.aiKeys;
    if (!keys.size) return true;
    return units.some(function (u) { return u.keys.some(function (k) { return keys.has(k); }); });
  };

  // answeredClauses: the clauses the answers rest on, each once, in order.
  function answeredClauses(answers) {
    var out = [];
    answers.forEach(function (a) { a.question.clauses.forEach(function (d) { if (out.indexOf(d) < 0) out.push(d); }); });
    return out;
  }

  function fMeasure(beta, recall, precision) {
    var b2 = beta * beta;
    if (recall === 0 || precision === 0) return 0;
    return (1 + b2) * recall * precision / (b2 * precision + recall);
  }

  Engine.prototype.questionPasses = function (question, q) {
    var roles = q.filters.role || [], themes = q.filters.theme || [];
    if (roles.length && !roles.some(function (r) { return question.roles.indexOf(r) >= 0; })) return false;
    if (themes.length && !themes.some(function (th) { return question.themes.indexOf(th) >= 0; })) return false;
    return true;
  };

  // term: the glossary term the query text names, whole.
  Engine.prototype.term = function (text) {
    var self = this, key = this.slug(text);
    if (!key) return null;
    var terms = this.data.terms || [];
    for (var i = 0; i < terms.length; i++) {
      var names = [terms[i].term].concat(terms[i].aliases);
      if (names.some(function (n) { return self.slug(n) === key; })) return terms[i];
    }
    return null;
  };

  // ----------------------------------------------------------------- search

  // parse reads a query from URL parameters (URLSearchParams): text, filters
  // by facet (ids, labels or aliases, comma-separated or repeated), page.
  // Problems are reported in French, as on the server, and the query keeps
  // what is valid.
  Engine.prototype.parse = function (params) {
    var self = this, q = { text: (params.get("q") || "").trim(), filters: {}, page: 1, size: this.data.size, problems: [] };
    if (runeCount(q.text) > this.data.maxQuery) {
      q.problems.push("la requête est trop longue (" + this.data.maxQuery + " caractères au plus)");
      q.text = Array.from(q.text).slice(0, this.data.maxQuery).join("");
    }
    this.data.facets.forEach(function (f) {
      var ids = [];
      params.getAll(f.name).forEach(function (raw) {
        raw.split(",").forEach(function (part) {
          part = part.trim();
          if (!part) return;
          var id = f.keys[self.slug(part)];
          if (!id) { q.problems.push(f.label + " inconnu « " + part + " »"); return; }
          if (ids.indexOf(id) < 0) ids.push(id);
        });
      });
      q.filters[f.name] = ids;
    });
    // document: a scope, not a facet (kb.Query.Document).
    var doc = (params.get("document") || "").trim();
    q.document = null;
    if (doc) {
      var di = (this.data.documents || []).findIndex(function (x) { return x.id === doc; });
      if (di < 0) q.problems.push("document inconnu « " + doc + " »");
      else q.document = di;
    }
    var page = params.get("page");
    if (page !== null && page !== "") {
      var n = Number(page);
      if (!/^\d+$/.test(page) || n < 1) q.problems.push("page doit être un entier à partir de 1 (reçu « " + page + " »)");
      else if (n * q.size > this.data.maxDepth && n > 1) q.problems.push("page trop lointaine");
      else q.page = n;
    }
    return q;
  };

  // slug is kb.Slug: folded, lower-case ASCII words joined by hyphens.
  Engine.prototype.slug = function (s) {
    var out = "", dash = false;
    for (var c of this.an.foldTerm(s)) {
      if (/[A-Za-z0-9]/.test(c)) {
        if (dash && out) out += "-";
        dash = false;
        out += c.toLowerCase();
      } else dash = true;
    }
    return out;
  };

  // search runs a parsed query. It returns the total, the page of hits
  // ({clause, score, marks}), and the facets with disjunctive counts.
  Engine.prototype.search = function (q) {
    var scores = null, p = null, answers = [], related = [], tree = null;
    if (q.text) {
      p = this.parseText(q.text, false);
      var shown = this.answers(p, q);
      answers = shown.answers;
      related = shown.related;
      p.answered = answeredClauses(shown.favoured);
      var found = this.searchText(q, p);
      if (p.skipped && this.countFiltered(found.scores, q, "") === 0) {
        // Nothing found: look for every word in the context too.
        var answeredList = p.answered;
        p = this.parseText(q.text, true);
        p.answered = answeredList;
        found = this.searchText(q, p);
      }
      // (The cheap test first: the count walks every match.)
      var named = p.units.length ? sourceNamed(p) : null;
      if (named && this.countFiltered(found.scores, q, "") === 0) {
        // Still nothing: no clause has any required word, but the query
        // names a source (search in package search).
        var tq = this.ranked(this.textQuery(named, 1, 1));
        found = { scores: this.eval(tq), tree: tq };
      }
      scores = found.scores;
      tree = found.tree;
    }
    var self = this, hits = [];
    this.data.clauses.forEach(function (cl, d) {
      if (scores !== null && !scores.has(d)) return;
      if (!self.passes(cl, q, "")) return;
      // Single precision, as the server's topK: equal scores on paper tie.
      hits.push({ d: d, score: scores === null ? 0 : Math.fround(scores.get(d)) });
    });
    if (scores !== null) hits.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    var res = { query: q, total: hits.length, hits: [], facets: [], answers: answers, related: related, term: q.text ? this.term(q.text) : null, tree: tree };
    var from = (q.page - 1) * q.size;
    res.hits = hits.slice(from, from + q.size).map(function (h) {
      return { clause: self.data.clauses[h.d], score: h.score };
    });
    res.terms = p ? this.highlightTerms(p) : null;
    this.data.facets.forEach(function (f) {
      var counts = new Map(), selected = q.filters[f.name] || [];
      self.data.clauses.forEach(function (cl, d) {
        if (scores !== null && !scores.has(d)) return;
        if (!self.passes(cl, q, selected.length ? f.name : "")) return;
        self.values(cl, f.name).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      res.facets.push({
        name: f.name, legend: f.legend,
        values: f.values.map(function (v) {
          return { value: v.id, label: v.label, count: counts.get(v.id) || 0, selected: selected.indexOf(v.id) >= 0 };
        })
      });
    });
    return res;
  };

  // searchText scores the text query p, relaxed if it finds too little:
  // {scores, tree}, the tree being the query that gave the scores.
  Engine.prototype.searchText = function (q, p) {
    var strict = required(p.units.length);
    var tree = this.ranked(this.textQuery(p, strict, strict) || NONE);
    var scores = this.eval(tree);
    var total = this.countFiltered(scores, q, "");
    if (strict > 1) {
      if (total === 0) tree = this.ranked(this.textQuery(p, 1, 1));
      else if (p.units.length >= 3 && total < this.t.relaxBelow) tree = this.ranked(this.textQuery(p, 1, strict));
      else return { scores: scores, tree: tree };
      scores = this.eval(tree);
    }
    return { scores: scores, tree: tree };
  };

  // sourceNamed: the parsed text with the words that name a kind of source
  // required as its words are, or null when it names none
  // (parsedText.sourceNamed).
  function sourceNamed(p) {
    var out = {}, named = false;
    for (var k in p) out[k] = p[k];
    out.units = p.units.slice();
    out.optional = [];
    p.optional.forEach(function (u) {
      if ((u.favours || []).some(function (f) { return f.field === "kind"; })) { out.units.push(u); named = true; }
      else out.optional.push(u);
    });
    return named ? out : null;
  }

  // ranked adds to a text query the bonus of the reference texts.
  Engine.prototype.ranked = function (tq) {
    return bool([tq], [term("kind", this.data.reference, this.t.weightReference)]);
  };

  Engine.prototype.countFiltered = function (scores, q, except) {
    var self = this, n = 0;
    scores.forEach(function (s, d) { if (self.passes(self.data.clauses[d], q, except)) n++; });
    return n;
  };

  // passes: OR within a facet, AND across facets; except names a facet
  // whose filter is left out (disjunctive counts).
  Engine.prototype.passes = function (cl, q, except) {
    if (q.document !== null && q.document !== undefined && cl.docn !== q.document) return false;
    for (var name in q.filters) {
      var sel = q.filters[name];
      if (name === except || !sel.length) continue;
      var vals = this.values(cl, name), ok = false;
      for (var i = 0; i < sel.length && !ok; i++) ok = vals.indexOf(sel[i]) >= 0;
      if (!ok) return false;
    }
    return true;
  };

  // highlightTerms: the terms a clause's text is matched on, for snippets —
  // exact and stemmed words, typo candidates, synonyms and phrases.
  Engine.prototype.highlightTerms = function (p) {
    var self = this, exact = new Set(), stems = new Set();
    function walk(q) {
      if (q.op === "term") {
        if (q.field === "text_exact" || q.field === "title_exact") exact.add(q.term);
        else if (q.field === "text" || q.field === "title") stems.add(q.term);
      } else if (q.op === "phrase") {
        q.terms.forEach(function (slot) { slot.forEach(function (t) { (FIELDS[q.field] ? stems : exact).add(t); }); });
      } else if (q.op === "dis") q.children.forEach(walk);
      else if (q.op === "bool") { q.must.forEach(walk); q.should.forEach(walk); }
    }
    p.units.forEach(function (u) { walk(u.q(1)); });
    p.optional.forEach(function (u) { walk(u.q(1)); });
    return { exact: exact, stems: stems };
  };

  // snippet cuts a passage of about size characters from a clause's text,
  // around its best cluster of matched words. It returns parts: {text,
  // mark} in order, to be shown with text nodes, never as HTML.
  Engine.prototype.snippet = function (cl, terms, size) {
    size = size || 220;
    var text = cl.text, marks = [];
    if (terms) {
      this.an.analyze(text, true).forEach(function (t) {
        if (terms.exact.has(t.exact) || terms.stems.has(t.term)) marks.push(t);
      });
    }
    var start = 0;
    if (marks.length && text.length > size) {
      var best = -1;
      marks.forEach(function (m) {
        var from = Math.max(0, m.start - 40), n = 0;
        marks.forEach(function (o) { if (o.start >= from && o.end <= from + size) n++; });
        if (n > best) { best = n; start = from; }
      });
      if (start > 0) { // start on a word
        var sp = text.indexOf(" ", start);
        start = sp >= 0 && sp < marks[0].start + size ? sp + 1 : start;
      }
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      if (last > start) end = last;
    }
    var parts = [], at = start;
    marks.forEach(function (m) {
      if (m.start < at || m.end > end) return;
      if (m.start > at) parts.push({ text: text.slice(at, m.start), mark: false });
      parts.push({ text: text.slice(m.start, m.end), mark: true });
      at = m.end;
    });
    if (at < end) parts.push({ text: text.slice(at, end), mark: false });
    parts.forEach(function (p) { p.text = p.text.replace(/\s+/g, " "); });
    if (start > 0) parts.unshift({ text: "… ", mark: false });
    if (end < text.length) parts.push({ text: " …", mark: false });
    return parts;
  };

  return { Analyzer: Analyzer, Engine: Engine, stem: stem };
});
