// Bar charts of the roll-up pages, drawn with Chart.js (served from node_modules, no CDN).
// A <canvas data-chart="ID"> reads its data from the <script type="application/json" id="ID">
// written by Django's json_script: {"labels": [...], "datasets": [{"label", "data"}...],
// "percent": bool}.
(function () {
  "use strict";
  const palette = ["#6c757d", "#198754", "#0d6efd", "#fd7e14"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") {
      return;
    }
    const spec = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: palette[i % palette.length] };
        }),
      },
      options: {
        // numbers on the axes and in tooltips the page's way ("66,7" in Vietnamese), not the
        // browser's; the labels (periods: "Tháng 11/2026") come formatted from the server
        locale: document.documentElement.lang || undefined,
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: spec.percent ? 100 : undefined } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
