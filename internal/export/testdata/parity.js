// Checks the browser analyzer (static/js/moteur.js) against vectors made by
// the Go analyzers: node parity.js MOTEUR.js VECTORS.json
"use strict";
const fs = require("fs");
const moteur = require(process.argv[2]);
const v = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const an = new moteur.Analyzer(v.tables);
let bad = 0, tokens = 0;
for (const c of v.cases) {
  for (const [name, stemmed] of [["exact", false], ["stem", true]]) {
    const got = an.analyze(c.text, stemmed).map((t) => t.term + "@" + t.position);
    const want = c[name].map((t) => t.term + "@" + t.position);
    tokens += want.length;
    if (got.join(" ") !== want.join(" ")) {
      if (++bad <= 20) {
        const i = got.findIndex((g, k) => g !== want[k]);
        console.log(`${name} ${JSON.stringify(c.text.slice(0, 80))}: first difference at token ${i}: go ${want[i]} js ${got[i]}`);
      }
    }
  }
}
console.log(`${v.cases.length} texts, ${tokens} tokens, ${bad} differences`);
process.exit(bad ? 1 : 0);
