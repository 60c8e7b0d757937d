// Behaviour shared by every page, without inline handlers (a strict Content-Security-Policy allows it).
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
