// Instant search: results under any input[data-instant-search] as you type, from /api/search/.
// The ARIA 1.2 combobox pattern (input + listbox, aria-activedescendant): arrows move, Enter opens
// the highlighted result, Escape closes. Without this file the form submits to /search/ as usual.
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams) return;
  var DELAY_MS = 120;
  var MAX_SHOWN = 8;
  var counter = 0;

  // The API escapes every snippet and adds only <mark> tags: rebuild it from text nodes and
  // <mark> elements so nothing else could ever become markup.
  function snippetNode(html) {
    var decoder = document.createElement("textarea");
    var span = document.createElement("span");
    span.className = "instant-snippet";
    html.split(/<mark>|<\/mark>/).forEach(function (part, index) {
      decoder.innerHTML = part;
      var text = document.createTextNode(decoder.value);
      if (index % 2) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        span.appendChild(mark);
      } else {
        span.appendChild(text);
      }
    });
    return span;
  }

  function enhance(input) {
    var id = "instant-" + (++counter);
    var holder = input.parentNode;
    var listbox = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var latest = "";
    var options = [];
    var active = -1;

    holder.classList.add("instant-search");
    listbox.id = id + "-list";
    listbox.className = "instant-results";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Search results");
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    holder.appendChild(listbox);
    holder.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function option(url, title, detail, snippet) {
      var item = document.createElement("li");
      item.id = id + "-option-" + options.length;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-url", url);
      var strong = document.createElement("strong");
      strong.textContent = title;
      item.appendChild(strong);
      if (detail) {
        var small = document.createElement("span");
        small.className = "instant-section";
        small.textContent = detail;
        item.appendChild(small);
      }
      if (snippet) item.appendChild(snippetNode(snippet));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { window.location.href = url; });
      options.push(item);
      return item;
    }

    // Up to MAX_SHOWN hits, group by group (codes, comparisons, errors), each group keeping a
    // share of the places so a long list of codes never hides every error guide.
    function shown(groups) {
      var share = Math.floor(MAX_SHOWN / groups.length);
      var taken = groups.map(function (group) { return Math.min(group.length, share); });
      var left = MAX_SHOWN - taken.reduce(function (a, b) { return a + b; }, 0);
      groups.forEach(function (group, i) {
        var more = Math.min(group.length - taken[i], left);
        taken[i] += more;
        left -= more;
      });
      return [].concat.apply([], groups.map(function (group, i) { return group.slice(0, taken[i]); }));
    }

    function show(data) {
      listbox.textContent = "";
      options = [];
      var errors = data.errors || [];
      var found = data.codes.length + data.comparisons.length + errors.length;
      if (data.redirect && !found) {  // an uncurated pair: the side-by-side page
        listbox.appendChild(option(data.redirect, "Compare side by side", data.redirect, ""));
      }
      var kinds = { code: "Code", comparison: "Comparison", error: "Error" };
      shown([data.codes, data.comparisons, errors]).forEach(function (hit) {
        var detail = kinds[hit.type];
        if (hit.section && hit.section !== "Summary") detail += " · " + hit.section;
        listbox.appendChild(option(hit.url, hit.title, detail, hit.snippet_html));
      });
      status.textContent = options.length === 1 ? "1 result." : options.length ? options.length + " results." : "No results.";
      if (!options.length) { close(); return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    }

    function lookup() {
      var query = input.value.trim();
      latest = query;
      if (!query || query.length > 100) { close(); status.textContent = ""; return; }
      fetch("/api/search/?" + new URLSearchParams({ q: query }).toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && query === latest) show(data); })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && options.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) { if (options.length) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); } return; }
        event.preventDefault();
        // Positions cycle through the options and back to the input itself (-1).
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= options.length) next = -1;
        if (next < -1) next = options.length - 1;
        highlight(next);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-url");
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-instant-search]").forEach(enhance);
})();
