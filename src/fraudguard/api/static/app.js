// Progressive enhancement only: every form works without this file.
// A busy label on the Check button, and no second submission while the first is on its way.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  var busy = form.getAttribute("data-busy");
  var button = event.submitter || form.querySelector("button[type=submit]");
  if (busy && button && button.form === form) {
    button.textContent = busy;
    button.setAttribute("aria-busy", "true");
  }
});
// Coming back with the browser's Back button shows the page from cache: let it be sent again.
window.addEventListener("pageshow", function () {
  Array.prototype.forEach.call(document.forms, function (form) {
    delete form.dataset.sent;
  });
});
