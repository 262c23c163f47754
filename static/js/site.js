// Repères IA — progressive enhancement. Every page works without this
// script; with it, search results follow what you type and tick, and
// citations copy with one click. No framework, no outside request.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var DOSSIER_KEY = "reperes-dossier", MAX_DOSSIER = 50; // see the dossier, below

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    foldFilters();
    enhanceSearch();
    enhanceCopy(document);
    enhancePrint(document);
    enhanceDossier();
  });

  // For the static copy's dossier page, which builds its content itself.
  window.Reperes = {
    enhance: function (root) { enhanceCopy(root); enhancePrint(root); syncDossierButtons(); },
    dossier: { get: storedDossier, set: storeDossier, max: MAX_DOSSIER }
  };

  // Live search: fetch the same page for the form's state, and swap the
  // facets and the results. The address follows, so back and share work.
  function enhanceSearch() {
    var form = document.getElementById("formulaire-recherche");
    var results = document.getElementById("resultats");
    if (!form || !results || !window.fetch || !window.DOMParser) return;
    if (results.hasAttribute("data-locale")) return; // a static copy: recherche.js searches
    var timer = null, current = null;

    function update() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get("q")) params.delete("q");
      var address = form.action + (params.toString() ? "?" + params.toString() : "");
      if (current) current.abort();
      current = new AbortController();
      fetch(address, { signal: current.signal, headers: { "Accept": "text/html" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var facets = doc.getElementById("facettes"), fresh = doc.getElementById("resultats");
          if (facets) {
            // Keep the filters folded or unfolded as the reader left them.
            var was = document.querySelector("#facettes details"), now = facets.querySelector("details");
            if (was && now) now.open = was.open;
            document.getElementById("facettes").replaceWith(facets);
          }
          if (fresh) {
            // Keep the live region in place so screen readers announce the count.
            var count = document.getElementById("compte"), freshCount = fresh.querySelector("#compte");
            if (count && freshCount) { freshCount.remove(); }
            // Copy the collections first: they are live, and change as
            // elements are removed or moved.
            Array.from(results.children).forEach(function (el) { if (el.id !== "compte") el.remove(); });
            Array.from(fresh.children).forEach(function (el) { results.appendChild(el); });
            if (count && freshCount) count.textContent = freshCount.textContent;
          }
          history.replaceState(null, "", address);
        })
        .catch(function () { /* aborted or offline: the form still submits */ });
    }

    form.addEventListener("input", function (e) {
      if (e.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    });
    form.addEventListener("change", function (e) {
      if (e.target.type === "checkbox") update();
    });
  }

  // On a narrow screen the filters start folded, so that the results come
  // first, unless one is ticked: a reader must see what narrows the
  // results. Without this script they stay unfolded.
  function foldFilters() {
    var details = document.querySelector("#facettes details");
    if (details && !details.querySelector("input:checked") &&
        window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) details.open = false;
  }

  // Copy buttons for citations: shown only when the clipboard is usable.
  function enhanceCopy(root) {
    var status = document.getElementById("copie-statut");
    Array.prototype.forEach.call(root.querySelectorAll("button.copier"), function (button) {
      var target = document.getElementById(button.getAttribute("data-cible"));
      if (!target || !button.hidden) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var message = button.getAttribute("data-statut") || "Citation copiée.";
        var done = function () { if (status) status.textContent = message; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(done, function () { fallback(target); done(); });
        } else { fallback(target); done(); }
      });
    });
    function fallback(el) { el.focus(); el.select(); document.execCommand("copy"); }
  }

  function enhancePrint(root) {
    Array.prototype.forEach.call(root.querySelectorAll("button.imprimer"), function (button) {
      if (!button.hidden) return;
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The dossier: the clauses a reader keeps, in order, in this browser's
  // local storage (never a cookie, never sent anywhere). The header shows
  // how many; « Ajouter au dossier » buttons add or remove a clause; the
  // dossier page's address, when it names clauses, is what is kept.
  function storedDossier() {
    try {
      var v = JSON.parse(window.localStorage.getItem(DOSSIER_KEY) || "[]");
      if (!Array.isArray(v)) return [];
      return v.filter(function (id) { return typeof id === "string" && /^[a-z0-9-]{1,200}$/.test(id); }).slice(0, MAX_DOSSIER);
    } catch (e) { return []; }
  }

  function storeDossier(ids) {
    try { window.localStorage.setItem(DOSSIER_KEY, JSON.stringify(ids.slice(0, MAX_DOSSIER))); } catch (e) { /* private mode: the address still holds it */ }
    syncDossierButtons();
  }

  // dossierAddress is the dossier page's address for ids, relative to this
  // page (the header link knows where the page is: /dossier or
  // ../dossier/index.html).
  function dossierAddress(ids) {
    var link = document.getElementById("lien-dossier");
    if (!link) return null;
    var base = link.getAttribute("data-base") || link.getAttribute("href").split("?")[0];
    link.setAttribute("data-base", base);
    return base + "?ids=" + ids.map(encodeURIComponent).join(",");
  }

  function syncDossierButtons() {
    var ids = storedDossier();
    var link = document.getElementById("lien-dossier"), count = document.getElementById("compte-dossier");
    if (link && count) {
      count.textContent = ids.length ? " (" + ids.length + ")" : "";
      link.setAttribute("href", ids.length ? dossierAddress(ids) : link.getAttribute("data-base") || link.getAttribute("href"));
    }
    Array.prototype.forEach.call(document.querySelectorAll("button.ajouter-dossier"), function (button) {
      // Only what changes: the results are observed, and a write that
      // changes nothing would be observed again.
      var state = ids.indexOf(button.getAttribute("data-clause")) >= 0 ? "oui" : "non";
      if (!button.hidden && button.getAttribute("data-dans") === state) return;
      button.hidden = false;
      button.setAttribute("data-dans", state);
      var verb = button.querySelector(".verbe"), prep = button.querySelector(".prep");
      if (verb) verb.textContent = state === "oui" ? "Retirer" : "Ajouter";
      if (prep) prep.textContent = state === "oui" ? "du" : "au";
    });
  }

  function enhanceDossier() {
    var status = document.getElementById("dossier-statut");
    // The dossier page of the server: its address is the dossier.
    var page = document.querySelector(".dossier:not(#dossier-statique)");
    if (page) {
      var params = new URLSearchParams(location.search);
      if (params.has("ids")) {
        storeDossier(Array.prototype.map.call(page.querySelectorAll(".dossier-clause"), function (li) { return li.getAttribute("data-clause"); }));
      } else if (storedDossier().length) {
        location.replace(dossierAddress(storedDossier()));
        return;
      }
      // Showing the comments is part of the address: a tick reloads it.
      var options = page.querySelector(".options-dossier");
      if (options) options.addEventListener("change", function () { options.submit(); });
      var share = document.getElementById("dossier-adresse");
      if (share) share.textContent = share.href;
      Array.prototype.forEach.call(page.querySelectorAll(".lien-stable a"), function (a) {
        if (a.textContent.charAt(0) === "/") a.textContent = a.href;
      });
    }
    document.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("button.ajouter-dossier");
      if (!button) return;
      var id = button.getAttribute("data-clause"), ids = storedDossier(), at = ids.indexOf(id);
      var message;
      if (at >= 0) {
        ids.splice(at, 1);
        message = "Retiré du dossier (" + ids.length + " clause" + (ids.length > 1 ? "s" : "") + ").";
      } else if (ids.length >= MAX_DOSSIER) {
        message = "Le dossier est plein : " + MAX_DOSSIER + " clauses au plus.";
      } else {
        ids.push(id);
        message = "Ajouté au dossier (" + ids.length + " clause" + (ids.length > 1 ? "s" : "") + ").";
      }
      storeDossier(ids);
      if (status) status.textContent = message;
    });
    // Results that a script puts in the page get their buttons too.
    var results = document.getElementById("resultats");
    if (results && window.MutationObserver) new MutationObserver(syncDossierButtons).observe(results, { childList: true, subtree: true });
    syncDossierButtons();
  }
})();
