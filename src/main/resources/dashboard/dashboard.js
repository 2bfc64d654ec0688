// backstop dashboard: times in the reader's zone, and a filter for runs that need attention.
// The page is complete without this script; it only makes it friendlier.
(function () {
  'use strict';
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'
    });
  } catch (e) {
    fmt = null;
  }
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    var d = new Date(el.getAttribute('datetime'));
    if (fmt && !isNaN(d.getTime())) {
      el.title = el.textContent;
      el.textContent = fmt.format(d);
    }
  });
  var box = document.getElementById('problems-only');
  if (box) {
    var apply = function () {
      document.body.classList.toggle('problems-only', box.checked);
      try { localStorage.setItem('backstop.problemsOnly', box.checked ? '1' : ''); } catch (e) { /* private mode */ }
    };
    try { box.checked = localStorage.getItem('backstop.problemsOnly') === '1'; } catch (e) { /* private mode */ }
    box.addEventListener('change', apply);
    apply();
  }
  document.body.setAttribute('data-ready', 'true');
}());
