'use strict';
(function () {
  const X = window.xxgk;
  const { el, $, $$ } = X;
  const t = window.xxgkT;
  const FILTER_KEYS = ['outcome', 'reason', 'agency', 'year', 'template', 'status'];
  let rows = [];
  let sel = -1;

  function filtersFromUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of FILTER_KEYS) {
      const input = $('#f-' + k);
      if (input) input.value = p.get(k) || '';
    }
    return p;
  }

  function currentFilters() {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) {
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
      X.say(t('list.failed') + err.message, 'error');
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
      const kinds = (d.review.kinds || []).map((k) => el('span', { class: 'kind', dataset: { kind: k } }, t('kind.' + k)));
      if (d.review.source_inconsistent) kinds.push(el('span', { class: 'kind source', dataset: { kind: 'source' } }, t('kind.source')));
      const marker = d.reviewed ? el('span', { class: 'reviewed-marker', title: t('marker.reviewed') },
        d.status === 'rejected' ? '✕' : '✓') : null;
      const tr = el('tr', { class: 'doc-row status-' + d.status, dataset: { id: d.id, index: String(i), status: d.status } },
        el('td', { class: 'num' }, d.rank_score === null ? '–' : d.rank_score.toFixed(3)),
        el('td', {}, marker, marker ? ' ' : null, el('a', { href: docLink(d.id), class: 'doc-link' }, d.name)),
        el('td', {}, d.agency || '–'),
        el('td', { class: 'num' }, d.year || '–'),
        el('td', {}, d.template || '–'),
        el('td', {}, el('span', { class: 'badge ' + d.status, dataset: { status: d.status } }, t('status.' + d.status))),
        el('td', { class: 'kinds' }, ...kinds),
        el('td', { class: 'num' }, d.review.confidence === null ? '–' : d.review.confidence.toFixed(2)));
      tr.title = (d.review.reasons || []).join('\n');
      tr.addEventListener('click', (e) => { if (e.target.tagName !== 'A') select(i); });
      body.append(tr);
    }
    $('#queue-total').textContent = t('queue.total', { n: data.total,
      shown: data.total > rows.length ? t('queue.shown', { n: rows.length }) : '' });
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
      for (const r of lay.reasons) s.append(el('option', { value: r }, t('kind.' + r)));
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
    if (!files.length) { X.say(t('upload.choose'), 'error'); return; }
    const button = $('#upload-button');
    button.disabled = true;
    try {
      if (files.length === 1) {
        X.say(t('upload.parsing', { name: files[0].name }));
        const fd = new FormData();
        fd.append('file', files[0]);
        const rep = await X.api('POST', '/v1/extract?store=true', fd);
        const needs = rep.review && rep.review.required;
        X.say(t('upload.stored', { name: files[0].name }) + (needs ? t('upload.needs') : t('upload.fine')) +
          (rep.service && rep.service.reused ? t('upload.reused') : ''), 'ok');
      } else {
        const fd = new FormData();
        for (const f of files) fd.append('files', f);
        let job = await X.api('POST', '/v1/jobs', fd);
        while (job.status !== 'done') {
          X.say(t('upload.batch', { done: job.done, total: job.total }));
          await new Promise((r) => setTimeout(r, 500));
          job = await X.api('GET', job.url);
        }
        X.say(t('upload.batchdone', { total: job.total, ok: job.done - job.failed, failed: job.failed }),
          job.failed ? 'error' : 'ok');
      }
      $('#upload-file').value = '';
      await load();
    } catch (err) {
      X.say(t('upload.refused') + err.message, 'error');
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
    if (err.status !== 401) X.say(t('loadfail') + err.message, 'error');  // 401: off to log in
  });
})();
