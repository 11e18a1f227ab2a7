/* The after-sale ledger (台账): filters, status changes, links to each conversation. */
(function () {
  "use strict";
  const R = window.CSReports;
  const form = document.querySelector("[data-role=filters]");
  const STATUS_NAMES = { open: "待处理", approved: "已同意", in_progress: "处理中", resolved: "已完结", rejected: "已驳回" };
  const TYPE_NAMES = {
    logistics_followup: "物流跟进", lost_parcel_claim: "丢件理赔", urge_shipping: "催发货",
    address_change: "改地址", phone_change: "改电话", note_change: "改备注",
    courier_intercept: "快递拦截", invoice: "发票", bad_fruit_compensation: "坏果赔付",
    refund: "退款", wrong_item: "错发漏发", unpaid_reminder: "催付", large_order_approval: "大单审批",
  };
  let current = {};
  let optionsFilled = false;

  function params() {
    const result = {};
    for (const name of ["start", "end", "type", "status", "order_no", "customer_ref"]) {
      if (form[name].value) result[name] = form[name].value.trim();
    }
    if (form.open_only.checked) result.open_only = "true";
    return result;
  }

  function fillOptions(data) {
    if (optionsFilled) return;
    for (const type of data.types) form.type.append(new Option(TYPE_NAMES[type] || type, type));
    for (const status of data.statuses) form.status.append(new Option(STATUS_NAMES[status] || status, status));
    optionsFilled = true;
  }

  function statusCell(row, entry, statuses) {
    const td = row.insertCell();
    const select = document.createElement("select");
    select.dataset.entry = entry.id;
    for (const status of statuses) select.append(new Option(STATUS_NAMES[status] || status, status));
    select.value = entry.status;
    const note = document.createElement("input");
    note.name = "note";
    note.placeholder = "备注";
    note.maxLength = 500;
    note.size = 8;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "保存";
    button.addEventListener("click", async () => {
      try {
        const changed = await R.patchJson(`/api/ledger/${entry.id}`, { status: select.value, note: note.value });
        row.dataset.status = changed.status;
        row.cells[7].textContent = changed.handler;
        note.value = "";
      } catch (error) {
        R.showError(error);
      }
    });
    td.append(select, " ", note, " ", button);
  }

  function conversationCell(row, entry) {
    const td = row.insertCell();
    if (!entry.conversation_id) {
      td.textContent = R.EMPTY;
      return;
    }
    const link = document.createElement("a");
    link.href = `/conversation?id=${entry.conversation_id}`;
    link.textContent = `#${entry.conversation_id}`;
    td.append(link);
  }

  function show(data) {
    const body = document.querySelector("[data-table=ledger]");
    body.replaceChildren();
    document.querySelector("[data-role=count]").textContent = `${data.entries.length} 条`;
    for (const entry of data.entries) {
      const row = body.insertRow();
      row.dataset.entry = entry.id;
      row.dataset.status = entry.status;
      const texts = [
        entry.id, (entry.created_at || "").replace("T", " ").slice(0, 16), TYPE_NAMES[entry.type] || entry.type,
        entry.order_no, entry.customer_ref, entry.amount_yuan, entry.reason, entry.handler,
      ];
      texts.forEach((text, index) => {
        const td = row.insertCell();
        td.textContent = text === null || text === "" ? R.EMPTY : String(text);
        if (index === 5) td.className = "num";
      });
      statusCell(row, entry, data.statuses);
      conversationCell(row, entry);
    }
    if (!data.entries.length) {
      const cell = body.insertRow().insertCell();
      cell.colSpan = 10;
      cell.textContent = R.EMPTY;
    }
  }

  async function load() {
    current = params();
    const data = await R.getJson("/api/ledger", current);
    fillOptions(data);
    show(data);
    document.body.dataset.loaded = "true";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load().catch(R.showError);
  });
  document.querySelector("[data-role=csv]").addEventListener("click", () => {
    R.downloadCsv("/api/ledger.csv", current).catch(R.showError);
  });
  if (!R.token()) R.showLogin();
  else load().catch(R.showError);
})();
