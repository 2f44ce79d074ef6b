// Progressive enhancement for the online Request for Support (served at
// /request-support/enhance.js). Without it every page still works: the guidance appears after
// each page is posted. With it:
// - the error summary takes focus when a page comes back with mistakes, as GOV.UK Frontend does;
// - the guidance panel is refreshed as people type: the page's answers are posted (never put in
//   the address, never stored in the browser) to <page>/guidance, where the server runs the same
//   shared rules and returns the same panel as HTML; a screen reader hears when the level changes.
(function () {
  'use strict';
  var summary = document.querySelector('.govuk-error-summary');
  if (summary) summary.focus();

  var form = document.querySelector('form[data-guidance]');
  var slot = document.getElementById('guidance');
  var status = document.getElementById('guidance-status');
  if (!form || !slot || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var url = form.getAttribute('action') + '/guidance';
  var timer = null;
  var seq = 0;
  var last = new URLSearchParams(new FormData(form)).toString();
  var current = slot.querySelector('[data-level]');
  var level = current ? current.getAttribute('data-level') : '';

  function refresh() {
    var body = new URLSearchParams(new FormData(form));
    var key = body.toString();
    if (key === last) return;
    last = key;
    var mine = ++seq;
    form.setAttribute('data-guidance-pending', 'true');
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (mine !== seq) return;
        form.removeAttribute('data-guidance-pending');
        if (html === null) return;
        slot.innerHTML = html;
        var panel = slot.querySelector('[data-level]');
        if (panel && status && panel.getAttribute('data-level') !== level) {
          level = panel.getAttribute('data-level');
          status.textContent = panel.getAttribute('data-status') || '';
        }
      })
      .catch(function () { form.removeAttribute('data-guidance-pending'); });
  }

  function soon(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, ms);
  }
  form.addEventListener('input', function () { soon(250); });
  form.addEventListener('change', function () { soon(30); });
})();
