// Behaviour shared by every page, without inline handlers or style attributes: the Content-Security-Policy
// (config/settings.py CONTENT_SECURITY_POLICY) refuses both. Templates ask for behaviour with data- attributes:
//   data-submit-on-change            a field whose change submits its form (the working year);
//   data-confirm="question"          on a form (on submit) or a button (on click): ask before going on;
//   data-print                       a button that prints the page;
//   data-history-back                a link that goes back one page (a "Cancel" link);
//   data-invert-checkboxes="name"    a button that inverts the checkboxes named "name";
//   data-progress="42"               a progress bar whose width is that percentage (also in htmx swaps).
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
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    } else if (button.hasAttribute("data-print")) {
      window.print();
    } else {
      var name = button.getAttribute("data-invert-checkboxes");
      document.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
        if (box.name === name) box.checked = !box.checked;
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

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
})();
