// embed.js: include once on a page that embeds nktimeline charts or event
// cards. It resizes each such iframe to the height its page reports, so
// the frame never scrolls or clips, like Datawrapper's responsive embeds.
//   <iframe src="https://…/charts/…/" … data-nktimeline-embed></iframe>
//   <script src="https://…/assets/embed.js" async></script>
// Frames without the script keep the fixed aspect ratio of the embed code.
//
// It acts only on frames the host marked with data-nktimeline-embed, and
// only on a message that comes from that frame's own window and from the
// origin of its src: another frame on the page (an advert, a third-party
// widget) cannot resize anything by posting a height.
(function () {
  'use strict';
  if (window.nktimelineEmbed) return;
  window.nktimelineEmbed = true;

  // frameFor returns the marked frame whose window is source, or null.
  function frameFor(source) {
    if (!source) return null;
    var frames = document.querySelectorAll('iframe[data-nktimeline-embed]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'nktimeline:height' || typeof d.height !== 'number' || !isFinite(d.height)) return;
    var f = frameFor(e.source);
    if (!f) return;
    // Only the page the frame's src names may resize it.
    var src = f.getAttribute('src');
    if (!src) return;
    try {
      if (new URL(src, location.href).origin !== e.origin) return;
    } catch (err) {
      return;
    }
    var h = Math.max(100, Math.min(10000, Math.ceil(d.height)));
    f.style.aspectRatio = 'auto';
    f.style.minHeight = '0';
    f.style.maxHeight = 'none';
    f.style.height = h + 'px';
    f.setAttribute('scrolling', 'no');
  });

  // Ask frames that loaded before this script for their height.
  function ping() {
    var frames = document.querySelectorAll('iframe[data-nktimeline-embed]');
    for (var i = 0; i < frames.length; i++) {
      try {
        frames[i].contentWindow.postMessage({ type: 'nktimeline:ping' }, new URL(frames[i].src, location.href).origin);
      } catch (err) { /* not loaded yet: it will post when it is */ }
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ping);
  } else {
    ping();
  }
  window.addEventListener('load', ping);
})();
