// frame.js: what every embeddable page (chart pages, event cards) does in
// a frame, and nothing else, so that a page without a chart loads no chart
// code. It marks the document ("js", and "framed" inside an iframe),
// applies ?theme=light|dark and ?title=0 on pages with <body class="embed">,
// and posts the page's height to the parent window, where assets/embed.js
// fits the iframe to it: on load, on every change of size and when the
// parent asks (a "nktimeline:ping" message).
//
// charts.js reads the same state from window.nktimelineFrame and replaces
// its wanted() with the height a chart page would like.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  root.classList.add('js');
  var params = new URLSearchParams(location.search);
  var embed = !!(doc.body && doc.body.classList.contains('embed'));
  var framed = window.self !== window.top;
  if (framed) root.classList.add('framed');
  if (embed) {
    var th = params.get('theme');
    if (th === 'light' || th === 'dark') root.setAttribute('data-theme', th);
    if (params.get('title') === '0') {
      var h = doc.querySelector('.chart-title, .card-title');
      if (h) h.hidden = true;
    }
  }

  var posted = -1;
  var frame = {
    params: params,
    embed: embed,
    framed: framed,
    // wanted is the height to ask the parent for.
    wanted: function () { return Math.ceil(doc.body.getBoundingClientRect().height); },
    // post sends the wanted height unless it was the last one sent.
    post: function () {
      if (!embed || !framed) return;
      var hh = frame.wanted();
      if (hh === posted) return;
      posted = hh;
      window.parent.postMessage({ type: 'nktimeline:height', height: hh, href: location.href }, '*');
    }
  };
  window.nktimelineFrame = frame;

  window.addEventListener('message', function (e) {
    if (e.source === window.parent && e.data && e.data.type === 'nktimeline:ping') {
      posted = -1;
      frame.post();
    }
  });
  if (embed && framed) {
    if (window.ResizeObserver) new ResizeObserver(function () { frame.post(); }).observe(doc.body);
    window.addEventListener('resize', function () { frame.post(); });
    window.addEventListener('load', function () { frame.post(); });
    frame.post();
  }
})();
