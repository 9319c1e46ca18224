// KPI dashboard of cadre work: progress of each indicator towards its target (data from json_script).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("kpi-data");
    var canvas = document.getElementById("kpi-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: data.datasets },
      options: {
        responsive: true,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (items) { return data.names[items[0].dataIndex]; },
            label: function (item) { return data.actual[item.dataIndex] + " · " + item.formattedValue + "%"; }
          } }
        },
        scales: { y: { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } } }
      }
    });
  });
})();
