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
