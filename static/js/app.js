// Behaviour shared by every page, without inline handlers (a strict Content-Security-Policy allows it).
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});

// A button (or a form) with data-confirm="Question?" asks before it submits.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A button with data-print prints the page.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// Readiness: once every script of the page has run and bound its handlers (the page scripts come after this
// file, and DOMContentLoaded handlers run in order), <html data-ready="1"> tells browser tests they may type.
document.addEventListener("DOMContentLoaded", function () {
  window.setTimeout(function () { document.documentElement.dataset.ready = "1"; }, 0);
});
