/* The KPI dashboard: filters in the address bar, figures from /api/reports/kpis. */
(function () {
  "use strict";
  const R = window.CSReports;
  const form = document.querySelector("[data-role=filters]");
  let current = {};

  function paramsFromUrl() {
    const url = new URLSearchParams(location.search);
    const params = {};
    for (const key of ["period", "date", "start", "end", "agent_id", "tz"]) {
      if (url.get(key)) params[key] = url.get(key);
    }
    return params;
  }

  function showPeriodFields() {
    const custom = form.period.value === "custom";
    for (const label of form.querySelectorAll("[data-for=custom]")) label.hidden = !custom;
    for (const label of form.querySelectorAll("[data-for=period]")) label.hidden = custom;
  }

  function fillForm(params) {
    form.period.value = params.start ? "custom" : params.period || "month";
    form.date.value = params.date || "";
    form.start.value = params.start || "";
    form.end.value = params.end || "";
    showPeriodFields();
  }

  function paramsFromForm() {
    const params = {};
    if (form.period.value === "custom") {
      params.start = form.start.value;
      params.end = form.end.value;
    } else {
      params.period = form.period.value;
      if (form.date.value) params.date = form.date.value;
    }
    if (form.agent_id.value) params.agent_id = form.agent_id.value;
    return params;
  }

  function setKpi(name, value, sub) {
    document.querySelector(`[data-kpi="${name}"]`).textContent = value;
    const subBox = document.querySelector(`[data-kpi-sub="${name}"]`);
    if (subBox) subBox.textContent = sub || "";
  }

  function parts(ratio) {
    return ratio && ratio.total ? `${ratio.count} / ${ratio.total}` : "";
  }

  function fillCards(report) {
    setKpi("conversations", String(report.conversations));
    setKpi("bot_resolved", R.rate(report.bot_resolved), parts(report.bot_resolved));
    setKpi("handoffs", R.rate(report.handoffs), parts(report.handoffs));
    setKpi("timely_replies", R.rate(report.timely_replies), parts(report.timely_replies));
    setKpi("disputes", R.rate(report.disputes.completion), parts(report.disputes.completion));
    const s = report.satisfaction;
    setKpi("satisfaction", R.number(s.average, 2), `评价率 ${R.rate(s.responses)}`);
    const c = report.conversion;
    const conversion = c.available ? R.rate(c.converted) : R.EMPTY;
    setKpi("conversion", conversion, c.available ? `${c.days} 天内下单 ${parts(c.converted)}` : "订单系统暂不可用");
    const t = report.response_seconds;
    setKpi("bot_times", `${R.seconds(t.bot_first)} / ${R.seconds(t.bot_average)}`);
    setKpi("agent_times", `${R.seconds(t.agent_first)} / ${R.seconds(t.agent_average)}`);
  }

  function fillTables(report) {
    const body = (name) => document.querySelector(`[data-table="${name}"]`);
    R.fillTable(body("agents"), report.agents, [
      (a) => a.display_name, (a) => a.conversations, (a) => a.resolved, (a) => a.replies,
      (a) => R.seconds(a.first_response_seconds), (a) => R.seconds(a.response_seconds),
      (a) => R.rate(a.timely_replies), (a) => R.number(a.rating_average, 2), (a) => a.ratings,
    ]);
    R.fillTable(body("handoff_reasons"), report.handoff_reasons, [
      (r) => R.named(report.names.reasons, r.reason), (r) => r.count, (r) => R.rate(r),
    ]);
    R.fillTable(body("unanswered"), report.unanswered, [
      (g) => g.label, (g) => g.count, (g) => g.examples.join(" / "),
    ]);
    R.fillTable(body("intents"), report.top_intents, [
      (i) => R.named(report.names.intents, i.intent), (i) => i.count,
    ]);
  }

  function fillAgents(report, chosen) {
    const select = form.agent_id;
    select.replaceChildren(new Option("全部", ""));
    for (const agent of report.agent_choices) {
      select.append(new Option(agent.display_name, String(agent.id)));
    }
    select.value = chosen || "";
  }

  function drawCharts(report) {
    window.CSCharts.daily(document.getElementById("chart-daily"), report);
    window.CSCharts.reasons(document.getElementById("chart-reasons"), report);
    window.CSCharts.satisfaction(document.getElementById("chart-satisfaction"), report);
    window.CSCharts.intents(document.getElementById("chart-intents"), report);
  }

  async function load(params) {
    current = params;
    const report = await R.getJson("/api/reports/kpis", params);
    document.querySelector("[data-role=shop]").textContent = report.shop;
    const range = report.range;
    document.querySelector("[data-role=range]").textContent =
      `${range.first} 至 ${range.last}（${range.timezone}）`;
    document.querySelector("[data-role=report-link]").href = "/report?month=" + range.first.slice(0, 7);
    fillAgents(report, params.agent_id);
    fillCards(report);
    drawCharts(report);
    fillTables(report);
    document.body.dataset.loaded = "true";
  }

  form.period.addEventListener("change", showPeriodFields);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = paramsFromForm();
    const search = new URLSearchParams(params).toString();
    history.replaceState(null, "", "/dashboard" + (search ? "?" + search : ""));
    load(params).catch(R.showError);
  });
  for (const button of document.querySelectorAll("[data-csv]")) {
    button.addEventListener("click", () => {
      R.downloadCsv(`/api/reports/${button.dataset.csv}.csv`, current).catch(R.showError);
    });
  }

  const initial = paramsFromUrl();
  fillForm(initial);
  if (!R.token()) {
    R.showLogin();
  } else {
    load(initial).catch(R.showError);
  }
})();
