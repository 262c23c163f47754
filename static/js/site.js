// Repères IA — progressive enhancement. Every page works without this
// script; with it, search results follow what you type and tick, and
// citations copy with one click. No framework, no outside request.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    foldFilters();
    enhanceSearch();
    enhanceCopy();
    enhancePrint();
  });

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
  function enhanceCopy() {
    var status = document.getElementById("copie-statut");
    Array.prototype.forEach.call(document.querySelectorAll("button.copier"), function (button) {
      var target = document.getElementById(button.getAttribute("data-cible"));
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = "Citation copiée."; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(done, function () { fallback(target); done(); });
        } else { fallback(target); done(); }
      });
    });
    function fallback(el) { el.focus(); el.select(); document.execCommand("copy"); }
  }

  function enhancePrint() {
    Array.prototype.forEach.call(document.querySelectorAll("button.imprimer"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
})();
