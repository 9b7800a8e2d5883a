#!/bin/sh
# Rebuilds the vendored ECharts bundle from the npm registry's echarts package
# at the version pinned in package.json / package-lock.json. Run once after
# changing entry.js or the pinned version; commit the output, not node_modules.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../../templates/assets/vendor/echarts
mkdir -p "$out"
ver=$(node -p "require('echarts/package.json').version")
npx esbuild entry.js --bundle --minify --format=iife --global-name=echarts \
  --target=es2017 --legal-comments=none \
  --banner:js="/*! ECharts $ver (Apache-2.0), custom build: bar, line, scatter, heatmap, geo; see LICENSE */" \
  --outfile="$out/echarts.min.js"
cp node_modules/echarts/LICENSE "$out/LICENSE"
cp node_modules/echarts/NOTICE "$out/NOTICE"
echo "$ver" > "$out/VERSION"
gzip -9c "$out/echarts.min.js" | wc -c | xargs echo "gzipped bytes:"
