/* Scorecard and review pages: running totals, Enter to move on, Ctrl+S to save, changed points
   highlighted (a reason becomes required). The question before leaving with unsaved changes is the
   generic one of static/js/app.js (the forms carry data-guard-unsaved). The server recomputes
   everything; this is a preview. */
(function () {
  "use strict";
  function num(text) {
    if (text === undefined || text === null) return null;
    text = String(text).trim().replace(/\s/g, "").replace(",", ".");
    if (text === "" || text === "–") return null;
    var v = Number(text);
    return isNaN(v) ? NaN : v;
  }
  function fmt(v) {
    return (Math.round(v * 100) / 100).toString().replace(".", ",");
  }
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input.pts, input.rev"));
  function check(input) {
    var v = num(input.value);
    var max = num(input.dataset.max);
    var bad = v !== null && (isNaN(v) || v < 0 || (max !== null && v > max));
    input.classList.toggle("is-invalid", bad);
    return v;
  }
  function recompute() {
    var sheet = document.getElementById("sheet");
    if (!sheet) return;
    var cap = num(sheet.dataset.bonusCap);
    var std = 0, bonus = 0, pen = 0, scored = 0;
    document.querySelectorAll("input.pts").forEach(function (input) {
      var v = check(input);
      if (v === null || isNaN(v)) return;
      scored += 1;
      if (input.dataset.kind === "bonus") bonus += v;
      else if (input.dataset.kind === "penalty") pen += v;
      else std += v;
    });
    var cappedBonus = cap !== null ? Math.min(bonus, cap) : bonus;
    var set = function (id, v) { var el = document.getElementById(id); if (el) el.textContent = v; };
    set("run-standard", fmt(std));
    set("run-bonus", fmt(cappedBonus));
    set("run-penalty", pen ? "\u2212" + fmt(pen) : "0");  // "−2", never "−0"
    set("run-total", fmt(std + cappedBonus - pen));
    set("run-scored", scored);
  }
  function highlight(input) {
    var v = check(input);
    var self = num(input.dataset.self);
    var changed = v !== null && !isNaN(v) && self !== null && Math.abs(v - self) > 0.0001;
    var cell = input.closest("td");
    if (cell) cell.classList.toggle("diff-changed", changed);
    var row = input.closest("tr");
    var reason = row ? row.querySelector("input.reason") : null;
    if (reason) {
      reason.required = changed;
      reason.classList.toggle("is-invalid", changed && reason.value.trim() === "");
    }
  }
  inputs.forEach(function (input, i) {
    input.addEventListener("input", function () {
      if (input.classList.contains("rev")) highlight(input); else recompute();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        var next = inputs[i + (e.shiftKey ? -1 : 1)];
        if (next) { next.focus(); next.select(); }
      }
    });
    if (input.classList.contains("rev")) highlight(input);
  });
  document.querySelectorAll("input.reason").forEach(function (el) {
    el.addEventListener("input", function () {
      el.classList.toggle("is-invalid", el.required && el.value.trim() === "");
    });
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
      var save = document.getElementById("save-draft");
      if (save) { e.preventDefault(); save.click(); }
    }
  });
  recompute();
})();
