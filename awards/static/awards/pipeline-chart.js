/* Board queue: the nominations by state, the overdue ones in red. A bar opens the queue filtered on its
   state (the table beside the chart has the same links for keyboards and screen readers).
   Data: json_script "pipeline-chart-data" ({states, urls, on_time, overdue, labels}). */
(function () {
  "use strict";
  var C = window.tdktCharts;
  var d = C && C.data("pipeline-chart-data");
  if (!d || !d.states.length) return;
  var canvas = document.getElementById("pipeline-chart");
  C.fitHeight(canvas, d.states.length, 36, 70);
  C.make("pipeline-chart", {
    type: "bar",
    data: {
      labels: d.states,
      datasets: [
        {label: d.labels.on_time, data: d.on_time, backgroundColor: C.palette[0], stack: "pipeline"},
        {label: d.labels.overdue, data: d.overdue, backgroundColor: "#dc3545", stack: "pipeline"}
      ]
    },
    options: {
      indexAxis: "y",
      scales: {
        x: {stacked: true, beginAtZero: true, title: {display: true, text: d.labels.axis},
            ticks: {precision: 0, callback: function (v) { return C.number(v); }}},
        y: {stacked: true, grid: {display: false}}
      },
      plugins: {legend: {position: "bottom"}, tooltip: {mode: "index"}},
      onClick: function (event, elements) {
        if (elements.length && d.urls[elements[0].index]) window.location.href = d.urls[elements[0].index];
      },
      onHover: function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      }
    }
  });
})();
