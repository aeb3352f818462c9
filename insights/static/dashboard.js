/* Draws the dashboard's charts with Chart.js from the JSON block #chart-data (written by insights/render.py).
 * Hidden counts (fewer than 5) arrive as null and are left out of the chart; the tables show every figure. */
(function () {
  "use strict";
  const PALETTE = ["#1d4f91", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e00", "#c2185b", "#455a64"];
  const block = document.getElementById("chart-data");
  if (!block || typeof Chart === "undefined") return;
  const specs = JSON.parse(block.textContent || "{}");
  const charts = {};
  Chart.defaults.font.size = 13;
  Chart.defaults.color = "#1b1b1b";
  for (const [id, spec] of Object.entries(specs)) {
    const canvas = document.getElementById("chart-" + id);
    if (!canvas) continue;
    const line = spec.type === "line";
    const datasets = spec.datasets.map((d, i) => ({
      label: d.label, data: d.data, spanGaps: false,
      backgroundColor: line ? PALETTE[i % PALETTE.length] : PALETTE[i % PALETTE.length] + "cc",
      borderColor: PALETTE[i % PALETTE.length], borderWidth: line ? 2 : 1, pointRadius: line ? 2 : 0,
    }));
    charts[id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x", animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        scales: { x: { ticks: { maxRotation: 0, autoSkip: true } }, y: { beginAtZero: true } },
      },
    });
  }
  window.insightsCharts = charts;  // read by the browser test
})();
