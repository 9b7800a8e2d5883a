// filter.js: the one implementation of the timeline's filters, shared by
// the home page (timeline.js), the embeddable list (list.js) and the
// gallery's list builder (listbuilder.js). It reads data/search.json (see
// internal/site/search.go and the About page) and exposes
// window.nktimelineFilter:
//
//   FIELDS                 the filters' names, which are also the query
//                          parameters: q kind class system site outcome tag
//                          era from to
//   criteria(get)          the filters from get(name) (a URLSearchParams'
//                          get, or a form's): strings, trimmed, years checked
//   query(c)               the filters as a query string, in FIELDS order
//   active(c), narrowed(c) whether any filter is set; any but the years
//   load(url)              a Promise of the Index of data/search.json
//   Index#match(c)         the events that pass c, newest first
//   Index#item(ev, opts)   an <li> for an event, as the timeline draws it
//   Index#describe(c)      the filters in words ("Missile launch · ICBM")
//   Index#entities(q)      the systems and sites whose name or an alias
//                          holds every word of q: [{kind, id, name, alias}]
//   tally(events)          events and ballistic missiles per year
//   countText(n, b)        "3 events · 5 ballistic missiles"
//
// Matching rules (the About page states them): every word of q must occur,
// ignoring case and accents, in the event's title, summary excerpt, date,
// kind, tags, classes, era, or the names and aliases of its systems and
// sites; kind "weapons" and "context" stand for the two groups of kinds;
// class "ballistic" for any ballistic class; an event passes outcome X when
// any of its launch groups had that outcome; from/to are years, inclusive,
// in either order.
(function () {
  'use strict';
  var FIELDS = ['q', 'kind', 'class', 'system', 'site', 'outcome', 'tag', 'era', 'from', 'to'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function fold(s) {
    s = String(s).toLowerCase();
    return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  function criteria(get) {
    var c = {};
    FIELDS.forEach(function (f) {
      var v = get(f);
      v = v === null || v === undefined ? '' : String(v).trim();
      if ((f === 'from' || f === 'to') && !/^[0-9]{4}$/.test(v)) v = '';
      c[f] = v;
    });
    return c;
  }

  function query(c) {
    var p = new URLSearchParams();
    FIELDS.forEach(function (f) { if (c[f]) p.set(f, c[f]); });
    return p.toString();
  }

  function active(c) { return FIELDS.some(function (f) { return !!c[f]; }); }
  function narrowed(c) { return FIELDS.some(function (f) { return f !== 'from' && f !== 'to' && !!c[f]; }); }

  // dateText formats YYYY[-MM[-DD]] as the site does ("3 Sep 2017").
  function dateText(iso) {
    var p = iso.split('-');
    if (p.length === 3) return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
    if (p.length === 2) return MONTHS[+p[1] - 1] + ' ' + p[0];
    return p[0];
  }

  function plural(n, one, many) { return n === 1 ? one : many; }
  function num(n) { return n.toLocaleString('en-GB'); }
  function countText(events, ballistic) {
    var s = num(events) + ' ' + plural(events, 'event', 'events');
    if (ballistic) s += ' · ' + num(ballistic) + ' ballistic ' + plural(ballistic, 'missile', 'missiles');
    return s;
  }

  function byID(list) {
    var m = {};
    (list || []).forEach(function (x) { m[x.id] = x; });
    return m;
  }

  // Index wraps the parsed data/search.json.
  function Index(data) {
    this.data = data;
    this.events = data.events || [];
    this.kinds = byID(data.kinds);
    this.classes = byID(data.classes);
    this.systems = byID(data.systems);
    this.sites = byID(data.sites);
    this.eras = byID(data.eras);
    this.base = data.base || '/';
    var self = this;
    this.events.forEach(function (ev) {
      ev.year = +ev.date.slice(0, 4);
      var k = self.kinds[ev.kind];
      ev.context = !!(k && k.context);
    });
  }

  Index.prototype.haystack = function (ev) {
    if (ev.text) return ev.text;
    var self = this, parts = [ev.title, ev.summary, ev.date, dateText(ev.date), ev.id];
    var k = this.kinds[ev.kind];
    if (k) parts.push(k.label);
    (ev.systems || []).forEach(function (id) {
      var s = self.systems[id];
      parts.push(id);
      if (s) parts.push(s.name, (s.aliases || []).join(' '));
    });
    (ev.sites || []).forEach(function (id) {
      var s = self.sites[id];
      parts.push(id);
      if (s) parts.push(s.name, (s.aliases || []).join(' '));
    });
    (ev.tags || []).forEach(function (t) { parts.push(t, t.replace(/-/g, ' ')); });
    Object.keys(ev.classes || {}).forEach(function (c) {
      parts.push(c);
      if (self.classes[c]) parts.push(self.classes[c].label);
    });
    if (ev.era && this.eras[ev.era]) parts.push(this.eras[ev.era].name);
    ev.text = fold(parts.join(' '));
    return ev.text;
  };

  // test reports whether ev passes the filters c.
  Index.prototype.test = function (ev, c, terms, from, to) {
    if (ev.year < from || ev.year > to) return false;
    if (c.kind) {
      if (c.kind === 'weapons') { if (ev.context) return false; }
      else if (c.kind === 'context') { if (!ev.context) return false; }
      else if (ev.kind !== c.kind) return false;
    }
    if (c['class']) {
      if (c['class'] === 'ballistic') { if (!ev.ballistic) return false; }
      else if (!(ev.classes && ev.classes[c['class']])) return false;
    }
    if (c.system && (ev.systems || []).indexOf(c.system) < 0) return false;
    if (c.site && (ev.sites || []).indexOf(c.site) < 0) return false;
    if (c.outcome && !(ev.outcomes && ev.outcomes[c.outcome])) return false;
    if (c.tag && (ev.tags || []).indexOf(c.tag) < 0) return false;
    if (c.era && ev.era !== c.era) return false;
    if (terms.length) {
      var text = this.haystack(ev);
      for (var i = 0; i < terms.length; i++) if (text.indexOf(terms[i]) < 0) return false;
    }
    return true;
  };

  Index.prototype.match = function (c) {
    var terms = fold(c.q || '').split(/\s+/).filter(Boolean);
    var from = +c.from || -Infinity, to = +c.to || Infinity;
    if (from > to) { var t = from; from = to; to = t; }
    var self = this;
    return this.events.filter(function (ev) { return self.test(ev, c, terms, from, to); });
  };

  Index.prototype.url = function (ev) { return this.base + 'events/' + ev.id + '/'; };

  // entities finds the weapon systems and sites that a search names, so
  // that a reader who types "KN-23" can go straight to the system's page.
  // alias is the alias that matched, when the name did not.
  Index.prototype.entities = function (q) {
    var terms = fold(q || '').split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var found = [];
    function has(s) {
      var t = fold(s);
      return terms.every(function (w) { return t.indexOf(w) >= 0; });
    }
    [['system', this.data.systems], ['site', this.data.sites]].forEach(function (p) {
      (p[1] || []).forEach(function (e) {
        var alias = '';
        if (!has(e.name)) {
          alias = (e.aliases || []).filter(has)[0] || '';
          if (!alias) return;
        }
        found.push({ kind: p[0], id: e.id, name: e.name, alias: alias });
      });
    });
    return found;
  };

  // facts fills p with the line under an event's summary, as the Go
  // templates write it: "2 SRBM, 1 cruise · KN-23, Hwasal-2 · from Sunan ·
  // outcome: 2 success, 1 failure", each system and site a link to its
  // page. It returns false for an event without launches.
  Index.prototype.facts = function (ev, p, target) {
    if (!ev.classes) return false;
    var self = this, doc = document;
    function text(s) { p.appendChild(doc.createTextNode(s)); }
    function links(ids, list, dir) {
      ids.forEach(function (id, i) {
        if (i) text(', ');
        var a = p.appendChild(doc.createElement('a'));
        a.href = self.base + dir + '/' + id + '/';
        a.textContent = list[id] ? list[id].name : id;
        if (target) { a.target = target; a.rel = 'noopener'; }
      });
    }
    var parts = [];
    (this.data.classes || []).forEach(function (c) {
      if (ev.classes[c.id]) parts.push(ev.classes[c.id] + ' ' + c.label);
    });
    text(parts.join(', '));
    var systems = (ev.systems || []).filter(function (id) { return self.systems[id]; });
    if (systems.length) { text(' · '); links(systems, this.systems, 'systems'); }
    var sites = (ev.sites || []).filter(function (id) { return self.sites[id]; });
    if (sites.length) { text(' · from '); links(sites, this.sites, 'sites'); }
    var outs = (this.data.outcomes || []).filter(function (o) { return ev.outcomes && ev.outcomes[o]; });
    if (outs.length === 1) text(' · outcome: ' + outs[0]);
    else if (outs.length > 1) text(' · outcome: ' + outs.map(function (o) { return num(ev.outcomes[o]) + ' ' + o; }).join(', '));
    return true;
  };

  // item builds the <li> of an event. opts.target opens links in a new
  // window and opts.heading names the title's element (h3 unless it says):
  // the embeddable list has no year headings.
  Index.prototype.item = function (ev, opts) {
    opts = opts || {};
    var doc = document;
    function el(tag, cls, text) {
      var e = doc.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }
    var li = el('li', 'ev' + (ev.context ? ' ctx' : ''));
    li.setAttribute('data-id', ev.id);
    var meta = li.appendChild(el('p', 'meta'));
    var time = meta.appendChild(el('time', '', dateText(ev.date)));
    time.setAttribute('datetime', ev.date);
    meta.appendChild(doc.createTextNode(' '));
    var k = this.kinds[ev.kind];
    meta.appendChild(el('span', 'badge k-' + ev.kind, k ? k.label : ev.kind));
    var body = li.appendChild(el('div', 'ev-body'));
    var a = body.appendChild(el(opts.heading || 'h3')).appendChild(el('a', '', ev.title));
    a.href = this.url(ev);
    if (opts.target) { a.target = opts.target; a.rel = 'noopener'; }
    body.appendChild(el('div', 'sum')).appendChild(el('p', '', ev.summary));
    var f = el('p', 'facts');
    if (this.facts(ev, f, opts.target)) body.appendChild(f);
    return li;
  };

  // describe names the active filters in words, for count lines.
  Index.prototype.describe = function (c) {
    var parts = [];
    if (c.kind === 'weapons') parts.push('Weapons activity');
    else if (c.kind === 'context') parts.push('Context');
    else if (c.kind) parts.push(this.kinds[c.kind] ? this.kinds[c.kind].label : c.kind);
    if (c['class'] === 'ballistic') parts.push('any ballistic missile');
    else if (c['class']) parts.push(this.classes[c['class']] ? this.classes[c['class']].label : c['class']);
    [['system', this.systems], ['site', this.sites], ['era', this.eras]].forEach(function (p) {
      var v = c[p[0]];
      if (v) parts.push(p[1][v] ? p[1][v].name + (p[0] === 'era' ? ' era' : '') : v);
    });
    if (c.outcome) parts.push('outcome: ' + c.outcome);
    if (c.tag) parts.push('tag: ' + c.tag.replace(/-/g, ' '));
    if (c.q) parts.push('“' + c.q + '”');
    var from = c.from, to = c.to;
    if (from && to && +from > +to) { var t = from; from = to; to = t; }
    if (from && to) parts.push(from === to ? 'in ' + from : from + '–' + to);
    else if (from) parts.push('since ' + from);
    else if (to) parts.push('up to ' + to);
    return parts.join(' · ');
  };

  // tally counts events and ballistic missiles per year.
  function tally(events) {
    var m = {};
    events.forEach(function (ev) {
      var t = m[ev.year] || (m[ev.year] = { events: 0, ballistic: 0 });
      t.events++;
      t.ballistic += ev.ballistic || 0;
    });
    return m;
  }

  var cache = {};
  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      }).then(function (d) { return new Index(d); });
      cache[url]['catch'](function () { delete cache[url]; });
    }
    return cache[url];
  }

  window.nktimelineFilter = {
    FIELDS: FIELDS, criteria: criteria, query: query, active: active, narrowed: narrowed,
    load: load, Index: Index, tally: tally, countText: countText, dateText: dateText, fold: fold
  };
})();
