// Behaviour shared by every page, without inline handlers or style attributes: the Content-Security-Policy
// (config/settings.py CONTENT_SECURITY_POLICY) refuses both. Templates ask for behaviour with data- attributes:
//   data-submit-on-change            a field whose change submits its form (the working year);
//   data-confirm="question"          on a form (on submit) or a button (on click): ask before going on;
//   data-print                       a button that prints the page;
//   data-history-back                a link that goes back one page (a "Cancel" link);
//   data-invert-checkboxes="name"    a button that inverts the checkboxes named "name";
//   data-progress="42"               a progress bar whose width is that percentage (also in htmx swaps);
//   data-guard-unsaved               on a form where typed data could be lost: once a field of it changes, leaving
//                                    the page asks first (beforeunload) until the form is submitted; elements
//                                    marked data-dirty-note inside it are shown while it holds unsaved changes.
//                                    A field that belongs to another form (form="…", e.g. a background evidence
//                                    upload) neither marks nor clears it.
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
        if (box.name !== name) return;
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", {bubbles: true}));  // an unsaved change like a click
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

  function guardedForm(field) {
    var form = field && field.form;
    return form && form.hasAttribute("data-guard-unsaved") ? form : null;
  }
  function markUnsaved(event) {
    var form = guardedForm(event.target);
    if (!form || form.hasAttribute("data-unsaved")) return;
    form.setAttribute("data-unsaved", "1");
    form.querySelectorAll("[data-dirty-note]").forEach(function (note) { note.hidden = false; });
  }
  document.addEventListener("input", markUnsaved);
  document.addEventListener("change", markUnsaved);
  document.addEventListener("submit", function (event) {
    // bubble phase: a refused confirmation (capture phase above) never gets here, so the guard stays
    if (event.target.hasAttribute("data-guard-unsaved") && !event.defaultPrevented) {
      event.target.removeAttribute("data-unsaved");
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-guard-unsaved][data-unsaved]")) {
      event.preventDefault();
      event.returnValue = "";
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

  // Readiness: once every script of the page has run and bound its handlers (the page scripts come after this
  // file, and DOMContentLoaded handlers run in order), <html data-ready="1"> tells browser tests they may type.
  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(function () { document.documentElement.dataset.ready = "1"; }, 0);
  });
})();
