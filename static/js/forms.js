/* Small enhancements of server-rendered forms; every form works without them. */
(function () {
  "use strict";
  function enhance(root) {
    // Controls that only work with JavaScript (e.g. the place filter) are hidden until it runs.
    root.querySelectorAll("[data-requires-js]").forEach(function (element) {
      element.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  // Ask before an action that cannot be undone (deleting a draft, closing a biennium).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
