// harness.js runs the search client (static/js/search*.js) in Node for
// search/node_test.go: node harness.js JSDIR REQUEST.json > RESPONSE.json.
//
// The client's files run in one vm context, as in a page; data files load
// through the same ftpdocsSearch(key, data) registration as in a browser,
// read from disk instead of inserted as <script> elements.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { pathToFileURL, fileURLToPath } = require('url');

const [jsDir, reqFile] = process.argv.slice(2);
const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));

const ctx = vm.createContext({ TextEncoder, TextDecoder, URL, URLSearchParams, Intl, console, setTimeout, clearTimeout });
const run = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
run(path.join(jsDir, 'search.js'));
const core = vm.runInContext('ftpdocsSearch.core', ctx);
let loaded = 0, loadedBytes = 0;
const loadedFiles = [];
core.setInject((url) => {
  const file = fileURLToPath(url);
  loaded++;
  loadedBytes += fs.statSync(file).size;
  loadedFiles.push(file);
  run(file);
  return Promise.resolve();
});
const asset = (name) => pathToFileURL(path.join(jsDir, name)).href;
const assets = { porter: asset('search-porter.js'), russian: asset('search-russian.js'), unicode: asset('search-unicode.js') };

async function main() {
  const out = {};
  if (req.fullTable) core.useFull(await core.load('unicode', assets.unicode));
  if (req.analyze) {
    // {lang, stop, texts}: the terms of each text.
    const a = req.analyze;
    const stem = await core.load(a.lang === 'ru' ? 'russian' : 'porter', assets[a.lang === 'ru' ? 'russian' : 'porter']);
    const an = core.analyzer(a.lang, a.stop, stem);
    out.analyze = a.texts.map((t) => an(core.normalize(t)));
  }
  if (req.tokenize) out.tokenize = req.tokenize.map((t) => core.tokenize(t).map((x) => x.text));
  if (req.normalize) out.normalize = req.normalize.map((t) => core.normalize(t));
  if (req.lowerAll) {
    // Code points whose lower case (as one word) differs from themselves.
    const l = [];
    for (let cp = 0; cp <= 0x10FFFF; cp++) {
      if (cp >= 0xD800 && cp < 0xE000) continue;
      const s = String.fromCodePoint(cp), t = core.lower(s);
      if (t !== s) l.push([cp, t.codePointAt(0), Array.from(t).length]);
    }
    out.lowerAll = l;
  }
  if (req.lower) out.lower = req.lower.map((t) => core.lower(t));
  if (req.search) {
    // {meta, queries: [{q, typing}], size}: results with timings.
    const s = req.search;
    const ix = new core.Index(pathToFileURL(s.meta).href, assets);
    await ix.ready();
    out.search = [];
    for (const q of s.queries) {
      const r = await ix.search(q.q, q.typing);
      const hits = r.hits.slice(0, s.size || 10);
      const docs = await ix.docs(hits.map((h) => h.doc));
      out.search.push({
        total: r.total, stopWordsOnly: r.stopWordsOnly, pinned: r.pinned, terms: r.terms,
        hits: hits.map((h, i) => ({ id: docs[i].id, score: h.score })),
      });
    }
  }
  if (req.docs) {
    // {meta, n}: every document's row of the doc table and its text.
    const ix = new core.Index(pathToFileURL(req.docs.meta).href, assets);
    await ix.ready();
    const nums = Array.from({ length: req.docs.n }, (_, i) => i);
    const rows = await ix.docs(nums);
    const texts = await Promise.all(nums.map((n) => ix.text(n)));
    out.docs = rows.map((r, i) => ({ id: r.id, url: r.url, title: r.title, code: r.code, summary: r.summary, body: texts[i] }));
  }
  if (req.cost) {
    // {meta, queries, size}: for each query in a fresh client, the files a
    // first query loads (data and client scripts) and the compute time once
    // they are loaded.
    const c = req.cost;
    out.cost = [];
    // The first query of the process, with all code cold.
    let firstMs;
    {
      const ix = new core.Index(pathToFileURL(c.meta).href, assets);
      await ix.ready();
      const t0 = process.hrtime.bigint();
      const r = await ix.search(c.queries[0].q, c.queries[0].typing, c.size || 8);
      await ix.docs(r.hits.map((h) => h.doc));
      firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
      core.reset();
    }
    for (const q of c.queries) {
      const before = loadedFiles.length;
      const ix = new core.Index(pathToFileURL(c.meta).href, assets);
      await ix.ready();
      const r = await ix.search(q.q, q.typing, c.size || 8);
      await ix.docs(r.hits.map((h) => h.doc));
      const files = loadedFiles.slice(before);
      // Compute again with the files loaded, in fresh clients: decoding,
      // scoring, ranking and reading the doc table.
      // The median of 5 runs: a run that meets a garbage collection or
      // code not compiled yet is not the client's speed. (The very first
      // query of a process, all code cold, is reported apart.)
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        const fresh = new core.Index(pathToFileURL(c.meta).href, assets);
        const r = await fresh.search(q.q, q.typing, c.size || 8);
        await fresh.docs(r.hits.map((h) => h.doc));
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      out.cost.push({ files, ms: times[2], cold: times.length && out.cost.length === 0 ? firstMs : undefined });
      core.reset();
    }
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
