// Repères IA — the static copy's dossier page. With no server, the page
// builds the dossier from its address (?ids=a,b,c&commentaires=1) and from
// the copy's data (window.REPERES_DOSSIER, written by reperes export): the
// same clauses, order, texts and citations as the server's /dossier. The
// citations and comment lines come ready from Go; this script only puts
// them in order.
(function () {
  "use strict";
  var data = window.REPERES_DOSSIER || {};
  var MAX = 50;

  function element(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function link(href, text) {
    var a = element("a", "", text);
    a.setAttribute("href", href);
    return a;
  }
  function plural(n, one, many) { return n >= 2 ? many : one; } // kb.Plural

  // ids reads the address as the server does: values of ids, split on
  // commas, blanks and duplicates dropped, order kept.
  function parse(params) {
    var ids = [], seen = {};
    params.getAll("ids").forEach(function (v) {
      v.split(",").forEach(function (id) {
        id = id.trim();
        if (id && !seen[id]) { seen[id] = true; ids.push(id); }
      });
    });
    return ids;
  }

  function address(ids, comments) {
    return "index.html?ids=" + ids.map(encodeURIComponent).join(",") + (comments ? "&commentaires=1" : "");
  }

  // write is kb.Dossier's writer, to the character: Markdown or text,
  // which differ only in the heading marks, the citation and a blank line.
  function write(items, unknown, comments, markdown) {
    var title = markdown ? "# " : "", gap = markdown ? "\n" : "";
    var out = title + "Dossier Repères IA (" + items.length + " " + plural(items.length, "clause", "clauses") + ")\n";
    items.forEach(function (it, i) {
      out += (markdown ? "\n## " : "\n") + (i + 1) + ". " + it.title + (markdown ? "\n\n" : "\n") +
        (markdown ? it.citationMarkdown : it.citationText) + "\n";
      if (it.noteLine) out += "\n" + it.noteLine + "\n";
      if (it.evidenceLine) out += "\n" + it.evidenceLine + "\n";
      if (comments && it.commentLines) out += "\nCe qu'en disent les syndicats, l'IE et le contexte :\n" + gap + it.commentLines;
    });
    if (unknown.length) out += "\nIdentifiants inconnus, ignorés : " + unknown.join(", ") + "\n";
    return out;
  }

  function build() {
    var box = document.getElementById("dossier-contenu");
    if (!box) return;
    var params = new URLSearchParams(location.search);
    var store = window.Reperes && window.Reperes.dossier;
    if (!params.has("ids")) {
      // /dossier alone: the dossier this browser keeps.
      var kept = store ? store.get() : [];
      if (kept.length) { location.replace(address(kept, false)); return; }
    }
    var all = parse(params), comments = !!params.get("commentaires") && params.get("commentaires") !== "0";
    box.textContent = "";
    if (all.length > MAX) {
      box.appendChild(element("p", "erreur", "Un dossier compte au plus " + MAX + " clauses : retirez-en quelques-unes de l'adresse."));
      return;
    }
    var ids = [], items = [], unknown = [];
    all.forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(data, id)) { ids.push(id); items.push(data[id]); } else unknown.push(id);
    });
    if (store) store.set(ids);

    if (unknown.length) {
      var warn = element("p", "erreur");
      warn.setAttribute("role", "alert");
      warn.appendChild(document.createTextNode(unknown.length + " " + plural(unknown.length, "identifiant ne correspond", "identifiants ne correspondent") +
        " à aucune clause et " + plural(unknown.length, "a été ignoré", "ont été ignorés") + " : "));
      unknown.forEach(function (u, i) {
        if (i) warn.appendChild(document.createTextNode(", "));
        warn.appendChild(element("code", "", u));
      });
      warn.appendChild(document.createTextNode("."));
      box.appendChild(warn);
    }
    if (!items.length) {
      box.appendChild(element("p", "aucun", "Ce dossier est vide. Ajoutez des clauses avec le bouton « Ajouter au dossier » des résultats de recherche, des pages de clause, de question ou de rôle."));
      return;
    }

    // Comments shown or not: a link, as the address holds the choice.
    var options = element("p", "options-dossier");
    options.appendChild(link(address(ids, !comments), comments ?
      "Masquer ce qu'en disent les syndicats, l'IE et le contexte" : "Afficher sous chaque clause ce qu'en disent les syndicats, l'IE et le contexte"));
    box.appendChild(options);

    var list = element("ol", "liste dossier-liste");
    items.forEach(function (it, i) {
      var id = ids[i];
      var li = element("li", "dossier-clause");
      li.setAttribute("data-clause", id);
      var h2 = element("h2", "ligne-titre");
      h2.appendChild(link("../clauses/" + id + "/index.html", it.title));
      li.appendChild(h2);
      var meta = element("p", "meta");
      meta.appendChild(element("span", "badge badge-" + it.kind, it.kindLabel));
      meta.appendChild(document.createTextNode(" " + it.doc + (it.section ? " › " + it.section : "") + " · " + it.publisher + ", " + it.date));
      li.appendChild(meta);
      li.appendChild(element("p", "texte-dossier", it.text));
      if (it.note) {
        var note = element("p", "note-courte");
        note.appendChild(element("strong", "", "À noter :"));
        note.appendChild(document.createTextNode(" " + it.note));
        li.appendChild(note);
      }
      if (it.evidence) {
        var ev = element("p", "preuve preuve-" + it.evidence.level);
        ev.appendChild(element("strong", "", "Fiabilité : " + it.evidence.label + "."));
        ev.appendChild(document.createTextNode(" " + it.evidence.note));
        li.appendChild(ev);
      }
      var stable = element("p", "lien-stable", "Lien stable : ");
      stable.appendChild(link("../clauses/" + id + "/index.html", it.link));
      li.appendChild(stable);
      if (comments && it.comments) {
        var ul = element("ul", "relations");
        it.comments.forEach(function (cm) {
          var c = element("li");
          c.appendChild(element("span", "position position-" + cm.stance, cm.stanceLabel));
          if (cm.editorial) c.appendChild(element("span", "editorial", " (rapprochement éditorial)"));
          if (cm.evidenceLabel) c.appendChild(element("span", "preuve-commentaire", " · fiabilité : " + cm.evidenceLabel));
          c.appendChild(document.createTextNode(" "));
          c.appendChild(link("../clauses/" + cm.id + "/index.html", cm.title));
          c.appendChild(document.createTextNode(" — " + cm.publisher));
          c.appendChild(element("blockquote", "", cm.text));
          ul.appendChild(c);
        });
        li.appendChild(ul);
      }
      var actions = element("p", "actions-dossier");
      function action(cls, verb, target, after) {
        var a = link(address(target, comments), verb);
        a.className = cls;
        a.appendChild(element("span", "visuellement-cache", " « " + it.title + " »"));
        if (after) a.appendChild(document.createTextNode(after));
        actions.appendChild(a);
        actions.appendChild(document.createTextNode(" "));
      }
      function swap(a, b) { var t = ids.slice(); t[a] = ids[b]; t[b] = ids[a]; return t; }
      if (i > 0) action("monter", "Monter", swap(i, i - 1));
      if (i < ids.length - 1) action("descendre", "Descendre", swap(i, i + 1));
      action("retirer", "Retirer", ids.slice(0, i).concat(ids.slice(i + 1)), " du dossier");
      li.appendChild(actions);
      list.appendChild(li);
    });
    box.appendChild(list);

    var md = write(items, unknown, comments, true), txt = write(items, unknown, comments, false);
    var section = element("section", "citer exporter");
    section.setAttribute("aria-labelledby", "exporter-titre");
    var h = element("h2", "", "Copier, télécharger, imprimer, partager");
    h.id = "exporter-titre";
    section.appendChild(h);
    var bar = element("p");
    function button(cls, label, target, status) {
      var b = element("button", cls, label);
      b.type = "button";
      b.hidden = true;
      if (target) b.setAttribute("data-cible", target);
      if (status) b.setAttribute("data-statut", status);
      bar.appendChild(b);
      bar.appendChild(document.createTextNode(" "));
      return b;
    }
    button("copier", "Copier en Markdown", "dossier-markdown", "Dossier copié en Markdown.");
    button("copier", "Copier en texte", "dossier-texte", "Dossier copié en texte.");
    var download = link("#", "Télécharger (.md)");
    download.className = "telecharger";
    download.setAttribute("download", "dossier-reperes-ia.md");
    download.setAttribute("href", URL.createObjectURL(new Blob([md], { type: "text/markdown;charset=utf-8" })));
    bar.appendChild(download);
    bar.appendChild(document.createTextNode(" "));
    button("imprimer", "Imprimer");
    section.appendChild(bar);
    [["dossier-markdown", "Markdown", md], ["dossier-texte", "Texte", txt]].forEach(function (f) {
      var p = element("p");
      var label = element("label", "", f[1]);
      label.setAttribute("for", f[0]);
      p.appendChild(label);
      section.appendChild(p);
      var area = element("textarea");
      area.id = f[0];
      area.readOnly = true;
      area.rows = 8;
      area.value = f[2];
      section.appendChild(area);
    });
    var share = element("p", "partager", "Adresse à partager : ");
    var here = link(location.href, location.href);
    here.id = "dossier-adresse";
    share.appendChild(here);
    section.appendChild(share);
    var status = element("p", "statut");
    status.id = "copie-statut";
    status.setAttribute("role", "status");
    section.appendChild(status);
    box.appendChild(section);
    if (window.Reperes) window.Reperes.enhance(section);
  }

  if (document.readyState !== "loading") build(); else document.addEventListener("DOMContentLoaded", build);
})();
