// One document: its source beside the statutory tables. Rows and columns come from
// GET /v1/review/layout (extractor.templates), values and checks from the document.
'use strict';
(function () {
  const X = window.xxgk;
  const { el, $, $$ } = X;
  const t = window.xxgkT;
  const zh = () => window.xxgkI18n.lang() === 'zh';

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
    asPrinted: new Set(),  // kept as printed (原文如此)
    where: {},         // key -> {table, row, col} labels (from the layout)
    order: [],         // field keys in table order
    cur: -1,
    editing: null,     // {key, input, original}
    view: 'text',
    page: 1,
    queue: null,       // ids of the queue (same filters), for n / p
    busy: false,
    routed: null,      // key -> routing score of the cells the uncertain_cells reason names (routed())
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
    state.routed = null;  // (routed() reads it again)
    state.fields = doc.report.fields || {};
    state.values = doc.corrected.values;
    state.checks = doc.corrected.checks;
    state.corrected = new Set(doc.corrected.corrected_fields);
    state.asPrinted = new Set(doc.corrected.as_printed_fields || []);
    const base = new Set(doc.corrected.broken);
    for (const r of doc.corrected.fixed) base.add(r);
    for (const r of doc.corrected.newly_broken) base.delete(r);
    state.baseBroken = base;
    renderHead();
    renderReasons();
    renderHistory();
    renderTables();
    renderSource();
    renderChecks();
    const flagged = state.order.findIndex(isFlagged);
    select(flagged >= 0 ? flagged : 0, true);  // the first flagged cell in view, wherever it is
    const msg = X.takeFlash();
    if (msg) X.say(msg, 'ok');
    document.body.dataset.ready = '1';
  }

  function renderHead() {
    const d = state.doc;
    document.title = t('app') + ' · ' + d.name;
    $('#doc-name').textContent = d.name;
    const rep = d.report;
    $('#doc-meta').textContent = [rep.agency || t('doc.agency.unknown'), rep.year || t('doc.year.unknown'),
      // a partial report (table 四 alone) has fields but no template: say why, not "no template"
      rep.template ? t('doc.template', { v: rep.template })
        : t(Object.keys(rep.fields || {}).length ? 'doc.template.partial' : 'doc.template.none'),
      t('doc.model', { v: d.parse.model || '?' }),
      d.rank_score === null ? null : t('doc.rank', { v: d.rank_score.toFixed(3) })].filter(Boolean).join(' · ');
    setStatus(d.status);
    const q = filters.toString();
    $('#back').href = '/review/' + (q ? '?' + q : '');
  }

  function setStatus(status) {
    const b = $('#doc-status');
    b.textContent = t('status.' + status);
    b.className = 'badge ' + status;
    b.dataset.status = status;
  }

  // reasons and findings in the reader's language: review.items / review.findings carry the
  // Chinese message (against 表/行/列) and its English one
  function said(item) {
    return zh() ? (item.message || item.message_en) : (item.message_en || item.message);
  }

  function renderReasons() {
    const rv = state.doc.report.review || {};
    const ul = $('#reasons');
    ul.textContent = '';
    const items = rv.items || [];
    if (items.length) for (const it of items) ul.append(el('li', { dataset: { code: it.code } }, said(it)));
    else for (const r of rv.reasons || []) ul.append(el('li', {}, r));
    $('#reasons-box').hidden = !ul.children.length;
    const fl = $('#findings');
    fl.textContent = '';
    for (const f of rv.findings || []) fl.append(el('li', { dataset: { code: f.code } }, said(f)));
    $('#findings-box').hidden = !fl.children.length;
  }

  function renderHistory() {
    const ul = $('#history');
    ul.textContent = '';
    for (const e of (state.doc.events || []).slice().reverse()) {
      const what = e.fields ? Object.keys(e.fields).filter((k) => k in state.fields).map(whereText).join('；') : '';
      ul.append(el('li', { class: e.undone ? 'undone' : '' },
        (e.created_at || '').replace('T', ' ').slice(0, 16), ' ', el('strong', {}, e.reviewer || ''), ' ',
        t('action.' + e.action), what ? '：' + what : '', e.note ? ' — ' + e.note : ''));
    }
    $('#history-box').hidden = !ul.children.length;
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
      host.append(el('p', { class: 'muted' }, t('tables.none')));
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
          state.where[key] = { table: tableName(t.title), row: r.label, col: colLabel[c] || c };
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

  // cells the review's uncertain_cells reason names, key -> their routing (raw evidence) score:
  // routing reads that score, the output the calibrated confidence, so a cell can send the
  // document to a person at 置信度 0.96 - it is shown as uncertain all the same, with both numbers
  function routed() {
    if (state.routed) return state.routed;
    const out = new Map();
    for (const it of ((state.doc && state.doc.report.review) || {}).items || [])
      if (it.code === 'uncertain_cells') for (const c of (it.detail || {}).cells || []) out.set(c.key, c.score);
    return (state.routed = out);
  }

  function confText(key) {
    const f = state.fields[key] || {};
    const s = routed().get(key);
    return t('field.conf', { v: typeof f.confidence === 'number' ? f.confidence.toFixed(2) : '?' }) +
      (typeof s === 'number' && typeof f.confidence === 'number' && f.confidence >= LOW()
        ? t('field.score', { v: (Math.floor(s * 100) / 100).toFixed(2), low: LOW().toFixed(2) }) : '');  // (cut: 0.89998 is below 0.90)
  }

  function isUncertain(key) {
    const f = state.fields[key];
    return !!f && !state.corrected.has(key) &&
      ((typeof f.confidence === 'number' && f.confidence < LOW()) || routed().has(key));
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
      td.classList.toggle('as-printed', state.asPrinted.has(key));
      const f = state.fields[key] || {};
      td.title = whereText(key) + '\n' + confText(key) +
        '\n' + (f.raw === '' || f.raw === undefined ? t('field.blank') : t('field.printed', { v: f.raw })) +
        (state.corrected.has(key) ? t('field.corrected') : '') + (state.asPrinted.has(key) ? t('field.asprinted') : '');
    }
    for (const td of cells.values()) td.classList.toggle('current', td.dataset.key === state.order[state.cur]);
  }

  // a table as the reports number it: its title begins with the section's numeral (三、收到和处理…)
  function tableName(title) {
    const m = /^([一二三四五六七八九十]+)[、．.]/.exec(title || '');
    return m ? '表' + m[1] : title;
  }

  function whereText(key) {
    const w = state.where[key];
    return w ? t('field.where', w) : key;
  }

  // an identity as a reviewer reads it: its table, what it adds up, the row or column it is about
  function ruleText(c) {
    const [table, kind, ...rest] = c.rule.split('.');
    const keys = (c.keys || []).filter((k) => state.where[k]);
    const w = keys.length ? state.where[keys[keys.length - 1]] : null;
    if (!w) return c.rule;
    // row identities (and table 四's, named by their row): the parts of a row add up to its total;
    // balance / results: a column's
    const byColumn = kind === 'balance' || kind === 'results';
    const what = byColumn ? '「' + w.col + '」' + t('id.' + kind) : '「' + w.row + '」' + t('id.row');
    if (zh()) return w.table + what;
    return w.table + ' ' + what + (rest.length ? '' : '');
  }

  // --- identities ------------------------------------------------------------------------------
  function renderChecks() {
    const checks = state.preview || state.checks;
    const broken = checks.filter((c) => c.status === 'broken');
    const fixed = [...state.baseBroken].filter((r) => !broken.some((c) => c.rule === r));
    const sum = $('#identity-summary');
    sum.textContent = (broken.length ? t('id.broken', { n: broken.length }) : t('id.allok')) +
      (fixed.length ? t('id.fixed', { n: fixed.length }) : '') + (state.preview ? t('id.preview') : '');
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
        el('span', { class: 'rule', title: c.rule }, ruleText(c)), ' ',
        el('span', { class: 'detail' }, String(c.detail || '').replace(/!=/g, '≠')));
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
        src: sv.render_url + cellFragment(state.order[state.cur]), sandbox: '', referrerpolicy: 'no-referrer',
        title: 'source document',
      }));
    }
    if (view === 'page') showPage(state.page);
    followCurrent();
  }

  // the rendered HTML gives every table cell an id (GET …/render): the frame's URL fragment
  // scrolls it into view and the page's own :target style marks it; no script runs in the frame
  function cellFragment(key) {
    const loc = (state.doc.source_view.locations || {})[key];
    return loc && loc.table !== undefined ? '#xxgk-t' + loc.table + '-r' + loc.row + '-c' + loc.col : '#xxgk-tables';
  }

  // the current cell's box on the PDF page image (field locations in pt, the image in pixels)
  function drawBox() {
    const box = $('#cell-box');
    const img = $('#page-image');
    const sv = state.doc.source_view || {};
    const loc = (sv.locations || {})[state.order[state.cur]];
    const size = (sv.page_sizes || {})[String(state.page)];
    if (!loc || !loc.box || loc.page !== state.page || !size || !img.naturalWidth) { box.hidden = true; return; }
    const scale = img.clientWidth / size[0];
    const [x0, y0, x1, y1] = loc.box;
    const pad = 3;
    Object.assign(box.style, { left: (x0 * scale - pad) + 'px', top: (y0 * scale - pad) + 'px',
      width: ((x1 - x0) * scale + 2 * pad) + 'px', height: ((y1 - y0) * scale + 2 * pad) + 'px' });
    box.hidden = false;
    box.dataset.key = state.order[state.cur];
    if (state.view === 'page') box.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  function pageOf(key) {
    const loc = ((state.doc.source_view || {}).locations || {})[key];
    if (loc && loc.page) return loc.page;
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
    if (img.getAttribute('src') !== src) {
      $('#cell-box').hidden = true;
      img.setAttribute('src', src);
    } else drawBox();
    $('#page-label').textContent = sv.pages ? t('page.of', { p: state.page, n: sv.pages }) : t('page.label', { p: state.page });
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
      if (p) showPage(p); else drawBox();
    }
    const frame = $('#source-original-view iframe');
    if (frame && state.view === 'original') {
      const src = (state.doc.source_view.render_url || '') + cellFragment(key);
      if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
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
    info.append(el('strong', { title: key }, whereText(key)), ' ',
      el('span', { class: 'muted' }, confText(key) +
        ' · ' + (f.raw === '' || f.raw === undefined ? t('field.blank') : t('field.printed', { v: f.raw })) +
        (state.corrected.has(key) ? t('field.corrected') : '') + (state.asPrinted.has(key) ? t('field.asprinted') : '')));
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
    X.say(t('no.flagged'), 'ok');
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
      state.asPrinted.delete(ed.key);
      setStatus(r.status);
      paintCells();
      renderChecks();
      const rules = (names) => names.map((n) => ruleText((state.checks.find((c) => c.rule === n)) || { rule: n })).join('、');
      X.say(t('saved', { key: whereText(ed.key), v: X.formatValue(r.fields[ed.key]) || t('field.blank') }) +
        (r.fixed.length ? t('saved.fixed', { v: rules(r.fixed) }) : '') +
        (r.newly_broken.length ? t('saved.broken', { v: rules(r.newly_broken) }) : ''), r.newly_broken.length ? 'error' : 'ok');
      document.body.dataset.saved = ed.key + '=' + X.formatValue(r.fields[ed.key]);
      if (move) step(move); else select(state.cur, false);
      done(true);
      return true;
    } catch (err) {
      ed.saving = null;
      ed.input.readOnly = false;
      ed.input.classList.add('invalid');
      ed.input.focus();
      X.say(t('notsaved') + err.message, 'error');
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
    if (!id) { X.say(d > 0 ? t('last.doc') : t('first.doc')); return; }
    location.assign(docUrl(id));
  }

  // a small modal: {title, text, list (identities), reject (reason select), note (textarea), yes}
  function ask(opts) {
    return new Promise((resolve) => {
      const dlg = $('#dialog');
      $('#dialog-title').textContent = opts.title;
      $('#dialog-text').textContent = opts.text || '';
      const ul = $('#dialog-list');
      ul.textContent = '';
      for (const c of opts.list || []) {
        ul.append(el('li', { class: 'identity broken', dataset: { rule: c.rule } }, el('span', { class: 'rule' }, ruleText(c)),
          ' ', el('span', { class: 'detail' }, String(c.detail || '').replace(/!=/g, '≠'))));
      }
      $('#dialog-reject').hidden = !opts.reject;
      const note = $('#dialog-note');
      note.hidden = !opts.note;
      note.value = '';
      note.placeholder = opts.note || '';
      $('#dialog-yes').textContent = opts.yes;
      dlg.dataset.kind = opts.kind;
      const done = (ok) => {
        dlg.close();
        $('#dialog-no').onclick = null;
        dlg.onclose = null;
        resolve(ok ? { reason: $('#reject-reason').value, note: note.value.trim() } : null);
      };
      $('#dialog-no').onclick = () => done(false);
      $('#dialog-form').onsubmit = (e) => { e.preventDefault(); done(true); };
      dlg.oncancel = (e) => { e.preventDefault(); done(false); };
      dlg.showModal();
      (opts.note && !opts.reject ? note : $('#dialog-yes')).focus();
    });
  }

  async function moveOn(msg) {
    X.flash(msg);
    const next = await neighbour(+1).catch(() => null);
    const q = filters.toString();
    location.assign(next && next !== docId ? docUrl(next) : '/review/' + (q ? '?' + q : ''));
  }

  async function accept() {
    if (state.busy) return;
    if (state.editing && !(await commit(0))) return;
    state.busy = true;
    $('#accept').disabled = true;
    X.say(t('accepting'));
    try {
      await queueIds().catch(() => []);
      let r;
      try {
        r = await X.api('POST', '/v1/documents/' + docId + '/accept', {});
      } catch (err) {
        if (!(err.status === 409 && err.body && err.body.error === 'identities_broken')) throw err;
        // identities still broken that no 原文如此 explains: ask before accepting
        const broken = state.checks.filter((c) => c.status === 'broken' &&
          !(c.keys || []).some((k) => state.asPrinted.has(k)));
        const ok = await ask({ kind: 'confirm', title: t('confirm.title'), text: t('confirm.text'), list: broken,
          yes: t('confirm.yes') });
        if (!ok) { X.say(''); state.busy = false; $('#accept').disabled = false; return; }
        r = await X.api('POST', '/v1/documents/' + docId + '/accept', { confirm: true });
      }
      setStatus(r.status);
      await moveOn(t('accepted', { name: state.doc.name }) +
        (r.annotation ? t('accepted.ann', { v: r.annotation }) : t('accepted.noann')));
    } catch (err) {
      X.say(t('notaccepted') + err.message, 'error');
      state.busy = false;
      $('#accept').disabled = false;
    }
  }

  async function asPrinted() {
    const key = state.order[state.cur];
    if (!key || state.busy) return;
    if (state.editing) cancel();
    try {
      const r = await X.api('POST', '/v1/documents/' + docId + '/as-printed', { keys: [key] });
      state.values = r.values;
      state.checks = r.checks;
      state.asPrinted.add(key);
      state.corrected.delete(key);
      setStatus(r.status);
      paintCells();
      renderChecks();
      select(state.cur, false);
      X.say(t('asprinted.done', { key: whereText(key), v: X.formatValue(r.fields[key]) || t('field.blank') }), 'ok');
      await reloadHistory();
    } catch (err) {
      X.say(t('notsaved') + err.message, 'error');
    }
  }

  async function reloadHistory() {
    const d = await X.api('GET', '/v1/documents/' + docId + '?text=false');
    state.doc.events = d.events;
    renderHistory();
  }

  async function reject() {
    const ans = await ask({ kind: 'reject', title: t('doc.reject'), reject: true, note: t('reject.note'),
      yes: t('reject.go') });
    if (!ans) return;
    try {
      await queueIds().catch(() => []);
      const r = await X.api('POST', '/v1/documents/' + docId + '/reject', { reason: ans.reason, note: ans.note || null });
      setStatus(r.status);
      await moveOn(t('rejected', { name: state.doc.name }));
    } catch (err) { X.say(err.message, 'error'); }
  }

  async function skip() {
    try {
      await queueIds().catch(() => []);
      await X.api('POST', '/v1/documents/' + docId + '/skip', {});
      await moveOn(t('skipped', { name: state.doc.name }));
    } catch (err) { X.say(err.message, 'error'); }
  }

  async function undo() {
    if (state.editing) cancel();
    try {
      const r = await X.api('POST', '/v1/documents/' + docId + '/undo');
      state.values = r.values;
      state.checks = r.checks;
      state.corrected = new Set(r.corrected_fields);
      state.asPrinted = new Set(r.as_printed_fields || []);
      setStatus(r.status);
      paintCells();
      renderChecks();
      select(state.cur, false);
      X.say(t('undone', { v: t('action.' + r.undone.action) }), 'ok');
      await reloadHistory();
    } catch (err) {
      X.say(err.status === 409 ? t('undo.none') : err.message, 'error');
    }
  }

  async function comment() {
    const ans = await ask({ kind: 'comment', title: t('comment.prompt'), note: t('comment.prompt'), yes: t('comment.save') });
    if (!ans || !ans.note) return;
    try {
      await X.api('POST', '/v1/documents/' + docId + '/comments', { text: ans.note });
      X.say(t('commented'), 'ok');
      await reloadHistory();
    } catch (err) { X.say(err.message, 'error'); }
  }

  // --- keys -------------------------------------------------------------------------------------
  document.addEventListener('keydown', (e) => {
    if (state.editing || e.ctrlKey || e.metaKey || e.altKey || $('#dialog').open) return;
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
    else if (k === 'o') { asPrinted(); handled(); }
    else if (k === 'x') { reject(); handled(); }
    else if (k === 'z') { undo(); handled(); }
    else if (k === 'c') { comment(); handled(); }
    else if (k === 'S') { skip(); handled(); }
    else if (k === 'n') { go(+1); handled(); }
    else if (k === 'p') { go(-1); handled(); }
    else if (k === 'q' || k === 'Escape') { $('#back').click(); handled(); }
    else if (k === 's') { const v = views(); showView(v[(v.indexOf(state.view) + 1) % v.length]); handled(); }
    else if (k === '[') { showPage(state.page - 1); handled(); }
    else if (k === ']') { showPage(state.page + 1); handled(); }
    else if (k === '?') { $('#help').hidden = false; handled(); }
  });

  $('#accept').addEventListener('click', accept);
  $('#as-printed').addEventListener('click', asPrinted);
  $('#reject').addEventListener('click', reject);
  $('#skip').addEventListener('click', skip);
  $('#undo').addEventListener('click', undo);
  $('#comment').addEventListener('click', comment);
  $('#page-image').addEventListener('load', drawBox);
  window.addEventListener('resize', drawBox);
  $('#next-doc').addEventListener('click', () => go(+1));
  $('#prev-doc').addEventListener('click', () => go(-1));
  $('#page-prev').addEventListener('click', () => showPage(state.page - 1));
  $('#page-next').addEventListener('click', () => showPage(state.page + 1));

  init().catch((err) => {
    if (err.status === 401) return;
    X.say(err.status === 404 ? t('nodoc') : t('loadfail') + err.message, 'error');
  });
})();
