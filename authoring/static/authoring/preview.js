// Admin: a "Preview" button under each Markdown field, rendered by the site's own pipeline.
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function attach(field) {
    if (field.dataset.previewReady) return;
    field.dataset.previewReady = "1";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview";
    var output = document.createElement("div");
    output.className = "markdown-preview";
    output.setAttribute("aria-live", "polite");
    output.hidden = true;
    button.addEventListener("click", function () {
      var body = new URLSearchParams({ text: field.value, csrfmiddlewaretoken: csrfToken() });
      fetch(field.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          output.hidden = false;
          output.innerHTML = data.html !== undefined ? data.html : "";
          if (data.error) output.textContent = data.error;
          if (data.warning) {
            var warning = document.createElement("p");
            warning.className = "errornote";
            warning.textContent = data.warning;
            output.prepend(warning);
          }
        });
    });
    field.insertAdjacentElement("afterend", output);
    field.insertAdjacentElement("afterend", button);
  }
  function scan() { document.querySelectorAll("textarea.markdown-field").forEach(attach); }
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("formset:added", scan);
})();
