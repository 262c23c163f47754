// Repères IA — the search engine of the static copy, in the browser.
//
// A port of the server's engine (packages index and search): the same
// French analysis (elision, stop words, accent folding, light stemmer), the
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
    title: true, title_exact: false, text: true, text_exact: false, context: true
  }; // field → stemmed?
  var APOSTROPHES = { "'": true, "\u2019": true };

  // ---------------------------------------------------------------- analysis

  function Analyzer(tables) {
    this.articles = new Set(tables.articles);
    this.stop = new Set(tables.stop);
    this.fold = tables.fold;
    this.segmenter = new Intl.Segmenter("fr", { granularity: "word" });
  }

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
    for (var s of this.segmenter.segment(text)) {
      if (!s.isWordLike) continue;
      words(s).forEach(function (w) {
        pos++;
        var t = self.elide(lower(w.segment));
        if (self.stop.has(t)) return;
        t = self.foldTerm(t);
        var tok = { term: t, start: w.index, end: w.index + w.segment.length, position: pos, runes: runeCount(w.segment) };
        if (stemmed) {
          tok.exact = t;
          tok.term = self.stem(t);
        }
        out.push(tok);
      });
    }
    return out;
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
    this.englishStop = new Set(data.analysis.englishStop);
    var n = this.n = data.clauses.length;
    var self = this;

    // postings[field][term] = [{d: clause number, tf, pos: [positions]}]
    this.postings = {};
    this.norms = {};
    Object.keys(FIELDS).forEach(function (f) { self.postings[f] = new Map(); self.norms[f] = new Float64Array(n); });
    this.keywords = {}; // facet → value → [clause numbers]
    this.keywordNorms = {};
    data.facets.forEach(function (f) { self.keywords[f.name] = new Map(); self.keywordNorms[f.name] = new Float64Array(n); });
    this.df = new Map(); // stem → clauses whose title or text has it
    var words = new Set();

    data.clauses.forEach(function (cl, d) {
      // One analysis per text gives both the stemmed and the exact terms.
      var title = self.an.analyze(cl.title, true), text = self.an.analyze(cl.text, true);
      self.add("title", d, title, "term");
      self.add("title_exact", d, title, "exact");
      self.add("text", d, text, "term");
      self.add("text_exact", d, text, "exact");
      self.add("context", d, self.an.analyze(cl.context, true), "term");
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

    // Synonym groups and facet words, analysed once.
    this.groups = [];
    this.maxLen = 0;
    data.synonyms.forEach(function (g) {
      var alts = [];
      g.forEach(function (text) {
        var a = { text: text, exact: self.an.terms(text, false), stems: self.an.terms(text, true) };
        if (!a.stems.length || a.exact.length !== a.stems.length) return;
        alts.push(a);
        self.maxLen = Math.max(self.maxLen, a.stems.length);
      });
      if (alts.length > 1) self.groups.push(alts);
    });
    this.facetWords = [];
    data.facetWords.forEach(function (w) {
      var stems = self.an.terms(w.text, true);
      if (!stems.length) return;
      self.facetWords.push({ stems: stems, field: w.field, value: w.value });
      self.maxLen = Math.max(self.maxLen, stems.length);
    });
    this.facetByName = {};
    data.facets.forEach(function (f) { self.facetByName[f.name] = f; });
  }

  Engine.prototype.values = function (cl, facet) {
    switch (facet) {
      case "role": return cl.roles;
      case "theme": return cl.themes;
      case "kind": return [cl.kind];
      case "nature": return [cl.nature];
    }
    return [];
  };

  Engine.prototype.add = function (field, d, tokens, key) {
    var byTerm = new Map();
    tokens.forEach(function (t) {
      var p = byTerm.get(t[key]);
      if (!p) byTerm.set(t[key], p = { d: d, tf: 0, pos: [] });
      p.tf++;
      p.pos.push(t.position);
    });
    var postings = this.postings[field];
    byTerm.forEach(function (p, term) {
      var list = postings.get(term);
      if (!list) postings.set(term, list = []);
      list.push(p);
    });
    this.norms[field][d] = tokens.length ? 1 / Math.sqrt(tokens.length) : 0;
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

  // oneEdit: Levenshtein distance exactly 1, on characters.
  function oneEdit(a, b) {
    var ra = Array.from(a), rb = Array.from(b);
    if (ra.length < rb.length) { var x = ra; ra = rb; rb = x; }
    var i;
    switch (ra.length - rb.length) {
      case 0:
        var diff = 0;
        for (i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) diff++;
        return diff === 1;
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

  function term(field, t, boost) { return { op: "term", field: field, term: t, boost: boost }; }
  function dis(children, min) { return { op: "dis", children: children, min: min || 0 }; }
  function phrase(text, field, boost) { return { op: "phrase", text: text, field: field, boost: boost }; }
  function bool(must, should) { return { op: "bool", must: must, should: should }; }

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
        var toks = this.an.analyze(q.text, FIELDS[q.field]);
        if (!toks.length) return out;
        var base = toks[0].position, postings = this.postings[q.field];
        var parts = toks.map(function (t) {
          var l = postings.get(t.term) || [];
          var byDoc = new Map();
          l.forEach(function (p) { byDoc.set(p.d, p); });
          return { rel: t.position - base, byDoc: byDoc, idf: self.idf(l.length) };
        });
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
  // group recognised) that clauses must match, and optional parts (facet
  // words) — as queryParser.parseText does on the server.
  // With allContext, every word is also looked for in the context field;
  // otherwise words in the context of too many clauses are not, and
  // out.skipped says so (see contextShare in package search).
  Engine.prototype.parseText = function (text, allContext) {
    var self = this, t = this.t;
    var stems = [], kept = [];
    this.an.analyze(text, true).forEach(function (tok) {
      if (self.englishStop.has(tok.exact)) return;
      stems.push(tok.term);
      kept.push({ term: tok.exact, runes: tok.runes });
    });
    var out = { units: [], optional: [], phrase: "", skipped: false };
    for (var i = 0; i < stems.length;) {
      var unit, n = 1, rest = stems.slice(i), m = this.match(rest);
      if (m) {
        m.group.forEach(function (a) {
          out.skipped = out.skipped || (a.stems.length === 1 && !allContext && !self.inContext(a.stems[0]));
        });
        unit = (function (group, own, gw) {
          return function (w) { return self.synonymQuery(group, own, allContext, gw * w); };
        })(m.group, m.own, this.groupWeight(m.group));
        n = m.group[m.own].stems.length;
      } else {
        var ctx = allContext || this.inContext(stems[i]);
        out.skipped = out.skipped || !ctx;
        unit = (function (ex, st, typos, ctx, cw) {
          return function (w) { return wordQuery(t, ex, st, typos, ctx, cw * w); };
        })(kept[i].term, stems[i], kept[i].runes >= t.fuzzyMinRunes ? this.typos(kept[i].term) : [], ctx, this.commonWeight(stems[i]));
      }
      var fw = this.facetWord(rest);
      if (fw && fw.stems.length >= n) {
        out.optional.push(dis([term(fw.field, fw.value, t.weightFacetWord), unit(1)]));
        i += fw.stems.length;
        continue;
      }
      out.units.push(unit);
      i += n;
    }
    if (stems.length > 1 && stems.length <= t.maxPhraseTerms) out.phrase = text;
    return out;
  };

  function startsWith(stems, prefix) {
    if (prefix.length > stems.length) return false;
    for (var i = 0; i < prefix.length; i++) if (stems[i] !== prefix[i]) return false;
    return true;
  }

  // match: the synonym group, and the alternative in it, that starts stems,
  // the longest first.
  Engine.prototype.match = function (stems) {
    for (var n = Math.min(this.maxLen, stems.length); n > 0; n--) {
      for (var g = 0; g < this.groups.length; g++) {
        for (var i = 0; i < this.groups[g].length; i++) {
          var a = this.groups[g][i];
          if (a.stems.length === n && startsWith(stems, a.stems)) return { group: this.groups[g], own: i };
        }
      }
    }
    return null;
  };

  Engine.prototype.facetWord = function (stems) {
    for (var n = Math.min(this.maxLen, stems.length); n > 0; n--) {
      for (var i = 0; i < this.facetWords.length; i++) {
        var w = this.facetWords[i];
        if (w.stems.length === n && startsWith(stems, w.stems)) return w;
      }
    }
    return null;
  };

  Engine.prototype.inContext = function (s) {
    var df = (this.postings.context.get(s) || []).length;
    return df <= this.t.contextMinDocs || df <= this.t.contextShare * this.n;
  };

  Engine.prototype.commonWeight = function (s) {
    return this.n > 0 && (this.df.get(s) || 0) > this.t.commonShare * this.n ? this.t.weightCommon : 1;
  };

  Engine.prototype.groupWeight = function (group) {
    var self = this, w = 1;
    group.forEach(function (a) { if (a.stems.length === 1) w = Math.min(w, self.commonWeight(a.stems[0])); });
    return w;
  };

  function wordQuery(t, exact, st, typos, context, w) {
    var qs = [
      term("text_exact", exact, w * t.weightExact),
      term("title", st, w * (t.weightExact + t.weightStem) * t.weightTitle),
      term("text", st, w * t.weightStem)
    ];
    if (context) qs.push(term("context", st, w * t.weightContext));
    typos.forEach(function (ty) {
      qs.push(term("title_exact", ty, w * t.weightFuzzy * t.weightTitle), term("text_exact", ty, w * t.weightFuzzy));
    });
    return dis(qs);
  }

  Engine.prototype.synonymQuery = function (group, own, allContext, groupWeight) {
    var t = this.t, self = this;
    return dis(group.map(function (a, i) {
      var w = (i === own ? 1 : t.weightSynonym) * group.length * groupWeight;
      if (a.stems.length === 1) return wordQuery(t, a.exact[0], a.stems[0], [], allContext || self.inContext(a.stems[0]), w);
      return dis([phrase(a.text, "title", w * t.weightStem * t.weightTitle), phrase(a.text, "text", w * t.weightStem)]);
    }));
  };

  function required(n) {
    if (n <= 2) return n;
    if (n === 3) return 2;
    return Math.floor((n + 1) / 2);
  }

  Engine.prototype.textQuery = function (p, min, prefer) {
    var t = this.t;
    var units = p.units.map(function (u) { return u(1); }), optional = p.optional;
    if (!units.length) { units = optional; optional = []; min = prefer = 1; }
    if (!units.length) return null;
    var should = [];
    if (prefer > min) should.push(dis(p.units.map(function (u) { return u(t.weightStrict); }), prefer));
    should = should.concat(optional);
    if (p.phrase) should.push(phrase(p.phrase, "title_exact", t.weightPhrase * t.weightTitle), phrase(p.phrase, "text_exact", t.weightPhrase));
    return bool([dis(units, min)], should);
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
          if (!id) { q.problems.push(f.legend.toLowerCase() + " inconnu « " + part + " »"); return; }
          if (ids.indexOf(id) < 0) ids.push(id);
        });
      });
      q.filters[f.name] = ids;
    });
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
    var scores = null, p = null;
    if (q.text) {
      p = this.parseText(q.text, false);
      scores = this.searchText(q, p);
      if (p.skipped && this.countFiltered(scores, q, "") === 0) {
        // Nothing found: look for every word in the context too.
        p = this.parseText(q.text, true);
        scores = this.searchText(q, p);
      }
    }
    var self = this, hits = [];
    this.data.clauses.forEach(function (cl, d) {
      if (scores !== null && !scores.has(d)) return;
      if (!self.passes(cl, q, "")) return;
      hits.push({ d: d, score: scores === null ? 0 : scores.get(d) });
    });
    if (scores !== null) hits.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    var res = { query: q, total: hits.length, hits: [], facets: [] };
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

  // searchText scores the text query p, relaxed if it finds too little.
  Engine.prototype.searchText = function (q, p) {
    var strict = required(p.units.length);
    var tq = this.textQuery(p, strict, strict);
    if (tq === null) return new Map();
    var scores = this.run(tq);
    var total = this.countFiltered(scores, q, "");
    if (strict > 1) {
      if (total === 0) return this.run(this.textQuery(p, 1, 1));
      if (p.units.length >= 3 && total < this.t.relaxBelow) return this.run(this.textQuery(p, 1, strict));
    }
    return scores;
  };

  // run scores a text query, with the bonus of the reference texts.
  Engine.prototype.run = function (tq) {
    return this.eval(bool([tq], [term("kind", this.data.reference, this.t.weightReference)]));
  };

  Engine.prototype.countFiltered = function (scores, q, except) {
    var self = this, n = 0;
    scores.forEach(function (s, d) { if (self.passes(self.data.clauses[d], q, except)) n++; });
    return n;
  };

  // passes: OR within a facet, AND across facets; except names a facet
  // whose filter is left out (disjunctive counts).
  Engine.prototype.passes = function (cl, q, except) {
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
        self.an.terms(q.text, FIELDS[q.field]).forEach(function (t) { (FIELDS[q.field] ? stems : exact).add(t); });
      } else if (q.op === "dis") q.children.forEach(walk);
      else if (q.op === "bool") { q.must.forEach(walk); q.should.forEach(walk); }
    }
    p.units.forEach(function (u) { walk(u(1)); });
    p.optional.forEach(walk);
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
