/*
 * 鲜果客服 shopper chat widget: one <script> tag, no build step, no dependencies.
 *
 *   <script src="https://cs.example.com/widget.js" data-server="https://cs.example.com"
 *           data-token="SIGNED_CUSTOMER_TOKEN" defer></script>
 *
 * Speaks the chat protocol v1 (docs/protocol.md); embedding guide: docs/widget.md.
 * Everything lives in an open Shadow DOM so the shop's CSS and ours never meet.
 * Data is only ever inserted with textContent / createTextNode, never innerHTML.
 */
(() => {
  "use strict";

  // Every string a shopper sees. A shop may translate or tune them here.
  const TEXT = {
    launcher: "客服",
    launcherLabel: "打开在线客服",
    unreadLabel: "条新消息",
    title: "在线客服",
    subtitle: "您好，有什么可以帮您？",
    greetName: "您好，{name}",
    close: "关闭客服窗口",
    messagesLabel: "聊天记录",
    empty: "在下方输入您的问题，我们马上为您解答。",
    inputLabel: "输入消息",
    placeholder: "请输入您的问题…",
    send: "发送",
    photo: "发送照片",
    photoFailed: "照片上传失败，请稍后再试",
    connecting: "连接中…",
    reconnecting: "已断开，正在重连…",
    offline: "网络已断开，恢复后自动重连…",
    // a refusal closes the socket with one of these codes and no error frame came before it
    refused: {
      4400: "客服组件版本过旧，请刷新页面。",
      4401: "登录信息已失效，请刷新页面后再试。",
      4403: "当前页面无权连接客服。",
    },
    typing: "正在输入…",
    agentTyping: "客服 {name} 正在输入…",
    pending: "发送中…",
    failed: "未发送",
    newConversation: "已为您开始新的会话",
    orderCard: "订单",
    orderFields: {
      order_no: "订单号",
      status: "状态",
      carrier: "快递",
      tracking_no: "运单号",
      eta: "预计送达",
      total: "金额",
    },
    senders: { shopper: "我", bot: "智能客服", agent: "人工客服", system: "系统消息" },
    // waiting for a person, and who took over
    queueAhead: "排队中：前面还有 {ahead} 位",
    queueNext: "排队中：您是下一位",
    queueEta: "，预计等待约 {minutes} 分钟",
    queueSoon: "，马上为您接入",
    queueNoEta: "，客服暂时都在忙，请耐心等待",
    cancelQueue: "取消排队",
    agentJoined: "客服 {name} 已接入",
    agentJoinedNoName: "人工客服已接入",
    agentName: "客服 {name}",
    notReady: "正在连接客服，请稍候再试",
    connectionLost: "网络中断，未能提交，请稍后重试",
    rating: {
      title: "请为本次服务打分",
      stars: ["非常不满意", "不满意", "一般", "满意", "非常满意"], // 1 to 5 stars
      star: "{n} 星：{word}",
      comment: "还有什么想对我们说的？（选填）",
      commentPlaceholder: "您的意见和建议",
      submit: "提交评价",
      sending: "提交中…",
      needScore: "请先选择星级",
      thanks: "感谢您的评价！",
    },
    leave: {
      title: "给客服留言",
      intro: "留下联系方式和问题，客服上班后会第一时间联系您。",
      opening: "客服上班时间：{time}",
      name: "您的称呼",
      namePlaceholder: "如：王女士",
      phone: "手机号",
      phonePlaceholder: "11 位手机号码",
      text: "留言内容",
      textPlaceholder: "请描述您的问题，如订单号、商品、数量",
      submit: "提交留言",
      sending: "提交中…",
      dismiss: "暂不留言",
      needName: "请填写您的称呼",
      badPhone: "请输入正确的 11 位手机号码",
      needText: "请填写留言内容",
      done: "✓ 留言已提交", // the server's confirmation follows in the chat
    },
  };

  const KEYS = {
    visitor: "xgcs.visitor",
    outbox: "xgcs.outbox",
    open: "xgcs.open",
    leaveDeclined: "xgcs.leaveDeclined",
  };
  const BACKOFF_BASE_MS = 500;
  const BACKOFF_CAP_MS = 10000;
  const PING_EVERY_MS = 25000;
  const PONG_TIMEOUT_MS = 10000;
  const TYPING_HIDE_MS = 20000;
  const OUTBOX_MAX_AGE_MS = 24 * 3600 * 1000;
  const SENDERS = new Set(["shopper", "bot", "agent", "system"]);
  const RETRY_CODES = new Set(["rate_limited", "internal_error", "hello_required"]);
  const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403]);
  // errors answering a rate / leave_message frame (they carry no client_id)
  const FORM_ERROR_CODES = new Set(["bad_rating", "no_rating_due", "empty_text", "text_too_long",
    "missing_field", "rate_limited", "internal_error", "hello_required"]);
  const PHONE = /^1[3-9]\d{9}$/; // a mainland mobile number, after +86, spaces and dashes

  // Themable from the shop's page: custom properties cross the shadow boundary, e.g.
  // :root { --xgcs-accent: #e4572e; }
  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.launcher, .panel {
  --accent: var(--xgcs-accent, #15803d);
  --accent-ink: var(--xgcs-accent-ink, #ffffff);
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bot: #f3f4f6;
  font-family: var(--xgcs-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif);
  font-size: 14px; line-height: 1.5; color: var(--ink);
  position: fixed; z-index: 2147483000;
}
.launcher {
  right: 20px; bottom: 20px; display: inline-flex; align-items: center; gap: 6px;
  padding: 12px 18px; border: 0; border-radius: 999px; cursor: pointer;
  background: var(--accent); color: var(--accent-ink); font-size: 15px; font-weight: 600;
  box-shadow: 0 6px 20px rgba(0, 0, 0, .22);
}
.launcher:hover { filter: brightness(1.06); }
.launcher svg { width: 20px; height: 20px; fill: currentColor; }
.badge {
  position: absolute; top: -6px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #dc2626; color: #fff; font-size: 12px; line-height: 20px;
  text-align: center; box-shadow: 0 0 0 2px #fff;
}
button:focus-visible, textarea:focus-visible, input:focus-visible, .messages:focus-visible,
.star input:focus-visible + span {
  outline: 3px solid color-mix(in srgb, var(--accent) 45%, transparent); outline-offset: 2px;
}
.panel {
  right: 20px; bottom: 84px; width: 370px; height: 560px;
  max-height: calc(100vh - 104px); max-height: calc(100dvh - 104px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 16px; box-shadow: 0 12px 40px rgba(0, 0, 0, .25);
}
.head {
  display: flex; align-items: center; gap: 8px; padding: 14px 12px 14px 18px;
  background: var(--accent); color: var(--accent-ink);
}
.titles { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 16px; font-weight: 600; }
.subtitle { margin: 2px 0 0; font-size: 12px; opacity: .9;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.close {
  width: 36px; height: 36px; display: grid; place-items: center; border: 0; border-radius: 50%;
  background: transparent; color: inherit; cursor: pointer;
}
.close:hover { background: rgba(255, 255, 255, .18); }
.close svg { width: 18px; height: 18px; stroke: currentColor; stroke-width: 2.4; fill: none;
  stroke-linecap: round; }
.status:empty { display: none; }
.status { padding: 6px 12px; font-size: 12px; text-align: center; color: #92400e;
  background: #fef3c7; }
.scroll { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 14px 12px;
  background: #fafaf9; }
.empty { margin: 24px 12px; color: var(--muted); text-align: center; }
.messages { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column;
  gap: 10px; }
.msg { display: flex; flex-direction: column; align-items: flex-start; max-width: 86%; }
.msg--shopper { align-self: flex-end; align-items: flex-end; }
.msg--system { align-self: center; align-items: center; max-width: 92%; }
.bubble {
  padding: 8px 12px; border-radius: 14px; background: var(--bot);
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal;
}
.msg--bot .bubble, .msg--agent .bubble { border-top-left-radius: 4px; }
.msg--agent .bubble { background: #ecfdf5; border: 1px solid #bbf7d0; }
.msg--shopper .bubble { background: var(--accent); color: var(--accent-ink);
  border-top-right-radius: 4px; }
.msg--system .bubble { background: transparent; color: var(--muted); font-size: 12px;
  padding: 2px 8px; }
.msg[data-state="pending"] .bubble { opacity: .7; }
.msg[data-state="failed"] .bubble { background: #fee2e2; color: #991b1b; }
.msg[data-archived] { opacity: .6; }
.meta:empty { display: none; }
.meta { margin-top: 2px; font-size: 11px; color: var(--muted); }
.msg[data-state="failed"] .meta { color: #b91c1c; }
.divider { align-self: center; font-size: 12px; color: var(--muted); padding: 4px 10px;
  border-radius: 999px; background: #f1f5f9; }
.suggestions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.suggestion {
  font: inherit; font-size: 13px; padding: 5px 12px; border-radius: 999px; cursor: pointer;
  border: 1px solid color-mix(in srgb, var(--accent) 55%, white); background: #fff;
  color: var(--accent);
}
.suggestion:hover { background: color-mix(in srgb, var(--accent) 8%, white); }
.cards { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; width: 100%; }
.card { min-width: 220px; padding: 10px 12px; border: 1px solid var(--line); border-radius: 12px;
  background: #fff; white-space: pre-wrap; overflow-wrap: anywhere; }
.card-title { font-weight: 600; }
.card-rows { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 6px 0 0;
  font-size: 13px; }
.card-rows dt { color: var(--muted); }
.card-rows dd { margin: 0; }
.card-items { margin: 6px 0 0; padding: 6px 0 0 18px; border-top: 1px dashed var(--line);
  font-size: 13px; }
.typing { display: flex; align-items: center; gap: 6px; padding: 4px 16px; font-size: 12px;
  color: var(--muted); background: #fafaf9; }
.dots { display: inline-flex; gap: 3px; }
.dots i { width: 5px; height: 5px; border-radius: 50%; background: currentColor;
  animation: xgcs-blink 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .2s; }
.dots i:nth-child(3) { animation-delay: .4s; }
@keyframes xgcs-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; } }
.error { padding: 6px 14px; font-size: 13px; color: #b91c1c; background: #fef2f2;
  border-top: 1px solid #fecaca; white-space: pre-wrap; }
.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px;
  padding-bottom: max(10px, env(safe-area-inset-bottom)); border-top: 1px solid var(--line);
  background: #fff; }
.input {
  flex: 1; min-height: 40px; max-height: 120px; resize: none; padding: 9px 12px;
  font: inherit; font-size: 15px; line-height: 1.4; color: var(--ink);
  border: 1px solid var(--line); border-radius: 12px; background: #fff;
}
.input:focus { border-color: var(--accent); outline: none; }
.photo { height: 40px; padding: 0 8px; border: 0; background: none; font-size: 20px; cursor: pointer; }
.send {
  height: 40px; padding: 0 16px; border: 0; border-radius: 12px; cursor: pointer;
  font: inherit; font-size: 15px; font-weight: 600; background: var(--accent);
  color: var(--accent-ink);
}
.queue { display: flex; align-items: center; gap: 8px; padding: 8px 12px; font-size: 13px;
  color: #1e3a8a; background: #eff6ff; border-bottom: 1px solid #dbeafe; }
.queue-text { flex: 1; min-width: 0; }
.queue-cancel, .secondary {
  flex: none; min-height: 32px; padding: 4px 12px; border-radius: 999px; cursor: pointer;
  font: inherit; font-size: 13px; border: 1px solid var(--line); background: #fff; color: var(--ink);
}
.queue-cancel { border-color: #93c5fd; color: #1d4ed8; }
.sender-name { margin: 0 0 2px 4px; font-size: 11px; color: #047857; }
.sheet-item { display: block; }
.sheet { margin-top: 4px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 12px;
  background: #fff; }
.sheet form { margin: 0; }
.sheet-title { margin: 0 0 4px; font-size: 14px; font-weight: 600; }
.sheet-note { margin: 0 0 6px; font-size: 12px; color: var(--muted); }
.sheet-note:empty { display: none; }
.star-hint { align-self: center; margin-left: 6px; font-size: 12px; color: var(--muted); }
.stars { display: flex; gap: 2px; margin: 4px 0 0; padding: 0; border: 0; }
.stars legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.star { position: relative; cursor: pointer; }
.star input { position: absolute; inset: 0; opacity: 0; margin: 0; cursor: pointer; }
.star span { display: block; padding: 2px 4px; font-size: 28px; line-height: 1; color: #d1d5db;
  border-radius: 6px; }
.star.on span { color: #f59e0b; }
.field { display: flex; flex-direction: column; gap: 3px; margin-top: 8px; font-size: 12px;
  color: var(--muted); }
.field input, .field textarea { width: 100%; padding: 7px 10px; font: inherit; font-size: 14px;
  color: var(--ink); border: 1px solid var(--line); border-radius: 10px; background: #fff; resize: vertical; }
.field [aria-invalid="true"] { border-color: #dc2626; }
.field-error:empty, .sheet-error:empty { display: none; }
.field-error, .sheet-error { font-size: 12px; color: #b91c1c; }
.sheet-error { margin-top: 8px; white-space: pre-wrap; }
.sheet-actions { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 8px; margin-top: 10px; }
.primary { min-height: 34px; padding: 4px 16px; border: 0; border-radius: 999px; cursor: pointer;
  font: inherit; font-size: 14px; font-weight: 600; background: var(--accent); color: var(--accent-ink); }
.primary:disabled, .queue-cancel:disabled { opacity: .6; cursor: default; }
.sheet-done { margin: 0; color: #047857; white-space: pre-wrap; }
@media (max-width: 400px) {
  .launcher { right: 12px; bottom: 12px; }
  .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; }
  .input, .field input, .field textarea { font-size: 16px; } /* no zoom-on-focus on iOS */
}
`;

  if (window.XGCS) return; // the tag was pasted twice
  const script =
    document.currentScript || document.querySelector('script[src*="widget.js"]');
  const config = readConfig(script);

  // -- browser storage (may be blocked: private mode, sandboxed frames) --------------
  const store = {
    get(area, key) {
      try {
        return window[area].getItem(key);
      } catch {
        return null;
      }
    },
    set(area, key, value) {
      try {
        if (value == null) window[area].removeItem(key);
        else window[area].setItem(key, value);
      } catch {
        /* storage unavailable: the widget still works for this page view */
      }
    },
  };

  // Unacked shopper messages, kept across reloads and re-sent with the same client_id.
  // Entries carry who wrote them, so a different signed-in customer never sends them.
  const outbox = {
    who: config.token ? "customer:" + tokenSubject(config.token) : "visitor",
    load() {
      try {
        const list = JSON.parse(store.get("localStorage", KEYS.outbox) || "[]");
        return Array.isArray(list) ? list.filter((entry) => entry && entry.id) : [];
      } catch {
        return [];
      }
    },
    save(list) {
      store.set("localStorage", KEYS.outbox, list.length ? JSON.stringify(list) : null);
    },
    mine() {
      const fresh = Date.now() - OUTBOX_MAX_AGE_MS;
      return this.load().filter((entry) => entry.who === this.who && entry.at > fresh);
    },
    get(id) {
      return this.mine().find((entry) => entry.id === id) || null;
    },
    add(entry) {
      this.save([...this.load(), entry]);
    },
    remove(id) {
      const list = this.load();
      const kept = list.filter((entry) => entry.id !== id);
      if (kept.length !== list.length) this.save(kept);
    },
  };

  // -- the DOM -------------------------------------------------------------------------
  const ui = buildUi();
  const byClientId = new Map(); // client_id -> message element
  const bySeq = new Map(); // seq -> message element (current conversation)
  const retries = new Map(); // client_id -> attempts after rate_limited / internal_error

  // -- connection state ----------------------------------------------------------------
  let ws = null;
  let ready = false; // welcome received on the current socket
  let everReady = false;
  let stopped = false; // a fatal refusal (origin, token): no more reconnects
  let attempt = 0;
  let reconnectTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let typingTimer = null;
  let typingSender = null;
  let errorTimer = null;
  let shopperTypingAt = 0;
  let shopperIdleTimer = null;
  let maxSeq = 0; // highest message seq seen in the current conversation
  let sentLastSeq = 0; // the last_seq the current socket's hello carried
  let conversationId = null;
  let freshStart = false; // next hello without last_seq (a new conversation is wanted)
  let visitorRetried = false; // a refused visitor token is dropped once, not in a loop
  let visitorReset = false; // the coming close is that refusal: reconnect, do not stop
  let isOpen = false;
  let unread = 0;
  let greeting = TEXT.subtitle; // the header's line while no agent serves
  let agentName = null; // the agent serving the shopper now
  let pendingForm = null; // the sheet whose rate / leave_message awaits the server's answer
  let sheetCount = 0; // unique ids for the sheets' labels
  // 暂不留言 was pressed in this tab: the reminder a reconnect or the next page of the
  // storefront brings is not shown; a new offer (after a new reply) is.
  let leaveDeclined = store.get("sessionStorage", KEYS.leaveDeclined) === "1";

  function setLeaveDeclined(declined) {
    leaveDeclined = declined;
    store.set("sessionStorage", KEYS.leaveDeclined, declined ? "1" : null);
  }
  let justWelcomed = false; // no live message yet on this socket: an `offline` now is a reminder

  for (const entry of outbox.mine()) renderPending(entry);
  mount();

  window.XGCS = Object.freeze({
    open: () => open(true),
    close,
    send,
    /** Test hook: drop the socket as if the network went away; the widget reconnects. */
    _debugDropConnection: () => dropConnection(),
  });

  // ===================================================================================
  function readConfig(el) {
    const data = (el && el.dataset) || {};
    const scriptOrigin = el && el.src ? new URL(el.src, location.href).origin : location.origin;
    const base = new URL((data.server || scriptOrigin).replace(/\/*$/, "/"), location.href);
    const url = new URL("ws/chat", base);
    if (url.protocol === "https:") url.protocol = "wss:";
    else if (url.protocol === "http:") url.protocol = "ws:";
    return { wsUrl: url.href, uploadUrl: new URL("api/uploads", base).href, token: data.token || null };
  }

  function tokenSubject(token) {
    try {
      const part = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
      const bytes = Uint8Array.from(atob(part), (char) => char.charCodeAt(0));
      return String(JSON.parse(new TextDecoder().decode(bytes)).sub);
    } catch {
      return "unknown";
    }
  }

  function newClientId() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
      .join("-");
  }

  /** Create an element; `text` sets textContent, other attributes are set as strings. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === "text") el.textContent = String(value);
      else if (key === "class") el.className = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child != null) el.append(child); // strings become text
    return el;
  }

  function icon(path) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  }

  function buildUi() {
    const host = h("div", { id: "xgcs-host" });
    const root = host.attachShadow({ mode: "open" });
    root.append(h("style", { text: CSS }));

    const badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
    const launcher = h(
      "button",
      {
        type: "button",
        class: "launcher",
        "data-testid": "xgcs-launcher",
        "aria-label": TEXT.launcherLabel,
        "aria-expanded": "false",
        "aria-controls": "xgcs-panel",
      },
      icon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"),
      h("span", { text: TEXT.launcher }),
      badge,
    );

    const closeButton = h(
      "button",
      { type: "button", class: "close", "aria-label": TEXT.close, "data-testid": "xgcs-close" },
      icon("M6 6l12 12M18 6L6 18"),
    );
    const subtitle = h("p", { class: "subtitle", text: TEXT.subtitle, "data-testid": "xgcs-subtitle" });
    const status = h("div", {
      class: "status",
      role: "status",
      "data-testid": "xgcs-status",
      "data-state": "idle",
    });
    const list = h("ol", {
      class: "messages",
      role: "log",
      "aria-live": "polite",
      "aria-label": TEXT.messagesLabel,
      "data-testid": "xgcs-messages",
      tabindex: "0",
    });
    const empty = h("p", { class: "empty", text: TEXT.empty });
    const queueText = h("span", { class: "queue-text", "data-testid": "xgcs-queue-text" });
    const cancelQueueButton = h("button", { type: "button", class: "queue-cancel",
      "data-testid": "xgcs-cancel-queue", text: TEXT.cancelQueue });
    cancelQueueButton.addEventListener("click", () => cancelQueue());
    const queue = h("div", { class: "queue", role: "status", "data-testid": "xgcs-queue", hidden: true },
      queueText, cancelQueueButton);
    const typing = h(
      "div",
      { class: "typing", "data-testid": "xgcs-typing", hidden: true },
      h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
      h("span", { class: "typing-text", text: TEXT.typing }),
    );
    const error = h("div", { class: "error", role: "alert", "data-testid": "xgcs-error", hidden: true });
    const input = h("textarea", {
      rows: "1",
      class: "input",
      "aria-label": TEXT.inputLabel,
      placeholder: TEXT.placeholder,
      enterkeyhint: "send",
      "data-testid": "xgcs-input",
    });
    const sendButton = h(
      "button",
      { type: "submit", class: "send", "aria-label": TEXT.send, "data-testid": "xgcs-send" },
      h("span", { text: TEXT.send }),
    );
    const photoInput = h("input", { type: "file", accept: "image/*", hidden: true, "data-testid": "xgcs-photo-input" });
    const photoButton = h("button", { type: "button", class: "photo", "aria-label": TEXT.photo,
      title: TEXT.photo, "data-testid": "xgcs-photo", text: "📷" });
    photoButton.addEventListener("click", () => photoInput.click());
    photoInput.addEventListener("change", () => {
      const file = photoInput.files && photoInput.files[0];
      photoInput.value = "";
      if (file) uploadPhoto(file);
    });
    const form = h("form", { class: "composer" }, photoButton, photoInput, input, sendButton);
    const panel = h(
      "section",
      {
        id: "xgcs-panel",
        class: "panel",
        role: "dialog",
        "aria-label": TEXT.title,
        "data-testid": "xgcs-panel",
        hidden: true,
      },
      h(
        "header",
        { class: "head" },
        h("div", { class: "titles" }, h("h2", { class: "title", text: TEXT.title }), subtitle),
        closeButton,
      ),
      status,
      queue,
      h("div", { class: "scroll" }, empty, list),
      typing,
      error,
      form,
    );
    root.append(launcher, panel);

    launcher.addEventListener("click", () => (isOpen ? close() : open(true)));
    closeButton.addEventListener("click", () => close());
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitInput();
    });
    wireComposer(input);
    return { host, launcher, badge, panel, subtitle, status, list, empty, typing, error, input,
      queue, queueText, cancelQueueButton };
  }

  /** Enter sends, Shift+Enter is a newline, and neither happens while an IME composes. */
  function wireComposer(input) {
    onEnter(input, submitInput);
    input.addEventListener("input", () => {
      autosize(input);
      shopperTyping();
    });
  }

  /**
   * Enter (without Shift) runs `action`, unless it confirms an IME candidate (拼音 → 苹果):
   * composition is tracked with compositionstart / compositionend, `isComposing`, and
   * keyCode 229 (Safari ends composition before the keydown of the confirming Enter).
   * In an <input> that Enter must not submit the form either.
   */
  function onEnter(field, action) {
    let composing = false;
    field.addEventListener("compositionstart", () => (composing = true));
    field.addEventListener("compositionend", () => (composing = false));
    field.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey) return;
      if (composing || event.isComposing || event.keyCode === 229) {
        if (field.tagName === "INPUT") event.preventDefault();
        return;
      }
      event.preventDefault();
      action();
    });
  }

  function autosize(input) {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }

  function submitInput() {
    const { input } = ui;
    if (!input.value.trim()) return;
    send(input.value);
    input.value = "";
    autosize(input);
    input.focus();
  }

  function mount() {
    const attach = () => {
      document.body.append(ui.host);
      const wasOpen = store.get("sessionStorage", KEYS.open) === "1";
      if (wasOpen) open(false);
      else if (byClientId.size) connect(); // unsent messages from before the reload
    };
    if (document.body) attach();
    else document.addEventListener("DOMContentLoaded", attach, { once: true });
    window.addEventListener("online", () => reconnectNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && reconnectTimer) reconnectNow();
    });
  }

  // -- panel ---------------------------------------------------------------------------
  function open(focus) {
    if (!isOpen) {
      isOpen = true;
      ui.panel.hidden = false;
      ui.host.setAttribute("data-open", "");
      ui.launcher.setAttribute("aria-expanded", "true");
      store.set("sessionStorage", KEYS.open, "1");
      unread = 0;
      updateBadge();
      scrollToBottom();
    }
    connect();
    if (focus) ui.input.focus({ preventScroll: true });
  }

  function close() {
    if (!isOpen) return;
    const hadFocus = ui.panel.contains(ui.host.shadowRoot.activeElement);
    isOpen = false;
    ui.panel.hidden = true;
    ui.host.removeAttribute("data-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    store.set("sessionStorage", KEYS.open, "0");
    if (hadFocus) ui.launcher.focus();
  }

  function updateBadge() {
    ui.badge.hidden = unread === 0;
    ui.badge.textContent = unread > 99 ? "99+" : String(unread);
    const label = unread ? `${TEXT.launcherLabel}（${unread} ${TEXT.unreadLabel}）` : TEXT.launcherLabel;
    ui.launcher.setAttribute("aria-label", label);
  }

  /** `text`: for "refused", the reason; the other states have their own. */
  function setStatus(state, text) {
    const texts = { connecting: TEXT.connecting, reconnecting: TEXT.reconnecting, offline: TEXT.offline };
    ui.status.dataset.state = state;
    ui.status.textContent = text ?? texts[state] ?? "";
  }

  function showError(message) {
    clearTimeout(errorTimer);
    ui.error.textContent = message || "";
    ui.error.hidden = !message;
    if (message) errorTimer = setTimeout(() => showError(""), 8000);
  }

  /** `sender` is typing (on) or stopped; a message from `sender` also ends it. */
  function setTyping(on, sender) {
    if (!on && sender && sender !== typingSender) return; // someone else is still typing
    clearTimeout(typingTimer);
    typingSender = on ? sender : null;
    ui.typing.hidden = !on;
    ui.typing.lastChild.textContent = on && sender === "agent" && agentName
      ? fill(TEXT.agentTyping, { name: agentName }) : TEXT.typing;
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_HIDE_MS);
  }

  function scrollToBottom() {
    const scroller = ui.list.parentElement;
    scroller.scrollTop = scroller.scrollHeight;
  }

  function nearBottom() {
    const scroller = ui.list.parentElement;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  // -- messages ------------------------------------------------------------------------
  function renderMessage(frame) {
    const sender = SENDERS.has(frame.sender) ? frame.sender : "system";
    const el = h("li", {
      class: `msg msg--${sender}`,
      "data-testid": "xgcs-msg",
      "data-sender": sender,
      "aria-label": TEXT.senders[sender],
    });
    const text = typeof frame.text === "string" ? frame.text : "";
    if (sender === "agent") el.append(agentLabel(agentName));
    if (text) el.append(h("div", { class: "bubble", text }));
    const cards = Array.isArray(frame.cards) ? frame.cards.map(renderCard).filter(Boolean) : [];
    if (cards.length) el.append(h("div", { class: "cards" }, ...cards));
    if (Array.isArray(frame.buttons)) {
      const buttons = frame.buttons.filter((b) => b && (b.text || b.label)).map(renderButton);
      if (buttons.length) el.append(h("div", { class: "suggestions" }, ...buttons));
    }
    el.append(h("div", { class: "meta" }));
    if (typeof frame.at === "string" && !Number.isNaN(Date.parse(frame.at))) {
      el.title = new Date(frame.at).toLocaleString();
    }
    return el;
  }

  function renderButton(button) {
    const label = String(button.label || button.text);
    const el = h("button", { type: "button", class: "suggestion", "data-testid": "xgcs-suggestion",
      text: label });
    el.addEventListener("click", () => send(String(button.text || button.label)));
    return el;
  }

  function renderCard(card) {
    if (!card || typeof card !== "object") return null;
    if (card.kind === "order") return renderOrderCard(card);
    if (typeof card.title === "string" && card.title) {
      return h("div", { class: "card", "data-testid": "xgcs-card", "data-kind": String(card.kind) },
        h("div", { class: "card-title", text: card.title }));
    }
    return null; // unknown kind without a title: ignored, as the protocol says
  }

  function renderOrderCard(card) {
    const el = h("div", { class: "card card--order", "data-testid": "xgcs-card", "data-kind": "order" },
      h("div", { class: "card-title", text: card.title || TEXT.orderCard }));
    const rows = h("dl", { class: "card-rows" });
    for (const [field, label] of Object.entries(TEXT.orderFields)) {
      const value = card[field];
      if (value == null || value === "" || typeof value === "object") continue;
      rows.append(h("dt", { text: label }), h("dd", { text: String(value) }));
    }
    el.append(rows);
    if (Array.isArray(card.items) && card.items.length) {
      el.append(h("ul", { class: "card-items" }, ...card.items.map((item) => h("li", { text: itemText(item) }))));
    }
    return el;
  }

  function itemText(item) {
    if (typeof item === "string" || typeof item === "number") return String(item);
    if (!item || typeof item !== "object") return "";
    const name = [item.name ?? item.title ?? item.sku, item.spec].filter((part) => part != null && part !== "");
    const qty = item.qty ?? item.quantity ?? item.count;
    return name.join(" ") + (qty != null ? ` ×${qty}` : "");
  }

  /** Insert by seq; pending (unacked) messages stay last, in the order they were typed. */
  function place(el) {
    const seq = el.dataset.seq ? Number(el.dataset.seq) : Infinity;
    if (seq !== Infinity) {
      for (const other of ui.list.children) {
        if (other === el || other.dataset.archived != null || !other.dataset.sender) continue;
        const otherSeq = other.dataset.seq ? Number(other.dataset.seq) : Infinity;
        if (otherSeq > seq) {
          ui.list.insertBefore(el, other);
          return;
        }
      }
    }
    ui.list.append(el);
  }

  function afterRender(stickToBottom) {
    ui.empty.hidden = ui.list.children.length > 0;
    if (stickToBottom) scrollToBottom();
  }

  function renderPending(entry) {
    if (byClientId.has(entry.id)) return byClientId.get(entry.id);
    const el = renderMessage({ sender: "shopper", text: entry.text });
    el.dataset.clientId = entry.id;
    el.dataset.state = "pending";
    el.querySelector(".meta").textContent = TEXT.pending;
    byClientId.set(entry.id, el);
    place(el);
    afterRender(true);
    return el;
  }

  function markSent(el, seq) {
    el.dataset.seq = String(seq);
    el.dataset.state = "sent";
    el.querySelector(".meta").textContent = "";
    bySeq.set(seq, el);
    place(el);
    if (el.dataset.clientId) {
      outbox.remove(el.dataset.clientId);
      retries.delete(el.dataset.clientId);
    }
  }

  function markFailed(clientId) {
    const el = byClientId.get(clientId);
    outbox.remove(clientId);
    if (el && el.dataset.state !== "sent") showUnsent(el);
  }

  /** 未发送. Refused connections keep it in the outbox: a reload (a fresh token) sends it. */
  function showUnsent(el) {
    el.dataset.state = "failed";
    el.querySelector(".meta").textContent = TEXT.failed;
  }

  /** Upload a photo (POST /api/uploads), then send its marker as a message. */
  async function uploadPhoto(file) {
    const form = new FormData();
    form.append("file", file);
    const token = config.token || store.get("localStorage", KEYS.visitor);
    if (token) form.append("token", token);
    try {
      const response = await fetch(config.uploadUrl, { method: "POST", body: form });
      const body = await response.json().catch(() => ({}));
      if (!response.ok || !body.marker) throw new Error(body.message || TEXT.photoFailed);
      showError("");
      send("📷 " + body.marker);
    } catch (error) {
      showError(error.message || TEXT.photoFailed);
    }
  }

  function send(text) {
    const body = String(text ?? "").trim();
    if (!body) return null;
    const entry = { id: newClientId(), text: body, who: outbox.who, at: Date.now() };
    outbox.add(entry);
    const el = renderPending(entry);
    if (stopped) showUnsent(el);
    transmit(entry);
    connect();
    return entry.id;
  }

  function transmit(entry) {
    if (ready) sendFrame({ type: "message", client_id: entry.id, text: entry.text });
  }

  function resendOutbox() {
    for (const entry of outbox.mine()) {
      const el = renderPending(entry); // entries another tab added are shown too
      if (el.dataset.state === "pending") transmit(entry);
    }
  }

  function retryLater(clientId) {
    const el = byClientId.get(clientId);
    if (!el || el.dataset.state !== "pending") return;
    const n = (retries.get(clientId) || 0) + 1;
    retries.set(clientId, n);
    const delay = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** (n - 1)) * (0.75 + Math.random() / 2);
    setTimeout(() => {
      const entry = outbox.get(clientId);
      if (entry && el.dataset.state === "pending") transmit(entry);
    }, delay);
  }

  function shopperTyping() {
    if (!ready) return;
    const now = Date.now();
    if (now - shopperTypingAt > 3000) {
      shopperTypingAt = now;
      sendFrame({ type: "typing", on: true });
    }
    clearTimeout(shopperIdleTimer);
    shopperIdleTimer = setTimeout(() => {
      shopperTypingAt = 0;
      if (ready) sendFrame({ type: "typing", on: false });
    }, 3000);
  }

  // -- frames from the server ----------------------------------------------------------
  function onFrame(frame) {
    switch (frame.type) {
      case "welcome":
        return onWelcome(frame);
      case "message":
        return onMessage(frame, true);
      case "ack":
        return onAck(frame);
      case "typing":
        if (frame.sender !== "shopper") setTyping(frame.on === true, String(frame.sender));
        return;
      case "error":
        return onError(frame);
      case "queue":
        return showQueue(frame);
      case "agent_joined":
        hideQueue();
        return setAgent(frame.agent && frame.agent.name != null ? String(frame.agent.name) : "");
      case "agent_left":
        setTyping(false, "agent"); // a typing agent who leaves sends nothing more
        return setAgent(null);
      case "rating_request":
        hideQueue();
        return showRating();
      case "rated":
        return formAnswered("rating", frame.message || TEXT.rating.thanks);
      case "offline":
        if (leaveDeclined && justWelcomed) return; // the reconnect's reminder of a declined offer
        setLeaveDeclined(false);
        hideQueue();
        return showLeaveMessage(frame);
      case "message_left": // its message is also stored: it shows in the chat below the card
        return formAnswered("leave", TEXT.leave.done);
      default:
        return; // pong, and frame types of later protocol versions
    }
  }

  function onWelcome(frame) {
    if (typeof frame.visitor === "string" && frame.visitor) {
      store.set("localStorage", KEYS.visitor, frame.visitor);
    }
    const customer = frame.customer || {};
    greeting = customer.signed_in && customer.name
      ? fill(TEXT.greetName, { name: customer.name }) : TEXT.subtitle;
    if (frame.state !== "queued") hideQueue();
    if (frame.state !== "agent") setAgent(null); // an agent_joined follows when one serves
    if (conversationId !== null && frame.conversation_id !== conversationId) {
      startedNewConversation(frame.conversation_id);
      if (sentLastSeq > 0) {
        // The hello's last_seq belonged to the old conversation: ask again from the start.
        freshStart = true;
        dropConnection(true);
        return;
      }
    }
    conversationId = frame.conversation_id;
    freshStart = false;
    ready = true;
    everReady = true;
    attempt = 0;
    setStatus("open");
    const stick = nearBottom();
    for (const message of Array.isArray(frame.history) ? frame.history : []) onMessage(message, false);
    afterRender(stick || !isOpen);
    resendOutbox();
    startPing();
    justWelcomed = true;
  }

  function startedNewConversation(id) {
    for (const el of ui.list.children) if (el.dataset.seq) el.dataset.archived = "";
    bySeq.clear();
    maxSeq = 0;
    conversationId = id;
    ui.list.append(h("li", { class: "divider", role: "separator", text: TEXT.newConversation }));
    // Unsent messages go to the new conversation: below the line, where its messages come.
    for (const el of byClientId.values()) if (el.dataset.state === "pending") ui.list.append(el);
  }

  function onMessage(frame, live) {
    if (!Number.isInteger(frame.seq) || bySeq.has(frame.seq)) return; // shown already
    const stick = nearBottom();
    const mine = frame.client_id ? byClientId.get(frame.client_id) : null;
    if (mine && !mine.dataset.seq) {
      markSent(mine, frame.seq); // our own message, echoed from history or another tab
    } else if (!mine) {
      const el = renderMessage(frame);
      el.dataset.seq = String(frame.seq);
      if (frame.client_id) {
        el.dataset.clientId = frame.client_id;
        byClientId.set(frame.client_id, el);
      }
      bySeq.set(frame.seq, el);
      place(el);
    }
    maxSeq = Math.max(maxSeq, frame.seq);
    if (frame.sender !== "shopper") {
      setTyping(false, frame.sender);
      if (live && !isOpen) {
        unread += 1;
        updateBadge();
      }
    }
    if (live) {
      justWelcomed = false;
      afterRender(stick || frame.sender === "shopper");
    }
  }

  function onAck(frame) {
    const el = byClientId.get(frame.client_id);
    if (el && !el.dataset.seq && Number.isInteger(frame.seq)) markSent(el, frame.seq);
    else outbox.remove(frame.client_id);
    // maxSeq moves only with message frames: a reply stored before this ack may still be
    // on its way, and resuming past it would lose it.
  }

  function onError(frame) {
    const code = frame.code;
    const clientId = typeof frame.client_id === "string" ? frame.client_id : null;
    const message = typeof frame.message === "string" ? frame.message : "";
    if (!clientId && pendingForm && FORM_ERROR_CODES.has(code)) {
      formRefused(message || code, code === "no_rating_due");
      return;
    }
    if ((code === "bad_token" || code === "token_expired") && startOverAsVisitor()) {
      return; // the server closes the socket; we reconnect at once
    }
    if (code === "bad_token" || code === "token_expired" || code === "origin_not_allowed" ||
      code === "unsupported_version") {
      refuse(message || code);
    }
    if (clientId && RETRY_CODES.has(code)) retryLater(clientId);
    else if (clientId && code === "conversation_closed") {
      freshStart = true; // keep the message pending; a new conversation will take it
      dropConnection(true);
    } else if (clientId) markFailed(clientId);
    showError(message);
  }

  // -- waiting for a person, the agent, the rating and 留言 -----------------------------
  /** `template` with {name} placeholders filled in (no `$&` surprises of String.replace). */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
  }

  function showQueue(frame) {
    const position = Number.isInteger(frame.position) && frame.position > 0 ? frame.position : 1;
    const eta = Number.isFinite(frame.eta_seconds) ? Math.max(0, frame.eta_seconds) : null;
    let text = position > 1 ? fill(TEXT.queueAhead, { ahead: position - 1 }) : TEXT.queueNext;
    if (eta === null) text += TEXT.queueNoEta;
    else if (eta === 0) text += TEXT.queueSoon;
    else text += fill(TEXT.queueEta, { minutes: Math.max(1, Math.ceil(eta / 60)) });
    ui.queueText.textContent = text;
    ui.queue.dataset.position = String(position);
    ui.queue.hidden = false;
  }

  function hideQueue() {
    const hadFocus = ui.host.shadowRoot.activeElement === ui.cancelQueueButton;
    ui.queue.hidden = true;
    delete ui.queue.dataset.position;
    if (hadFocus) ui.input.focus({ preventScroll: true });
  }

  /** The bar goes at once; were the frame lost, the next welcome's `queue` brings it back. */
  function cancelQueue() {
    if (!ready) {
      showError(TEXT.notReady);
      return;
    }
    sendFrame({ type: "cancel_queue" });
    hideQueue();
  }

  /** `name`: the agent now serving (possibly ""), or null when none does. */
  function setAgent(name) {
    agentName = name;
    if (name === null) {
      delete ui.panel.dataset.agent;
      ui.subtitle.textContent = greeting;
      return;
    }
    ui.panel.dataset.agent = name;
    ui.subtitle.textContent = name ? fill(TEXT.agentJoined, { name }) : TEXT.agentJoinedNoName;
    if (!name) return;
    for (const label of ui.list.querySelectorAll(".sender-name[data-unnamed]")) {
      label.textContent = fill(TEXT.agentName, { name });
      delete label.dataset.unnamed; // shown before agent_joined (history on reconnecting)
    }
  }

  function agentLabel(name) {
    return h("div", { class: "sender-name", "data-testid": "xgcs-sender-name", "data-unnamed": !name,
      text: name ? fill(TEXT.agentName, { name }) : TEXT.senders.agent });
  }

  /** A card holding one form (rating, 留言), in the chat after the messages so far:
   * later messages come below it (it has no seq, so `place` passes it by). */
  function newSheet(kind, title) {
    sheetCount += 1;
    const id = `xgcs-sheet-${sheetCount}`;
    const sheet = h("section", { class: "sheet", "data-testid": `xgcs-${kind}`, "data-kind": kind,
      "data-state": "ready", "aria-labelledby": id }, h("h3", { class: "sheet-title", id, text: title }));
    ui.list.append(h("li", { class: "sheet-item" }, sheet));
    return sheet;
  }

  function openSheet(kind) {
    return ui.list.querySelector(`.sheet[data-kind="${kind}"]:not([data-state="done"])`);
  }

  function showRating() {
    if (openSheet("rating")) return;
    const sheet = newSheet("rating", TEXT.rating.title);
    const name = `${sheet.getAttribute("aria-labelledby")}-score`;
    const stars = TEXT.rating.stars.map((word, index) => h("label", { class: "star",
      "data-testid": "xgcs-star" }, h("input", { type: "radio", name, value: String(index + 1),
      "aria-label": fill(TEXT.rating.star, { n: index + 1, word }) }),
      h("span", { "aria-hidden": "true", text: "★" })));
    const hint = h("span", { class: "star-hint", "aria-hidden": "true", "data-testid": "xgcs-star-hint" });
    const comment = h("textarea", { rows: "2", maxlength: "500", enterkeyhint: "send",
      placeholder: TEXT.rating.commentPlaceholder, "data-testid": "xgcs-rating-comment" });
    const form = h("form", { novalidate: true },
      h("fieldset", { class: "stars" }, h("legend", { text: TEXT.rating.title }), ...stars, hint),
      h("label", { class: "field" }, h("span", { text: TEXT.rating.comment }), comment),
      h("div", { class: "sheet-error", role: "alert", "data-testid": "xgcs-rating-error" }),
      h("div", { class: "sheet-actions" }, h("button", { type: "submit", class: "primary",
        "data-testid": "xgcs-rating-submit", text: TEXT.rating.submit })));
    form.addEventListener("change", () => {
      const score = chosenScore(form);
      stars.forEach((star, index) => star.classList.toggle("on", index < score));
      hint.textContent = score ? TEXT.rating.stars[score - 1] : "";
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitRating(sheet, form);
    });
    onEnter(comment, () => submitRating(sheet, form));
    sheet.append(form);
    afterRender(true);
  }

  function chosenScore(form) {
    const checked = form.querySelector("input[type=radio]:checked");
    return checked ? Number(checked.value) : 0;
  }

  /** Sent once: the form is disabled until `rated` (done) or an error (try again). */
  function submitRating(sheet, form) {
    if (sheet.dataset.state !== "ready") return;
    const score = chosenScore(form);
    if (!score) {
      form.querySelector(".sheet-error").textContent = TEXT.rating.needScore;
      form.querySelector("input[type=radio]").focus();
      return;
    }
    const comment = form.querySelector("textarea").value.trim();
    sendForm(sheet, comment ? { type: "rate", score, comment } : { type: "rate", score });
  }

  function showLeaveMessage(frame) {
    const opening = openingText(frame.next_opening);
    const open = openSheet("leave");
    if (open) {
      open.querySelector(".sheet-opening").textContent = opening;
      return;
    }
    const sheet = newSheet("leave", TEXT.leave.title);
    const base = sheet.getAttribute("aria-labelledby");
    const name = h("input", { type: "text", autocomplete: "name", maxlength: "20", enterkeyhint: "next",
      placeholder: TEXT.leave.namePlaceholder, "data-testid": "xgcs-leave-name" });
    const phone = h("input", { type: "tel", inputmode: "tel", autocomplete: "tel", maxlength: "20",
      enterkeyhint: "next", placeholder: TEXT.leave.phonePlaceholder, "data-testid": "xgcs-leave-phone" });
    const text = h("textarea", { rows: "3", maxlength: "1000", enterkeyhint: "send",
      placeholder: TEXT.leave.textPlaceholder, "data-testid": "xgcs-leave-text" });
    const dismiss = h("button", { type: "button", class: "secondary", "data-testid": "xgcs-leave-dismiss",
      text: TEXT.leave.dismiss });
    const form = h("form", { novalidate: true },
      h("p", { class: "sheet-note", text: TEXT.leave.intro }),
      h("p", { class: "sheet-note sheet-opening", text: opening }),
      field(`${base}-name`, TEXT.leave.name, name),
      field(`${base}-phone`, TEXT.leave.phone, phone),
      field(`${base}-text`, TEXT.leave.text, text),
      h("div", { class: "sheet-error", role: "alert", "data-testid": "xgcs-leave-error" }),
      h("div", { class: "sheet-actions" }, dismiss, h("button", { type: "submit", class: "primary",
        "data-testid": "xgcs-leave-submit", text: TEXT.leave.submit })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitLeaveMessage(sheet, form);
    });
    form.addEventListener("input", (event) => markField(event.target, ""));
    onEnter(name, () => phone.focus());
    onEnter(phone, () => text.focus());
    onEnter(text, () => submitLeaveMessage(sheet, form));
    dismiss.addEventListener("click", () => {
      setLeaveDeclined(true);
      sheet.parentElement.remove();
      afterRender(false);
      ui.input.focus({ preventScroll: true });
    });
    sheet.append(form);
    afterRender(true);
  }

  function field(id, label, control) {
    const error = h("span", { class: "field-error", id: `${id}-error`,
      "data-testid": `${control.dataset.testid}-error` });
    control.id = id;
    control.setAttribute("aria-describedby", error.id);
    return h("div", { class: "field" }, h("label", { for: id, text: label }), control, error);
  }

  function markField(control, problem) {
    const error = control.id && ui.list.querySelector(`#${control.id}-error`);
    if (!error) return;
    error.textContent = problem;
    if (problem) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }

  function openingText(iso) {
    if (typeof iso !== "string" || Number.isNaN(Date.parse(iso))) return "";
    const time = new Date(iso).toLocaleString("zh-CN", { month: "numeric", day: "numeric",
      weekday: "short", hour: "2-digit", minute: "2-digit" });
    return fill(TEXT.leave.opening, { time });
  }

  /** A mainland mobile number without +86, spaces or dashes; "" when it is not one. */
  function mobileNumber(value) {
    const digits = value.replace(/[\s-]/g, "").replace(/^\+?86(?=\d{11}$)/, "");
    return PHONE.test(digits) ? digits : "";
  }

  function submitLeaveMessage(sheet, form) {
    if (sheet.dataset.state !== "ready") return;
    const [name, phone, text] = form.querySelectorAll("input, textarea");
    const values = { name: name.value.trim(), phone: mobileNumber(phone.value), text: text.value.trim() };
    const problems = [
      [name, values.name ? "" : TEXT.leave.needName],
      [phone, values.phone ? "" : TEXT.leave.badPhone],
      [text, values.text ? "" : TEXT.leave.needText],
    ];
    for (const [control, problem] of problems) markField(control, problem);
    const invalid = problems.find(([, problem]) => problem);
    if (invalid) {
      invalid[0].focus();
      return;
    }
    sendForm(sheet, { type: "leave_message", contact: `${values.name} ${values.phone}`, text: values.text });
  }

  function sendForm(sheet, frame) {
    const error = sheet.querySelector(".sheet-error");
    if (!ready || pendingForm) {
      error.textContent = TEXT.notReady;
      return;
    }
    error.textContent = "";
    pendingForm = sheet;
    setFormBusy(sheet, true);
    sendFrame(frame);
  }

  function setFormBusy(sheet, busy) {
    sheet.dataset.state = busy ? "sending" : "ready";
    for (const control of sheet.querySelectorAll("input, textarea, button")) control.disabled = busy;
    const texts = TEXT[sheet.dataset.kind];
    sheet.querySelector("button[type=submit]").textContent = busy ? texts.sending : texts.submit;
  }

  /** `rated` / `message_left`: the form gives way to the server's confirmation. */
  function formAnswered(kind, message) {
    const sheet = pendingForm;
    if (!sheet || sheet.dataset.kind !== kind) return;
    pendingForm = null;
    finishSheet(sheet, h("p", { class: "sheet-done", role: "status", tabindex: "-1",
      "data-testid": `xgcs-${kind}-done`, text: String(message) }));
  }

  /** An error answering the form: shown in it; `final` (nothing left to rate) ends it. */
  function formRefused(message, final) {
    const sheet = pendingForm;
    pendingForm = null;
    if (final) {
      finishSheet(sheet, h("p", { class: "sheet-error", role: "alert", tabindex: "-1",
        "data-testid": `xgcs-${sheet.dataset.kind}-error`, text: message }));
      return;
    }
    setFormBusy(sheet, false);
    sheet.querySelector(".sheet-error").textContent = message;
  }

  function finishSheet(sheet, outcome) {
    const active = ui.host.shadowRoot.activeElement;
    const hadFocus = !active || sheet.contains(active);
    sheet.dataset.state = "done";
    sheet.querySelector("form").remove();
    sheet.append(outcome);
    if (hadFocus && isOpen) outcome.focus({ preventScroll: true });
    afterRender(true);
  }

  // -- the socket ----------------------------------------------------------------------
  function connect() {
    if (ws || stopped) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (!everReady) setStatus("connecting");
    let socket;
    try {
      socket = new WebSocket(config.wsUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = socket;
    socket.onopen = () => {
      const hello = { type: "hello", v: 1 };
      const visitor = store.get("localStorage", KEYS.visitor);
      if (config.token) hello.token = config.token;
      else if (visitor) hello.visitor = visitor;
      sentLastSeq = freshStart ? 0 : maxSeq;
      if (sentLastSeq > 0) hello.last_seq = sentLastSeq;
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event) => {
      if (socket !== ws || typeof event.data !== "string") return;
      clearTimeout(pongTimer);
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame === "object") onFrame(frame);
    };
    socket.onclose = (event) => {
      if (socket !== ws) return;
      lost(event.code);
    };
  }

  function sendFrame(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  /** Close the socket ourselves (dead connection, test hook, new conversation). */
  function dropConnection(immediately) {
    if (!ws) return;
    const socket = ws;
    socket.onclose = null;
    try {
      socket.close();
    } catch {
      /* already closing */
    }
    lost(1006);
    if (immediately) reconnectNow();
  }

  function lost(code) {
    ws = null;
    ready = false;
    stopPing();
    setTyping(false);
    if (pendingForm) formRefused(TEXT.connectionLost, false);
    if (stopped) return;
    if (visitorReset || (code === 4401 && startOverAsVisitor())) {
      visitorReset = false;
      attempt = 0; // start over as a new visitor, right away
    } else if (FATAL_CLOSE_CODES.has(code)) {
      refuse(TEXT.refused[code]); // closed without an error frame first (a proxy, say)
      return;
    }
    scheduleReconnect();
  }

  /** A stale visitor token (the server's key changed): forget it and start over as a new
   * visitor, once per page; false when that cannot help (a shop's customer token). */
  function startOverAsVisitor() {
    if (config.token || visitorRetried) return false;
    store.set("localStorage", KEYS.visitor, null);
    visitorRetried = true;
    visitorReset = true;
    return true;
  }

  /** Refused for good (origin, token, version): say why and stop reconnecting. */
  function refuse(reason) {
    stopped = true;
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    setStatus("refused", reason);
    for (const el of byClientId.values()) if (el.dataset.state === "pending") showUnsent(el);
  }

  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    attempt += 1;
    setStatus(navigator.onLine === false ? "offline" : "reconnecting");
    reconnectTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function reconnectNow() {
    if (ws || stopped || !reconnectTimer) return;
    connect();
  }

  function startPing() {
    stopPing();
    pingTimer = setInterval(() => {
      sendFrame({ type: "ping" });
      clearTimeout(pongTimer);
      pongTimer = setTimeout(() => dropConnection(false), PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  function stopPing() {
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
  }
})();
