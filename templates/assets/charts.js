// charts.js: draws the site's charts with the vendored ECharts and runs the
// chart pages and the gallery.
//
// A chart is a <figure class="chart" data-chart="ID"> holding
//   <div class="chart-canvas">                      where ECharts draws,
//   <script type="application/json" class="chart-option">  the option,
//   <script type="application/json" class="chart-full">    (optional) the
//       whole record's table and per-year data, for ?from=&to=,
// and optionally .chart-desc and .chart-table (the description and table the
// from/to recomputation rewrites) and buttons [data-download=png|svg].
// data-map on the figure is the URL of the base map GeoJSON, registered
// with ECharts as "korea". Charts initialise when they scroll into view.
//
// On embeddable pages (<body class="embed">) it also applies ?from=&to=
// and fits the chart into the frame; assets/frame.js, loaded before it,
// applies ?theme= and ?title=0 and posts the page's height to the parent
// window for assets/embed.js.
//
// The from/to recomputation mirrors internal/chart (Go); the browser tests
// compare the two. No eval, no inline script: the site's CSP forbids both.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  // frame.js, loaded before this script on every page with a chart, has
  // marked the document, applied ?theme= and ?title=0 and posts heights.
  var frame = window.nktimelineFrame || {
    params: new URLSearchParams(location.search), embed: false, framed: false, post: function () {}
  };
  var params = frame.params;
  var embed = frame.embed;
  var framed = frame.framed;

  // ---- theme --------------------------------------------------------------
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function isDark() {
    var t = root.getAttribute('data-theme');
    if (t) return t === 'dark';
    return !!(darkQuery && darkQuery.matches);
  }

  // ---- helpers shared with the Go descriptions -------------------------------
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // fmtNum writes a number as the axes do and as internal/chart's intText
  // and numText: thousands separators, no trailing zeros (4,475; 6.3).
  function fmtNum(n) { return Number(n).toLocaleString('en-US', { maximumFractionDigits: 20 }); }
  function plural(n, one, many) { return n === 1 ? '1 ' + one : fmtNum(n) + ' ' + many; }
  function percent(n, total) { return Math.round(100 * n / total); }
  // The as-of year (internal/chart's span): partial when the record stops
  // before 31 December. asOf is "YYYY-MM-DD", "YYYY-MM" or "YYYY".
  function partialYear(asOf, y) {
    var p = (asOf || '').split('-');
    if (p.length < 2 || +p[0] !== y) return false;
    return +p[1] !== 12 || (p.length === 3 && +p[2] !== 31);
  }
  function until(asOf) {
    var p = asOf.split('-');
    return p.length === 3 ? (+p[2]) + ' ' + MONTHS[+p[1] - 1] : MONTHS[+p[1] - 1];
  }
  function yearText(asOf, y) { return partialYear(asOf, y) ? y + ' (to ' + until(asOf) + ')' : String(y); }
  function period(a, b, asOf) {
    if (a === b) return 'In ' + yearText(asOf, b);
    if (partialYear(asOf, b)) return 'From ' + a + ' to ' + until(asOf) + ' ' + b;
    return 'From ' + a + ' to ' + b;
  }
  // A table's year cell is "2017" or, for the partial year, "2026 (to 31 Aug)";
  // its axis label is "2017" or "2026*".
  function yearOf(cell) { return parseInt(cell, 10); }
  function isPartialCell(cell) { return String(cell).indexOf('(') > 0; }
  function axisYear(cell) { return isPartialCell(cell) ? yearOf(cell) + '*' : String(cell); }
  function dateText(iso) {
    if (!iso) return '';
    var p = iso.split('-');
    if (p.length === 3) return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
    if (p.length === 2) return MONTHS[+p[1] - 1] + ' ' + p[0];
    return p[0];
  }
  function monthText(iso) {
    var p = iso.split('-');
    return p.length >= 2 ? MONTHS[+p[1] - 1] + ' ' + p[0] : p[0];
  }
  function col(t, name) { return t.header.indexOf(name); }
  function val(s) { return s === '' ? '-' : +s; }
  function sumCol(rows, i) { var s = 0; rows.forEach(function (r) { s += +r[i]; }); return s; }
  function clone(o) { return JSON.parse(JSON.stringify(o)); }
  function inRange(a, b) { return function (r) { var y = yearOf(r[0]); return y >= a && y <= b; }; }
  function asOfOf(f) { return f.data && f.data.as_of || ''; }

  // markPartial mirrors internal/chart's markPartial: the bars of the
  // partial year lighter with a dashed outline, and the footnote; a range
  // that leaves the partial year out has neither.
  function markPartial(o, rows) {
    var i = -1;
    rows.forEach(function (r, k) { if (isPartialCell(r[0])) i = k; });
    if (i < 0) {
      delete o.graphic;
      (o.grid || []).forEach(function (g) { g.bottom = '8'; });
      return;
    }
    o.series.forEach(function (s) {
      var c = s.itemStyle && s.itemStyle.color;
      var st = { opacity: 0.45, borderType: 'dashed', borderWidth: 1 };
      if (c) st.borderColor = c;
      var v = s.data[i];
      s.data[i] = { value: v && typeof v === 'object' ? v.value : v, itemStyle: st };
    });
  }

  // Each function takes the whole record (option, table, data, from, to)
  // and the span [a, b] and returns {option, rows, description, height}.
  var ranged = {
    'ballistic-missiles-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option), asOf = asOfOf(f);
      var rows = t.rows.filter(inRange(a, b));
      var iTot = col(t, 'Total'), iEv = col(t, 'Launch events');
      var total = sumCol(rows, iTot), events = sumCol(rows, iEv);
      var none = 0, maxN = 0, maxY = '';
      rows.forEach(function (r) {
        if (+r[iTot] === 0) none++;
        if (+r[iTot] > maxN) { maxN = +r[iTot]; maxY = r[0]; }
      });
      o.xAxis[0].data = rows.map(function (r) { return axisYear(r[0]); });
      o.series = o.series.map(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return +r[i]; });
        return s;
      }).filter(function (s) { return s.data.some(function (v) { return v > 0; }); });
      markPartial(o, rows);
      var d;
      if (total === 0) {
        d = period(a, b, asOf) + ', no ballistic missiles were launched.';
      } else {
        d = period(a, b, asOf) + ', North Korea launched ' + plural(total, 'ballistic missile', 'ballistic missiles') +
          ' in ' + plural(events, 'launch event', 'launch events') + '.';
        if (a !== b) {
          d += ' The most in one year was ' + fmtNum(maxN) + ', in ' + maxY + '.';
          if (none > 0) d += ' ' + fmtNum(none) + ' of the ' + fmtNum(rows.length) + ' years had none.';
        }
        var nouns = ['short-range missiles (SRBM)', 'medium-range missiles (MRBM)', 'intermediate-range missiles (IRBM)',
          'intercontinental missiles (ICBM)', 'submarine-launched missiles (SLBM)', 'missiles of unknown class'];
        var top = 0, sums = [];
        for (var j = 0; j < 6; j++) { sums.push(sumCol(rows, j + 1)); if (sums[j] > sums[top]) top = j; }
        d += ' The largest share were ' + nouns[top] + ': ' + fmtNum(sums[top]) + ', or ' + percent(sums[top], total) + '%.';
      }
      return { option: o, rows: rows, description: d };
    },

    'tests-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option), asOf = asOfOf(f);
      var rows = t.rows.filter(inRange(a, b));
      var iTot = col(t, 'Total');
      var total = sumCol(rows, iTot), maxN = 0, maxY = '';
      rows.forEach(function (r) { if (+r[iTot] > maxN) { maxN = +r[iTot]; maxY = r[0]; } });
      o.xAxis[0].data = rows.map(function (r) { return axisYear(r[0]); });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return +r[i]; });
      });
      markPartial(o, rows);
      var s = [1, 2, 3, 4, 5].map(function (i) { return sumCol(rows, i); });
      var d;
      if (total === 0) {
        d = period(a, b, asOf) + ', the record holds no missile launches, satellite launches, nuclear tests or engine tests.';
      } else {
        d = period(a, b, asOf) + ', the record holds ' +
          plural(s[0], 'ballistic missile launch event', 'ballistic missile launch events') + ', ' +
          plural(s[1], 'other missile launch', 'other missile launches') + ', ' +
          plural(s[2], 'satellite launch', 'satellite launches') + ', ' +
          plural(s[3], 'nuclear test', 'nuclear tests') + ' and ' +
          plural(s[4], 'engine test', 'engine tests') + '.';
        if (a !== b) d += ' The busiest year was ' + maxY + ', with ' + fmtNum(maxN) + '.';
      }
      return { option: o, rows: rows, description: d };
    },

    'nuclear-tests': function (f, a, b) {
      var t = f.table, o = clone(f.option), asOf = asOfOf(f);
      var rows = t.rows.filter(function (r) { var y = +r[0].slice(0, 4); return y >= a && y <= b; });
      o.xAxis[0].data = rows.map(function (r) { return monthText(r[0]); });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return { value: val(r[i]) }; });
        // As internal/chart: the estimate's range over the high bar.
        if (s.name === 'Yield high (kt)') {
          s.data.forEach(function (it, k) {
            var lo = rows[k][2], hi = rows[k][3];
            if (lo !== '') it.label = { show: true, position: 'top', formatter: (lo === hi ? lo : lo + '–' + hi) + ' kt' };
          });
        }
      });
      var d, n = rows.length;
      if (n === 0) d = period(a, b, asOf) + ', North Korea conducted no nuclear tests.';
      else if (n === 1) d = period(a, b, asOf) + ', North Korea conducted 1 nuclear test, on ' + dateText(rows[0][0]) + '.';
      else d = period(a, b, asOf) + ', North Korea conducted ' + fmtNum(n) + ' nuclear tests, the first on ' + dateText(rows[0][0]) +
        ' and the last on ' + dateText(rows[n - 1][0]) + '.';
      var strongest = -1;
      rows.forEach(function (r, i) {
        if (r[4] !== '' && (strongest < 0 || +r[4] > +rows[strongest][4])) strongest = i;
      });
      if (strongest >= 0) {
        var r = rows[strongest];
        d += ' The strongest, on ' + dateText(r[0]) + ', had a seismic magnitude of ' + (+r[4]).toFixed(1);
        if (r[2] !== '') d += ' and an estimated yield of ' + fmtNum(+r[2]) + ' to ' + fmtNum(+r[3]) + ' kilotons';
        d += '.';
      }
      return { option: o, rows: rows, description: d };
    },

    'ballistic-missiles-by-month': function (f, a, b) {
      var t = f.table, o = clone(f.option), asOf = asOfOf(f);
      var rows = t.rows.filter(inRange(a, b));
      var cells = [], total = 0, active = 0, maxM = 0, maxMY = 0, maxMM = 0, maxY = '', maxYN = 0, unknown = 0;
      rows.forEach(function (r, i) {
        for (var m = 0; m < 12; m++) {
          var n = +r[m + 1];
          if (n > 0) { cells.push({ value: [m, i, n] }); active++; }
          if (n > maxM) { maxM = n; maxMY = yearOf(r[0]); maxMM = m; }
        }
        var u = +r[13];
        if (u > 0) cells.push({ value: [12, i, u] });
        total += +r[14]; unknown += u;
        if (+r[14] > maxYN) { maxYN = +r[14]; maxY = r[0]; }
      });
      o.xAxis[0].data = unknown > 0 ? MONTHS.concat(['?']) : MONTHS.slice();
      o.yAxis[0].data = rows.map(function (r) { return axisYear(r[0]); });
      o.series[0].data = cells;
      o.visualMap[0].max = Math.max(maxM, 1);
      if (!rows.some(function (r) { return isPartialCell(r[0]); })) delete o.graphic;
      var d;
      if (total === 0) {
        d = period(a, b, asOf) + ', no ballistic missiles were launched.';
      } else {
        d = period(a, b, asOf) + ', ballistic missiles were launched in ' + plural(active, 'month', 'different months') + '.';
        if (maxM > 0) d += ' The busiest month was ' + MONTHS[maxMM] + ' ' + maxMY + ', with ' + fmtNum(maxM) + '.';
        if (a !== b) d += ' The busiest year was ' + maxY + ', with ' + fmtNum(maxYN) + '.';
        if (unknown > 0) d += ' The month of ' + plural(unknown, 'missile', 'missiles') + ' is not known.';
      }
      return { option: o, rows: rows, description: d, height: Math.max(200, 110 + 18 * rows.length) };
    },

    'launch-sites': function (f, a, b) {
      var o = clone(f.option), y = f.data;
      var list = y.sites.map(function (s, i) {
        var sum = function (m) {
          var n = 0;
          y.years.forEach(function (yr, k) { if (yr >= a && yr <= b) n += m[i][k]; });
          return n;
        };
        return { site: s, b: sum(y.ballistic), o: sum(y.other), e: sum(y.events) };
      });
      var unknown = list.pop();
      list = list.filter(function (s) { return s.b + s.o > 0; });
      list.sort(function (p, q) {
        var d = (q.b + q.o) - (p.b + p.o);
        if (d !== 0) return d;
        return p.site.name < q.site.name ? -1 : p.site.name > q.site.name ? 1 : 0;
      });
      var maxN = 0;
      list.forEach(function (s) { maxN = Math.max(maxN, s.b + s.o); });
      var rows = list.map(function (s) {
        return [s.site.name, s.site.province, String(s.site.lat), String(s.site.lon), String(s.b), String(s.o), String(s.e)];
      });
      if (unknown.b + unknown.o > 0) rows.push(['Site not reported', '', '', '', String(unknown.b), String(unknown.o), String(unknown.e)]);
      o.series[0].data = list.map(function (s, i) {
        var n = s.b + s.o;
        return { name: s.site.name, value: [s.site.lon, s.site.lat, n, s.b, s.o, s.e], url: s.site.url,
          symbolSize: symbolSize(n, maxN, 40), label: { show: i < y.labels } };
      });
      var d, asOf = y.as_of;
      if (list.length === 0) {
        d = period(a, b, asOf) + ', no launch from a known site is recorded.';
      } else {
        var top = list[0];
        d = period(a, b, asOf) + ', missiles and space launchers were launched from ' + plural(list.length, 'known site', 'known sites') +
          '. The most used was ' + top.site.name;
        if (top.site.province) d += ' (' + top.site.province + ')';
        d += ', with ' + fmtNum(top.b + top.o) + ' launched, ' + fmtNum(top.b) + ' of them ballistic missiles.';
      }
      if (unknown.b + unknown.o > 0) d += ' For ' + fmtNum(unknown.b + unknown.o) + ' more the launch site was not reported.';
      return { option: o, rows: rows, description: d };
    },

    'reach-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option), asOf = asOfOf(f);
      var rows = t.rows.filter(inRange(a, b));
      o.xAxis[0].data = rows.map(function (r) { return axisYear(r[0]); });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return val(r[i]); });
      });
      markPartial(o, rows);
      var best = [null, null];
      rows.forEach(function (r) {
        [[1, 0], [4, 1]].forEach(function (p) {
          var c = r[p[0]];
          if (c !== '' && (best[p[1]] === null || +c > +best[p[1]][0])) best[p[1]] = r.slice(p[0], p[0] + 3);
        });
      });
      var d;
      if (!best[0] && !best[1]) {
        d = period(a, b, asOf) + ', no apogee or range of a ballistic missile is recorded.';
      } else {
        var parts = [];
        if (best[0]) parts.push('the highest apogee recorded was ' + fmtNum(+best[0][0]) + ' km, by a ' + best[0][1] + ' on ' + best[0][2]);
        if (best[1]) parts.push('the longest range was ' + fmtNum(+best[1][0]) + ' km, by a ' + best[1][1] + ' on ' + best[1][2]);
        d = period(a, b, asOf) + ', ' + parts.join(', and ') + '.';
      }
      return { option: o, rows: rows, description: d };
    },

    'missiles-per-leader': function (f, a, b) {
      var o = clone(f.option), y = f.data;
      var eras = [];
      y.eras.forEach(function (e, i) {
        var start = +e.start.slice(0, 4), end = e.end ? +e.end.slice(0, 4) : Infinity;
        if (start > b || end < a) return;
        var sum = function (m) {
          var n = 0;
          y.years.forEach(function (yr, k) { if (yr >= a && yr <= b) n += m[i][k]; });
          return n;
        };
        eras.push({ era: e, m: sum(y.missiles), e: sum(y.events), t: sum(y.tests) });
      });
      var rows = eras.map(function (e) { return [e.era.name, e.era.start, e.era.end, String(e.m), String(e.e), String(e.t)]; });
      o.xAxis[0].data = eras.map(function (e) { return e.era.name; });
      o.series[0].data = eras.map(function (e) { return e.m; });
      o.series[1].data = eras.map(function (e) { return e.e; });
      var total = 0, top = 0;
      eras.forEach(function (e, i) { total += e.m; if (e.m > eras[top].m) top = i; });
      var d;
      if (total === 0) {
        d = period(a, b, y.as_of) + ', no ballistic missiles were launched.';
      } else {
        var parts = eras.map(function (e) { return fmtNum(e.m) + ' under ' + e.era.name; });
        var list = parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0];
        d = period(a, b, y.as_of) + ', North Korea launched ' + plural(total, 'ballistic missile', 'ballistic missiles') + ': ' + list + '.';
        if (eras.length > 1) d += ' ' + eras[top].era.name + "'s rule accounts for " + percent(eras[top].m, total) + '% of them.';
      }
      return { option: o, rows: rows, description: d };
    }
  };

  // ---- charts ------------------------------------------------------------
  // ECharts is loaded when the first chart comes into view, not with the
  // page: the text, the table and the rest of the page do not wait for it.
  var echartsPromise = null;
  function loadECharts(url) {
    if (window.echarts) return Promise.resolve();
    if (!echartsPromise) {
      echartsPromise = new Promise(function (resolve, reject) {
        var s = doc.createElement('script');
        s.src = url;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error('cannot load ECharts from ' + url)); };
        doc.head.appendChild(s);
      });
    }
    return echartsPromise;
  }

  // The base map is fetched alongside ECharts and registered once both are in.
  var mapPromise = null;
  function loadMap(url) {
    if (!mapPromise) {
      mapPromise = fetch(url).then(function (r) {
        if (!r.ok) throw new Error('base map: HTTP ' + r.status);
        return r.json();
      });
    }
    return mapPromise;
  }
  var mapRegistered = false;

  // later runs fn in a task of its own after the next frame is painted, so
  // the page's first paint never waits for chart work and long tasks split.
  function later(fn) {
    return new Promise(function (resolve) {
      var go = function () { setTimeout(function () { resolve(fn && fn()); }, 0); };
      if (window.requestAnimationFrame && !doc.hidden) requestAnimationFrame(go); else go();
    });
  }

  function readJSON(fig, cls) {
    var s = fig.querySelector('script.' + cls);
    return s ? JSON.parse(s.textContent) : null;
  }

  // symbolSize mirrors internal/chart: a marker's area proportional to n.
  function symbolSize(n, maxN, biggest) {
    if (!maxN || !n) return 0;
    return Math.max(5, Math.round(biggest * Math.sqrt(n / maxN)));
  }

  // ---- tooltips ------------------------------------------------------------
  // Tooltips are built as elements with classes (chart.css), never as
  // markup with style attributes, so that the pages work under a CSP whose
  // style-src is 'self' only. Colours are set through the CSSOM.
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function tipRow(color, name, value) {
    var r = el('div', 'tt-row');
    if (color) {
      var dot = el('span', 'tt-dot');
      dot.style.backgroundColor = typeof color === 'string' ? color : '#888';
      r.appendChild(dot);
    }
    r.appendChild(el('span', 'tt-name', name));
    if (value !== undefined) r.appendChild(el('span', 'tt-val', value));
    return r;
  }
  function valueOf(p) {
    var v = p.value;
    if (v && typeof v === 'object' && !Array.isArray(v)) v = v.value;
    return v;
  }
  // axisTip lists a category's series; title names the category (the
  // partial year in full).
  function axisTip(chart) {
    var stacked = chart.id === 'ballistic-missiles-per-year' || chart.id === 'tests-per-year';
    return function (params) {
      if (!Array.isArray(params)) params = [params];
      var box = el('div', 'tt');
      if (!params.length) return box;
      box.appendChild(el('div', 'tt-title', chart.categoryTitle(params[0].name, params[0].dataIndex)));
      var total = 0, shown = 0;
      params.forEach(function (p) {
        var v = valueOf(p);
        if (v === '-' || v === null || v === undefined || (stacked && +v === 0)) return;
        total += +v;
        shown++;
        box.appendChild(tipRow(p.color, p.seriesName, fmtNum(v)));
      });
      if (stacked && shown > 1) box.appendChild(tipRow(null, 'Total', fmtNum(total)));
      if (!shown) box.appendChild(el('div', 'tt-row', stacked ? 'None' : 'No figure recorded'));
      return box;
    };
  }
  function heatTip(chart) {
    return function (p) {
      var v = p.value || [];
      var box = el('div', 'tt');
      var year = yearOf(chart.categoryTitle(chart.option.yAxis[0].data[v[1]], v[1]));
      box.appendChild(el('div', 'tt-title', v[0] === 12 ? year + ', month unknown' : MONTHS[v[0]] + ' ' + year));
      box.appendChild(tipRow(p.color, 'Ballistic missiles', fmtNum(v[2])));
      return box;
    };
  }
  function mapTip() {
    return function (p) {
      var v = p.value || [], box = el('div', 'tt');
      if (p.componentType !== 'series') return '';
      box.appendChild(el('div', 'tt-title', p.name));
      box.appendChild(tipRow(p.color, fmtNum(v[2]) + ' launched'));
      box.appendChild(el('div', 'tt-row', fmtNum(v[3]) + ' ballistic, ' + fmtNum(v[4]) + ' other'));
      box.appendChild(el('div', 'tt-row', plural(v[5], 'launch event', 'launch events')));
      if (p.data && p.data.url) box.appendChild(el('div', 'tt-hint', hoverNone() ? 'Tap again for the site’s page' : 'Click for the site’s page'));
      return box;
    };
  }
  function hoverNone() { return !!(window.matchMedia && window.matchMedia('(hover: none)').matches); }

  // ---- the map -------------------------------------------------------------
  // The map's regions: the whole frame, or a close-up of the two clusters
  // of sites (Pyongyang, the Wonsan coast), [west, south, east, north].
  var REGIONS = [
    { id: 'all', label: 'Whole map' },
    { id: 'pyongyang', label: 'Pyongyang', box: [124.9, 38.6, 126.3, 39.6] },
    { id: 'wonsan', label: 'Wonsan', box: [126.9, 38.8, 128.1, 39.6] }
  ];
  var ASPECT = 0.76; // cos 40.5°: a degree of longitude at North Korea's latitude

  // fitFrame widens the box [w, s, e, n] to the canvas's shape, keeping it
  // inside bounds where it fits (beyond them the base map ends in straight
  // cut edges), and returns ECharts' boundingCoords.
  function fitFrame(box, bounds, width, height) {
    var w = box[0], s = box[1], e = box[2], n = box[3];
    var r = width / Math.max(1, height);
    var fw = (e - w) * ASPECT, fh = n - s;
    if (fw / fh < r) fw = fh * r; else fh = fw / r;
    var lon = fw / ASPECT, cx = (w + e) / 2, cy = (s + n) / 2;
    var clamp = function (c, half, lo, hi) {
      if (hi - lo <= 2 * half) return (lo + hi) / 2;
      return Math.min(Math.max(c, lo + half), hi - half);
    };
    if (bounds) {
      cx = clamp(cx, lon / 2, bounds[0], bounds[2]);
      cy = clamp(cy, fh / 2, bounds[1], bounds[3]);
    }
    return [[cx - lon / 2, cy + fh / 2], [cx + lon / 2, cy - fh / 2]];
  }

  // sizeLegend draws what a marker's size means: three circles, the
  // biggest the busiest site.
  function sizeLegend(maxN, biggest, dark) {
    if (!maxN) return null;
    var nice = function (x) {
      var p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
      return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
    };
    var vals = [maxN];
    [maxN / 4, maxN / 16].forEach(function (x) { var v = nice(x); if (v >= 1 && v < vals[vals.length - 1]) vals.push(v); });
    var fg = dark ? '#e7e6e2' : '#1c1e21', bg = dark ? 'rgba(21,23,26,0.85)' : 'rgba(255,255,255,0.85)';
    var dmax = symbolSize(maxN, maxN, biggest), y = 22, rows = [];
    vals.forEach(function (v) {
      var d = symbolSize(v, maxN, biggest);
      rows.push({ type: 'circle', shape: { cx: 8 + dmax / 2, cy: y + d / 2, r: d / 2 },
        style: { fill: 'rgba(213,94,0,0.7)', stroke: '#fff', lineWidth: 1 } });
      rows.push({ type: 'text', x: 14 + dmax, y: y + d / 2, style: { text: fmtNum(v), fill: fg, fontSize: 11, verticalAlign: 'middle' } });
      y += Math.max(d, 12) + 4;
    });
    var w = Math.max(72, 14 + dmax + 8 + 7 * fmtNum(maxN).length);
    var children = [
      { type: 'rect', shape: { x: 0, y: 0, width: w, height: y + 2, r: 4 }, style: { fill: bg, stroke: dark ? '#3a4047' : '#d6d2c8' } },
      { type: 'text', x: 8, y: 6, style: { text: 'Launched', fill: fg, fontSize: 11, fontWeight: 600 } }
    ].concat(rows);
    // Top left lies over China, where no site is.
    children.forEach(function (c) { c.z = 100; });
    return { type: 'group', id: 'size-legend', left: 8, top: 8, z: 100, silent: true, children: children };
  }

  // prepare turns a chart's option into what is drawn at this size and in
  // this theme: ECharts' dark theme handles axes and text; the rest is
  // here, shared by the chart and its PNG/SVG export.
  Chart.prototype.prepare = function (option, dark, width, height) {
    var o = clone(option), self = this;
    o.backgroundColor = 'transparent';
    var narrow = width < narrowWidth;
    var tip = o.tooltip && !Array.isArray(o.tooltip) ? o.tooltip : (o.tooltip || [])[0];
    if (tip) {
      tip.renderMode = 'html';
      tip.className = 'chart-tip';
      tip.confine = true;
      tip.formatter = this.id === 'launch-sites' ? mapTip() : this.id === 'ballistic-missiles-by-month' ? heatTip(this) : axisTip(this);
    }
    (o.graphic || []).forEach(function (g) {
      if (g.id === 'note' && dark) g.style.fill = '#b1b8c0';
    });
    if (this.id === 'nuclear-tests') {
      // The magnitude line in a lighter blue on the dark background.
      o.series.forEach(function (s) {
        if (s.type === 'line') {
          s.lineStyle = { width: 2.5, color: dark ? '#56b4e9' : '#0072b2' };
          s.itemStyle = { color: dark ? '#56b4e9' : '#0072b2' };
          s.symbolSize = 7;
        }
      });
      // Every test keeps its label: on a phone, month and year on two lines.
      if (narrow) {
        o.xAxis[0].axisLabel = Object.assign({}, o.xAxis[0].axisLabel, { margin: 10, lineHeight: 14,
          formatter: function (v) { return v.replace(' ', '\n'); } });
      }
    }
    if (o.geo) {
      var g = Array.isArray(o.geo) ? o.geo[0] : o.geo;
      if (dark) {
        g.itemStyle = Object.assign({}, g.itemStyle, { areaColor: '#24282e', borderColor: '#6b737d' });
        (g.regions || []).forEach(function (r) { r.itemStyle = Object.assign({}, r.itemStyle, { areaColor: '#353b43', borderColor: '#9aa3ad' }); });
      }
      var data = this.full && this.full.data || this.mapData || {};
      var region = REGIONS.filter(function (r) { return r.id === self.region; })[0];
      var box = region && region.box ? region.box : data.frame;
      if (box) {
        g.boundingCoords = fitFrame(box, data.bounds, width, height);
        g.aspectScale = ASPECT;
        g.left = g.right = g.top = g.bottom = 0;
        g.layoutCenter = null;
      }
      var s = o.series[0], maxN = 0;
      s.data.forEach(function (it) { maxN = Math.max(maxN, it.value[2]); });
      // Smaller markers on narrow screens and larger ones in a close-up,
      // so neighbouring sites stay apart.
      var biggest = Math.round(Math.max(14, Math.min(40, width / 18)) * (region && region.box ? 1.2 : 1));
      s.data.forEach(function (it) { it.symbolSize = symbolSize(it.value[2], maxN, biggest); });
      if (region && region.box) s.data.forEach(function (it) { it.label = { show: true }; });
      else if (narrow) s.data.forEach(function (it, i) { it.label = { show: i < 3 }; });
      // Names in the right third of the view go to the left of their
      // marker, so they are not cut off at the edge.
      if (g.boundingCoords) {
        var west = g.boundingCoords[0][0], east = g.boundingCoords[1][0];
        s.data.forEach(function (it) {
          if (it.value[0] > west + (east - west) * 0.66) it.label = Object.assign({}, it.label, { position: 'left' });
        });
      }
      s.label = Object.assign({}, s.label, dark ? { color: '#e7e6e2', textBorderColor: '#15171a' } : {}, narrow ? { fontSize: 11 } : {});
      s.labelLayout = { hideOverlap: true, moveOverlap: 'shiftY' };
      var lg = sizeLegend(maxN, biggest, dark);
      if (lg) o.graphic = (o.graphic || []).concat([lg]);
    }
    return o;
  };

  // categoryTitle names category i of the chart's axis for a tooltip: the
  // partial year in full ("2026 (to 31 Aug)").
  Chart.prototype.categoryTitle = function (name, i) {
    var rows = this.rows || (this.full && this.full.table.rows);
    if (rows && rows[i] && this.id !== 'nuclear-tests' && this.id !== 'missiles-per-leader') return rows[i][0];
    if (rows && rows[i] && this.id === 'nuclear-tests') return dateText(rows[i][0]);
    return name;
  };

  function Chart(fig) {
    this.fig = fig;
    this.id = fig.getAttribute('data-chart');
    this.canvas = fig.querySelector('.chart-canvas');
    this.base = readJSON(fig, 'chart-option');
    this.full = readJSON(fig, 'chart-full');
    this.height = +fig.getAttribute('data-height') || 400;
    this.fixedHeight = fig.hasAttribute('data-fixed-height');
    if (this.full) this.full.option = this.base;
    this.option = this.base;
    this.rows = this.full ? this.full.table.rows : null;
    this.instance = null;
    this.shown = false;
    this.region = 'all';
    // The canvas's size is set here, through the CSSOM, rather than in a
    // style attribute, which a CSP without 'unsafe-inline' blocks.
    var cs = this.canvas.style;
    if (this.fixedHeight) {
      cs.height = this.height + 'px';
    } else {
      cs.aspectRatio = '640 / ' + this.height;
      cs.maxHeight = this.height + 'px';
    }
    if (this.id === 'launch-sites') this.addRegions();
  }

  // addRegions puts buttons above the map that zoom to the clusters of
  // sites, which touch on a phone at the scale of the whole country.
  Chart.prototype.addRegions = function () {
    var self = this, bar = el('div', 'map-regions js-only');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Zoom the map');
    bar.appendChild(el('span', 'map-regions-label', 'Zoom:'));
    REGIONS.forEach(function (r) {
      var b = el('button', null, r.label);
      b.type = 'button';
      b.setAttribute('aria-pressed', String(r.id === self.region));
      b.setAttribute('data-region', r.id);
      b.addEventListener('click', function () {
        self.region = r.id;
        bar.querySelectorAll('button').forEach(function (x) {
          x.setAttribute('aria-pressed', String(x.getAttribute('data-region') === r.id));
        });
        if (self.instance) self.draw();
      });
      bar.appendChild(b);
    });
    this.canvas.parentNode.insertBefore(bar, this.canvas);
  };

  // applyRange recomputes the chart, its description and table for the
  // years [from, to]; empty strings leave that end open.
  Chart.prototype.applyRange = function (from, to) {
    var f = this.full, fn = ranged[this.id];
    if (!f || !fn) return;
    // A year outside the record is ignored, as internal/chart's Range and
    // the gallery's form ignore it.
    var ok = function (y) { return y && +y >= f.from && +y <= f.to ? y : ''; };
    from = ok(from);
    to = ok(to);
    if (from && to && +from > +to) { var x = from; from = to; to = x; }
    var a = from ? +from : f.from;
    var b = to ? +to : f.to;
    if (!from && !to) {
      this.option = this.base;
      this.rows = f.table.rows;
      this.setText(f.description, f.table.rows, f.height);
    } else {
      var r = fn(f, a, b);
      this.option = r.option;
      this.rows = r.rows;
      this.setText(r.description, r.rows, r.height || f.height);
    }
    this.fig.setAttribute('data-from', a);
    this.fig.setAttribute('data-to', b);
    if (this.instance) this.draw();
    layout();
  };

  Chart.prototype.setText = function (desc, rows, height) {
    var p = this.fig.querySelector('.chart-desc');
    if (p) p.textContent = desc;
    var body = this.fig.querySelector('.chart-table tbody');
    if (body) {
      body.textContent = '';
      rows.forEach(function (r) {
        var tr = doc.createElement('tr');
        r.forEach(function (c, i) {
          var td = doc.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) td.setAttribute('scope', 'row');
          td.textContent = c;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    this.height = height;
  };

  // dark reports whether the chart is drawn dark: the gallery can preview
  // one theme per figure (data-theme), otherwise the page decides.
  Chart.prototype.dark = function () {
    var t = this.fig.getAttribute('data-theme');
    if (t === 'dark') return true;
    if (t === 'light') return false;
    return isDark();
  };

  // narrowWidth is the canvas width below which a legend wraps onto more
  // lines instead of scrolling, so that a phone shows every series' name.
  var narrowWidth = 480;

  Chart.prototype.draw = function () {
    if (this.instance) this.instance.dispose();
    var dark = this.dark();
    this.narrow = this.canvas.clientWidth < narrowWidth;
    this.instance = window.echarts.init(this.canvas, dark ? 'dark' : null, { renderer: 'canvas' });
    var o = this.prepare(this.option, dark, this.canvas.clientWidth, this.canvas.clientHeight);
    if (this.narrow && o.legend && !Array.isArray(o.legend) && o.legend.show !== false) {
      o.legend.type = 'plain';
      (Array.isArray(o.grid) ? o.grid : [o.grid]).forEach(function (g) {
        if (g) g.top = (parseFloat(g.top) || 0) + 28;
      });
    }
    this.instance.setOption(o, true);
    if (this.id === 'launch-sites') this.linkSites();
  };

  // siteURL resolves a site path ("sites/<id>/") against the site's root,
  // which the pages give as data-base or, failing that, the path the
  // vendored ECharts is served under (<root>assets/...).
  Chart.prototype.siteURL = function (path) {
    var base = this.fig.getAttribute('data-base');
    if (!base) {
      var e = this.fig.getAttribute('data-echarts') || '';
      var i = e.lastIndexOf('assets/');
      base = i >= 0 ? e.slice(0, i) : '/';
    }
    return new URL(base + path, location.href).href;
  };

  // linkSites opens a site's page from its marker: a click, or on a touch
  // screen a second tap (the first shows the figures).
  Chart.prototype.linkSites = function () {
    var self = this, armed = null;
    this.instance.on('click', function (p) {
      if (p.componentType !== 'series' || !p.data || !p.data.url) return;
      if (hoverNone() && armed !== p.name) { armed = p.name; return; }
      var url = self.siteURL(p.data.url);
      if (framed) window.open(url, '_blank', 'noopener'); else location.href = url;
    });
  };

  Chart.prototype.show = function () {
    if (this.shown) return;
    this.shown = true;
    var self = this;
    var map = this.fig.getAttribute('data-map');
    later().then(function () {
      return Promise.all([loadECharts(self.fig.getAttribute('data-echarts')), map ? loadMap(map) : null]);
    }).then(function (r) {
      if (r[1] && !mapRegistered) {
        window.echarts.registerMap('korea', r[1]);
        mapRegistered = true;
      }
      return later(function () { self.draw(); });
    }).then(function () {
      self.fig.setAttribute('data-ready', '');
    }).catch(function (e) {
      self.fig.setAttribute('data-error', String(e));
      if (window.console) console.error(e);
    });
  };

  Chart.prototype.retheme = function () {
    if (this.instance) this.draw();
  };

  // sensibleHeight is the height the chart wants at the canvas's width.
  Chart.prototype.sensibleHeight = function () {
    if (this.fixedHeight) return this.height;
    var w = this.canvas.clientWidth || 640;
    return Math.round(Math.max(260, Math.min(this.height, w * this.height / 640)));
  };

  // exportImage renders the chart as shown, with its title and source line,
  // in an off-screen instance and downloads it as PNG or SVG.
  Chart.prototype.exportImage = function (type) {
    if (!this.instance) return;
    var w = this.canvas.clientWidth, h = this.canvas.clientHeight, top = 56;
    var box = doc.createElement('div');
    box.style.cssText = 'position:absolute;left:-10000px;top:0;width:' + w + 'px;height:' + (h + top) + 'px';
    doc.body.appendChild(box);
    var dark = this.dark();
    var inst = window.echarts.init(box, dark ? 'dark' : null, { renderer: type === 'svg' ? 'svg' : 'canvas' });
    var o = this.prepare(this.option, dark, w, h);
    o.animation = false;
    if (o.tooltip) o.tooltip = { show: false };
    o.backgroundColor = dark ? '#15171a' : '#ffffff';
    var shift = function (c) {
      (Array.isArray(c) ? c : [c]).forEach(function (x) { if (x) x.top = (parseFloat(x.top) || 0) + top; });
    };
    if (o.grid) shift(o.grid);
    if (o.geo) shift(o.geo);
    if (o.legend) shift(o.legend);
    if (o.visualMap) shift(o.visualMap);
    (o.graphic || []).forEach(function (g) { if (g.top !== undefined) shift(g); });
    // The map's land runs on beyond its frame: keep it from under the title.
    if (o.geo) o.graphic = (o.graphic || []).concat([{ type: 'rect', z: 1, silent: true,
      shape: { x: 0, y: 0, width: w, height: top }, style: { fill: o.backgroundColor } }]);
    var src = this.fig.getAttribute('data-source') || '';
    o.title = { left: 8, top: 4, text: this.fig.getAttribute('data-title') || '', subtext: src,
      textStyle: { fontSize: 15 }, subtextStyle: { fontSize: 11 } };
    inst.setOption(o);
    var name = this.id + (this.fig.getAttribute('data-from') && this.full &&
      (+this.fig.getAttribute('data-from') !== this.full.from || +this.fig.getAttribute('data-to') !== this.full.to)
      ? '-' + this.fig.getAttribute('data-from') + '-' + this.fig.getAttribute('data-to') : '');
    var href, revoke = false;
    if (type === 'svg') {
      var svg = inst.renderToSVGString();
      href = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      revoke = true;
    } else {
      href = inst.getDataURL({ type: 'png', pixelRatio: 2 });
    }
    inst.dispose();
    box.remove();
    var link = doc.createElement('a');
    link.href = href;
    link.download = name + '.' + type;
    doc.body.appendChild(link);
    link.click();
    link.remove();
    if (revoke) setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
  };

  var charts = [];
  doc.querySelectorAll('figure.chart[data-chart]').forEach(function (fig) {
    var c = new Chart(fig);
    charts.push(c);
    fig.chart = c;
    fig.querySelectorAll('[data-download]').forEach(function (btn) {
      btn.addEventListener('click', function () { c.exportImage(btn.getAttribute('data-download')); });
    });
  });

  // ---- layout and height posting ----------------------------------------------
  // layout sizes the charts. On a page of its own the CSS gives each canvas
  // its height (aspect ratio 640:Height, at least 260 px, at most Height;
  // heatmaps a fixed height); in a frame the chart fills what the frame
  // leaves, and the page reports the height it would like.
  function layout() {
    charts.forEach(function (c) {
      var s = c.canvas.style;
      if (c.fixedHeight) s.height = c.height + 'px';
      else if (!(embed && framed)) {
        // A phone gets a squarer map: North Korea is about as tall as wide.
        var square = c.id === 'launch-sites' && c.fig.clientWidth < narrowWidth;
        s.aspectRatio = square ? '1 / 1.1' : '640 / ' + c.height;
        s.maxHeight = c.height + 'px';
      }
      if (embed && framed) {
        var want = c.sensibleHeight();
        var other = doc.body.getBoundingClientRect().height - c.canvas.getBoundingClientRect().height;
        var h = Math.max(180, Math.round(window.innerHeight - other));
        c.natural = Math.ceil(other + want);
        s.aspectRatio = 'auto';
        s.minHeight = '0';
        s.maxHeight = 'none';
        s.height = h + 'px';
      }
      var w = c.canvas.clientWidth, hh = c.canvas.clientHeight;
      if (c.instance && (w < narrowWidth) !== c.narrow) c.draw();
      // The map's frame and markers depend on the canvas's shape.
      else if (c.instance && (w !== c.w || hh !== c.h)) { if (c.id === 'launch-sites') c.draw(); else c.instance.resize(); }
      c.w = w;
      c.h = hh;
    });
    postHeight();
  }

  // A chart page reports the height it wants, not the one it was squeezed to.
  if (charts.length === 1 && frame.wanted) {
    var bodyHeight = frame.wanted;
    frame.wanted = function () { return charts[0].natural || bodyHeight(); };
  }
  function postHeight() { frame.post(); }

  // ---- embed page parameters ----------------------------------------------
  if (embed && charts.length === 1 && (params.get('from') || params.get('to'))) {
    var yr = function (s) { return /^[0-9]{4}$/.test(s || '') ? s : ''; };
    charts[0].applyRange(yr(params.get('from')), yr(params.get('to')));
  }

  // ---- table toggles ---------------------------------------------------------
  doc.querySelectorAll('[data-toggle-table]').forEach(function (btn) {
    var table = doc.getElementById(btn.getAttribute('aria-controls'));
    // Hidden for the eye, the region must not take keyboard focus.
    table.setAttribute('tabindex', '-1');
    btn.addEventListener('click', function () {
      var open = btn.getAttribute('aria-expanded') !== 'true';
      btn.setAttribute('aria-expanded', String(open));
      table.classList.toggle('open', open);
      table.setAttribute('tabindex', open ? '0' : '-1');
      btn.textContent = open ? 'Hide the numbers' : 'Show the numbers';
      layout();
    });
  });

  // ---- gallery embed codes ---------------------------------------------------
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;');
  }
  // snippet mirrors internal/site/charts.go's snippet(); keep them equal.
  function snippet(form) {
    var q = [];
    var theme = form.elements.theme.value;
    if (theme !== 'auto') q.push('theme=' + theme);
    var from = form.elements.from.value, to = form.elements.to.value;
    if (from && +from !== +form.elements.from.min) q.push('from=' + from);
    if (to && +to !== +form.elements.to.max) q.push('to=' + to);
    if (form.elements.notitle.checked) q.push('title=0');
    var src = form.getAttribute('data-url') + (q.length ? '?' + q.join('&') : '');
    var title = form.getAttribute('data-title'), h = form.getAttribute('data-frame-height');
    if (form.elements.size.value === 'fixed') {
      return '<iframe title="' + esc(title) + '" src="' + esc(src) + '" width="640" height="' + h +
        '" style="border:0" loading="lazy"></iframe>';
    }
    return '<iframe title="' + esc(title) + '" src="' + esc(src) + '" style="display:block;width:100%;aspect-ratio:640/' + h +
      ';min-height:' + h + 'px;max-height:' + (+h + 160) + 'px;border:0" loading="lazy" data-nktimeline-embed></iframe><script src="' +
      esc(form.getAttribute('data-embedjs')) + '" async></script>';
  }
  doc.querySelectorAll('form.embed-form').forEach(function (form) {
    var out = form.querySelector('textarea');
    var fig = doc.getElementById(form.getAttribute('data-figure'));
    function update() {
      out.value = snippet(form);
      if (fig && fig.chart) {
        var from = form.elements.from.value, to = form.elements.to.value;
        fig.chart.applyRange(/^[0-9]{4}$/.test(from) ? from : '', /^[0-9]{4}$/.test(to) ? to : '');
        var th = form.elements.theme.value;
        fig.classList.toggle('theme-dark', th === 'dark');
        fig.classList.toggle('theme-light', th === 'light');
        fig.setAttribute('data-theme', th);
        fig.chart.retheme();
        var title = fig.querySelector('.chart-title');
        if (title) title.classList.toggle('muted-title', form.elements.notitle.checked);
      }
    }
    form.addEventListener('change', update);
    form.addEventListener('input', function (e) { if (e.target.type !== 'number') update(); });
    form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
    // Its copy button is copy.js's, as on the event pages.
  });

  // ---- start -----------------------------------------------------------------
  layout();
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (en.isIntersecting) { en.target.chart.show(); io.unobserve(en.target); }
      });
    }, { rootMargin: '200px' });
    charts.forEach(function (c) { io.observe(c.fig); });
  } else {
    charts.forEach(function (c) { c.show(); });
  }
  if (window.ResizeObserver) {
    new ResizeObserver(function () { layout(); }).observe(doc.body);
  }
  window.addEventListener('resize', layout);
  if (darkQuery && darkQuery.addEventListener) {
    darkQuery.addEventListener('change', function () { charts.forEach(function (c) { c.retheme(); }); });
  }
})();
