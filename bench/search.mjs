// The search page on a phone, measured in Chromium (bench/run --search): serves a built site
// the way a static host does (gzip for text, from memory), throttles the network and the CPU as
// Lighthouse's mobile profile does (1.6 Mbit/s down, 150 ms round trip, 4× slower CPU), opens
// the search page with ?q=QUERY in a fresh context (nothing cached) and waits for the first
// result. Prints one JSON line per run:
//   {who, run, ms, ready_ms, index_bytes, code_bytes, requests, heap_mb, results}
// ms: from navigation start to the first .search-result; ready_ms: to DOMContentLoaded; index_bytes: bytes on the wire of the
// index's files fetched by then (xuezhou: search/*.json; Pagefind: pagefind-entry.json, pf_meta,
// pf_index, pf_fragment); code_bytes: Pagefind's script and WebAssembly (xuezhou's search.js
// is part of its page, as Pagefind's page script would be); heap_mb: the page's JS heap after
// the query and a garbage collection (WebAssembly memory is not in it).
//
//   node bench/search.mjs --site DIR --base /bench/ --who xuezhou|pagefind --query 书法 --runs 3
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(path.join(here, '..', 'browser', 'node_modules', 'playwright-core', 'index.mjs'));

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const site = args.site, base = args.base || '/', who = args.who || 'xuezhou';
const query = args.query || '书法', runs = Number(args.runs || 3);
const TIMEOUT = Number(args.timeout || 120_000);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png', '.woff2': 'font/woff2',
};
const COMPRESS = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml']);
const gz = new Map();

// Pagefind's own page: its API, as its UI uses it, drawing the first ten results' titles. On
// the main thread (noWorker), where the CPU throttling and the request count reach it (a
// worker's would escape both).
if (who === 'pagefind') {
  fs.writeFileSync(path.join(site, 'pagefind-bench.html'), `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>search</title><body><ol id="r"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
const pagefind = await import('./pagefind/pagefind.js');
await pagefind.options({ noWorker: true });
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
for (const d of data) { const li = document.createElement('li'); li.className = 'search-result'; li.textContent = d.meta.title; document.getElementById('r').append(li); }
</script></body></html>`);
}

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!p.startsWith(base)) { res.writeHead(404).end(); return; }
  p = path.join(site, p.slice(base.length));
  if (p.endsWith('/') || (fs.existsSync(p) && fs.statSync(p).isDirectory())) p = path.join(p, 'index.html');
  if (!fs.existsSync(p)) { res.writeHead(404).end(); return; }
  const ext = path.extname(p);
  const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'max-age=600' };
  let body = fs.readFileSync(p);
  if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    if (!gz.has(p)) gz.set(p, zlib.gzipSync(body, { level: 6 }));
    body = gz.get(p);
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const pageUrl = origin + base + (who === 'pagefind' ? 'pagefind-bench.html' : 'search/') + '?q=' + encodeURIComponent(query);

const isIndex = (u) => who === 'pagefind'
  ? /\/pagefind\/(pagefind-entry\.json|.*\.pf_(meta|index|fragment))/.test(u)
  : /\/search\/.+\.json/.test(u);
const isCode = (u) => who === 'pagefind' && /\/pagefind\/.*\.(js|wasm|pagefind)(\?|$)/.test(u) && !isIndex(u);

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const urls = new Map(), done = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => done.push({ url: urls.get(e.requestId), bytes: e.encodedDataLength }));
    // The page says when its first result is in; the harness waits on that promise rather than
    // polling with waitForFunction, whose injected script (a few hundred ms of the throttled main
    // thread, right at the start) and polls would be counted as the page's own work.
    await page.addInitScript(() => {
      window.__firstP = new Promise((resolve) => {
        new MutationObserver((_, obs) => {
          if (document.querySelector('.search-result')) { window.__first = performance.now(); obs.disconnect(); resolve(window.__first); }
        }).observe(document, { childList: true, subtree: true });
      });
    });
    await page.goto(pageUrl, { waitUntil: 'commit', timeout: TIMEOUT });
    let timer;
    const ms = await Promise.race([
      page.evaluate(() => window.__firstP),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT} ms`)), TIMEOUT); }),
    ]).finally(() => clearTimeout(timer));
    const ready = await page.evaluate(() => Math.round(performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd || 0));
    if (args.verbose) {
      for (const e of await page.evaluate(() => performance.getEntriesByType('resource').map((r) => [r.name, Math.round(r.startTime), Math.round(r.responseEnd)]))) console.error(e.join('  '));
    }
    const fetched = done.slice();
    const results = await page.locator('.search-result').count();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const sum = (f) => fetched.filter((r) => r.url && f(r.url)).reduce((a, r) => a + r.bytes, 0);
    console.log(JSON.stringify({
      who, run, ms: Math.round(ms), ready_ms: ready, index_bytes: sum(isIndex), code_bytes: sum(isCode),
      requests: fetched.filter((r) => r.url && (isIndex(r.url) || isCode(r.url))).length,
      heap_mb: +(heap.usedSize / 1048576).toFixed(1), results,
    }));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
