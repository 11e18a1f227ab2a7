/* Shared by the supervisor pages: the session token, API calls, CSV downloads, formats.
   The token is the one POST /api/agents/login returns; it lives in localStorage. */
(function () {
  "use strict";
  const TOKEN_KEY = "cs.supervisor.token";
  const EMPTY = "—";

  function token() {
    return localStorage.getItem(TOKEN_KEY);
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") search.set(key, value);
    }
    const text = search.toString();
    return text ? "?" + text : "";
  }

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function request(method, path, params, body) {
    const headers = { Accept: "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path + query(params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
      showLogin();
      throw new ApiError(401, "请先登录");
    }
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = (await response.json()).detail || detail;
      } catch (ignored) {
        /* not JSON: keep the status text */
      }
      if (response.status === 403) {
        showLogin(); // signed in as an agent: let a supervisor sign in instead
        throw new ApiError(403, "需要主管或管理员权限");
      }
      throw new ApiError(response.status, detail);
    }
    return response;
  }

  async function getJson(path, params) {
    return (await request("GET", path, params)).json();
  }

  async function patchJson(path, body) {
    return (await request("PATCH", path, undefined, body)).json();
  }

  async function downloadCsv(path, params) {
    const response = await request("GET", path, params);
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(disposition);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = match ? match[1] : "export.csv";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function showLogin() {
    const box = document.getElementById("login");
    if (!box) return;
    box.hidden = false;
    const form = box.querySelector("form");
    form.onsubmit = async (event) => {
      event.preventDefault();
      const status = box.querySelector("[data-role=login-status]");
      status.textContent = "";
      const response = await fetch("/api/agents/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      });
      if (!response.ok) {
        status.textContent = "用户名或密码错误";
        return;
      }
      localStorage.setItem(TOKEN_KEY, (await response.json()).token);
      location.reload();
    };
  }

  function named(names, code) {
    return (names && names[code]) || code;
  }

  function rate(ratio) {
    if (!ratio || ratio.rate === null || ratio.rate === undefined) return EMPTY;
    return (ratio.rate * 100).toFixed(1) + "%";
  }

  function number(value, digits) {
    return value === null || value === undefined ? EMPTY : Number(value).toFixed(digits || 0);
  }

  function seconds(value) {
    return value === null || value === undefined ? EMPTY : Number(value).toFixed(1) + " 秒";
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined || text === "" ? EMPTY : String(text);
    row.append(td);
    return td;
  }

  function fillTable(tbody, rows, columns) {
    tbody.replaceChildren();
    if (!rows.length) {
      const row = tbody.insertRow();
      const td = cell(row, EMPTY);
      td.colSpan = columns.length;
      return;
    }
    const heads = tbody.closest("table").querySelectorAll("thead th");
    for (const item of rows) {
      const row = tbody.insertRow();
      columns.forEach((column, index) => {
        const td = cell(row, column(item));
        if (heads[index] && heads[index].classList.contains("num")) td.className = "num";
      });
    }
  }

  function showError(error) {
    const box = document.getElementById("error");
    if (!box || (error && error.status === 401)) return;
    box.hidden = false;
    box.textContent = error && error.message ? error.message : String(error);
  }

  window.CSReports = {
    EMPTY,
    named,
    getJson,
    patchJson,
    downloadCsv,
    rate,
    number,
    seconds,
    fillTable,
    showError,
    token,
    showLogin,
  };
})();
