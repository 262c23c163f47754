// Repères IA — search in the browser, for the static copy of the site.
// The search pages of a copy load the data (recherche-*.js), the engine
// (moteur.js) and this file, which reads the query from the address and
// the form, and shows results with the markup the server renders. Text is
// only ever inserted as text nodes: nothing from the data becomes HTML.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var results = document.getElementById("resultats");
    var form = document.getElementById("formulaire-recherche");
    var data = window.REPERES_RECHERCHE;
    if (!results || !results.hasAttribute("data-locale") || !form || !data || !window.ReperesMoteur) return;
    var engine = new window.ReperesMoteur.Engine(data);
    var root = (results.getAttribute("data-racine") || "").replace(/index\.html$/, "");
    var searchPage = root + "recherche/index.html";
    var kinds = labels(data.kinds), natures = labels(data.natures), verdicts = labels(data.verdicts || []);
    var baseTitle = document.title;
    var onSearchPage = new URL(form.action, location.href).pathname === location.pathname;

    document.getElementById("facettes").hidden = false;
    var params = new URLSearchParams(location.search);
    fillForm(params);
    show(params);
    // Filters ticked from the address are shown, even on a narrow screen
    // where site.js folds them.
    var details = form.querySelector("#facettes details");
    if (details && form.querySelector("#facettes input:checked")) details.open = true;
    document.documentElement.setAttribute("data-premiers-resultats", String(Math.round(performance.now())));

    var timer = null;
    form.addEventListener("input", function (e) {
      if (e.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    form.addEventListener("change", function (e) {
      if (e.target.type === "checkbox") update();
    });
    form.addEventListener("submit", function (e) {
      if (!onSearchPage) return; // the home page goes to the search page
      e.preventDefault();
      update();
    });

    // update searches the form's state and puts it in the address, so that
    // it can be shared and the page reloaded.
    function update() {
      var p = new URLSearchParams(new FormData(form));
      if (!p.get("q")) p.delete("q");
      show(p);
      if (!onSearchPage) return;
      try {
        history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p.toString() : ""));
      } catch (err) { /* some browsers refuse on file://: the results still show */ }
    }

    function fillForm(p) {
      form.elements.q.value = p.get("q") || "";
      // The document the search is restricted to, as on the server.
      var scope = document.getElementById("portee"), id = (p.get("document") || "").trim();
      var doc = (data.documents || []).find(function (d) { return d.id === id; });
      if (!scope || !doc) return;
      var input = scope.querySelector("input");
      input.value = doc.id;
      input.disabled = false;
      input.checked = true;
      scope.querySelector("cite").textContent = doc.label;
      scope.hidden = false;
    }

    function show(p) {
      var q = engine.parse(p);
      var res = engine.search(q);
      document.title = q.text ? "« " + q.text + " » — " + baseTitle : baseTitle;
      showError(q.problems);
      showFacets(res);
      showResults(q, res);
    }

    function showError(problems) {
      var el = form.querySelector("p.erreur");
      if (!problems.length) { if (el) el.remove(); return; }
      if (!el) {
        el = element("p", "erreur");
        el.setAttribute("role", "alert");
        form.querySelector(".champ").after(el);
      }
      el.textContent = "Requête invalide : " + problems.join(" ; ") + ".";
    }

    function showFacets(res) {
      res.facets.forEach(function (f) {
        var shown = 0;
        form.querySelectorAll('input[name="' + f.name + '"]').forEach(function (input) {
          var v = f.values.find(function (x) { return x.value === input.value; });
          var label = input.closest("label");
          if (!v || !label) return;
          input.checked = v.selected;
          label.querySelector(".compte").textContent = "(" + v.count + ")";
          label.hidden = v.count === 0 && !v.selected;
          if (!label.hidden) shown++;
        });
        var fs = form.querySelector('input[name="' + f.name + '"]');
        if (fs) fs.closest("fieldset").hidden = shown === 0;
      });
    }

    function showResults(q, res) {
      var count = document.getElementById("compte");
      Array.from(results.children).forEach(function (el) {
        if (el.id !== "compte" && el.id !== "resultats-titre" && el.tagName !== "NOSCRIPT") el.remove();
      });
      var pages = Math.max(1, Math.ceil(res.total / q.size));
      if (res.total) {
        count.textContent = res.total + (res.total > 1 ? " résultats" : " résultat") + (pages > 1 ? ", page " + q.page + " sur " + pages : "");
      } else {
        count.textContent = "Aucun résultat.";
        results.appendChild(nothing(q));
      }
      var cards = element("div", "reponses");
      cards.id = "reponses";
      if (res.term) cards.appendChild(termCard(res.term));
      res.answers.forEach(function (a) { cards.appendChild(answerCard(a.question)); });
      results.appendChild(cards);
      if (res.related.length) results.appendChild(related(res.related));
      if (res.hits.length) {
        var ol = element("ol", "liste");
        res.hits.forEach(function (h) {
          var li = document.createElement("li");
          li.appendChild(line(h.clause, engine.snippet(h.clause, res.terms)));
          ol.appendChild(li);
        });
        results.appendChild(ol);
      }
      if (q.page > 1 || q.page < pages) {
        var nav = element("nav", "pagination");
        nav.setAttribute("aria-label", "Pages de résultats");
        if (q.page > 1) nav.appendChild(link(address(q, q.page - 1), "← Page précédente", "prev"));
        if (q.page < pages) nav.appendChild(link(address(q, q.page + 1), "Page suivante →", "next"));
        results.appendChild(nav);
      }
    }

    // answerCard is the template "answercard" of the server.
    function answerCard(question) {
      var article = element("article", "carte-reponse");
      article.setAttribute("aria-labelledby", "reponse-" + question.id);
      article.appendChild(element("p", "carte-type", "Question pratique"));
      var h3 = element("h3");
      h3.id = "reponse-" + question.id;
      h3.appendChild(link(root + "questions/" + question.id + "/index.html", question.question));
      article.appendChild(h3);
      var verdict = element("p", "verdict verdict-" + question.verdict);
      verdict.appendChild(element("strong", "", verdicts[question.verdict] || question.verdict));
      article.appendChild(verdict);
      var text = element("p", "reponse-texte");
      text.textContent = lazy("REPERES_REPONSES", data.answers, "reponses-donnees", question.id, function (t) { text.textContent = t; });
      article.appendChild(text);
      var clauses = element("p", "clauses-reponse", "Selon : ");
      question.clauses.forEach(function (d, i) {
        var cl = data.clauses[d];
        if (i) clauses.appendChild(document.createTextNode(" · "));
        clauses.appendChild(link(clauseURL(cl), cl.title));
      });
      article.appendChild(clauses);
      return article;
    }

    // related is the server's list of questions proches: leads, not answers.
    function related(list) {
      // Not an aside: a complementary landmark may not sit in the results'
      // region.
      var aside = element("div", "proches");
      aside.id = "proches";
      aside.appendChild(element("h3", "", "Questions proches"));
      var ul = element("ul");
      list.forEach(function (a) {
        var li = element("li");
        li.appendChild(link(root + "questions/" + a.question.id + "/index.html", a.question.question));
        ul.appendChild(li);
      });
      aside.appendChild(ul);
      return aside;
    }

    // termCard is the glossary card of the server's search page. The
    // definitions load with their own script the first time a query names
    // a term (see lazy); the card is completed then.
    function termCard(t) {
      var article = element("article", "carte-terme");
      article.appendChild(element("p", "carte-type", "Glossaire"));
      var h3 = element("h3");
      var a = link(root + "glossaire/index.html#" + t.id, t.term);
      if (t.lang) a.lang = t.lang;
      h3.appendChild(a);
      article.appendChild(h3);
      var p = element("p", "", lazy("REPERES_GLOSSAIRE", data.glossary, "glossaire-donnees", t.id, function (text) { p.textContent = text; }));
      article.appendChild(p);
      return article;
    }

    // lazy returns the text of id in the object a script sets as
    // window[global]; the first time, it loads the script (file, from the
    // root of the copy) and calls later with the text once it is there.
    function lazy(global, file, scriptID, id, later) {
      if (window[global]) return window[global][id] || "";
      var script = document.getElementById(scriptID);
      if (!script) {
        script = document.createElement("script");
        script.id = scriptID;
        script.src = root + file;
        document.head.appendChild(script);
      }
      script.addEventListener("load", function () { later((window[global] || {})[id] || ""); });
      return "";
    }

    function clauseURL(cl) { return root + "clauses/" + cl.id + "/index.html"; }

    // line is the template "line" of the server, built with DOM calls.
    function line(cl, snippet) {
      var article = element("article", "ligne");
      var h3 = element("h3", "ligne-titre");
      h3.appendChild(link(clauseURL(cl), cl.title));
      article.appendChild(h3);
      var meta = element("p", "meta");
      meta.appendChild(element("span", "badge badge-" + cl.kind, kinds[cl.kind] || cl.kind));
      meta.appendChild(document.createTextNode(" " + data.documents[cl.docn].label + (cl.section ? " › " + cl.section : "") + " · "));
      meta.appendChild(element("span", "nature", natures[cl.nature] || cl.nature));
      if (cl.comments) {
        meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(element("span", "commentaires", cl.comments + (cl.comments > 1 ? " commentaires syndicaux" : " commentaire syndical") + " ou de l'IE"));
      }
      article.appendChild(meta);
      if (snippet.length) {
        var p = element("p", "extrait");
        snippet.forEach(function (part) {
          p.appendChild(part.mark ? element("mark", "", part.text) : document.createTextNode(part.text));
        });
        article.appendChild(p);
      }
      // As the server's line: site.js shows the button and keeps it in step.
      var add = element("p", "ajout-dossier");
      var button = element("button", "ajouter-dossier");
      button.type = "button";
      button.hidden = true;
      button.setAttribute("data-clause", cl.id);
      button.appendChild(element("span", "verbe", "Ajouter"));
      button.appendChild(element("span", "visuellement-cache", " « " + cl.title + " »"));
      button.appendChild(document.createTextNode(" "));
      button.appendChild(element("span", "prep", "au"));
      button.appendChild(document.createTextNode(" dossier"));
      add.appendChild(button);
      article.appendChild(add);
      return article;
    }

    // nothing offers ways out of an empty result, as the server does.
    function nothing(q) {
      var div = element("div", "aucun");
      var p = element("p", "", "Essayez d'autres mots, vérifiez l'orthographe, ou parcourez par ");
      p.appendChild(link(root + "roles/index.html", "rôle"));
      p.appendChild(document.createTextNode(" ou par "));
      p.appendChild(link(root + "themes/index.html", "thème"));
      p.appendChild(document.createTextNode("."));
      div.appendChild(p);
      var out = [], selected = 0;
      data.facets.forEach(function (f) {
        (q.filters[f.name] || []).forEach(function (v) {
          selected++;
          var without = copy(q);
          without.filters[f.name] = without.filters[f.name].filter(function (x) { return x !== v; });
          var label = (f.values.find(function (x) { return x.id === v; }) || { label: v }).label;
          out.push(link(address(without, 1), "Retirer le filtre « " + label + " »"));
        });
      });
      if (q.document !== null && q.document !== undefined) {
        selected++;
        var everywhere = copy(q);
        everywhere.document = null;
        out.push(link(address(everywhere, 1), "Chercher dans tous les documents, pas seulement « " + data.documents[q.document].label + " »"));
      }
      if (selected > 1) {
        var none = copy(q);
        none.document = null;
        Object.keys(none.filters).forEach(function (k) { none.filters[k] = []; });
        out.push(link(address(none, 1), "Retirer tous les filtres"));
      }
      if (out.length) {
        var ul = document.createElement("ul");
        out.forEach(function (a) { var li = document.createElement("li"); li.appendChild(a); ul.appendChild(li); });
        div.appendChild(ul);
      }
      return div;
    }

    function address(q, page) {
      var p = new URLSearchParams();
      if (q.text) p.set("q", q.text);
      data.facets.forEach(function (f) { (q.filters[f.name] || []).forEach(function (v) { p.append(f.name, v); }); });
      if (q.document !== null && q.document !== undefined) p.set("document", data.documents[q.document].id);
      if (page > 1) p.set("page", String(page));
      var s = p.toString();
      return searchPage + (s ? "?" + s : "");
    }

    function copy(q) {
      var c = { text: q.text, page: 1, size: q.size, filters: {}, document: q.document };
      Object.keys(q.filters).forEach(function (k) { c.filters[k] = q.filters[k].slice(); });
      return c;
    }
  });

  function labels(list) {
    var m = {};
    list.forEach(function (l) { m[l.id] = l.label; });
    return m;
  }

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function link(href, text, rel) {
    var a = element("a", "", text);
    a.setAttribute("href", href);
    if (rel) a.setAttribute("rel", rel);
    return a;
  }
})();
