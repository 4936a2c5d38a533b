// One document: its source beside the statutory tables. Rows and columns come from
// GET /v1/review/layout (extractor.templates), values and checks from the document.
'use strict';
(function () {
  const X = window.xxgk;
  const { el, $, $$ } = X;

  const docId = location.pathname.split('/').filter(Boolean).pop();
  const filters = X.filterParams(new URLSearchParams(location.search));
  const state = {
    layout: null,
    doc: null,
    fields: {},        // key -> {value, confidence, raw, source}
    values: {},        // key -> current value (parse + stored corrections)
    checks: [],        // identities on `values`
    preview: null,     // identities on the value being typed (dry run), or null
    baseBroken: new Set(),  // broken on the parse as extracted
    corrected: new Set(),
    order: [],         // field keys in table order
    cur: -1,
    editing: null,     // {key, input, original}
    view: 'text',
    page: 1,
    queue: null,       // ids of the queue (same filters), for n / p
    busy: false,
  };
  const cells = new Map();
  const marks = new Map();
  const LOW = () => (state.layout ? state.layout.low_confidence : 0.9);

  // --- loading ---------------------------------------------------------------------------
  async function init() {
    X.whoami().catch(() => null);
    const [layout, doc] = await Promise.all([
      X.api('GET', '/v1/review/layout'),
      X.api('GET', '/v1/documents/' + docId),
    ]);
    state.layout = layout;
    state.doc = doc;
    state.fields = doc.report.fields || {};
    state.values = doc.corrected.values;
    state.checks = doc.corrected.checks;
    state.corrected = new Set(doc.corrected.corrected_fields);
    const base = new Set(doc.corrected.broken);
    for (const r of doc.corrected.fixed) base.add(r);
    for (const r of doc.corrected.newly_broken) base.delete(r);
    state.baseBroken = base;
    renderHead();
    renderReasons();
    renderTables();
    renderSource();
    renderChecks();
    const flagged = state.order.findIndex(isFlagged);
    select(flagged >= 0 ? flagged : 0, false);
    const msg = X.takeFlash();
    if (msg) X.say(msg, 'ok');
    document.body.dataset.ready = '1';
  }

  function renderHead() {
    const d = state.doc;
    document.title = 'xxgk review · ' + d.name;
    $('#doc-name').textContent = d.name;
    const rep = d.report;
    $('#doc-meta').textContent = [rep.agency || 'agency unknown', rep.year || 'year unknown',
      rep.template ? rep.template + ' template' : 'no template', 'model ' + (d.parse.model || '?'),
      d.rank_score === null ? null : 'rank ' + d.rank_score.toFixed(3)].filter(Boolean).join(' · ');
    setStatus(d.status);
    const q = filters.toString();
    $('#back').href = '/review/' + (q ? '?' + q : '');
  }

  function setStatus(status) {
    const b = $('#doc-status');
    b.textContent = status.replace('_', ' ');
    b.className = 'badge ' + status;
    b.dataset.status = status;
  }

  function renderReasons() {
    const ul = $('#reasons');
    ul.textContent = '';
    for (const r of state.doc.report.review.reasons || []) ul.append(el('li', {}, r));
  }

  // --- tables ------------------------------------------------------------------------------
  function tablesOf(report) {
    const lay = state.layout.tables;
    const versions = report.tables || {};
    const out = [];
    for (const name of state.layout.order) {
      const byVersion = lay[name];
      const v = byVersion.any ? 'any' : (versions[name] || report.template);
      if (byVersion[v]) out.push(byVersion[v]);
    }
    return out;
  }

  function renderTables() {
    const host = $('#tables');
    host.textContent = '';
    cells.clear();
    state.order = [];
    const fields = state.fields;
    if (!Object.keys(fields).length) {
      host.append(el('p', { class: 'muted' }, 'No statutory tables were found in this document.'));
      return;
    }
    for (const t of tablesOf(state.doc.report)) {
      const rows = t.rows.filter((r) => r.fields.some((k) => k in fields));
      if (!rows.length) continue;
      const colLabel = Object.fromEntries(t.columns.map((c) => [c.key, c.label]));
      const width = Math.max(...rows.map((r) => r.columns.length));
      const table = el('table', { class: 'stat', dataset: { table: t.name } });
      let lastCols = null;
      let lastGroup = null;
      for (const r of rows) {
        const sig = r.columns.join(',');
        if (sig !== lastCols) {
          const head = el('tr', { class: 'colhead' }, el('th', {}, ''));
          for (const c of r.columns) head.append(el('th', { title: c }, colLabel[c] || c));
          table.append(head);
          lastCols = sig;
        }
        if (r.group && r.group !== lastGroup) {
          table.append(el('tr', { class: 'group' },
            el('th', { colspan: String(width + 1) }, state.layout.groups[r.group] || r.group)));
        }
        lastGroup = r.group;
        const tr = el('tr', { dataset: { row: r.key } }, el('th', { class: 'rowlabel', title: r.key }, r.label));
        r.columns.forEach((c, i) => {
          const key = r.fields[i];
          if (!(key in fields)) {
            tr.append(el('td', { class: 'absent' }, ''));
            return;
          }
          const td = el('td', { class: 'cell', tabindex: '-1', dataset: { key, col: c, table: t.name } });
          td.append(el('span', { class: 'v' }));
          td.addEventListener('click', () => select(state.order.indexOf(key)));
          td.addEventListener('dblclick', () => { select(state.order.indexOf(key)); edit(); });
          cells.set(key, td);
          state.order.push(key);
          tr.append(td);
        });
        table.append(tr);
      }
      host.append(el('section', { class: 'table-block' },
        el('h3', {}, t.title + (t.version !== 'any' ? ' · ' + t.version : '')), table));
    }
    paintCells();
  }

  function brokenKeys(checks) {
    const s = new Set();
    for (const c of checks) if (c.status === 'broken') for (const k of c.keys || []) s.add(k);
    return s;
  }

  function isUncertain(key) {
    const f = state.fields[key];
    return !!f && typeof f.confidence === 'number' && f.confidence < LOW() && !state.corrected.has(key);
  }

  function isFlagged(key) {
    return isUncertain(key) || brokenKeys(state.checks).has(key);
  }

  function paintCells() {
    const broken = brokenKeys(state.preview || state.checks);
    for (const [key, td] of cells) {
      if (state.editing && state.editing.key === key) continue;
      const v = state.values[key];
      const text = X.formatValue(v);
      const span = td.querySelector('.v');
      span.textContent = text === '' ? '·' : text;
      td.classList.toggle('blank', text === '');
      td.classList.toggle('uncertain', isUncertain(key));
      td.classList.toggle('broken', broken.has(key));
      td.classList.toggle('corrected', state.corrected.has(key));
      const f = state.fields[key] || {};
      td.title = key + '\nconfidence ' + (typeof f.confidence === 'number' ? f.confidence.toFixed(2) : '?') +
        '\nprinted: ' + (f.raw === '' || f.raw === undefined ? '(blank)' : JSON.stringify(f.raw)) +
        (state.corrected.has(key) ? '\ncorrected' : '');
    }
    for (const td of cells.values()) td.classList.toggle('current', td.dataset.key === state.order[state.cur]);
  }

  // --- identities ------------------------------------------------------------------------------
  function renderChecks() {
    const checks = state.preview || state.checks;
    const broken = checks.filter((c) => c.status === 'broken');
    const fixed = [...state.baseBroken].filter((r) => !broken.some((c) => c.rule === r));
    const sum = $('#identity-summary');
    sum.textContent = (broken.length ? broken.length + ' broken ' + (broken.length === 1 ? 'identity' : 'identities')
      : 'all identities hold') + (fixed.length ? ' · ' + fixed.length + ' fixed' : '') +
      (state.preview ? ' (as typed, not saved)' : '');
    sum.className = 'identity-summary' + (broken.length ? ' bad' : ' good') + (state.preview ? ' preview' : '');
    sum.dataset.broken = String(broken.length);
    const ul = $('#identity-list');
    ul.textContent = '';
    const cur = state.order[state.cur];
    const order = { broken: 0, ok: 1, not_itemised: 2, blank: 3 };
    const shown = checks.slice().sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4));
    for (const c of shown) {
      const wasBroken = state.baseBroken.has(c.rule);
      const cls = ['identity', c.status, wasBroken && c.status !== 'broken' ? 'fixed' : '',
        cur && (c.keys || []).includes(cur) ? 'involves-current' : ''].filter(Boolean).join(' ');
      const li = el('li', { class: cls, dataset: { rule: c.rule, status: c.status } },
        el('span', { class: 'rule' }, c.rule), ' ', el('span', { class: 'detail' }, c.detail));
      li.addEventListener('click', () => {
        const k = (c.keys || []).find((x) => cells.has(x));
        if (k) select(state.order.indexOf(k));
      });
      ul.append(li);
    }
    // only the identities of interest stay expanded: broken, fixed, or touching the current field
    for (const li of ul.children) {
      li.hidden = !(li.classList.contains('broken') || li.classList.contains('fixed') ||
        li.classList.contains('involves-current'));
    }
  }

  // --- source ---------------------------------------------------------------------------------
  function renderSource() {
    const d = state.doc;
    const sv = d.source_view || {};
    $('#download').href = sv.download_url || d.source_url;
    const pre = $('#source-text');
    pre.textContent = '';
    marks.clear();
    const text = d.text || '';
    const spans = Object.entries(state.fields)
      .filter(([, f]) => f.source && Number.isInteger(f.source.start) && f.source.end > f.source.start)
      .map(([k, f]) => [k, f.source.start, f.source.end])
      .sort((a, b) => a[1] - b[1]);
    if (!spans.length) {
      pre.textContent = text;
    } else {
      const lo = spans[0][1];
      const hi = Math.max(...spans.map((s) => s[2]));
      pre.append(text.slice(0, lo));
      const region = el('span', { class: 'table-region' });
      let at = lo;
      for (const [k, s, e] of spans) {
        if (s < at) continue;  // overlapping: the first one wins
        region.append(text.slice(at, s));
        const m = el('mark', { dataset: { key: k } }, text.slice(s, e));
        if (isUncertain(k)) m.classList.add('uncertain');
        m.addEventListener('click', () => select(state.order.indexOf(k)));
        marks.set(k, m);
        region.append(m);
        at = e;
      }
      region.append(text.slice(at, hi));
      pre.append(region, text.slice(Math.max(hi, at)));
    }
    const tabs = $$('#source-tabs .tab');
    for (const t of tabs) t.addEventListener('click', () => showView(t.dataset.view));
    if (sv.render_url) $('#source-tabs [data-view=original]').hidden = false;
    if (sv.page_url) $('#source-tabs [data-view=page]').hidden = false;
    showView(sv.page_url ? 'page' : 'text');
  }

  function views() {
    return $$('#source-tabs .tab').filter((t) => !t.hidden).map((t) => t.dataset.view);
  }

  function showView(view) {
    const sv = state.doc.source_view || {};
    state.view = view;
    for (const t of $$('#source-tabs .tab')) t.classList.toggle('active', t.dataset.view === view);
    $('#source-text-view').hidden = view !== 'text';
    $('#source-original-view').hidden = view !== 'original';
    $('#source-page-view').hidden = view !== 'page';
    $('#page-nav').hidden = view !== 'page';
    if (view === 'original' && !$('#source-original-view iframe') && sv.render_url) {
      // sandbox with no allowances: no scripts, an opaque origin, no top navigation
      $('#source-original-view').append(el('iframe', {
        src: sv.render_url, sandbox: '', referrerpolicy: 'no-referrer', title: 'source document',
      }));
    }
    if (view === 'page') showPage(state.page);
    followCurrent();
  }

  function pageOf(key) {
    const sv = state.doc.source_view || {};
    const f = state.fields[key];
    if (!f || !f.source || !sv.page_starts) return null;
    let page = null;
    for (const [p, start] of sv.page_starts) if (start <= f.source.start) page = p;
    return page;
  }

  function showPage(n) {
    const sv = state.doc.source_view || {};
    if (!sv.page_url) return;
    const count = sv.pages || n;
    state.page = Math.min(Math.max(1, n), count || 1);
    const img = $('#page-image');
    const src = sv.page_url.replace('{page}', String(state.page));
    if (img.getAttribute('src') !== src) img.setAttribute('src', src);
    $('#page-label').textContent = 'page ' + state.page + (sv.pages ? ' of ' + sv.pages : '');
  }

  function followCurrent() {
    const key = state.order[state.cur];
    for (const m of marks.values()) m.classList.remove('current');
    const m = marks.get(key);
    if (m) {
      m.classList.add('current');
      if (state.view === 'text') m.scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    if (state.view === 'page') {
      const p = pageOf(key);
      if (p) showPage(p);
    }
  }

  // --- moving around ------------------------------------------------------------------------
  function select(i, scroll = true) {
    if (i < 0 || i >= state.order.length) return;
    state.cur = i;
    const key = state.order[i];
    for (const td of cells.values()) td.classList.toggle('current', td.dataset.key === key);
    const td = cells.get(key);
    if (td && scroll) td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (td) td.focus({ preventScroll: !scroll });
    const f = state.fields[key] || {};
    const info = $('#field-info');
    info.textContent = '';
    info.append(el('code', {}, key), ' ',
      el('span', { class: 'muted' }, 'confidence ' + (typeof f.confidence === 'number' ? f.confidence.toFixed(2) : '?') +
        ' · printed ' + (f.raw === '' || f.raw === undefined ? '(blank)' : '“' + f.raw + '”') +
        (state.corrected.has(key) ? ' · corrected' : '')));
    followCurrent();
    renderChecks();
  }

  function step(d) {
    if (!state.order.length) return;
    select(Math.min(Math.max(state.cur + d, 0), state.order.length - 1));
  }

  function stepFlagged(d) {
    const n = state.order.length;
    for (let j = 1; j <= n; j++) {
      const i = (state.cur + d * j + n * 2) % n;
      if (isFlagged(state.order[i])) { select(i); return; }
    }
    X.say('No flagged field left.', 'ok');
  }

  function stepColumn(d) {
    const key = state.order[state.cur];
    const td = cells.get(key);
    if (!td) return;
    for (let i = state.cur + d; i >= 0 && i < state.order.length; i += d) {
      const other = cells.get(state.order[i]);
      if (other.dataset.table !== td.dataset.table) break;
      if (other.dataset.col === td.dataset.col) { select(i); return; }
    }
  }

  // --- editing ----------------------------------------------------------------------------------
  let typingTimer = null;
  let recheckSeq = 0;

  function edit(initial) {
    const key = state.order[state.cur];
    const td = cells.get(key);
    if (!td || state.editing) return;
    const original = X.formatValue(state.values[key]);
    const input = el('input', { type: 'text', class: 'editor', value: initial === undefined ? original : initial,
      spellcheck: 'false', autocomplete: 'off', 'aria-label': key });
    td.classList.add('editing');
    td.querySelector('.v').hidden = true;
    td.append(input);
    state.editing = { key, input, original };
    input.focus();
    if (initial === undefined) input.select();
    else input.setSelectionRange(input.value.length, input.value.length);
    input.addEventListener('input', () => {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => preview(key, input.value), 120);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); commit(+1); }
      else if (e.key === 'Tab') { e.preventDefault(); e.stopPropagation(); commit(e.shiftKey ? -1 : +1); }
      else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); }
      else e.stopPropagation();
    });
    input.addEventListener('blur', () => {
      // clicking elsewhere saves, like a spreadsheet
      setTimeout(() => { if (state.editing && state.editing.input === input) commit(0); }, 0);
    });
    if (initial !== undefined) preview(key, input.value);
  }

  async function preview(key, text) {
    const seq = ++recheckSeq;
    try {
      const r = await X.api('POST', '/v1/documents/' + docId + '/recheck', { [key]: text });
      if (seq !== recheckSeq || !state.editing || state.editing.key !== key) return;
      state.preview = r.checks;
      state.editing.input.classList.remove('invalid');
      X.say('');
    } catch (err) {
      if (seq !== recheckSeq || !state.editing) return;
      state.preview = null;
      state.editing.input.classList.add('invalid');
      X.say(err.message, 'error');
    }
    paintCells();
    renderChecks();
  }

  function closeEditor() {
    const ed = state.editing;
    if (!ed) return;
    clearTimeout(typingTimer);
    recheckSeq++;
    state.editing = null;
    state.preview = null;
    const td = cells.get(ed.key);
    ed.input.remove();
    td.classList.remove('editing');
    td.querySelector('.v').hidden = false;
  }

  function cancel() {
    closeEditor();
    paintCells();
    renderChecks();
    select(state.cur, false);
    X.say('');
  }

  async function commit(move) {
    const ed = state.editing;
    if (!ed) return true;
    if (ed.saving) return ed.saving;
    const text = ed.input.value.trim();
    if (text === ed.original.trim()) {
      closeEditor();
      paintCells();
      renderChecks();
      if (move) step(move); else select(state.cur, false);
      return true;
    }
    ed.input.readOnly = true;
    let done;
    ed.saving = new Promise((resolve) => { done = resolve; });
    try {
      const r = await X.api('POST', '/v1/documents/' + docId + '/corrections', { [ed.key]: text });
      closeEditor();
      state.values = r.values;
      state.checks = r.checks;
      state.corrected.add(ed.key);
      setStatus(r.status);
      paintCells();
      renderChecks();
      X.say('saved ' + ed.key + ' = ' + (X.formatValue(r.fields[ed.key]) || '(blank)') +
        (r.fixed.length ? ' · fixed: ' + r.fixed.join(', ') : '') +
        (r.newly_broken.length ? ' · now broken: ' + r.newly_broken.join(', ') : ''), r.newly_broken.length ? 'error' : 'ok');
      if (move) step(move); else select(state.cur, false);
      done(true);
      return true;
    } catch (err) {
      ed.saving = null;
      ed.input.readOnly = false;
      ed.input.classList.add('invalid');
      ed.input.focus();
      X.say('Not saved: ' + err.message, 'error');
      done(false);
      return false;
    }
  }

  // --- documents ------------------------------------------------------------------------------
  async function queueIds() {
    if (state.queue) return state.queue;
    const f = new URLSearchParams(filters);
    const status = f.get('status');
    f.set('limit', '500');
    const url = status ? '/v1/documents?' + f.toString() : '/v1/review/queue?' + f.toString();
    const data = await X.api('GET', url);
    state.queue = data.items.map((d) => d.id);
    return state.queue;
  }

  async function neighbour(d) {
    const ids = await queueIds();
    const i = ids.indexOf(docId);
    if (i < 0) return d > 0 ? ids[0] : ids[ids.length - 1];
    return ids[i + d];
  }

  function docUrl(id) {
    const q = filters.toString();
    return '/review/documents/' + id + (q ? '?' + q : '');
  }

  async function go(d) {
    if (state.editing && !(await commit(0))) return;
    const id = await neighbour(d);
    if (!id) { X.say(d > 0 ? 'This is the last document of the queue.' : 'This is the first document of the queue.'); return; }
    location.assign(docUrl(id));
  }

  async function accept() {
    if (state.busy) return;
    if (state.editing && !(await commit(0))) return;
    state.busy = true;
    $('#accept').disabled = true;
    X.say('accepting …');
    try {
      await queueIds().catch(() => []);
      const r = await X.api('POST', '/v1/documents/' + docId + '/accept', {});
      setStatus(r.status);
      const msg = 'Accepted ' + state.doc.name + ': annotation ' + r.annotation +
        (r.checks_broken.length ? ' (identities still broken: ' + r.checks_broken.join(', ') + ')' : '');
      X.flash(msg);
      const next = await neighbour(+1).catch(() => null);
      const q = filters.toString();
      location.assign(next && next !== docId ? docUrl(next) : '/review/' + (q ? '?' + q : ''));
    } catch (err) {
      X.say('Not accepted: ' + err.message, 'error');
      state.busy = false;
      $('#accept').disabled = false;
    }
  }

  // --- keys -------------------------------------------------------------------------------------
  document.addEventListener('keydown', (e) => {
    if (state.editing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!$('#help').hidden && (e.key === 'Escape' || e.key === '?')) { $('#help').hidden = true; e.preventDefault(); return; }
    if (X.typing(e)) return;
    const k = e.key;
    const handled = () => e.preventDefault();
    if (k === 'j' || k === 'ArrowRight' || (k === 'Tab' && !e.shiftKey)) { step(+1); handled(); }
    else if (k === 'k' || k === 'ArrowLeft' || (k === 'Tab' && e.shiftKey)) { step(-1); handled(); }
    else if (k === 'ArrowDown') { stepColumn(+1); handled(); }
    else if (k === 'ArrowUp') { stepColumn(-1); handled(); }
    else if (k === 'u') { stepFlagged(+1); handled(); }
    else if (k === 'U') { stepFlagged(-1); handled(); }
    else if (k === 'Enter' || k === 'e' || k === 'F2') { edit(); handled(); }
    else if (/^[0-9.\-]$/.test(k)) { edit(k); handled(); }
    else if (k === 'Delete' || k === 'Backspace') { edit(''); handled(); }
    else if (k === 'a') { accept(); handled(); }
    else if (k === 'n') { go(+1); handled(); }
    else if (k === 'p') { go(-1); handled(); }
    else if (k === 'q' || k === 'Escape') { $('#back').click(); handled(); }
    else if (k === 's') { const v = views(); showView(v[(v.indexOf(state.view) + 1) % v.length]); handled(); }
    else if (k === '[') { showPage(state.page - 1); handled(); }
    else if (k === ']') { showPage(state.page + 1); handled(); }
    else if (k === '?') { $('#help').hidden = false; handled(); }
  });

  $('#accept').addEventListener('click', accept);
  $('#next-doc').addEventListener('click', () => go(+1));
  $('#prev-doc').addEventListener('click', () => go(-1));
  $('#page-prev').addEventListener('click', () => showPage(state.page - 1));
  $('#page-next').addEventListener('click', () => showPage(state.page + 1));

  init().catch((err) => {
    if (err.status === 401) return;
    X.say(err.status === 404 ? 'No such document.' : 'Cannot load the document: ' + err.message, 'error');
  });
})();
