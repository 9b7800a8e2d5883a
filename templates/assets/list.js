// list.js: the embeddable list of events (out/embed/list/). It reads the
// timeline's filters from its own query (see assets/filter.js), plus
// theme=light|dark|auto and limit=N (0: every match), draws the matching
// events newest first with a count line and a link to the same view on the
// site, and posts its height to the parent window for assets/embed.js.
(function () {
  'use strict';
  var F = window.nktimelineFilter;
  var doc = document, root = doc.documentElement;
  var main = doc.getElementById('main');
  if (!F || !main || !window.URLSearchParams || !window.fetch) return;
  var params = new URLSearchParams(location.search);
  var framed = window.self !== window.top;
  if (framed) root.classList.add('framed');
  var th = params.get('theme');
  if (th === 'light' || th === 'dark') root.setAttribute('data-theme', th);

  var c = F.criteria(function (f) { return params.get(f); });
  var limit = main.getAttribute('data-limit');
  if (/^[0-9]{1,5}$/.test(params.get('limit') || '')) limit = params.get('limit');
  limit = +limit;
  var count = doc.getElementById('list-count');
  var list = doc.getElementById('list');
  var source = doc.querySelector('#list-source a');
  var qs = F.query(c);
  var view = main.getAttribute('data-timeline') + (qs ? '?' + qs : '');
  source.href = view;

  var posted = -1;
  function postHeight() {
    if (!framed) return;
    var h = Math.ceil(doc.body.getBoundingClientRect().height);
    if (h === posted) return;
    posted = h;
    window.parent.postMessage({ type: 'nktimeline:height', height: h, href: location.href }, '*');
  }
  window.addEventListener('message', function (e) {
    if (e.source === window.parent && e.data && e.data.type === 'nktimeline:ping') {
      posted = -1;
      postHeight();
    }
  });
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(doc.body);
  window.addEventListener('load', postHeight);

  count.textContent = 'Loading…';
  F.load(main.getAttribute('data-search')).then(function (idx) {
    var found = idx.match(c);
    var shown = limit > 0 ? found.slice(0, limit) : found;
    count.textContent = found.length.toLocaleString('en-GB') + ' ' + (found.length === 1 ? 'event' : 'events');
    var what = idx.describe(c), rest = '';
    if (what) rest = ': ' + what;
    if (shown.length < found.length) rest += ', the newest ' + shown.length + ' shown';
    if (rest) {
      var span = count.appendChild(doc.createElement('span'));
      span.className = 'what';
      span.textContent = rest;
    }
    shown.forEach(function (ev) { list.appendChild(idx.item(ev, { target: '_blank', heading: 'h2' })); });
    if (shown.length < found.length) {
      var p = doc.createElement('p');
      p.className = 'list-more';
      var a = p.appendChild(doc.createElement('a'));
      a.href = view;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = 'All ' + found.length.toLocaleString('en-GB') + ' events on the site';
      list.parentNode.insertBefore(p, list.nextSibling);
    }
    postHeight();
  }, function () {
    count.textContent = 'The events could not be loaded.';
    postHeight();
  });
  postHeight();
})();
