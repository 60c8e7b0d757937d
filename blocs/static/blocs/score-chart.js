/* Scoreboard: each unit's total as a dot, in rank order (and the self-scored total beside it for the
   bloc leader and the board). A dot plot, not bars: totals sit close together near the top of the scale,
   so the axis starts near the lowest score instead of at zero. Data: json_script "score-chart-data". */
(function () {
  "use strict";
  var C = window.tdktCharts;
  var d = C && C.data("score-chart-data");
  if (!d || !d.units.length) return;
  var canvas = document.getElementById("score-chart");
  C.fitHeight(canvas, d.units.length, 30, 80);
  var labels = d.units.map(function (name, i) { return d.ranks[i] + ". " + name; });
  var values = d.totals.concat(d.self || []);
  var low = Math.min.apply(null, values);
  var high = Math.max.apply(null, values.concat([d.max || 0]));
  var datasets = [{
    label: d.labels.totals, data: d.totals, backgroundColor: C.palette[0], borderColor: C.palette[0],
    pointStyle: "circle", pointRadius: 7, pointHoverRadius: 9, showLine: false, clip: false
  }];
  if (d.self) {
    datasets.push({
      label: d.labels.self, data: d.self, backgroundColor: C.palette[1], borderColor: C.palette[1],
      pointStyle: "triangle", pointRadius: 7, pointHoverRadius: 9, showLine: false, clip: false
    });
  }
  C.make("score-chart", {
    type: "line",
    data: {labels: labels, datasets: datasets},
    options: {
      indexAxis: "y",
      layout: {padding: {right: 12}},
      scales: {
        x: {
          min: Math.max(0, Math.floor((low - 5) / 5) * 5),
          max: Math.ceil(high / 5) * 5,
          title: {display: true, text: d.labels.axis},
          ticks: {callback: function (v) { return C.number(v); }}
        },
        y: {grid: {display: false}}
      },
      plugins: {
        legend: {display: datasets.length > 1, position: "bottom", labels: {usePointStyle: true}},
        tooltip: {callbacks: {label: function (ctx) { return ctx.dataset.label + ": " + C.number(ctx.parsed.x); }}}
      }
    }
  });
})();
