// "Exit this page" as GOV.UK's component behaves: the button (or its skip link) hides the page at
// once and replaces it, and its history entry, with a neutral site; pressing Shift three times
// within 5 seconds does the same. Without JavaScript the button is a plain link to that site.
// Our own few lines instead of GOV.UK Frontend's bundle: public pages load no other script.
(function () {
  'use strict';
  var button = document.querySelector('.govuk-js-exit-this-page-button');
  if (!button) return;
  var root = button.closest('.govuk-exit-this-page') || button.parentNode;
  var status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.className = 'govuk-visually-hidden';
  root.appendChild(status);
  var lights = document.createElement('div');
  lights.className = 'govuk-exit-this-page__indicator';
  lights.setAttribute('aria-hidden', 'true');
  for (var i = 0; i < 3; i++) {
    var light = document.createElement('div');
    light.className = 'govuk-exit-this-page__indicator-light';
    lights.appendChild(light);
  }
  button.appendChild(lights);

  var count = 0;
  var timer = null;
  var lastWasModified = false;

  function show() {
    lights.classList.toggle('govuk-exit-this-page__indicator--visible', count > 0);
    var all = lights.children;
    for (var i = 0; i < all.length; i++) {
      all[i].classList.toggle('govuk-exit-this-page__indicator-light--on', i < count);
    }
  }

  function exit(event) {
    if (event) event.preventDefault();
    document.body.classList.add('govuk-exit-this-page-hide-content');
    var overlay = document.createElement('div');
    overlay.className = 'govuk-exit-this-page-overlay';
    overlay.setAttribute('role', 'alert');
    overlay.textContent = 'Loading.';
    document.body.appendChild(overlay);
    window.location.replace(button.href);
  }

  function reset() {
    count = 0;
    if (timer) window.clearTimeout(timer);
    timer = null;
    status.textContent = '';
    show();
  }

  button.addEventListener('click', exit);
  var skip = document.querySelector('.govuk-js-exit-this-page-skiplink');
  if (skip) skip.addEventListener('click', exit);

  document.addEventListener('keyup', function (event) {
    if (event.key === 'Shift' && !lastWasModified) {
      count += 1;
      show();
      if (count >= 3) {
        reset();
        exit();
      } else {
        status.textContent = count === 1 ? 'Shift, press 2 more times to exit.' : 'Shift, press 1 more time to exit.';
        if (timer) window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          reset();
          status.textContent = 'Exit this page expired.';
        }, 5000);
      }
    } else if (count > 0) {
      reset();
    }
    lastWasModified = event.shiftKey;
  }, true);

  // Coming back with the browser's back button must show the page again, not the overlay.
  window.addEventListener('pageshow', function () {
    document.body.classList.remove('govuk-exit-this-page-hide-content');
    var overlay = document.querySelector('.govuk-exit-this-page-overlay');
    if (overlay) overlay.remove();
    reset();
  });
})();
