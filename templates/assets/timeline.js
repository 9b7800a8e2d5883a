// Filters and search for the timeline on the home page. The page is
// complete without this script; it only hides list items and keeps the
// filter state in the URL (?q=&kind=&class=&from=&to=) so that a filtered
// view can be shared.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form || !window.URLSearchParams || !history.replaceState) return;
  var fields = ['q', 'kind', 'class', 'from', 'to'];
  var sections = Array.prototype.slice.call(document.querySelectorAll('#timeline .year'));
  var count = document.getElementById('f-count');
  var empty = document.getElementById('f-empty');
  var items = [];
  sections.forEach(function (sec) {
    var year = +sec.getAttribute('data-year');
    Array.prototype.forEach.call(sec.querySelectorAll('.events > li'), function (li) {
      items.push({
        li: li, sec: sec, year: year,
        era: li.classList.contains('era'),
        ctx: li.classList.contains('ctx'),
        kind: li.getAttribute('data-kind') || '',
        classes: (li.getAttribute('data-classes') || '').split(' '),
        text: null
      });
    });
  });
  var total = items.filter(function (it) { return !it.era; }).length;

  function fold(s) {
    s = s.toLowerCase();
    return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  function readURL() {
    var p = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var el = form.elements[f], v = p.get(f);
      if (v === null) return;
      if (el.tagName === 'SELECT') {
        for (var i = 0; i < el.options.length; i++) {
          if (el.options[i].value === v) { el.value = v; return; }
        }
      } else {
        el.value = v;
      }
    });
  }

  function writeURL() {
    var p = new URLSearchParams();
    fields.forEach(function (f) {
      var v = form.elements[f].value.trim();
      if (v) p.set(f, v);
    });
    var qs = p.toString();
    history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  function apply() {
    var terms = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var kind = form.elements.kind.value;
    var cls = form.elements['class'].value;
    var from = +form.elements.from.value || -Infinity;
    var to = +form.elements.to.value || Infinity;
    if (from > to) { var t = from; from = to; to = t; }
    var narrowed = terms.length > 0 || kind !== '' || cls !== '';
    var shown = 0, visible = new Set();
    items.forEach(function (it) {
      var ok = it.year >= from && it.year <= to;
      if (it.era) {
        ok = ok && !narrowed;
      } else {
        if (ok && kind) ok = kind === 'weapons' ? !it.ctx : kind === 'context' ? it.ctx : it.kind === kind;
        if (ok && cls) ok = it.classes.indexOf(cls) >= 0;
        if (ok && terms.length) {
          if (it.text === null) it.text = fold(it.li.textContent);
          ok = terms.every(function (w) { return it.text.indexOf(w) >= 0; });
        }
        if (ok) shown++;
      }
      it.li.hidden = !ok;
      if (ok) visible.add(it.sec);
    });
    sections.forEach(function (sec) { sec.hidden = !visible.has(sec); });
    count.textContent = shown === total ? total + ' events' : 'Showing ' + shown + ' of ' + total + ' events';
    empty.hidden = shown > 0;
  }

  function update() {
    apply();
    writeURL();
  }

  readURL();
  form.hidden = false;
  apply();
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  // Every control's default is the empty value: clear them here so that
  // the list updates at once rather than after the browser's reset.
  form.addEventListener('reset', function (e) {
    e.preventDefault();
    fields.forEach(function (f) { form.elements[f].value = ''; });
    update();
  });
})();
