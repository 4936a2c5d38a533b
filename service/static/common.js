// Shared by the review pages: API calls with the session cookie, DOM helpers, values.
// Everything from the server is put on the page as text (textContent), never as HTML.
'use strict';
(function () {
  const CSRF = { 'X-Requested-With': 'xxgk' };  // cookie-authenticated changes must send it

  class ApiError extends Error {
    constructor(status, body) {
      super((body && (body.message || body.detail)) || ('HTTP ' + status));
      this.status = status;
      this.body = body;
    }
  }

  function loginUrl() {
    return '/review/login?next=' + encodeURIComponent(location.pathname + location.search);
  }

  async function api(method, url, body, opts) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...CSRF } };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const r = await fetch(url, init);
    if (r.status === 401 && !(opts && opts.noRedirect)) {
      location.assign(loginUrl());
      throw new ApiError(401, { message: 'not logged in' });
    }
    if (r.status === 204) return null;
    let data = null;
    const type = r.headers.get('Content-Type') || '';
    if (type.includes('json')) data = await r.json();
    if (!r.ok) throw new ApiError(r.status, data);
    return data;
  }

  // el('td', {class: 'x', dataset: {key: k}}, 'text', child, …)
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // a field value as a reviewer reads and types it: 2660, 594417.23万元, '' for blank
  function formatValue(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') {
      if (v.text) return v.text;
      return v.yuan === null || v.yuan === undefined ? '' : v.yuan + '元';
    }
    return String(v);
  }

  function flash(msg) {
    try { sessionStorage.setItem('xxgk-flash', msg); } catch (e) { /* private mode */ }
  }

  function takeFlash() {
    try {
      const m = sessionStorage.getItem('xxgk-flash');
      sessionStorage.removeItem('xxgk-flash');
      return m;
    } catch (e) { return null; }
  }

  function say(msg, kind) {
    const s = $('#status');
    if (!s) return;
    s.textContent = msg || '';
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  // a typed key that belongs to a text field, not to the page's shortcuts
  function typing(e) {
    const t = e.target;
    if (!t) return false;
    if (['BUTTON', 'A'].includes(t.tagName)) return e.key === 'Enter' || e.key === ' ';
    return t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName);
  }

  async function whoami() {
    const me = await api('GET', '/v1/session');
    const who = $('#who');
    if (who) who.textContent = me.name + (me.role === 'admin' ? ' (admin)' : '');
    const out = $('#logout');
    if (out) {
      out.addEventListener('click', async () => {
        await api('DELETE', '/v1/session', undefined, { noRedirect: true }).catch(() => null);
        location.assign('/review/login');
      });
    }
    return me;
  }

  // the queue filters a page carries along (reason, agency, year, template, status)
  const FILTERS = ['outcome', 'reason', 'agency', 'year', 'template', 'status'];
  function filterParams(src) {
    const out = new URLSearchParams();
    for (const k of FILTERS) {
      const v = src.get(k);
      if (v) out.set(k, v);
    }
    return out;
  }

  window.xxgk = { api, ApiError, el, $, $$, formatValue, flash, takeFlash, say, typing, whoami, filterParams, loginUrl };
})();
