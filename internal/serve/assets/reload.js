// Reloads the page when timeline serve has rebuilt the site. The server
// tags this script with the build the page came from; a page opened just
// before a rebuild is told at once when it connects.
(() => {
  'use strict';
  const me = document.currentScript;
  const build = (me && me.dataset.build) || '';
  const events = new EventSource('/_timeline/events?build=' + encodeURIComponent(build));
  events.addEventListener('reload', () => {
    events.close();
    location.reload();
  });
})();
