#!/bin/sh
# Installs TimelineJS 3 from the npm registry's @knight-lab/timelinejs package,
# at the version pinned in package.json / package-lock.json, into
# node_modules/ here (not committed). internal/timelinejs's browser test loads
# out/data/timelinejs.json in it; the test runs this itself when npm is there.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
ls node_modules/@knight-lab/timelinejs/dist/js/timeline.js
