// copy.js: the "Copy embed code" buttons of the chart gallery and the event
// pages. A button <button data-copy="ID" hidden> copies the text of the
// textarea #ID (the embed code, which is there and selectable without
// JavaScript) and reports in the [role=status] element beside it. The
// buttons stay hidden until this script can make them work.
//
// The gallery's options change the textarea's value (charts.js); the button
// copies whatever it holds when clicked.
(function () {
  'use strict';
  var doc = document;
  doc.querySelectorAll('button[data-copy]').forEach(function (btn) {
    var out = doc.getElementById(btn.getAttribute('data-copy'));
    if (!out) return;
    var status = btn.parentNode.querySelector('[role=status]');
    function say(s) { if (status) status.textContent = s; }
    function fallback() {
      out.select();
      var ok = false;
      try { ok = doc.execCommand('copy'); } catch (e) { ok = false; }
      say(ok ? 'Copied.' : 'Press Ctrl+C (or ⌘C) to copy the selected code.');
    }
    btn.addEventListener('click', function () {
      say('');
      out.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(out.value).then(function () { say('Copied.'); }, fallback);
      } else {
        fallback();
      }
    });
    btn.hidden = false;
  });
})();
