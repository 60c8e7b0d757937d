// Behaviour shared by every page, without inline handlers or style attributes: the Content-Security-Policy
// (config/settings.py CONTENT_SECURITY_POLICY) refuses both. Templates ask for behaviour with data- attributes:
//   data-submit-on-change            a field whose change submits its form (the working year);
//   data-confirm="question"          on a form (on submit) or a button (on click): ask before going on;
//   data-print                       a button that prints the page;
//   data-history-back                a link that goes back one page (a "Cancel" link);
//   data-invert-checkboxes="name"    a button that inverts the checkboxes named "name";
//   data-progress="42"               a progress bar whose width is that percentage (also in htmx swaps).
// Confirmation runs in the capture phase, so a refused one stops the page's own handlers too.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) field.form.submit();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest(
      "[data-confirm]:not(form), [data-print], [data-invert-checkboxes], [data-history-back]");
    if (!button) return;
    if (button.hasAttribute("data-history-back")) {
      event.preventDefault();
      window.history.back();
    } else if (button.hasAttribute("data-confirm")) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();  // no page script (htmx) acts on a refused confirmation
      }
    } else if (button.hasAttribute("data-print")) {
      window.print();
    } else {
      var name = button.getAttribute("data-invert-checkboxes");
      document.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        if (box.name === name) box.checked = !box.checked;
      });
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function showProgress(root) {
    // element.style is set through the DOM, which the policy allows (a style="" attribute in HTML it does not)
    (root.querySelectorAll ? root : document).querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseInt(bar.getAttribute("data-progress"), 10) || 0));
      bar.style.width = value + "%";
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(showProgress);  // the page itself and every piece htmx swaps in
  } else {
    showProgress(document);
  }

  // Readiness: once every script of the page has run and bound its handlers (the page scripts come after this
  // file, and DOMContentLoaded handlers run in order), <html data-ready="1"> tells browser tests they may type.
  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(function () { document.documentElement.dataset.ready = "1"; }, 0);
  });
})();
