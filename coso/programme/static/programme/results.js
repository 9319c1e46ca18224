// Results of the programme: registered / evaluated / recognised per unit (data from json_script).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("results-data");
    var canvas = document.getElementById("results-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: JSON.parse(source.textContent),
      options: { responsive: true, plugins: { legend: { position: "bottom" } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
})();
