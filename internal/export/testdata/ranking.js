// Checks the browser engine (static/js/moteur.js) against the server's on
// judged queries: node ranking.js MOTEUR.js CASES.json. Same query tree,
// same total, same first ten clause ids in order, same answers and
// questions proches, or the difference is shown.
"use strict";
const fs = require("fs");
const moteur = require(process.argv[2]);
const v = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const engine = new moteur.Engine(v.data);

// canon puts a tree in one form: keys sorted; empty lists, zero numbers and
// empty strings left out of objects (Go's omitempty); numbers in single
// precision, as the engines compare scores (the two languages' logarithms
// may differ in the last bit of a double).
function canon(x) {
  if (Array.isArray(x)) return x.map(canon);
  if (typeof x === "number") return Math.fround(x);
  if (x === null || typeof x !== "object") return x;
  const out = {};
  for (const k of Object.keys(x).sort()) {
    const val = x[k];
    if (val === 0 || val === "" || val === null || val === undefined || (Array.isArray(val) && !val.length)) continue;
    out[k] = canon(val);
  }
  return out;
}

// firstDiff returns the path to the first place where a and b differ.
function firstDiff(a, b, path) {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: go ${JSON.stringify(a)} js ${JSON.stringify(b)}`.slice(0, 400);
}

let bad = 0;
for (const c of v.cases) {
  const q = engine.parse(new URLSearchParams(c.params));
  q.size = c.top.length > 10 ? c.top.length : 10;
  const res = engine.search(q);
  const top = res.hits.map((h) => h.clause.id);
  const answers = res.answers.map((a) => a.question.id);
  const related = res.related.map((a) => a.question.id);
  const diffs = [];
  const tree = firstDiff(canon(c.tree), canon(res.tree), "tree");
  if (tree) diffs.push(tree);
  if (res.total !== c.total) diffs.push(`total go ${c.total} js ${res.total}`);
  if (top.join(" ") !== c.top.join(" ")) {
    let i = 0;
    while (top[i] === c.top[i]) i++;
    diffs.push(`top-10 differs at rank ${i + 1}: go ${c.top[i] || "(none)"} js ${top[i] || "(none)"}`);
  }
  if (answers.join(" ") !== c.answers.join(" ")) diffs.push(`answers go [${c.answers}] js [${answers}]`);
  if (related.join(" ") !== c.related.join(" ")) diffs.push(`questions proches go [${c.related}] js [${related}]`);
  if (diffs.length && ++bad <= 20) console.log(`${c.params}: ${diffs.join("; ")}`);
}
console.log(`${v.cases.length} queries, ${bad} differences`);
process.exit(bad ? 1 : 0);
