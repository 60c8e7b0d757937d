/* Award statistics: awards per year, stacked by award type. Data: json_script "award-chart-data"
   ({years, types: [{name, counts}], labels}); the table under the chart holds the same numbers. */
(function () {
  "use strict";
  var C = window.tdktCharts;
  var d = C && C.data("award-chart-data");
  if (!d || !d.years.length) return;
  var datasets = d.types.map(function (t, i) {
    var colour = C.palette[i % C.palette.length];
    return {label: t.name, data: t.counts, backgroundColor: colour, borderColor: colour, stack: "awards"};
  });
  C.make("award-chart", {
    type: "bar",
    data: {labels: d.years.map(String), datasets: datasets},
    options: {
      scales: {
        x: {stacked: true, title: {display: true, text: d.labels.year}},
        y: {stacked: true, beginAtZero: true, title: {display: true, text: d.labels.axis},
            ticks: {precision: 0, callback: function (v) { return C.number(v); }}}
      },
      plugins: {
        legend: {position: "bottom"},
        tooltip: {mode: "index", filter: function (item) { return item.parsed.y > 0; }}
      }
    }
  });
})();
