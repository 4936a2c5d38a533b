'use strict';
(function () {
  const X = window.xxgk;

  // only a page of the review UI itself: never an open redirect
  function target() {
    const next = new URLSearchParams(location.search).get('next') || '';
    return /^\/review\/[^/\\]/.test(next) || next === '/review/' ? next : '/review/';
  }

  X.$('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = X.$('#token').value.trim();
    if (!token) return;
    X.say('logging in …');
    try {
      await X.api('POST', '/v1/session', { token }, { noRedirect: true });
      location.assign(target());
    } catch (err) {
      X.say(err.status === 401 ? 'That token is not valid (or was revoked).' : 'Log-in failed: ' + err.message, 'error');
      X.$('#token').select();
    }
  });
})();
