// The agent console: log in, then one websocket at /ws/agent (docs/agent-protocol.md).
// Every text from the server is shown with textContent, never as HTML.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "xgcs-agent-token";
  const REASONS = {
    asked_for_human: "要求人工", complaint: "投诉", anger: "情绪激动",
    repeated_failure: "机器人未能解答", repeated_question: "重复提问",
  };
  const PRIORITY = { dispute: "纠纷", aftersale: "售后", presale: "售前" };
  const SENDERS = { shopper: "顾客", bot: "智能客服", agent: "客服", system: "系统" };

  let socket = null;
  let me = null;
  let agents = [];
  let active = null;
  let retry = 0;
  const chats = new Map(); // conversation_id -> {panel, tab, list, seqs, ...}

  function h(tag, attrs = {}, children = []) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === "text") el.textContent = String(value);
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
      else el.setAttribute(key, String(value));
    }
    for (const child of children) if (child) el.append(child);
    return el;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  // -- login and connection --------------------------------------------------------------
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    const response = await fetch("/api/agents/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("username").value, password: $("password").value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      $("login-error").textContent = response.status === 401 ? "账号或密码错误" : "登录失败";
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, body.token);
    connect();
  });

  function connect() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/agent`);
    setStatus("connecting", "连接中…");
    socket.addEventListener("open", () => send({ type: "hello", v: 1, token }));
    socket.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      onFrame(frame);
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4401) {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin("登录已失效，请重新登录");
        return;
      }
      setStatus("reconnecting", "连接断开，正在重连…");
      retry += 1;
      setTimeout(connect, Math.min(10000, 500 * 2 ** retry));
    });
  }

  function setStatus(state, text) {
    $("status").dataset.state = state;
    $("status").textContent = text;
  }

  function showLogin(message) {
    $("desk").hidden = true;
    $("presence").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
  }

  // -- frames ------------------------------------------------------------------------------
  function onFrame(frame) {
    switch (frame.type) {
      case "welcome": return onWelcome(frame);
      case "queue": return renderQueue(frame.entries || []);
      case "roster": agents = frame.agents || []; return renderRoster();
      case "assigned": return alertNew(frame.conversation_id);
      case "chat": return showChat(frame);
      case "message": return onMessage(frame);
      case "ack": return onAck(frame);
      case "note": return addNote(frame);
      case "typing": return onTyping(frame);
      case "chat_closed": return onClosed(frame);
      case "scripts": return showScripts(frame);
      case "left_message": return addLeftMessage(frame);
      case "error": return showError(frame);
      default: return undefined;
    }
  }

  function onWelcome(frame) {
    retry = 0;
    me = frame.agent;
    agents = frame.agents || [];
    $("login").hidden = true;
    $("desk").hidden = false;
    $("presence").hidden = false;
    $("me").textContent = `${me.display_name}（${me.role}）`;
    setStatus("open", "已连接");
    renderQueue(frame.queue || []);
    renderRoster();
    $("left-messages").replaceChildren();
    for (const item of frame.left_messages || []) addLeftMessage(item);
    const mine = new Set((frame.chats || []).map((chat) => chat.conversation_id));
    for (const id of [...chats.keys()]) {
      if (!mine.has(id)) onClosed({ conversation_id: id }); // left us while we were away
    }
    for (const chat of frame.chats || []) showChat(chat);
    if (me.presence === "offline") send({ type: "presence", status: "online" });
    else $("presence").value = me.presence;
  }

  $("presence").addEventListener("change", () => {
    send({ type: "presence", status: $("presence").value });
  });

  let queueEntries = [];
  let queueAt = Date.now();
  setInterval(() => { if (queueEntries.length) renderQueue(queueEntries, queueAt); }, 5000);

  function renderQueue(entries, at = Date.now()) {
    queueEntries = entries;
    queueAt = at;
    const waited = (entry) => Math.round(entry.waited_seconds + (Date.now() - at) / 1000);
    const rows = entries.map((entry) => h("div", {
      class: `entry prio-${entry.priority_class}`,
      "data-testid": "console-queue-entry",
      "data-conversation-id": entry.conversation_id,
    }, [
      h("div", { text: `#${entry.position} ${entry.customer?.name || "访客"}` }),
      h("div", { class: "meta", text:
        `${REASONS[entry.reason] || entry.reason} · ${PRIORITY[entry.priority_class] || ""}` +
        ` · 等待 ${waited(entry)} 秒` }),
      h("div", { class: "meta", text: entry.preview || "" }),
      h("div", { class: "row" }, [
        h("button", { "data-testid": "console-claim", text: "接入",
          on: { click: () => send({ type: "claim", conversation_id: entry.conversation_id }) } }),
        h("button", { text: "查看",
          on: { click: () => send({ type: "open", conversation_id: entry.conversation_id }) } }),
      ]),
    ]));
    $("queue").replaceChildren(...rows);
  }

  function renderRoster() {
    $("roster").replaceChildren(...agents.map((agent) =>
      h("li", { text: `${agent.name} · ${agent.presence} · ${agent.chats}/${agent.max_chats}` })));
    if (me) {
      const mine = agents.find((agent) => agent.id === me.id);
      if (mine) $("presence").value = mine.presence;
    }
    for (const chat of chats.values()) fillTransferTargets(chat);
  }

  function addLeftMessage(item) {
    const entry = h("div", { class: "entry", "data-testid": "console-left-message" }, [
      h("div", { text: item.text }),
      h("div", { class: "meta", text: `联系方式：${item.contact} · ${item.at || ""}` }),
    ]);
    entry.append(h("button", { text: "已处理", "data-testid": "console-left-message-done",
      on: { click: async () => {
        const response = await fetch(`/api/left-messages/${encodeURIComponent(item.id)}/handled`, {
          method: "POST",
          headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` },
        });
        if (response.ok) entry.remove();
      } } }));
    $("left-messages").append(entry);
  }

  function alertNew(conversationId) {
    const banner = $("alert");
    banner.textContent = `新会话 #${conversationId} 已分配给您`;
    banner.classList.add("on");
    document.title = "【新会话】客服工作台";
    setTimeout(() => { banner.classList.remove("on"); document.title = "客服工作台 · 鲜果客服"; },
      8000);
  }

  function showError(frame) {
    const banner = $("alert");
    banner.textContent = `操作未成功：${frame.message || frame.code}`;
    banner.dataset.code = frame.code;
    banner.classList.add("on");
  }

  // -- one chat ------------------------------------------------------------------------------
  function showChat(frame) {
    if (frame.conversation_id === undefined) return;
    const chat = chats.get(frame.conversation_id) || makeChat(frame.conversation_id);
    chat.state = frame.state;
    chat.header.textContent =
      `${frame.customer?.name || "访客"} · ${REASONS[frame.reason] || frame.reason || ""}` +
      (frame.priority_class ? ` · ${PRIORITY[frame.priority_class] || ""}` : "") +
      (frame.agent ? ` · 接待：${frame.agent.name}` : " · 排队中");
    for (const message of frame.transcript || []) onMessage(message);
    chat.notes.replaceChildren();
    for (const note of frame.notes || []) addNote(note);
    chat.orders.replaceChildren(...(frame.orders || []).map((order) =>
      h("li", { text: `${order.order_no} ${order.title || ""} ${order.status || ""}` })));
    chat.cases.replaceChildren(...(frame.cases || []).map((item) =>
      h("li", { text: `${item.type} ${item.order_no || ""} ${item.status}` })));
    select(frame.conversation_id);
  }

  function makeChat(conversationId) {
    const tab = h("button", { role: "tab", "data-testid": "console-chat-tab",
      "data-conversation-id": conversationId, text: `会话 #${conversationId}`,
      on: { click: () => select(conversationId) } });
    const list = h("ol", { class: "transcript", "data-testid": "console-transcript" });
    const typing = h("div", { class: "typing", "data-testid": "console-typing" });
    const input = h("textarea", { "data-testid": "console-reply-input", placeholder: "回复顾客（Enter 发送，Shift+Enter 换行）" });
    const notes = h("ul", { "data-testid": "console-notes" });
    const noteInput = h("input", { "data-testid": "console-note-input", placeholder: "内部备注（顾客看不到）" });
    const scriptInput = h("input", { "data-testid": "console-scripts-input", placeholder: "搜索快捷回复" });
    const scripts = h("ul", { class: "scripts", "data-testid": "console-scripts" });
    const category = h("input", { "data-testid": "console-category", placeholder: "结案分类", value: "已解决" });
    const transferTo = h("select", { "data-testid": "console-transfer-to" });
    const orders = h("ul", { "data-testid": "console-orders" });
    const cases = h("ul", { "data-testid": "console-cases" });
    const header = h("div", { class: "typing" });
    const chat = { id: conversationId, tab, list, typing, input, notes, scripts, transferTo,
      orders, cases, header, seqs: new Set(), late: new Set(), pending: new Map(), typingSent: 0 };

    const sendReply = () => {
      const text = input.value.trim();
      if (!text) return;
      const clientId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      chat.pending.set(clientId, text);
      send({ type: "message", conversation_id: conversationId, client_id: clientId, text });
      input.value = "";
    };
    let composing = false;
    input.addEventListener("compositionstart", () => { composing = true; });
    input.addEventListener("compositionend", () => { composing = false; });
    input.addEventListener("keydown", (event) => {
      // IME-safe: Enter that confirms a Chinese candidate is not a send (some IMEs report
      // isComposing late, Safari sends keyCode 229 for the confirming Enter).
      if (event.key !== "Enter" || event.shiftKey || composing || event.isComposing ||
          event.keyCode === 229) {
        return;
      }
      event.preventDefault();
      sendReply();
    });
    input.addEventListener("input", () => {
      const now = Date.now();
      if (now - chat.typingSent > 3000) {
        chat.typingSent = now;
        send({ type: "typing", conversation_id: conversationId, on: true });
      }
    });
    scriptInput.addEventListener("input", () => {
      const q = scriptInput.value.trim();
      if (q) send({ type: "search_scripts", q });
    });
    const action = (label, testid, fn) => h("button", { text: label, "data-testid": testid,
      on: { click: fn } });

    const panel = h("section", { class: "chat", "data-testid": "console-chat",
      "data-conversation-id": conversationId }, [
      h("div", { class: "talk" }, [
        header, list, typing,
        h("div", { class: "composer" }, [
          input,
          h("div", { class: "row" }, [
            action("发送", "console-reply-send", sendReply),
            action("交还机器人", "console-hand-back",
              () => send({ type: "hand_back", conversation_id: conversationId })),
            category,
            action("结案", "console-resolve", () => send({ type: "resolve",
              conversation_id: conversationId, category: category.value.trim() || "已解决" })),
            transferTo,
            action("转接", "console-transfer", () => transferTo.value && send({ type: "transfer",
              conversation_id: conversationId, agent_id: Number(transferTo.value) })),
          ]),
        ]),
      ]),
      h("div", { class: "facts" }, [
        h("h3", { text: "快捷回复" }), scriptInput, scripts,
        h("h3", { text: "内部备注" }), notes,
        h("div", { class: "row" }, [noteInput, action("添加", "console-note-add", () => {
          const text = noteInput.value.trim();
          if (text) send({ type: "note", conversation_id: conversationId, text });
          noteInput.value = "";
        })]),
        h("h3", { text: "订单" }), orders,
        h("h3", { text: "售后记录" }), cases,
      ]),
    ]);
    chat.panel = panel;
    chats.set(conversationId, chat);
    $("tabs").append(tab);
    $("chats").append(panel);
    fillTransferTargets(chat);
    return chat;
  }

  function fillTransferTargets(chat) {
    const options = agents.filter((agent) => !me || agent.id !== me.id)
      .map((agent) => h("option", { value: agent.id, text: `${agent.name}（${agent.presence}）` }));
    chat.transferTo.replaceChildren(h("option", { value: "", text: "转接给…" }), ...options);
  }

  function select(conversationId) {
    active = conversationId;
    for (const chat of chats.values()) {
      const on = chat.id === conversationId;
      chat.panel.classList.toggle("active", on);
      chat.tab.setAttribute("aria-selected", String(on));
      if (on) chat.tab.classList.remove("unread");
    }
  }

  function onMessage(frame) {
    const chat = chats.get(frame.conversation_id);
    if (!chat || !Number.isInteger(frame.seq) || chat.seqs.has(frame.seq)) return;
    chat.seqs.add(frame.seq);
    const details = frame.sender === "bot" && (frame.intent || frame.explanation)
      ? h("details", {}, [
        h("summary", { text: `意图：${frame.intent || "—"} · ${frame.outcome || ""}` }),
        h("pre", { text: JSON.stringify(frame.explanation || {}, null, 1) }),
      ]) : null;
    const item = h("li", { class: "msg", "data-testid": "console-msg", "data-sender": frame.sender,
      "data-seq": frame.seq }, [
      h("div", { class: "who", text: `${SENDERS[frame.sender] || frame.sender}` +
        (frame.agent?.name ? ` ${frame.agent.name}` : "") }),
      h("div", { class: "bubble", text: frame.text }),
      details,
    ]);
    if (chat.late.has(frame.seq)) item.dataset.late = "true";
    const later = [...chat.list.children].find((el) => Number(el.dataset.seq) > frame.seq);
    chat.list.insertBefore(item, later || null);
    chat.list.scrollTop = chat.list.scrollHeight;
    if (frame.sender === "shopper") chat.typing.textContent = "";
    if (chat.id !== active) chat.tab.classList.add("unread");
  }

  function onAck(frame) {
    const chat = chats.get(frame.conversation_id);
    if (!chat) return;
    chat.pending.delete(frame.client_id);
    if (frame.late) { // slower than the service level: counts against the timely-reply KPI
      chat.late.add(frame.seq);
      const el = chat.list.querySelector(`[data-seq="${Number(frame.seq)}"]`);
      if (el) el.dataset.late = "true";
    }
  }

  function addNote(note) {
    const chat = chats.get(note.conversation_id);
    if (!chat) return;
    chat.notes.append(h("li", { "data-testid": "console-note", text: `${note.agent}：${note.text}` }));
  }

  function onTyping(frame) {
    const chat = chats.get(frame.conversation_id);
    if (!chat) return;
    chat.typing.textContent = frame.on ? "顾客正在输入…" : "";
    clearTimeout(chat.typingTimer);
    if (frame.on) chat.typingTimer = setTimeout(() => { chat.typing.textContent = ""; }, 6000);
  }

  function onClosed(frame) {
    const chat = chats.get(frame.conversation_id);
    if (!chat) return;
    chat.panel.remove();
    chat.tab.remove();
    chats.delete(frame.conversation_id);
    if (active === frame.conversation_id) {
      const next = chats.keys().next();
      if (!next.done) select(next.value);
    }
  }

  function showScripts(frame) {
    const chat = chats.get(active);
    if (!chat) return;
    chat.scripts.replaceChildren(...(frame.results || []).map((result) =>
      h("li", { "data-testid": "console-script-result", text: result.answer,
        title: result.question, on: { click: () => { chat.input.value = result.answer; chat.input.focus(); } } })));
  }

  if (sessionStorage.getItem(TOKEN_KEY)) connect();
})();
