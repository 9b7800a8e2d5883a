// Filters and search for the timeline on the home page. The page is
// complete without this script. It keeps the filter state in the URL
// (?q=&kind=&class=&system=&site=&outcome=&tag=&era=&from=&to=) so that a
// filtered view can be shared, and matches with assets/filter.js against
// data/search.json, which it loads the first time a filter is set.
//
// When the page lists every event (#timeline[data-complete]) it hides the
// items that do not match; otherwise (a large record, whose home page shows
// only the newest years) it draws the matches from the index into
// #results. Either way each year's heading counts what shows.
(function () {
  'use strict';
  var F = window.nktimelineFilter;
  var form = document.getElementById('filters');
  var timeline = document.getElementById('timeline');
  if (!F || !form || !timeline || !window.URLSearchParams || !history.replaceState || !window.fetch) return;
  var results = document.getElementById('results');
  var count = document.getElementById('f-count');
  var entities = document.getElementById('f-entities');
  var empty = document.getElementById('f-empty');
  var more = form.querySelector('button.more');
  var complete = timeline.hasAttribute('data-complete');
  var src = timeline.getAttribute('data-search');
  var total = +(count.textContent.replace(/[^0-9]/g, ''));
  var sections = Array.prototype.slice.call(timeline.querySelectorAll('section.year'));
  var items = {}; // data-id → li
  sections.forEach(function (sec) {
    var sub = sec.querySelector('h2 .sub');
    sec.sub = sub;
    sec.subText = sub ? sub.textContent : '';
    sec.year = +sec.getAttribute('data-year');
    sec.eras = sec.querySelectorAll('li.era');
    Array.prototype.forEach.call(sec.querySelectorAll('li.ev'), function (li) {
      items[li.getAttribute('data-id')] = li;
    });
  });
  var idx = null, pending = null, drawn = 0, matched = [];
  var PAGE = 200; // items drawn into #results at a time

  function current() {
    return F.criteria(function (f) { return form.elements[f] ? form.elements[f].value : ''; });
  }

  function readURL() {
    var p = new URLSearchParams(location.search);
    F.FIELDS.forEach(function (f) {
      var el = form.elements[f], v = p.get(f);
      if (v === null || !el) return;
      if (el.tagName === 'SELECT') {
        for (var i = 0; i < el.options.length; i++) {
          if (el.options[i].value === v) { el.value = v; return; }
        }
      } else {
        el.value = v;
      }
    });
  }

  function writeURL(c) {
    var qs = F.query(c);
    history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  // A phone folds the less used filters behind "More filters", also when
  // the URL sets some (the button counts them), so that the first events
  // stay near the top.
  function setOpen(open) {
    form.classList.toggle('open', open);
    if (more) more.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  // The button says how many of the folded filters are set.
  function optCount() {
    var n = 0;
    Array.prototype.forEach.call(form.querySelectorAll('.opt select, .opt input'), function (el) { if (el.value) n++; });
    if (more) more.textContent = 'More filters' + (n ? ' (' + n + ')' : '');
  }

  function showAll() {
    Object.keys(items).forEach(function (id) { items[id].hidden = false; });
    sections.forEach(function (sec) {
      sec.hidden = false;
      Array.prototype.forEach.call(sec.eras, function (li) { li.hidden = false; });
      if (sec.sub) sec.sub.textContent = sec.subText;
    });
    Array.prototype.forEach.call(timeline.children, function (el) { el.classList.remove('off'); });
    results.hidden = true;
    results.textContent = '';
    empty.hidden = true;
    count.textContent = F.countText(total, 0);
    timeline.removeAttribute('aria-busy');
  }

  function apply(c) {
    matched = idx.match(c);
    var per = F.tally(matched);
    var narrow = F.narrowed(c);
    if (complete) {
      var ok = {};
      matched.forEach(function (ev) { ok[ev.id] = true; });
      Object.keys(items).forEach(function (id) { items[id].hidden = !ok[id]; });
      var from = +c.from || -Infinity, to = +c.to || Infinity;
      if (from > to) { var t = from; from = to; to = t; }
      sections.forEach(function (sec) {
        var n = per[sec.year];
        var inRange = sec.year >= from && sec.year <= to;
        Array.prototype.forEach.call(sec.eras, function (li) { li.hidden = narrow || !inRange; });
        sec.hidden = !(n || (!narrow && inRange && sec.eras.length));
        if (sec.sub) sec.sub.textContent = n ? F.countText(n.events, n.ballistic) : sec.subText;
      });
    } else {
      drawResults(per);
    }
    count.textContent = matched.length === total ? F.countText(total, 0) :
      'Showing ' + matched.length.toLocaleString('en-GB') + ' of ' + F.countText(total, 0);
    showEntities(c.q);
    empty.hidden = matched.length > 0;
    timeline.removeAttribute('aria-busy');
  }

  // showEntities lists, under the count, the pages of the systems and
  // sites that the search names ("Weapon system: Hwasong-11Ga (KN-23)").
  function showEntities(q) {
    if (!entities) return;
    entities.textContent = '';
    var found = q ? idx.entities(q).slice(0, 6) : [];
    entities.hidden = !found.length;
    found.forEach(function (e, i) {
      if (i) entities.appendChild(document.createTextNode(' · '));
      entities.appendChild(document.createTextNode(e.kind === 'system' ? 'Weapon system: ' : 'Site: '));
      var a = entities.appendChild(document.createElement('a'));
      a.href = idx.base + (e.kind === 'system' ? 'systems/' : 'sites/') + e.id + '/';
      a.textContent = e.name;
      if (e.alias) entities.appendChild(document.createTextNode(' (' + e.alias + ')'));
    });
  }

  // drawResults replaces the newest years with the matches, a page at a
  // time, under year headings that count every match of the year.
  function drawResults(per) {
    Array.prototype.forEach.call(timeline.children, function (el) {
      if (el !== empty) el.classList.add('off');
    });
    results.textContent = '';
    results.hidden = false;
    drawn = 0;
    results.per = per;
    drawMore();
  }

  function drawMore() {
    var per = results.per;
    var old = results.querySelector('button.show-more');
    if (old) old.parentNode.removeChild(old);
    var end = Math.min(matched.length, drawn + PAGE);
    var sec = results.lastElementChild, list = sec ? sec.querySelector('ol') : null;
    for (var i = drawn; i < end; i++) {
      var ev = matched[i];
      if (!sec || +sec.getAttribute('data-year') !== ev.year) {
        sec = document.createElement('section');
        sec.className = 'year';
        sec.setAttribute('data-year', ev.year);
        var h = sec.appendChild(document.createElement('h2'));
        var a = h.appendChild(document.createElement('a'));
        a.href = idx.base + 'years/' + ev.year + '/';
        a.textContent = ev.year;
        h.appendChild(document.createTextNode(' '));
        var sub = h.appendChild(document.createElement('span'));
        sub.className = 'sub';
        sub.textContent = F.countText(per[ev.year].events, per[ev.year].ballistic);
        list = sec.appendChild(document.createElement('ol'));
        list.className = 'events';
        results.appendChild(sec);
      }
      list.appendChild(idx.item(ev));
    }
    drawn = end;
    if (drawn < matched.length) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'show-more';
      btn.textContent = 'Show ' + Math.min(PAGE, matched.length - drawn) + ' more of ' + (matched.length - drawn).toLocaleString('en-GB');
      btn.addEventListener('click', drawMore);
      results.appendChild(btn);
    }
  }

  function update() {
    var c = current();
    writeURL(c);
    form.classList.toggle('filtered', F.active(c));
    optCount();
    if (!F.active(c)) { showAll(); if (entities) entities.hidden = true; return; }
    if (idx) { apply(c); return; }
    timeline.setAttribute('aria-busy', 'true');
    count.textContent = 'Loading the search index…';
    if (!pending) {
      pending = F.load(src).then(function (i) { idx = i; }, function () {
        pending = null;
        timeline.removeAttribute('aria-busy');
        count.textContent = 'The search index could not be loaded; the list shows every event.';
      });
    }
    pending.then(function () { if (idx) apply(current()); });
  }

  // On a phone the pace of the year folds under its heading, which opens
  // it, so that the filters and the first events stay near the top.
  // Without this script it shows whole.
  var pace = document.querySelector('.index-pace');
  var phone = window.matchMedia ? window.matchMedia('(max-width: 40rem)') : null;
  if (pace && phone && phone.matches) {
    var ph = pace.querySelector('h2');
    var body = document.createElement('div');
    body.id = 'pace-body';
    while (ph.nextSibling) body.appendChild(ph.nextSibling);
    pace.appendChild(body);
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'pace-toggle';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', 'pace-body');
    toggle.textContent = ph.textContent;
    ph.textContent = '';
    ph.appendChild(toggle);
    pace.classList.add('folded');
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      pace.classList.toggle('folded', !open);
    });
  }

  readURL();
  setOpen(false);
  optCount();
  form.hidden = false;
  if (more) more.addEventListener('click', function () { setOpen(!form.classList.contains('open')); });
  if (F.active(current())) update();
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  // Every control's default is the empty value: clear them here so that
  // the list updates at once rather than after the browser's reset.
  form.addEventListener('reset', function (e) {
    e.preventDefault();
    F.FIELDS.forEach(function (f) { if (form.elements[f]) form.elements[f].value = ''; });
    update();
  });
})();
