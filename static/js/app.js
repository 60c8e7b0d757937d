// Behaviour shared by every page, without inline handlers (a strict Content-Security-Policy allows it).
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});

// A button with data-invert="name" ticks/unticks every checkbox of that name.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-invert]");
  if (!button) return;
  var form = button.form || document;
  form.querySelectorAll('input[type=checkbox][name="' + button.dataset.invert + '"]').forEach(function (box) {
    if (!box.closest("[hidden]")) box.checked = !box.checked;
  });
});

// A submit button with data-confirm="…" asks before sending its form.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
