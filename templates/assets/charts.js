// charts.js: draws the site's charts with the vendored ECharts and runs the
// embeddable pages (chart pages and event cards).
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
// On embeddable pages (<body class="embed">) it also applies ?theme=,
// ?title=0 and ?from=&to=, fits the chart into the frame and posts the
// page's height to the parent window for assets/embed.js.
//
// The from/to recomputation mirrors internal/chart (Go); the browser tests
// compare the two. No eval, no inline script: the site's CSP forbids both.
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  root.classList.add('js');
  var params = new URLSearchParams(location.search);
  var embed = doc.body && doc.body.classList.contains('embed');
  var framed = window.self !== window.top;
  if (framed) root.classList.add('framed');

  // ---- theme --------------------------------------------------------------
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  if (embed) {
    var th = params.get('theme');
    if (th === 'light' || th === 'dark') root.setAttribute('data-theme', th);
    if (params.get('title') === '0') {
      var h = doc.querySelector('.chart-title, .card-title');
      if (h) h.hidden = true;
    }
  }
  function isDark() {
    var t = root.getAttribute('data-theme');
    if (t) return t === 'dark';
    return !!(darkQuery && darkQuery.matches);
  }

  // ---- helpers shared with the Go descriptions -------------------------------
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function plural(n, one, many) { return n === 1 ? '1 ' + one : n + ' ' + many; }
  function period(a, b) { return a === b ? 'In ' + a : 'From ' + a + ' to ' + b; }
  function percent(n, total) { return Math.round(100 * n / total); }
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

  // Each function takes the whole record (option, table, data, from, to)
  // and the span [a, b] and returns {option, rows, description, height}.
  var ranged = {
    'ballistic-missiles-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option);
      var rows = t.rows.filter(function (r) { return +r[0] >= a && +r[0] <= b; });
      var iTot = col(t, 'Total'), iEv = col(t, 'Launch events');
      var total = sumCol(rows, iTot), events = sumCol(rows, iEv);
      var none = 0, maxN = 0, maxY = 0;
      rows.forEach(function (r) {
        if (+r[iTot] === 0) none++;
        if (+r[iTot] > maxN) { maxN = +r[iTot]; maxY = +r[0]; }
      });
      o.xAxis[0].data = rows.map(function (r) { return r[0]; });
      o.series = o.series.map(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return +r[i]; });
        return s;
      }).filter(function (s) { return s.data.some(function (v) { return v > 0; }); });
      var d;
      if (total === 0) {
        d = period(a, b) + ', no ballistic missiles were launched.';
      } else {
        d = period(a, b) + ', North Korea launched ' + plural(total, 'ballistic missile', 'ballistic missiles') +
          ' in ' + plural(events, 'launch event', 'launch events') + '.';
        if (a !== b) {
          d += ' The most in one year was ' + maxN + ', in ' + maxY + '.';
          if (none > 0) d += ' ' + none + ' of the ' + rows.length + ' years had none.';
        }
        var nouns = ['short-range missiles (SRBM)', 'medium-range missiles (MRBM)', 'intermediate-range missiles (IRBM)',
          'intercontinental missiles (ICBM)', 'submarine-launched missiles (SLBM)', 'missiles of unknown class'];
        var top = 0, sums = [];
        for (var j = 0; j < 6; j++) { sums.push(sumCol(rows, j + 1)); if (sums[j] > sums[top]) top = j; }
        d += ' The largest share were ' + nouns[top] + ': ' + sums[top] + ', or ' + percent(sums[top], total) + '%.';
      }
      return { option: o, rows: rows, description: d };
    },

    'tests-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option);
      var rows = t.rows.filter(function (r) { return +r[0] >= a && +r[0] <= b; });
      var iTot = col(t, 'Total');
      var total = sumCol(rows, iTot), maxN = 0, maxY = 0;
      rows.forEach(function (r) { if (+r[iTot] > maxN) { maxN = +r[iTot]; maxY = +r[0]; } });
      o.xAxis[0].data = rows.map(function (r) { return r[0]; });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return +r[i]; });
      });
      var s = [1, 2, 3, 4, 5].map(function (i) { return sumCol(rows, i); });
      var d;
      if (total === 0) {
        d = period(a, b) + ', the record holds no missile launches, satellite launches, nuclear tests or engine tests.';
      } else {
        d = period(a, b) + ', the record holds ' +
          plural(s[0], 'ballistic missile launch event', 'ballistic missile launch events') + ', ' +
          plural(s[1], 'other missile launch', 'other missile launches') + ', ' +
          plural(s[2], 'satellite launch', 'satellite launches') + ', ' +
          plural(s[3], 'nuclear test', 'nuclear tests') + ' and ' +
          plural(s[4], 'engine test', 'engine tests') + '.';
        if (a !== b) d += ' The busiest year was ' + maxY + ', with ' + maxN + '.';
      }
      return { option: o, rows: rows, description: d };
    },

    'nuclear-tests': function (f, a, b) {
      var t = f.table, o = clone(f.option);
      var rows = t.rows.filter(function (r) { var y = +r[0].slice(0, 4); return y >= a && y <= b; });
      o.xAxis[0].data = rows.map(function (r) { return monthText(r[0]); });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return val(r[i]); });
      });
      var d, n = rows.length;
      if (n === 0) d = period(a, b) + ', North Korea conducted no nuclear tests.';
      else if (n === 1) d = period(a, b) + ', North Korea conducted 1 nuclear test, on ' + dateText(rows[0][0]) + '.';
      else d = period(a, b) + ', North Korea conducted ' + n + ' nuclear tests, the first on ' + dateText(rows[0][0]) +
        ' and the last on ' + dateText(rows[n - 1][0]) + '.';
      var strongest = -1;
      rows.forEach(function (r, i) {
        if (r[4] !== '' && (strongest < 0 || +r[4] > +rows[strongest][4])) strongest = i;
      });
      if (strongest >= 0) {
        var r = rows[strongest];
        d += ' The strongest, on ' + dateText(r[0]) + ', had a seismic magnitude of ' + (+r[4]).toFixed(1);
        if (r[2] !== '') d += ' and an estimated yield of ' + r[2] + ' to ' + r[3] + ' kilotons';
        d += '.';
      }
      return { option: o, rows: rows, description: d };
    },

    'ballistic-missiles-by-month': function (f, a, b) {
      var t = f.table, o = clone(f.option);
      var rows = t.rows.filter(function (r) { return +r[0] >= a && +r[0] <= b; });
      var cells = [], total = 0, active = 0, maxM = 0, maxMY = 0, maxMM = 0, maxY = 0, maxYN = 0, unknown = 0;
      rows.forEach(function (r, i) {
        for (var m = 0; m < 12; m++) {
          var n = +r[m + 1];
          if (n > 0) { cells.push({ value: [m, i, n] }); active++; }
          if (n > maxM) { maxM = n; maxMY = +r[0]; maxMM = m; }
        }
        var u = +r[13];
        if (u > 0) cells.push({ value: [12, i, u] });
        total += +r[14]; unknown += u;
        if (+r[14] > maxYN) { maxYN = +r[14]; maxY = +r[0]; }
      });
      o.xAxis[0].data = unknown > 0 ? MONTHS.concat(['?']) : MONTHS.slice();
      o.yAxis[0].data = rows.map(function (r) { return r[0]; });
      o.series[0].data = cells;
      o.visualMap[0].max = Math.max(maxM, 1);
      var d;
      if (total === 0) {
        d = period(a, b) + ', no ballistic missiles were launched.';
      } else {
        d = period(a, b) + ', ballistic missiles were launched in ' + plural(active, 'month', 'different months') + '.';
        if (maxM > 0) d += ' The busiest month was ' + MONTHS[maxMM] + ' ' + maxMY + ', with ' + maxM + '.';
        if (a !== b) d += ' The busiest year was ' + maxY + ', with ' + maxYN + '.';
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
      o.series[0].data = list.map(function (s) {
        var n = s.b + s.o;
        return { name: s.site.name, value: [s.site.lon, s.site.lat, n], symbolSize: Math.round(6 + 38 * Math.sqrt(n / maxN)) };
      });
      var d;
      if (list.length === 0) {
        d = period(a, b) + ', no launch from a known site is recorded.';
      } else {
        var top = list[0];
        d = period(a, b) + ', missiles and space launchers were launched from ' + plural(list.length, 'known site', 'known sites') +
          '. The most used was ' + top.site.name;
        if (top.site.province) d += ' (' + top.site.province + ')';
        d += ', with ' + (top.b + top.o) + ' launched, ' + top.b + ' of them ballistic missiles.';
      }
      if (unknown.b + unknown.o > 0) d += ' For ' + (unknown.b + unknown.o) + ' more the launch site was not reported.';
      return { option: o, rows: rows, description: d };
    },

    'reach-per-year': function (f, a, b) {
      var t = f.table, o = clone(f.option);
      var rows = t.rows.filter(function (r) { return +r[0] >= a && +r[0] <= b; });
      o.xAxis[0].data = rows.map(function (r) { return r[0]; });
      o.series.forEach(function (s) {
        var i = col(t, s.name);
        s.data = rows.map(function (r) { return val(r[i]); });
      });
      var best = [null, null];
      rows.forEach(function (r) {
        [[1, 0], [4, 1]].forEach(function (p) {
          var c = r[p[0]];
          if (c !== '' && (best[p[1]] === null || +c > +best[p[1]][0])) best[p[1]] = r.slice(p[0], p[0] + 3);
        });
      });
      var d;
      if (!best[0] && !best[1]) {
        d = period(a, b) + ', no apogee or range of a ballistic missile is recorded.';
      } else {
        var parts = [];
        if (best[0]) parts.push('the highest apogee recorded was ' + best[0][0] + ' km, by a ' + best[0][1] + ' on ' + best[0][2]);
        if (best[1]) parts.push('the longest range was ' + best[1][0] + ' km, by a ' + best[1][1] + ' on ' + best[1][2]);
        d = period(a, b) + ', ' + parts.join(', and ') + '.';
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
        d = period(a, b) + ', no ballistic missiles were launched.';
      } else {
        var parts = eras.map(function (e) { return e.m + ' under ' + e.era.name; });
        var list = parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0];
        d = period(a, b) + ', North Korea launched ' + plural(total, 'ballistic missile', 'ballistic missiles') + ': ' + list + '.';
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

  // themed adapts an option to the page's colours: ECharts' dark theme
  // handles axes and text; the base map needs darker land.
  function themed(option, dark) {
    var o = clone(option);
    o.backgroundColor = 'transparent';
    if (dark && o.geo) {
      var g = Array.isArray(o.geo) ? o.geo[0] : o.geo;
      g.itemStyle = Object.assign({}, g.itemStyle, { color: '#3a4048', borderColor: '#8a939e' });
    }
    return o;
  }

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
    this.instance = null;
    this.shown = false;
  }

  // applyRange recomputes the chart, its description and table for the
  // years [from, to]; empty strings leave that end open.
  Chart.prototype.applyRange = function (from, to) {
    var f = this.full, fn = ranged[this.id];
    if (!f || !fn) return;
    if (from && to && +from > +to) { var x = from; from = to; to = x; }
    var a = from ? Math.max(+from, f.from) : f.from;
    var b = to ? Math.min(+to, f.to) : f.to;
    if (!from && !to) {
      this.option = this.base;
      this.setText(f.description, f.table.rows, f.height);
    } else {
      var r = fn(f, a, b);
      this.option = r.option;
      this.setText(r.description, r.rows, r.height || f.height);
    }
    this.fig.setAttribute('data-from', a);
    this.fig.setAttribute('data-to', b);
    if (this.instance) this.instance.setOption(themed(this.option, this.dark()), true);
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
    var o = themed(this.option, dark);
    if (this.narrow && o.legend && !Array.isArray(o.legend)) {
      o.legend.type = 'plain';
      (Array.isArray(o.grid) ? o.grid : [o.grid]).forEach(function (g) {
        if (g) g.top = (parseFloat(g.top) || 0) + 28;
      });
    }
    this.instance.setOption(o, true);
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
    var o = themed(this.option, dark);
    o.animation = false;
    o.backgroundColor = dark ? '#15171a' : '#ffffff';
    var shift = function (c) {
      (Array.isArray(c) ? c : [c]).forEach(function (x) { if (x) x.top = (parseFloat(x.top) || 0) + top; });
    };
    if (o.grid) shift(o.grid);
    if (o.geo) shift(o.geo);
    if (o.legend) shift(o.legend);
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
  var posted = -1;
  // layout sizes the charts. On a page of its own the CSS gives each canvas
  // its height (aspect ratio 640:Height, at least 260 px, at most Height;
  // heatmaps a fixed height); in a frame the chart fills what the frame
  // leaves, and the page reports the height it would like.
  function layout() {
    charts.forEach(function (c) {
      var s = c.canvas.style;
      if (c.fixedHeight) s.height = c.height + 'px';
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
      else if (c.instance && (w !== c.w || hh !== c.h)) c.instance.resize();
      c.w = w;
      c.h = hh;
    });
    postHeight();
  }

  function postHeight() {
    if (!embed || !framed) return;
    var h = Math.ceil(doc.body.getBoundingClientRect().height);
    // A chart page reports the height it wants, not the one it was squeezed to.
    if (charts.length === 1 && charts[0].natural) h = charts[0].natural;
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
