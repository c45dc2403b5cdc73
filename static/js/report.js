// Report form: preselect the section the reader opened by its anchor (#caching, #faq, ...).
(function () {
  "use strict";
  function choose(select) {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (Array.prototype.some.call(select.options, function (o) { return o.value === hash; })) select.value = hash;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("[data-report-section]");
    if (!select) return;
    choose(select);
    window.addEventListener("hashchange", function () { choose(select); });
  });
})();
