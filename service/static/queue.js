'use strict';
(function () {
  const X = window.xxgk;
  const { el, $, $$ } = X;
  let rows = [];
  let sel = -1;

  function filtersFromUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of ['reason', 'agency', 'year', 'template', 'status']) {
      const input = $('#f-' + k);
      if (input) input.value = p.get(k) || '';
    }
    return p;
  }

  function currentFilters() {
    const p = new URLSearchParams();
    for (const k of ['reason', 'agency', 'year', 'template', 'status']) {
      const v = ($('#f-' + k).value || '').trim();
      if (v) p.set(k, v);
    }
    return p;
  }

  async function load() {
    const f = X.filterParams(new URLSearchParams(location.search));
    const status = f.get('status');
    f.delete('status');
    f.set('limit', '500');
    let url;
    if (!status) {
      url = '/v1/review/queue?' + f.toString();
    } else {
      f.set('status', status);
      url = '/v1/documents?' + f.toString();
    }
    let data;
    try {
      data = await X.api('GET', url);
    } catch (err) {
      X.say('Cannot list documents: ' + err.message, 'error');
      return;
    }
    render(data);
  }

  function docLink(id) {
    const f = X.filterParams(new URLSearchParams(location.search)).toString();
    return '/review/documents/' + id + (f ? '?' + f : '');
  }

  function render(data) {
    const body = $('#queue-body');
    body.textContent = '';
    rows = data.items;
    for (const [i, d] of rows.entries()) {
      const tr = el('tr', { class: 'doc-row status-' + d.status, dataset: { id: d.id, index: String(i) } },
        el('td', { class: 'num' }, d.rank_score === null ? '–' : d.rank_score.toFixed(3)),
        el('td', {}, el('a', { href: docLink(d.id), class: 'doc-link' }, d.name)),
        el('td', {}, d.agency || '–'),
        el('td', { class: 'num' }, d.year || '–'),
        el('td', {}, d.template || '–'),
        el('td', {}, el('span', { class: 'badge ' + d.status }, d.status.replace('_', ' '))),
        el('td', { class: 'kinds' }, ...(d.review.kinds || []).map((k) => el('span', { class: 'kind' }, k))),
        el('td', { class: 'num' }, d.review.confidence === null ? '–' : d.review.confidence.toFixed(2)));
      tr.title = (d.review.reasons || []).join('\n');
      tr.addEventListener('click', (e) => { if (e.target.tagName !== 'A') select(i); });
      body.append(tr);
    }
    $('#queue-total').textContent = data.total + ' document' + (data.total === 1 ? '' : 's') +
      (data.total > rows.length ? ' (showing ' + rows.length + ')' : '') + ', most worth a look first';
    select(rows.length ? Math.min(Math.max(sel, 0), rows.length - 1) : -1);
  }

  function select(i) {
    sel = i;
    $$('#queue-body tr').forEach((tr, j) => tr.classList.toggle('current', j === i));
    const tr = $$('#queue-body tr')[i];
    if (tr) tr.scrollIntoView({ block: 'nearest' });
  }

  async function reasons() {
    try {
      const lay = await X.api('GET', '/v1/review/layout');
      const s = $('#f-reason');
      for (const r of lay.reasons) s.append(el('option', { value: r }, r.replace('_', ' ')));
      s.value = new URLSearchParams(location.search).get('reason') || '';
      const t = $('#f-template');  // the template revisions (extractor/templates), newest last
      for (const v of lay.templates || []) t.append(el('option', { value: v }, v));
      t.value = new URLSearchParams(location.search).get('template') || '';
    } catch (err) { /* the list still works without the reason and template names */ }
  }

  $('#filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = currentFilters().toString();
    history.replaceState(null, '', '/review/' + (q ? '?' + q : ''));
    load();
  });

  $('#upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    const files = Array.from($('#upload-file').files);
    if (!files.length) { X.say('Choose a file first.', 'error'); return; }
    const button = $('#upload-button');
    button.disabled = true;
    try {
      if (files.length === 1) {
        X.say('parsing ' + files[0].name + ' …');
        const fd = new FormData();
        fd.append('file', files[0]);
        const rep = await X.api('POST', '/v1/extract?store=true', fd);
        const needs = rep.review && rep.review.required;
        X.say(files[0].name + ': stored' + (needs ? ', needs review' : ', no review needed') +
          (rep.service && rep.service.reused ? ' (already stored)' : ''), 'ok');
      } else {
        const fd = new FormData();
        for (const f of files) fd.append('files', f);
        let job = await X.api('POST', '/v1/jobs', fd);
        while (job.status !== 'done') {
          X.say('parsing ' + job.done + ' of ' + job.total + ' …');
          await new Promise((r) => setTimeout(r, 500));
          job = await X.api('GET', job.url);
        }
        X.say(job.total + ' files: ' + (job.done - job.failed) + ' stored, ' + job.failed + ' failed',
          job.failed ? 'error' : 'ok');
      }
      $('#upload-file').value = '';
      await load();
    } catch (err) {
      X.say('Upload refused: ' + err.message, 'error');
    } finally {
      button.disabled = false;
    }
  });

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (X.typing(e)) {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    const k = e.key;
    if (k === 'j' || k === 'ArrowDown') { select(Math.min(sel + 1, rows.length - 1)); e.preventDefault(); }
    else if (k === 'k' || k === 'ArrowUp') { select(Math.max(sel - 1, 0)); e.preventDefault(); }
    else if ((k === 'Enter' || k === 'o') && rows[sel]) { location.assign(docLink(rows[sel].id)); }
    else if (k === '/') { $('#f-agency').focus(); e.preventDefault(); }
    else if (k === 'u') { $('#upload-file').click(); e.preventDefault(); }
    else if (k === 'r') { load(); }
  });

  (async () => {
    const msg = X.takeFlash();
    filtersFromUrl();
    await X.whoami();
    if (msg) X.say(msg, 'ok');
    await Promise.all([reasons(), load()]);
    document.body.dataset.ready = '1';
  })().catch((err) => {
    if (err.status !== 401) X.say('Cannot load the queue: ' + err.message, 'error');  // 401: off to log in
  });
})();
