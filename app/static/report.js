/* The printable monthly report (客服报告): one month's figures, charts and tables. */
(function () {
  "use strict";
  const R = window.CSReports;
  const toolbar = document.querySelector("[data-role=toolbar]");

  function month() {
    const given = new URLSearchParams(location.search).get("month");
    if (given && /^\d{4}-\d{2}$/.test(given)) return given;
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  }

  function parts(ratio) {
    return ratio && ratio.total ? `${ratio.count} / ${ratio.total}` : "";
  }

  function summaryRows(report) {
    const t = report.response_seconds;
    const s = report.satisfaction;
    const c = report.conversion;
    return [
      ["会话数", String(report.conversations), "期间内开始、顾客发过消息的会话"],
      ["机器人独立解决率", R.rate(report.bot_resolved), parts(report.bot_resolved)],
      ["转人工率", R.rate(report.handoffs), parts(report.handoffs)],
      ["机器人首次 / 平均响应", `${R.seconds(t.bot_first)} / ${R.seconds(t.bot_average)}`, ""],
      ["人工首次 / 平均响应", `${R.seconds(t.agent_first)} / ${R.seconds(t.agent_average)}`, ""],
      ["及时回复率", R.rate(report.timely_replies), parts(report.timely_replies)],
      ["纠纷处理完成率", R.rate(report.disputes.completion), parts(report.disputes.completion)],
      ["客户满意度", R.number(s.average, 2), `评价率 ${R.rate(s.responses)}`],
      ["咨询转化率", c.available ? R.rate(c.converted) : R.EMPTY,
        c.available ? `${c.days} 天内下单 ${parts(c.converted)}` : "订单系统暂不可用"],
    ];
  }

  function fill(report) {
    const body = (name) => document.querySelector(`[data-table="${name}"]`);
    document.querySelector("[data-role=shop]").textContent = report.shop;
    document.querySelector("[data-role=month]").textContent = report.range.first.slice(0, 7);
    document.querySelector("[data-role=range]").textContent =
      `${report.range.first} 至 ${report.range.last}（${report.range.timezone}）`;
    document.querySelector("[data-role=generated]").textContent = new Date().toLocaleString("zh-CN");
    R.fillTable(body("summary"), summaryRows(report), [(r) => r[0], (r) => r[1], (r) => r[2]]);
    R.fillTable(body("agents"), report.agents.filter((a) => a.conversations || a.replies), [
      (a) => a.display_name, (a) => a.conversations, (a) => a.resolved,
      (a) => R.seconds(a.first_response_seconds), (a) => R.seconds(a.response_seconds),
      (a) => R.rate(a.timely_replies), (a) => R.number(a.rating_average, 2),
    ]);
    R.fillTable(body("intents"), report.top_intents, [
      (i) => R.named(report.names.intents, i.intent), (i) => i.count,
    ]);
    R.fillTable(body("unanswered"), report.unanswered, [
      (g) => g.label, (g) => g.count, (g) => g.examples.join(" / "),
    ]);
    const d = report.disputes;
    R.fillTable(body("disputes"), [["售后台账", d.ledger], ["纠纷类转人工", d.handoffs], ["合计", d.completion]], [
      (r) => r[0], (r) => r[1].total, (r) => r[1].count, (r) => R.rate(r[1]),
    ]);
    window.CSCharts.daily(document.getElementById("report-daily"), report);
    window.CSCharts.reasons(document.getElementById("report-reasons"), report);
    window.CSCharts.satisfaction(document.getElementById("report-satisfaction"), report);
    document.body.dataset.loaded = "true";
  }

  async function load() {
    const chosen = month();
    toolbar.month.value = chosen;
    fill(await R.getJson("/api/reports/kpis", { period: "month", date: chosen + "-01" }));
  }

  toolbar.addEventListener("submit", (event) => {
    event.preventDefault();
    if (toolbar.month.value) location.search = "?month=" + toolbar.month.value;
  });
  document.querySelector("[data-role=print]").addEventListener("click", () => window.print());
  if (!R.token()) R.showLogin();
  else load().catch(R.showError);
})();
