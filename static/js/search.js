// search.js: the search box of every page and the search page. It reads the
// static projection of the site's bleve index, analyses a query as bleve's
// "en" and "ru" analyzers do and scores it as bleve does, so it answers what
// `ftpdocs search` answers (search/FORMAT.md). Data files are scripts that
// call ftpdocsSearch(key, data), so they load from file:// too.
(function (G) {
  'use strict';
  if (G.ftpdocsSearch && G.ftpdocsSearch.core) return;

  // Loading: one promise per key, resolved when its script registers it.
  const slots = new Map();
  function slot(key) {
    let s = slots.get(key);
    if (!s) {
      s = {};
      s.p = new Promise((res, rej) => { s.res = res; s.rej = rej; });
      slots.set(key, s);
    }
    return s;
  }
  function ftpdocsSearch(key, data) { const s = slot(key); s.done = true; s.res(data); }
  let inject = (url) => new Promise((res, rej) => {
    const el = document.createElement('script');
    el.src = url;
    el.onload = () => { el.remove(); res(); };
    el.onerror = () => { el.remove(); rej(new Error('cannot load ' + url)); };
    document.head.append(el);
  });
  function load(key, url) {
    const s = slot(key);
    if (!s.started) {
      s.started = true;
      inject(url).then(() => s.done || s.rej(new Error(url + ' did not register ' + key)),
        (e) => { slots.delete(key); s.rej(e); });
    }
    return s.p;
  }

  // normalize is search.Normalize: well-formed, NFC, ё → е, and the capitals
  // of SHRINK lowered, repeated to a fixed point.
  const SHRINK = [[304,105],[7838,223],[8486,969],[8490,107],[8491,229],[11362,619],[11364,637],[11373,593],[11374,625],[11375,592],[11376,594],[11390,575],[11391,576],[42893,613],[42922,614],[42923,604],[42924,609],[42925,620],[42926,618],[42928,670],[42929,647],[42930,669],[42949,642]];
  const fold = new Map([['ё', 'е'], ['Ё', 'Е']].concat(SHRINK.map((p) => p.map((c) => String.fromCodePoint(c)))));
  const foldRE = new RegExp('[' + [...fold.keys()].join('') + ']', 'gu');
  const wellFormed = (s) => (s.toWellFormed ? s.toWellFormed()
    : Array.from(s, (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : c)).join(''));
  function normalize(s) {
    s = wellFormed(s);
    for (;;) {
      const t = s.normalize('NFC').replace(foldRE, (c) => fold.get(c));
      if (t === s) return s;
      s = t;
    }
  }

  // vlq decodes FORMAT.md's variable-length quantities: five bits a digit,
  // low bits first, digits from 32 up meaning "more follow".
  const DIGIT = new Int8Array(128).fill(-1);
  [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'].forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });
  function vlq(s) {
    const out = [];
    for (let i = 0, v = 0, m = 1; i < s.length; i++) {
      const d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) { v += (d - 32) * m; m *= 32; } else { out.push(v + d * m); v = 0; m = 1; }
    }
    return out;
  }

  // Word-break classes (Word_Break*4 + script, search/unicode_test.go) by
  // runs. INLINE covers U+0000–U+052F and U+2000–U+2BFF; search-unicode.js
  // covers every code point and adds Go's lower-case mapping.
  const INLINE = "A01K2O1GK0144018401m1101q110Au11i11m150Qe1401y110Qe1A01Oa101e1201W1701e1101i1201e150Ne110Ve110gEe140Ce1501i1805e1701e1101e1H0m3S5e1102e1204e11m11e1601e11i13e1101e110Ke110p2e110h4e1107Sc5e10WW8C02S2W1802q1A01q1201i12O5W1G02y1301m1F01y1B05W110AW1101e1D01e1G0De1p10X1SH01e1401e120Ae1101e1305e1601e1101e1101e1104e110Be1204e1505e1401e1H0f1e1jP0q1e1su10";
  const WIDE = [570,574];
  let runStart, runClass, lowStart = [], lowRun = [], full = false;
  function setTable(t) {
    const v = vlq(t.wb), st = [], cl = [];
    for (let i = 0, pos = 0; i < v.length; i += 2) {
      if (v[i] === 0) { pos = v[i + 1]; continue; }
      st.push(pos); cl.push(v[i + 1]); pos += v[i];
    }
    runStart = st; runClass = cl;
    if (t.lower) {
      const w = vlq(t.lower);
      lowStart = []; lowRun = [];
      for (let i = 0, pos = 0; i < w.length; i += 4) {
        lowStart.push(pos += w[i]);
        lowRun.push([w[i + 1], w[i + 2], w[i + 3] % 2 ? (1 - w[i + 3]) / 2 : w[i + 3] / 2]);
      }
      full = true;
    }
  }
  setTable({ wb: INLINE });
  const covered = (cp) => full || cp < 0x530 || (cp >= 0x2000 && cp < 0x2C00);
  function lastAtOrBefore(a, x) {
    let lo = 0, hi = a.length - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (a[m] <= x) lo = m; else hi = m - 1;
    }
    return lo;
  }
  const classOf = (cp) => (covered(cp) ? runClass[lastAtOrBefore(runStart, cp)] : 0);

  // The word patterns of blevesearch/segment (segment_words.rl) as an NFA
  // over classes, run as a lazily built DFA: a token is the longest match.
  const [DQ, SQ, HL, CR, LF, NL, EXT, FMT, KAT, AL, ML, MN, MNL, NUM, ENL, RI] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const is = (...w) => (c) => w.includes(c >> 2);
  const sc = (s) => (c) => (c & 3) === s;
  const sym = (p) => ({ t: 's', p }), seq = (...a) => ({ t: 'q', a }), alt = (...a) => ({ t: 'a', a });
  const star = (x) => ({ t: '*', x }), plus = (x) => ({ t: '+', x });
  const isEF = is(EXT, FMT);
  const ex = (p) => seq(sym(p), star(sym(isEF)));
  const grammar = (() => {
    const enl = ex(is(ENL)), k = ex(is(KAT)), hl = ex(is(HL)), ha = ex(is(HL, AL)), num = ex(is(NUM));
    const numRun = seq(num, star(seq(alt(star(enl), ex(is(MN, MNL, SQ))), num)));
    const haRun = seq(ha, star(seq(alt(star(enl), ex(is(ML, MNL, SQ))), ha)));
    const hebrew = seq(hl, alt(ex(is(SQ)), seq(ex(is(DQ)), hl)));
    const kRun = seq(k, star(seq(star(enl), k)));
    const word = seq(star(enl), alt(kRun, plus(alt(hebrew, numRun, haRun, enl))),
      star(seq(plus(enl), alt(kRun, plus(alt(hebrew, numRun, haRun))))), star(enl));
    return alt(seq(star(enl), numRun, star(enl)), plus(ex(sc(1))), plus(k), word, ex(sc(2)), ex(sc(3)));
  })();
  const nfa = [[null]]; // [predicate, next] or [null, ...next]; state 0 accepts
  function compile(n, next) {
    const add = (s) => nfa.push(s) - 1;
    switch (n.t) {
      case 's': return add([n.p, next]);
      case 'q': return n.a.reduceRight((nx, x) => compile(x, nx), next);
      case 'a': { const s = [null], id = add(s); for (const x of n.a) s.push(compile(x, next)); return id; }
      case '*': { const s = [null, 0, next], id = add(s); s[1] = compile(n.x, id); return id; }
      default: { const s = [null, 0, next], id = add(s); return (s[1] = compile(n.x, id)); }
    }
  }
  const dfa = new Map();
  function dstate(ids) {
    const seen = new Set(), stack = ids.slice();
    while (stack.length) {
      const id = stack.pop();
      if (seen.has(id)) continue;
      seen.add(id);
      if (nfa[id][0] === null) stack.push(...nfa[id].slice(1));
    }
    const set = [...seen].sort((a, b) => a - b), key = set.join();
    if (!dfa.has(key)) dfa.set(key, { ids: set.filter((i) => nfa[i][0]), accept: seen.has(0), next: [] });
    return dfa.get(key);
  }
  const dstart = dstate([compile(grammar, 0)]);
  function step(d, c) {
    if (!(c in d.next)) {
      const out = d.ids.filter((id) => nfa[id][0](c)).map((id) => nfa[id][1]);
      d.next[c] = out.length ? dstate(out) : null;
    }
    return d.next[c];
  }

  // tokenize cuts s as bleve's unicode tokenizer: [{text, start, end}] with
  // UTF-16 offsets. Between words it skips what segment's None rules match.
  function tokenize(s) {
    const cps = [], at = [];
    for (let i = 0; i < s.length; i += cps[cps.length - 1] > 0xFFFF ? 2 : 1) {
      cps.push(s.codePointAt(i)); at.push(i);
    }
    at.push(s.length);
    const cls = cps.map(classOf), n = cps.length, out = [], ef = (i) => i < n && isEF(cls[i]);
    for (let i = 0; i < n;) {
      let d = dstart, best = 0;
      for (let j = i; j < n && (d = step(d, cls[j])); j++) if (d.accept) best = j - i + 1;
      if (best) {
        out.push({ text: s.slice(at[i], at[i + best]), start: at[i], end: at[i + best] });
        i += best;
        continue;
      }
      const w = cls[i] >> 2;
      if (w === CR && i + 1 < n && cls[i + 1] >> 2 === LF) i += 2;
      else if (w === CR || w === LF || w === NL) i++;
      else if (w === RI) while (++i < n && (cls[i] >> 2 === RI || ef(i)));
      else if (w === EXT || w === FMT) while (ef(++i));
      else if (cps[i++] < 0x80) while (ef(i)) i++;
    }
    return out;
  }

  // lower is bleve's to_lower: Go's unicode.ToLower of each code point (in
  // the inline ranges the browser's toLowerCase gives the same), a final
  // sigma, but none after a code point of WIDE (bleve falls back there).
  function lowerCP(cp) {
    if (cp === 0x130) return 0x69; // İ: toLowerCase gives i + U+0307
    if (!full || cp < 0x530 || (cp >= 0x2000 && cp < 0x2C00)) {
      const l = String.fromCodePoint(cp).toLowerCase();
      return l.length === (cp > 0xFFFF ? 2 : 1) ? l.codePointAt(0) : cp;
    }
    const i = lastAtOrBefore(lowStart, cp), k = cp - lowStart[i];
    if (!(k >= 0)) return cp;
    const [n, stride, delta] = lowRun[i];
    return k % stride === 0 && k / stride < n ? cp + delta : cp;
  }
  function lower(s) {
    const cps = Array.from(s, (c) => c.codePointAt(0));
    let sigma = true;
    cps.forEach((cp, i) => {
      if (WIDE.includes(cp)) sigma = false;
      const l = lowerCP(cp);
      cps[i] = l !== cp && l === 0x3C3 && sigma && i === cps.length - 1 ? 0x3C2 : l;
    });
    return String.fromCodePoint(...cps);
  }

  // analyzer is bleve's analyzer of a language: normalised text to terms.
  function analyzer(lang, stop, stem) {
    const stops = new Set(stop);
    return (text) => {
      const out = [];
      for (let { text: t } of tokenize(text)) {
        if (lang === 'en' && /['\u2019\uFF07][sS]$/.test(t)) t = t.slice(0, -2); // possessive_en
        t = lower(t);
        if (!stops.has(t)) out.push(stem(t));
      }
      return out;
    };
  }
  const unique = (a) => [...new Set(a)];

  // cmp orders strings by code point, as Go orders UTF-8 strings.
  function cmp(a, b) {
    for (let i = 0; i < a.length && i < b.length; i++) {
      let x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        if (x >= 0xD800) x += x < 0xE000 ? 0x2000 : -0x800;
        if (y >= 0xD800) y += y < 0xE000 ? 0x2000 : -0x800;
        return x - y;
      }
    }
    return a.length - b.length;
  }

  // postings decodes a field's posting list: per document (gap<<1 | freq>1),
  // freq-2 when freq>1, field length. tfn is sqrt(freq)·norm, the part of
  // bleve's term score that does not depend on the query.
  const EMPTY = { docs: [], tfn: [] };
  function postings(s) {
    if (!s) return EMPTY;
    const docs = new Int32Array(s.length >> 1), tfn = new Float64Array(s.length >> 1);
    let n = 0, doc = -1, k = 0, freq = 1;
    for (let i = 0, v = 0, m = 1; i < s.length; i++) {
      const d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) { v += (d - 32) * m; m *= 32; continue; }
      v += d * m;
      if (k === 0) { // gap<<1 | freq>1
        docs[n] = doc += (v >>> 1) + 1;
        k = v & 1 ? 1 : 2;
        freq = 1;
      } else if (k === 1) { // freq-2
        freq = v + 2;
        k = 2;
      } else { // field length
        tfn[n++] = Math.sqrt(freq) * Math.fround(1 / Math.sqrt(v));
        k = 0;
      }
      v = 0; m = 1;
    }
    return { docs: docs.subarray(0, n), tfn: tfn.subarray(0, n) };
  }
  // count returns the number of documents of a posting string.
  function count(s) {
    let n = 0;
    const v = vlq(s || '');
    for (let i = 0; i < v.length; n++) i += v[i] & 1 ? 3 : 2;
    return n;
  }

  class Index {
    // metaURL is the URL of the meta file; assets maps porter, russian and
    // unicode to the URLs of those scripts.
    constructor(metaURL, assets) {
      this.meta = null;
      this.url = new URL(metaURL, G.location && G.location.href);
      this.searchDir = new URL('../', this.url);
      this.root = new URL('../', this.searchDir);
      this.assets = assets;
      this.cache = new Map();
    }
    ready() {
      if (!this.opening) {
        this.opening = load(this.url.href.slice(this.searchDir.href.length), this.url.href).then(async (m) => {
          if (m.format !== 2) throw new Error('search index format ' + m.format);
          const name = m.lang === 'ru' ? 'russian' : 'porter';
          this.analyze = analyzer(m.lang, m.stop, await load(name, this.assets[name]));
          this.meta = m;
          return this;
        });
        this.opening.catch(() => { this.opening = null; });
      }
      return this.opening;
    }
    file(name) {
      const key = this.meta.lang + '/' + this.meta.gen + '/' + name + '.js';
      return load(key, new URL(key, this.searchDir).href);
    }
    cached(key, f) {
      if (!this.cache.has(key)) this.cache.set(key, f());
      return this.cache.get(key);
    }
    chunk(i) { return this.cached('t' + i, () => this.file('t' + i).then((rows) => new Map(rows.map((r) => [r[0], r])))); }
    chunkOf(term) {
      const b = this.meta.bounds;
      let lo = 0, hi = b.length - 1;
      while (lo < hi) {
        const m = (lo + hi + 1) >> 1;
        if (cmp(b[m], term) <= 0) lo = m; else hi = m - 1;
      }
      return lo;
    }
    // entry returns a term's postings {title, body, code} (empty if absent).
    entry(term) {
      return this.cached('e' + term, async () => {
        const row = (await this.chunk(this.chunkOf(term))).get(term);
        if (!row) return { title: EMPTY, body: EMPTY, code: [] };
        const e = typeof row[1] === 'number' ? await this.file('p' + row[3]) : row.slice(1);
        let doc = -1;
        return { title: postings(e[0]), body: postings(e[1]), code: vlq(e[2] || '').map((g) => (doc += g + 1)) };
      });
    }
    // expand is search.Index.expand: up to max terms of the title and body
    // dictionaries that start with word, other than own, the most frequent
    // first.
    async expand(word, own) {
      const b = this.meta.bounds, found = [];
      let hi = this.chunkOf(word);
      const lo = hi;
      while (hi + 1 < b.length && (cmp(b[hi + 1], word) <= 0 || b[hi + 1].startsWith(word))) hi++;
      for (let i = lo; i <= hi; i++) {
        for (const [t, r] of await this.chunk(i)) {
          if (t === own || !t.startsWith(word)) continue;
          const df = typeof r[1] === 'number' ? r[1] + r[2] : this.cached('n' + t, () => count(r[1]) + count(r[2]));
          if (df) found.push([t, df]);
        }
      }
      found.sort((x, y) => y[1] - x[1] || cmp(x[0], y[0]));
      return found.slice(0, this.meta.prefix[1]).map((x) => x[0]);
    }
    terms(text) { return unique(this.analyze(text)); }

    // plan is search.Index.plan.
    async plan(q, typing) {
      q = normalize(q);
      if (!full && [...q].some((c) => !covered(c.codePointAt(0)))) setTable(await load('unicode', this.assets.unicode));
      const toks = tokenize(q), max = this.meta.maxClauses;
      const p = { words: toks.length, stems: [], prefixStem: '', expansions: [], code: '' };
      if (!toks.length) return p;
      if (toks.length === 1 && /^[0-9]{1,6}$/.test(toks[0].text)) p.code = toks[0].text;
      const last = toks[toks.length - 1], word = lower(last.text);
      if (typing && last.end === q.length && [...word].length >= this.meta.prefix[0]) {
        p.prefixStem = this.terms(last.text)[0] || '';
        p.expansions = await this.expand(word, p.prefixStem);
        if (p.expansions.length) {
          p.stems = this.terms(q.slice(0, last.start)).slice(0, max - 1);
          return p;
        }
        p.prefixStem = '';
      }
      p.stems = this.terms(q).slice(0, max);
      return p;
    }

    // search is search.Index.Search, or SearchPrefix when typing:
    // {total, hits: [{doc, score}] (the first k), terms, stopWordsOnly, pinned}.
    async search(q, typing, k = 10) {
      await this.ready();
      const p = await this.plan(q, typing), m = this.meta;
      const terms = p.stems.concat(p.prefixStem || [], p.expansions);
      const res = { total: 0, hits: [], terms, stopWordsOnly: false, pinned: false };
      if (!p.stems.length && !p.expansions.length) {
        res.stopWordsOnly = p.words > 0;
        return res;
      }
      const entries = new Map();
      await Promise.all(unique(terms.concat(p.code || [])).map(async (t) => entries.set(t, await this.entry(t))));
      const leaf = (t, f, boost) => {
        const ps = entries.get(t)[f], idf = 1 + Math.log(m.n / (ps.docs.length + 1));
        return { ps, idf, boost, count: ps.docs.length, weight: (boost * idf) ** 2 };
      };
      const clause = (t, bt, bb) => node([leaf(t, 'title', bt), leaf(t, 'body', bb)], 'or');
      const kids = p.stems.map((t) => clause(t, m.boost[0], m.boost[1]));
      if (p.expansions.length) {
        kids.push(node((p.prefixStem ? [clause(p.prefixStem, m.boost[0], m.boost[1])] : [])
          .concat(p.expansions.map((t) => clause(t, m.prefix[2], m.prefix[3]))), 'or'));
      }
      const top = node(kids, 'and');
      const r = evaluate(top, 1 / Math.sqrt(top.weight), m.n);
      res.total = r.docs.length;
      const better = (a, b) => r.score[a] > r.score[b] || (r.score[a] === r.score[b] && a < b);
      let pin = -1;
      if (p.code) for (const d of entries.get(p.code).code) if (r.has[d] && (pin < 0 || better(d, pin))) pin = d;
      // The first k (k+1 with a pin): a sort, or for a few an insertion
      // into a short sorted list.
      let best = [];
      const want = k + (pin >= 0);
      if (want > 50) {
        best = Array.from(r.docs).sort((a, b) => r.score[b] - r.score[a] || a - b).slice(0, want);
      } else {
        for (const d of r.docs) {
          if (best.length === want && !better(d, best[want - 1])) continue;
          let i = best.length === want ? want - 1 : best.length;
          while (i > 0 && better(d, best[i - 1])) { best[i] = best[i - 1]; i--; }
          best[i] = d;
        }
      }
      const order = pin >= 0 ? [pin].concat(best.filter((d) => d !== pin)) : best;
      res.pinned = pin >= 0;
      res.hits = order.slice(0, k).map((d) => ({ doc: d, score: r.score[d] }));
      return res;
    }

    // docs returns rows of the doc table: {doc, id, url, title, code, summary}.
    docs(nums) {
      const per = this.meta.per;
      return Promise.all(nums.map(async (n) => {
        const f = Math.floor(n / per);
        const [id, url, title, code, summary] = (await this.cached('d' + f, () => this.file('d' + f)))[n - f * per];
        return { doc: n, id, url, title, code, summary };
      }));
    }
    // text returns document n's text: xs lists the first document of each
    // pack of texts (VLQ gaps), xK holds pack K.
    async text(n) {
      const starts = await this.cached('xs', async () => {
        let d = -1;
        return vlq(await this.file('xs')).map((g) => (d += g + 1));
      });
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        const m = (lo + hi + 1) >> 1;
        if (starts[m] <= n) lo = m; else hi = m - 1;
      }
      const pack = await this.cached('x' + lo, () => this.file('x' + lo));
      return pack[n - starts[lo]];
    }
    href(url) {
      const u = new URL(url, this.root).href;
      return this.root.protocol === 'file:' && u.endsWith('/') ? u + 'index.html' : u;
    }
  }

  // node is a bleve conjunction ('and') or disjunction ('or') searcher: its
  // children in ascending order of count, as bleve sorts them (a stable
  // insertion sort at these sizes), the sum of their weights and counts.
  function node(children, kind) {
    children = children.slice().sort((a, b) => a.count - b.count);
    let count = 0, weight = 0;
    for (const c of children) { count += c.count; weight += c.weight; }
    return { kind, children, count, weight };
  }

  // evaluate scores a searcher tree as bleve does, with bleve's order of
  // floating-point operations, over documents 0…n-1: {docs (the matches),
  // has[doc], score[doc]}. Leaves are scored inside their disjunction.
  function evaluate(nd, norm, n) {
    const score = new Float64Array(n), has = new Uint8Array(n), docs = [];
    if (nd.kind === 'or') {
      const add = (d, s) => {
        if (!has[d]) docs.push(d);
        has[d]++;
        score[d] += s;
      };
      for (const c of nd.children) {
        if (c.kind) {
          const r = evaluate(c, norm, n);
          for (const d of r.docs) add(d, r.score[d]);
          continue;
        }
        const { ps, idf, boost } = c, qw = boost * idf * norm;
        for (let i = 0; i < ps.docs.length; i++) {
          const s = ps.tfn[i] * idf;
          add(ps.docs[i], qw !== 1 ? s * qw : s);
        }
      }
      for (const d of docs) score[d] *= has[d] / nd.children.length;
      return { docs, has, score };
    }
    const rs = nd.children.map((c) => evaluate(c, norm, n));
    if (rs.length === 1) return rs[0];
    const smallest = rs.reduce((a, b) => (b.docs.length < a.docs.length ? b : a));
    next: for (const d of smallest.docs) {
      let s = 0;
      for (const r of rs) {
        if (!r.has[d]) continue next;
        s += r.score[d];
      }
      score[d] = s;
      has[d] = 1;
      docs.push(d);
    }
    return { docs, has, score };
  }

  // marks returns the [start, end) of the words of s with a term in terms.
  function marks(ix, s, terms) {
    const set = new Set(terms);
    return tokenize(s || '').filter((t) => ix.analyze(normalize(t.text)).some((a) => set.has(a))).map((t) => [t.start, t.end]);
  }
  // snippet is search's snippet: the summary if it matched, else about 220
  // characters of the text from the first matched word, else the summary.
  const collapse = (s) => (s || '').replace(/[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g, ' ').trim();
  function cpBack(s, i, n) {
    while (n-- > 0 && i > 0) i -= i > 1 && /[\uDC00-\uDFFF]/.test(s[i - 1]) && /[\uD800-\uDBFF]/.test(s[i - 2]) ? 2 : 1;
    return i;
  }
  function cpFwd(s, i, n) {
    while (n-- > 0 && i < s.length) i += s.codePointAt(i) > 0xFFFF ? 2 : 1;
    return i;
  }
  function snippet(ix, summary, text, terms) {
    summary = collapse(summary);
    let m = marks(ix, summary, terms);
    if (m.length || text == null) return { text: summary, marks: m };
    text = collapse(text);
    m = marks(ix, text, terms);
    if (!m.length) return { text: summary, marks: [] };
    let start = cpBack(text, m[0][0], 60);
    if (start > 0) {
      const i = text.slice(start, m[0][0]).indexOf(' ');
      if (i >= 0) start += i + 1;
    }
    let end = cpFwd(text, start, 220);
    if (end < text.length) {
      const i = text.slice(m[0][1], end).lastIndexOf(' ');
      if (i >= 0) end = m[0][1] + i;
    }
    const pre = start > 0 ? '…' : '', shift = pre.length - start;
    return {
      text: pre + text.slice(start, end) + (end < text.length ? '…' : ''),
      marks: m.filter((r) => r[0] >= start && r[1] <= end).map((r) => [r[0] + shift, r[1] + shift]),
    };
  }

  const core = { normalize, tokenize, lower, analyzer, vlq, Index, snippet, marks, cmp, load, useFull: setTable,
    setInject(f) { inject = f; }, reset() { slots.clear(); full = false; setTable({ wb: INLINE }); } };
  ftpdocsSearch.core = core;
  G.ftpdocsSearch = ftpdocsSearch;
  if (typeof document === 'undefined') return;

  // The user interface: a combobox in every page's header, and the results
  // of ?q= on the search page.
  let uid = 0;
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    el.append(...kids.filter((c) => c != null));
    return el;
  }
  function marked(text, ranges) {
    const f = document.createDocumentFragment();
    let at = 0;
    for (const [a, b] of ranges) {
      if (a < at) continue;
      f.append(text.slice(at, a), h('mark', {}, text.slice(a, b)));
      at = b;
    }
    f.append(text.slice(at));
    return f;
  }
  // title renders a result's title: the code as a badge coloured by class,
  // then the title without the code, matched words marked.
  function title(ix, d, terms) {
    const t = d.code && d.title.startsWith(d.code + ' ') ? d.title.slice(d.code.length + 1) : d.title;
    return [d.code ? h('span', { class: 'c c' + (/^[1-6]/.test(d.code) ? d.code[0] : '0') }, d.code) : null,
      d.code ? ' ' : null, marked(t, marks(ix, t, terms))];
  }

  function setup(form) {
    const input = form.querySelector('input[name=q]');
    const S = {};
    for (const a of form.attributes) if (a.name.startsWith('data-s-')) S[a.name.slice(7)] = a.value;
    const lang = form.dataset.lang || document.documentElement.lang;
    const ix = new Index(new URL(form.dataset.index, location.href).href, form.dataset);
    const id = 'search-' + ++uid, page = document.getElementById('search-page');
    const list = h('ul', { role: 'listbox', id: id + '-list', class: 'search-list', 'aria-label': S.label || '' });
    const msg = h('p', { class: 'search-msg' }), foot = h('p', { class: 'search-foot' });
    const pop = h('div', { class: 'search-pop', hidden: '' }, msg, list, foot);
    const live = h('div', { class: 'vh', role: 'status', 'aria-live': 'polite' });
    form.append(pop, live);
    for (const [k, v] of Object.entries({ role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': list.id })) input.setAttribute(k, v);

    const url = (action, q) => {
      const u = new URL(action, location.href);
      if (u.protocol === 'file:' && u.pathname.endsWith('/')) u.pathname += 'index.html';
      u.search = q ? '?q=' + encodeURIComponent(q) : '';
      return u.href;
    };
    // countText gives the number of results in the right plural form: the
    // data-s-results-N samples are rendered for N = 1, 2, 5, and the sample
    // in the same Intl.PluralRules category as n is the pattern.
    const countText = (n) => {
      let rule = (x) => (x === 1 ? 'one' : 'other');
      try { const pr = new Intl.PluralRules(lang); rule = (x) => pr.select(x); } catch (e) { /* no Intl */ }
      const ks = Object.keys(S).filter((k) => /^results-\d+$/.test(k)), k = ks.find((x) => rule(+x.slice(8)) === rule(n)) || ks[0];
      return k ? S[k].replace(k.slice(8), n) : String(n);
    };
    const status = (res) => (res.stopWordsOnly ? S.stopwords : res.total ? countText(res.total) : S.none) || '';
    const other = (q) => h('a', { href: url(form.dataset.other, q), hreflang: form.dataset.otherLang || '' }, S.other || '');
    let timer = 0;
    const announce = (text) => { clearTimeout(timer); timer = setTimeout(() => { live.textContent = text; }, 500); };

    // seq numbers the searches, so that a late answer cannot replace a newer
    // one; shownFor is the query the list shows, running the search underway.
    let seq = 0, items = [], active = -1, pinned = false, shownFor = null, running = null;
    function open(on) {
      pop.hidden = !on;
      input.setAttribute('aria-expanded', String(on));
      if (!on) select(-1);
    }
    function select(i) {
      active = i;
      items.forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
      if (i < 0) return input.removeAttribute('aria-activedescendant');
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    }

    async function run(q, typing) {
      const my = ++seq;
      let res = null;
      if (q.trim()) {
        try {
          res = await ix.search(q, typing, page ? 1e9 : 8);
        } catch (e) {
          if (my === seq) { msg.textContent = S.error || String(e); list.textContent = ''; items = []; open(!page); announce(msg.textContent); }
          return;
        }
      }
      if (my !== seq) return;
      if (page) return showPage(res, q, my);
      if (!res) { items = []; shownFor = null; return open(false); }
      const docs = await ix.docs(res.hits.slice(0, 8).map((x) => x.doc)).catch(() => []);
      if (my !== seq) return;
      list.textContent = '';
      items = docs.map((d, i) => {
        const sn = snippet(ix, d.summary, null, res.terms);
        const li = h('li', { role: 'option', id: id + '-o' + i, 'aria-selected': 'false', class: 'search-item' },
          h('span', { class: 'search-title' }, ...title(ix, d, res.terms)),
          sn.text ? h('span', { class: 'search-snippet' }, marked(sn.text, sn.marks)) : null);
        li.dataset.href = ix.href(d.url);
        li.onmousedown = (e) => e.preventDefault();
        li.onclick = () => { location.href = li.dataset.href; };
        return li;
      });
      list.append(...items);
      active = -1;
      pinned = res.pinned;
      shownFor = pop.dataset.query = q;
      msg.textContent = status(res);
      foot.textContent = '';
      if (form.dataset.other) foot.append(other(q), ' · ', h('a', { href: url(form.getAttribute('action'), q) }, S.all || ''));
      open(true);
      announce(msg.textContent);
    }

    // The search page: every result, twenty at a time, with an excerpt of
    // the page's text.
    let shown = 0, pageRes = null;
    const pageMsg = h('p', { class: 'search-count', role: 'status' }), pageList = h('ol', { class: 'search-results' });
    const more = h('button', { type: 'button', class: 'search-more', hidden: '' }, S.more || '');
    const pageFoot = h('p', { class: 'search-other' });
    async function showPage(res, q, my) {
      pageRes = res; shown = 0;
      pageList.textContent = ''; pageFoot.textContent = '';
      pageMsg.textContent = res ? status(res) : S.prompt || '';
      if (res && form.dataset.other) pageFoot.append(other(q));
      history.replaceState(null, '', url(location.href, q));
      await showMore(my);
    }
    async function showMore(my) {
      const part = pageRes ? pageRes.hits.slice(shown, shown + 20) : [];
      shown += part.length;
      more.hidden = !pageRes || shown >= pageRes.hits.length;
      const docs = await ix.docs(part.map((x) => x.doc));
      const texts = await Promise.all(part.map((x) => ix.text(x.doc).catch(() => null)));
      if (my !== seq) return;
      docs.forEach((d, i) => {
        const sn = snippet(ix, d.summary, texts[i], pageRes.terms);
        pageList.append(h('li', {}, h('a', { href: ix.href(d.url) }, ...title(ix, d, pageRes.terms)), h('p', {}, marked(sn.text, sn.marks))));
      });
    }
    if (page) {
      page.append(pageMsg, pageList, more, pageFoot);
      more.onclick = () => showMore(seq);
    }

    input.addEventListener('input', () => { running = run(input.value, !page); });
    input.addEventListener('focus', () => { ix.ready().catch(() => {}); if (items.length && !page && input.value.trim()) open(true); });
    input.addEventListener('blur', () => setTimeout(() => open(false), 150));
    input.addEventListener('keydown', (e) => {
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && items.length && !page) {
        e.preventDefault();
        open(true);
        const i = active + (e.key === 'ArrowDown' ? 1 : -1);
        select(i < -1 ? items.length - 1 : i >= items.length ? -1 : i);
      } else if (e.key === 'Escape') {
        if (!pop.hidden) open(false);
        else if (input.value) { input.value = ''; running = run('', false); } else return;
        e.preventDefault();
      }
    });
    // Enter submits: it opens the chosen result, or the page of the reply
    // code the query is, or else the search page.
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = input.value;
      if (page) return (running = run(q, false));
      if (active >= 0) return location.assign(items[active].dataset.href);
      if (shownFor !== q) await running;
      location.assign(shownFor === q && pinned && items.length ? items[0].dataset.href : url(form.getAttribute('action'), q));
    });
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
    if (page) {
      input.value = new URLSearchParams(location.search).get('q') || '';
      running = run(input.value, false);
    } else if (document.activeElement === input) {
      // Loaded on demand (site.js): the reader may have typed already.
      ix.ready().catch(() => {});
      if (input.value.trim()) running = run(input.value, true);
    }
  }

  const start = () => document.querySelectorAll('form.search[data-index]').forEach(setup);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : window);
