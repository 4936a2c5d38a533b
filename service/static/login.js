'use strict';
(function () {
  const X = window.xxgk;
  const t = window.xxgkT;

  // only a page of the review UI itself: never an open redirect
  function target() {
    const next = new URLSearchParams(location.search).get('next') || '';
    return /^\/review\/[^/\\]/.test(next) || next === '/review/' ? next : '/review/';
  }

  X.$('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const user = X.$('#user').value.trim();
    const password = X.$('#password').value;
    if (!user || !password) return;
    X.say(t('login.busy'));
    try {
      await X.api('POST', '/v1/session', { user, password }, { noRedirect: true });
      location.assign(target());
    } catch (err) {
      if (err.status === 401) X.say(t('login.wrong'), 'error');
      else if (err.status === 429) X.say(t('login.limited') + err.message, 'error');
      else X.say(t('login.failed') + err.message, 'error');
      X.$('#password').select();
    }
  });
})();
