/* Fill the form a signed-out user had sent with what they typed (kept by the server, shown once after signing
   in again: accounts/kept_forms.py). Nothing is submitted: the user checks it and saves again. */
(function () {
  "use strict";
  function samePath(action, path) {
    var url = new URL(action || window.location.href, window.location.href);
    return url.pathname === path;
  }
  function fill(form, values) {
    Object.keys(values).forEach(function (name) {
      var wanted = values[name];
      var controls = Array.prototype.filter.call(form.elements, function (element) {
        return element.name === name && element.type !== "file" && element.type !== "submit";
      });
      var next = 0;
      controls.forEach(function (control) {
        if (control.type === "checkbox" || control.type === "radio") {
          control.checked = wanted.indexOf(control.value) !== -1;
        } else if (control.tagName === "SELECT") {
          Array.prototype.forEach.call(control.options, function (option) {
            option.selected = wanted.indexOf(option.value) !== -1;
          });
        } else if (next < wanted.length) {
          control.value = wanted[next];
          next += 1;
        }
        control.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.getElementById("kept-form");
    var data = document.getElementById("kept-form-data");
    if (!notice || !data) {
      return;
    }
    var values = JSON.parse(data.textContent);
    var action = notice.getAttribute("data-kept-action");
    Array.prototype.forEach.call(document.querySelectorAll("form[method='post'], form[method='POST']"), function (form) {
      if (samePath(form.getAttribute("action"), action)) {
        fill(form, values);
      }
    });
  });
})();
