// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Home page: filter the code cards as the visitor types; the form still submits to /search/.
  var input = document.querySelector("input[data-filter]");
  if (input) {
    var scope = document.querySelector(input.getAttribute("data-filter"));
    var cards = scope ? scope.querySelectorAll(".code-card") : [];
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      cards.forEach(function (card) {
        card.hidden = q !== "" && card.textContent.toLowerCase().indexOf(q) === -1;
      });
      scope.querySelectorAll(".class-group").forEach(function (group) {
        group.hidden = group.querySelectorAll(".code-card:not([hidden])").length === 0;
      });
    });
  }
})();

// Wizard: load each step in place and keep the address in sync; without JS every step is a GET page.
(function () {
  "use strict";
  var root = document.querySelector("[data-wizard]");
  if (!root || !window.fetch || !window.history.pushState) return;

  function swap(url, push) {
    return fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var next = doc.querySelector("[data-wizard]");
        var current = document.querySelector("[data-wizard]");
        if (!next || !current) { window.location.href = url; return; }
        current.replaceWith(next);
        document.title = doc.title;
        if (push) window.history.pushState({ wizard: true }, "", url);
        var focus = next.querySelector("#step-legend, #result-h, [role=alert]");
        if (focus) focus.focus();
      })
      .catch(function () { window.location.href = url; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-wizard-form]");
    if (!form) return;
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    swap(form.getAttribute("action") + "?" + query, true);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-wizard-link]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    swap(link.href, true);
  });
  window.addEventListener("popstate", function () { swap(window.location.href, false); });
})();

// "Copy link" next to each anchored heading and table row, for docs authors.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("a.anchor[href^='#']").forEach(function (anchor) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to " + anchor.textContent.trim());
    button.addEventListener("click", function () {
      var url = window.location.origin + window.location.pathname + anchor.getAttribute("href");
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy link"; }, 1500);
      });
    });
    anchor.insertAdjacentElement("afterend", button);
  });
})();

// Folded sections (code page facts and contents, a comparison's full texts) are <details> that
// start closed for phones: a link to one opens it, and wider screens open them all for browsers
// whose CSS cannot (no ::details-content). Without JS the CSS does it, and a tap opens one.
(function () {
  "use strict";
  function openTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  if (!window.matchMedia || !window.matchMedia("(min-width: 700px)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) { details.open = true; });
})();
