/*
 * 话术管理 page: staff edit scripts, rules and words, try messages, mine unanswered questions.
 * Talks to /api/admin (docs/staff.md); logs in with /api/agents/login.
 * Every piece of data is inserted with textContent, never innerHTML.
 */
(() => {
  "use strict";

  const TEXT = {
    loginFailed: "登录失败：", saved: "已保存，机器人已在使用新话术。", deleted: "已删除。",
    conflict: "别人刚改过这条（现在是第 {v} 版），已载入最新内容，请在此基础上再改。",
    invalid: "有错误，请按提示修改：", reloaded: "已重新加载（第 {v} 版）。",
    reloadFailed: "文件有错误，机器人仍在用之前的话术：\n", confirmDelete: "确定删除 {k}？",
    answer: "回答", outcome: "结果", candidates: "候选", score: "分数", trace: "匹配过程",
    newScript: "新建话术", addTo: "加入已有话术", addToPrompt: "加入哪条话术？输入编号：",
    revert: "撤销这次修改", messages: "条消息", nowAnswered: "现在已能回答：",
    summary: "共 {n} 条未解答消息", none: "没有发现冲突。", examples: "例句",
  };
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem("xgcs.admin.token"), key: null, version: 0,
    lexKey: null, lexVersion: 0 };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

  async function api(method, path, body, isForm) {
    const headers = { Authorization: `Bearer ${state.token}` };
    const init = { method, headers };
    if (body !== undefined) {
      if (isForm) init.body = body;
      else { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    }
    const response = await fetch(path, init);
    if (response.status === 401) { logout(); throw new Error("401"); }
    const data = response.status === 204 ? null : await response.json();
    return { status: response.status, data };
  }

  // -- login and tabs -------------------------------------------------------------------
  async function login(event) {
    event.preventDefault();
    const response = await fetch("/api/agents/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("login-user").value, password: $("login-pass").value }),
    });
    const data = await response.json();
    if (!response.ok) { $("login-error").textContent = TEXT.loginFailed + (data.detail || ""); return; }
    state.token = data.token;
    sessionStorage.setItem("xgcs.admin.token", data.token);
    start(data.agent);
  }
  function logout() {
    sessionStorage.removeItem("xgcs.admin.token");
    state.token = null; $("login").hidden = false; $("tabs").hidden = true;
    document.querySelectorAll("section[id^=tab-]").forEach((s) => { s.hidden = true; });
  }
  function start(agent) {
    $("login").hidden = true; $("tabs").hidden = false;
    $("who").textContent = `${agent.display_name}（${agent.role}）`;
    show("scripts");
  }
  const LOADERS = { scripts: loadScripts, lexicon: loadLexicon, try: () => {},
    unanswered: loadUnanswered, conflicts: loadConflicts, history: loadHistory };
  function show(tab) {
    document.querySelectorAll("#tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === tab)));
    document.querySelectorAll("section[id^=tab-]").forEach((s) => { s.hidden = s.id !== `tab-${tab}`; });
    LOADERS[tab]();
  }

  // -- scripts --------------------------------------------------------------------------
  async function loadScripts() {
    const query = encodeURIComponent($("script-search").value.trim());
    const { data } = await api("GET", `/api/admin/scripts?q=${query}`);
    const list = $("script-list");
    list.replaceChildren();
    for (const row of data.items) {
      const item = el("li", null, { "data-testid": "script-row", "data-key": row.key });
      item.append(el("strong", row.key), el("div", (row.item.questions || [])[0] || "", { class: "muted" }));
      if (row.key === state.key) item.setAttribute("aria-current", "true");
      item.addEventListener("click", () => openScript(row));
      list.append(item);
    }
  }
  function openScript(row) {
    state.key = row ? row.key : null;
    state.version = row ? row.version : 0;
    const s = row ? row.item : { questions: [], enabled: true };
    const form = $("script-form");
    form.elements.id.value = s.id || ""; form.elements.id.readOnly = Boolean(row);
    form.elements.category.value = s.category || ""; form.elements.intent.value = s.intent || "";
    form.elements.questions.value = (s.questions || []).join("\n");
    form.elements.answer.value = s.answer || "";
    form.elements.buttons.value = (s.buttons || []).map((b) => `${b.label}=${b.text}`).join("\n");
    form.elements.tags.value = (s.tags || []).join(", ");
    form.elements.flow.value = s.flow || ""; form.elements.enabled.checked = s.enabled !== false;
    $("f-version").textContent = String(state.version);
    clearErrors(form); $("script-notice").textContent = "";
  }
  function lines(text) { return text.split("\n").map((l) => l.trim()).filter(Boolean); }
  function scriptBody(form) {
    const body = {
      id: form.elements.id.value.trim(), category: form.elements.category.value.trim(),
      intent: form.elements.intent.value.trim(), questions: lines(form.elements.questions.value),
      answer: form.elements.answer.value, enabled: form.elements.enabled.checked, version: state.version,
      buttons: lines(form.elements.buttons.value).map((l) => { const i = l.indexOf("="); return { label: l.slice(0, i), text: l.slice(i + 1) }; }),
      tags: form.elements.tags.value.split(/[,，、]/).map((t) => t.trim()).filter(Boolean),
    };
    if (form.elements.flow.value.trim()) body.flow = form.elements.flow.value.trim();
    return body;
  }
  function clearErrors(form) { form.querySelectorAll("[data-error-for]").forEach((e) => { e.textContent = ""; }); }
  function showErrors(form, data) {
    clearErrors(form);
    const general = form.querySelector('[data-error-for="_form"]');
    general.textContent = TEXT.invalid;
    for (const error of data.errors || [{ field: "", message: data.detail }]) {
      const field = String(error.field || "").split(".")[0];
      const target = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`) || general;
      target.textContent += (target.textContent && target !== general ? "\n" : " ") + error.message;
    }
  }
  async function busy(button, work) {
    button.disabled = true;
    try { return await work(); } finally { button.disabled = false; }
  }
  async function saveScript(event) {
    event.preventDefault();
    const form = $("script-form");
    const body = scriptBody(form);
    clearErrors(form);
    $("script-notice").textContent = TEXT.saving;
    const { status, data } = await busy(form.querySelector("button[type=submit]"), () => (state.key
      ? api("PUT", `/api/admin/scripts/${encodeURIComponent(state.key)}`, body)
      : api("POST", "/api/admin/scripts", body)));
    $("script-notice").textContent = "";
    if (status === 200 || status === 201) {
      openScript(data); $("script-notice").textContent = TEXT.saved; loadScripts(); return;
    }
    if (status === 409 && data.current && data.current.item && data.current.item.id) {
      openScript(data.current);
      form.querySelector('[data-error-for="_form"]').textContent = fill(TEXT.conflict, { v: data.current.version });
      return;
    }
    showErrors(form, data);
  }
  async function deleteScript() {
    if (!state.key || !window.confirm(fill(TEXT.confirmDelete, { k: state.key }))) return;
    const { status, data } = await api("DELETE", `/api/admin/scripts/${encodeURIComponent(state.key)}?version=${state.version}`);
    if (status === 204) { openScript(null); $("script-notice").textContent = TEXT.deleted; loadScripts(); }
    else showErrors($("script-form"), data);
  }
  async function reloadFiles() {
    $("reload-notice").textContent = TEXT.saving;
    const { status, data } = await busy($("reload-files"), () => api("POST", "/api/admin/reload"));
    $("reload-notice").textContent = status === 200 ? fill(TEXT.reloaded, { v: data.version })
      : TEXT.reloadFailed + (data.problems || [data.detail]).join("\n");
    loadScripts();
  }

  // -- rules, synonyms, words (JSON editor) ---------------------------------------------
  async function loadLexicon() {
    const kind = $("lex-kind").value;
    const { data } = await api("GET", `/api/admin/${kind}?q=${encodeURIComponent($("lex-search").value)}`);
    const list = $("lex-list");
    list.replaceChildren();
    for (const row of data.items) {
      const item = el("li", row.key);
      item.addEventListener("click", () => openLex(row));
      list.append(item);
    }
  }
  function openLex(row) {
    state.lexKey = row ? row.key : null; state.lexVersion = row ? row.version : 0;
    $("lex-json").value = row ? JSON.stringify(row.item, null, 2) : "{}";
    $("lex-version").textContent = String(state.lexVersion);
    $("lex-error").textContent = ""; $("lex-notice").textContent = "";
  }
  async function saveLex(event) {
    event.preventDefault();
    const kind = $("lex-kind").value;
    let body;
    try { body = JSON.parse($("lex-json").value); } catch (error) { $("lex-error").textContent = String(error); return; }
    body.version = state.lexVersion;
    const path = state.lexKey ? `/api/admin/${kind}/${encodeURIComponent(state.lexKey)}` : `/api/admin/${kind}`;
    const { status, data } = await api(state.lexKey ? "PUT" : "POST", path, body);
    if (status === 200 || status === 201) { openLex(data); $("lex-notice").textContent = TEXT.saved; loadLexicon(); return; }
    if (status === 409 && data.current) openLex(data.current);
    $("lex-error").textContent = (data.errors || []).map((e) => `${e.field}: ${e.message}`).join("\n") || data.detail;
  }
  async function deleteLex() {
    if (!state.lexKey || !window.confirm(fill(TEXT.confirmDelete, { k: state.lexKey }))) return;
    const kind = $("lex-kind").value;
    const { status, data } = await api("DELETE", `/api/admin/${kind}/${encodeURIComponent(state.lexKey)}?version=${state.lexVersion}`);
    if (status === 204) { openLex(null); loadLexicon(); } else $("lex-error").textContent = data.detail;
  }

  // -- try it ---------------------------------------------------------------------------
  function table(headers, rows) {
    const t = el("table");
    const head = el("tr");
    headers.forEach((h) => head.append(el("th", h)));
    t.append(head);
    for (const row of rows) { const tr = el("tr"); row.forEach((c) => tr.append(el("td", c ?? ""))); t.append(tr); }
    return t;
  }
  async function tryOne() {
    const { data } = await api("POST", "/api/admin/try", { text: $("try-text").value });
    const out = $("try-result");
    out.replaceChildren(
      el("p", `${TEXT.outcome}：${data.outcome}　${data.script_id || data.rule_name || ""}`, { "data-testid": "try-outcome" }),
      el("p", `${TEXT.answer}：${data.answer || ""}`, { "data-testid": "try-answer" }),
      el("h4", TEXT.candidates),
      table(["script/rule", "intent", TEXT.score, "phrase"], data.candidates.map((c) => [c.script || c.rule, c.intent, c.score, c.phrase])),
      el("h4", TEXT.trace), el("pre", JSON.stringify(data.explanation, null, 2)),
    );
  }
  async function tryBatch() {
    const file = $("batch-file").files[0];
    let response;
    if (file) { const form = new FormData(); form.append("file", file); response = await api("POST", "/api/admin/try/batch/file", form, true); }
    else response = await api("POST", "/api/admin/try/batch", { messages: lines($("batch-text").value) });
    const rows = (response.data.rows || []).map((r) => [r.text, r.outcome, r.script_id || r.rule_name || r.flow, r.score, r.answer]);
    $("batch-result").replaceChildren(table(["消息", TEXT.outcome, "话术/规则", TEXT.score, TEXT.answer], rows));
  }

  // -- unanswered, conflicts, history ---------------------------------------------------
  async function loadUnanswered() {
    const { data } = await api("GET", "/api/admin/unanswered");
    $("unanswered-summary").textContent = fill(TEXT.summary, { n: data.messages });
    const list = $("unanswered-list");
    list.replaceChildren();
    for (const group of data.groups) {
      const box = el("div", null, { class: "panel", "data-testid": "unanswered-group" });
      box.append(el("strong", `${group.label}（${group.count} ${TEXT.messages}）`),
        el("p", `${TEXT.examples}：${group.examples.join(" / ")}`, { class: "muted" }));
      if (group.now.outcome === "answer") box.append(el("p", TEXT.nowAnswered + group.now.script_id, { class: "notice" }));
      const create = el("button", TEXT.newScript);
      create.addEventListener("click", () => { show("scripts"); openScript(null); $("f-questions").value = group.messages.join("\n"); });
      const add = el("button", TEXT.addTo);
      add.addEventListener("click", () => addPhrasings(group, box));
      box.append(create, el("span", " "), add);
      list.append(box);
    }
  }
  async function addPhrasings(group, box) {
    const key = window.prompt(TEXT.addToPrompt, group.nearest_script || "");
    if (!key) return;
    const current = await api("GET", `/api/admin/scripts/${encodeURIComponent(key)}`);
    if (current.status !== 200) { box.append(el("p", current.data.detail, { class: "error" })); return; }
    const { status, data } = await api("POST", `/api/admin/scripts/${encodeURIComponent(key)}/phrasings`, { questions: group.messages, version: current.data.version });
    box.append(el("p", status === 200 ? TEXT.saved : data.detail, { class: status === 200 ? "notice" : "error" }));
  }
  async function loadConflicts() {
    const { data } = await api("GET", "/api/admin/conflicts");
    const rows = data.conflicts.map((c) => [c.script, c.phrasing, c.other_script, c.other_phrasing || "", c.score, c.advice]);
    $("conflict-list").replaceChildren(rows.length ? table(["话术", "问法", "撞上的话术", "它的问法", TEXT.score, "建议"], rows) : el("p", TEXT.none));
  }
  async function loadHistory() {
    const { data } = await api("GET", "/api/admin/history?limit=200");
    const t = table(["时间", "谁", "操作", "类型", "条目", "版本", ""], []);
    for (const change of data) {
      const tr = el("tr", null, { "data-testid": "history-row" });
      [change.at.slice(0, 19).replace("T", " "), change.actor, change.action, change.kind, change.key, change.version].forEach((c) => tr.append(el("td", c)));
      const undo = el("button", TEXT.revert);
      undo.addEventListener("click", async () => {
        const { status, data: out } = await api("POST", `/api/admin/history/${change.id}/revert`);
        if (status === 200) loadHistory(); else $("history-error").textContent = out.detail;
      });
      const cell = el("td"); cell.append(undo); tr.append(cell); t.append(tr);
    }
    $("history-list").replaceChildren(t);
  }

  // -- wiring ---------------------------------------------------------------------------
  $("login-form").addEventListener("submit", login);
  document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
  let searchTimer = 0;
  $("script-search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(loadScripts, 250); });
  $("script-new").addEventListener("click", () => openScript(null));
  $("script-form").addEventListener("submit", saveScript);
  $("script-delete").addEventListener("click", deleteScript);
  $("reload-files").addEventListener("click", reloadFiles);
  $("lex-kind").addEventListener("change", () => { openLex(null); loadLexicon(); });
  $("lex-search").addEventListener("input", loadLexicon);
  $("lex-new").addEventListener("click", () => openLex(null));
  $("lex-form").addEventListener("submit", saveLex);
  $("lex-delete").addEventListener("click", deleteLex);
  $("try-go").addEventListener("click", tryOne);
  $("try-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.isComposing) tryOne(); });
  $("batch-go").addEventListener("click", tryBatch);
  if (state.token) {
    api("GET", "/api/agents/me").then(({ status, data }) => { if (status === 200) start(data); }).catch(() => {});
  }
})();
