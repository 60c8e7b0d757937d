/* Shared helpers of the charts (vendored Chart.js, no CDN). A page passes its numbers with Django's
   json_script; each chart has its own small file that reads them and calls tdktCharts.make().
   Every text a chart shows (labels, legends) comes translated in the data: none is written here. */
(function () {
  "use strict";
  // Bootstrap's colours, in an order that keeps neighbours apart.
  var palette = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#0dcaf0",
                 "#6c757d", "#dc3545", "#6610f2", "#adb5bd"];
  var lang = document.documentElement.lang || "vi";
  var formatter = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : lang, {maximumFractionDigits: 2});

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function number(value) {
    return formatter.format(value);
  }

  function fitHeight(canvas, rows, perRow, extra) {
    // Horizontal charts grow with their rows; the box around the canvas holds the height.
    var box = canvas.parentNode;
    if (box) box.style.height = Math.max(160, rows * perRow + extra) + "px";
  }

  function make(canvasId, config) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || typeof window.Chart === "undefined") return null;
    var Chart = window.Chart;
    Chart.defaults.locale = lang === "vi" ? "vi-VN" : lang;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      Chart.defaults.animation = false;
    }
    config.options = config.options || {};
    if (config.options.maintainAspectRatio === undefined) config.options.maintainAspectRatio = false;
    return new Chart(canvas, config);
  }

  window.tdktCharts = {palette: palette, data: data, number: number, make: make, fitHeight: fitHeight};
})();
