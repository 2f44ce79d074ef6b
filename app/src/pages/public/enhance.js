// Progressive enhancement for the online Request for Support (served at
// /request-support/enhance.js). Without it every page still works: the guidance appears after
// each page is posted. With it:
// - the error summary takes focus when a page comes back with mistakes, as GOV.UK Frontend does;
// - on a page with guidance, the panel is re-rendered in the browser on every answer by the
//   small `public_guidance` WASM: the shared rules and the panel's renderer, the same Rust the
//   server renders the page with. Nothing is sent to the server while people type; the rules in
//   force are fetched once (their address carries a hash of their content, so a phone keeps
//   them). A screen reader hears when the level changes (the live region #guidance-status).
(function () {
  'use strict';
  var summary = document.querySelector('.govuk-error-summary');
  if (summary) summary.focus();

  var form = document.querySelector('form[data-guidance-module]');
  var slot = document.getElementById('guidance');
  var status = document.getElementById('guidance-status');
  if (!form || !slot || !window.fetch || !window.FormData || !window.WebAssembly) return;
  var guide = null;
  var timer = null;
  var last = '';
  var shown = null;
  var current = slot.querySelector('[data-level]');
  var level = current ? current.getAttribute('data-level') : '';

  // The page's fields as a post would send them (the honeypot and "from" are ignored by the rules).
  function fields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string') out.push([name, value]);
    });
    return JSON.stringify(out);
  }

  function refresh() {
    if (!guide) return;
    var key = fields();
    if (key === last) return;
    last = key;
    var html;
    try {
      html = guide.panel(key);
    } catch (e) {
      return; // The panel stays as the server sent it.
    }
    if (!html || html === shown) return;
    shown = html;
    slot.innerHTML = html;
    var panel = slot.querySelector('[data-level]');
    if (panel && status && panel.getAttribute('data-level') !== level) {
      level = panel.getAttribute('data-level');
      status.textContent = panel.getAttribute('data-status') || '';
    }
  }

  function soon(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, ms);
  }

  // Rendering is well under a millisecond; the short delay only lets a burst of typing settle.
  form.addEventListener('input', function () { soon(60); });
  form.addEventListener('change', function () { soon(0); });

  var rules = fetch(form.getAttribute('data-guidance-rules'), { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) throw new Error('rules: ' + r.status);
    return r.text();
  });
  import(form.getAttribute('data-guidance-module'))
    .then(function (m) {
      return m.default({ module_or_path: form.getAttribute('data-guidance-wasm') }).then(function () { return rules; }).then(function (text) {
        guide = new m.Guide(text, form.getAttribute('data-guidance-page'));
        form.setAttribute('data-guidance-ready', 'true');
        refresh(); // Answers given while it loaded count at once.
      });
    })
    .catch(function () { /* Without the WASM the panel changes when the page is posted. */ });
})();
