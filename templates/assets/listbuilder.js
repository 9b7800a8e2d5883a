// listbuilder.js: the chart gallery's builder of embed codes for the list
// of events (out/embed/list/). The form's filters are the timeline's (see
// assets/filter.js, which turns them into the query); theme and limit
// follow. The code it writes mirrors listSnippet in
// internal/site/listembed.go; keep the two equal (the browser tests
// compare them). It also points the preview frame at the chosen list.
(function () {
  'use strict';
  var F = window.nktimelineFilter;
  var form = document.getElementById('list-form');
  if (!F || !form || !window.URLSearchParams) return;
  var out = document.getElementById('code-list');
  var open = document.getElementById('list-open');
  // The preview frame is the script's: without it there is nothing to
  // update, and the page's templates write no iframe.
  var box = document.getElementById('list-preview');
  var preview = document.createElement('iframe');
  preview.className = 'list-preview';
  preview.title = 'Preview: ' + form.getAttribute('data-title');
  preview.setAttribute('data-nktimeline-embed', '');
  box.appendChild(preview);

  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
  }

  function src() {
    var c = F.criteria(function (f) { return form.elements[f] ? form.elements[f].value : ''; });
    var p = new URLSearchParams(F.query(c));
    var theme = form.elements.theme.value;
    if (theme && theme !== 'auto') p.set('theme', theme);
    var limit = form.elements.limit.value;
    if (limit !== form.getAttribute('data-limit')) p.set('limit', limit);
    var qs = p.toString();
    return form.getAttribute('data-url') + (qs ? '?' + qs : '');
  }

  // snippet mirrors listSnippet (Go).
  function snippet(u) {
    return '<iframe title="' + esc(form.getAttribute('data-title')) + '" src="' + esc(u) +
      '" style="display:block;width:100%;max-width:640px;height:' + form.getAttribute('data-height') +
      'px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="' +
      esc(form.getAttribute('data-embedjs')) + '" async></' + 'script>';
  }

  var timer = 0;
  function update() {
    var u = src();
    out.value = snippet(u);
    open.href = u;
    clearTimeout(timer);
    if (!preview.src) preview.src = u;
    else timer = setTimeout(function () { if (preview.src !== u) preview.src = u; }, 250);
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  update();
})();
