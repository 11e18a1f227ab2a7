/* One conversation, read-only, as the ledger links to it. */
(function () {
  "use strict";
  const R = window.CSReports;
  const SENDERS = { shopper: "顾客", bot: "机器人", agent: "客服", system: "系统" };

  function line(text) {
    const p = document.createElement("p");
    p.textContent = text;
    return p;
  }

  async function load() {
    const id = new URLSearchParams(location.search).get("id");
    if (!id || !/^\d+$/.test(id)) throw new Error("缺少会话编号");
    const chat = await R.getJson(`/api/reports/conversations/${id}`);
    document.querySelector("[data-role=title]").textContent = `#${chat.id}`;
    const facts = document.querySelector("[data-role=facts]");
    facts.replaceChildren(
      line(`客户：${chat.customer.ref}${chat.customer.name ? "（" + chat.customer.name + "）" : ""}`),
      line(`开始：${chat.created_at}　状态：${chat.state}`),
      line(`转人工：${chat.handoffs.map((h) => h.reason).join("、") || R.EMPTY}`),
      line(`评价：${chat.ratings.map((r) => r.score + "分" + (r.comment ? " " + r.comment : "")).join("、") || R.EMPTY}`),
      line(`台账：${chat.ledger.map((c) => "#" + c.id + " " + c.type + " " + c.status).join("、") || R.EMPTY}`),
    );
    const box = document.querySelector("[data-role=messages]");
    box.replaceChildren();
    for (const message of chat.messages) {
      const div = document.createElement("div");
      div.className = "msg " + message.sender;
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = `${SENDERS[message.sender] || message.sender} · ${message.at}` +
        (message.outcome ? ` · ${message.outcome}` : "") + (message.intent ? ` · ${message.intent}` : "");
      const text = document.createElement("div");
      text.textContent = message.text;
      div.append(meta, text);
      box.append(div);
    }
    document.body.dataset.loaded = "true";
  }

  if (!R.token()) R.showLogin();
  else load().catch(R.showError);
})();
