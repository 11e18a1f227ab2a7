/* The report charts, drawn with the vendored Chart.js (window.Chart). Animation is off so
   a chart is complete as soon as it is drawn: on screen, in tests and when printing. */
(function () {
  "use strict";
  const COLORS = ["#2e7d32", "#f57c00", "#1565c0", "#c62828", "#6a1b9a", "#00838f", "#9e9d24",
    "#5d4037", "#ad1457", "#455a64"];
  const charts = new Map();

  function draw(canvas, config) {
    const old = charts.get(canvas);
    if (old) old.destroy();
    config.options = Object.assign(
      { animation: false, responsive: true, maintainAspectRatio: false },
      config.options || {},
    );
    const chart = new window.Chart(canvas, config);
    charts.set(canvas, chart);
    canvas.dataset.rendered = "true";
    return chart;
  }

  function daily(canvas, report) {
    const days = report.daily;
    return draw(canvas, {
      type: "bar",
      data: {
        labels: days.map((d) => d.day.slice(5)),
        datasets: [
          { label: "机器人解决", data: days.map((d) => d.bot_resolved), backgroundColor: COLORS[0] },
          { label: "转人工", data: days.map((d) => d.handoffs), backgroundColor: COLORS[1] },
          {
            label: "其他",
            data: days.map((d) => d.conversations - d.bot_resolved - d.handoffs),
            backgroundColor: "#b0bec5",
          },
        ],
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function reasons(canvas, report) {
    const rows = report.handoff_reasons;
    const names = report.names.reasons;
    return draw(canvas, {
      type: "doughnut",
      data: {
        labels: rows.map((r) => (names && names[r.reason]) || r.reason),
        datasets: [{ data: rows.map((r) => r.count), backgroundColor: COLORS }],
      },
      options: { plugins: { legend: { position: "right" } } },
    });
  }

  function satisfaction(canvas, report) {
    const distribution = report.satisfaction.distribution;
    const scores = ["1", "2", "3", "4", "5"];
    return draw(canvas, {
      type: "bar",
      data: {
        labels: scores.map((s) => s + " 分"),
        datasets: [
          { label: "评价数", data: scores.map((s) => distribution[s] || 0), backgroundColor: COLORS[2] },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function intents(canvas, report) {
    const rows = report.top_intents;
    return draw(canvas, {
      type: "bar",
      data: {
        labels: rows.map((r) => report.names.intents[r.intent] || r.intent),
        datasets: [{ label: "次数", data: rows.map((r) => r.count), backgroundColor: COLORS[4] }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  window.CSCharts = { daily, reasons, satisfaction, intents };
})();
