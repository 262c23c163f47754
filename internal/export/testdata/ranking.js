// Checks the browser engine (static/js/moteur.js) against the server's on
// judged queries: node ranking.js MOTEUR.js CASES.json. Same total, same
// first ten clause ids in order, same answers, or the difference is shown.
"use strict";
const fs = require("fs");
const moteur = require(process.argv[2]);
const v = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const engine = new moteur.Engine(v.data);
let bad = 0;
for (const c of v.cases) {
  const q = engine.parse(new URLSearchParams(c.params));
  q.size = c.top.length > 10 ? c.top.length : 10;
  const res = engine.search(q);
  const top = res.hits.map((h) => h.clause.id);
  const answers = res.answers.map((a) => a.question.id);
  const diffs = [];
  if (res.total !== c.total) diffs.push(`total go ${c.total} js ${res.total}`);
  if (top.join(" ") !== c.top.join(" ")) {
    const i = top.findIndex((id, k) => id !== c.top[k]);
    diffs.push(`top-10 differs at rank ${i + 1}: go ${c.top[i]} js ${top[i]}`);
  }
  if (answers.join(" ") !== c.answers.join(" ")) diffs.push(`answers go [${c.answers}] js [${answers}]`);
  if (diffs.length && ++bad <= 20) console.log(`${c.params}: ${diffs.join("; ")}`);
}
console.log(`${v.cases.length} queries, ${bad} differences`);
process.exit(bad ? 1 : 0);
