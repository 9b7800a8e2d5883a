// Reloads the page when timeline serve has rebuilt the site. The server
// tags this script with the build the page came from and, when the page
// connects, says at once whether the site has changed since.
//
// Only a page in view keeps its event stream open: browsers allow a few
// connections to a server at a time, and a dozen preview tabs each holding
// one would stall the rest. A page that comes back into view connects
// again, and reloads then if it missed a rebuild.
(() => {
  'use strict';
  const me = document.currentScript;
  const url = '/_timeline/events?build=' + encodeURIComponent((me && me.dataset.build) || '');
  let events = null;
  const connect = () => {
    if (events || document.hidden) {
      return;
    }
    events = new EventSource(url);
    events.addEventListener('reload', () => {
      disconnect();
      location.reload();
    });
  };
  const disconnect = () => {
    if (events) {
      events.close();
      events = null;
    }
  };
  document.addEventListener('visibilitychange', () => (document.hidden ? disconnect() : connect()));
  addEventListener('pagehide', disconnect);
  addEventListener('pageshow', connect);
  connect();
})();
