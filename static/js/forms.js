/* Small enhancements of server-rendered forms; every form works without them. */
(function () {
  "use strict";
  function enhance(root) {
    // Controls that only work with JavaScript (e.g. the place filter) are hidden until it runs.
    root.querySelectorAll("[data-requires-js]").forEach(function (element) {
      element.hidden = false;
    });
  }
  // After a refused submit, move focus to the error summary, whose links lead to each field concerned.
  function focusErrors(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusErrors(document);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
  // Ask before an action that cannot be undone (deleting a draft, closing a biennium).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
