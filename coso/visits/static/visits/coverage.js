// Coverage dashboard: days at the grassroots per month, one line per district (data from
// json_script; each district its own colour from coso/core/charts.py palette). The same numbers
// are in the heat-map table above the chart, which is the chart's text alternative.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("coverage-data");
    var canvas = document.getElementById("coverage-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: data,
      options: { responsive: true, plugins: { legend: { position: "bottom" } },
                 elements: { line: { tension: 0.2, borderWidth: 2 }, point: { radius: 3 } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
})();
