// Light pages: the home page's HTML, CSS and JS together, gzip-compressed, under the budget of
// QUALITY.md and as heavy as QUALITY.md says (its figures fail this test when they go stale); no
// web fonts; no request to any other host, on any page type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, url, ORIGIN, PHONE, SHOTS } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Loads a page, scrolls to the end (lazy images), and returns every request it made. */
async function load(page, entry) {
  const requests = [];
  page.on('requestfinished', async (req) => {
    const res = await req.response();
    const sizes = await req.sizes().catch(() => null);
    requests.push({ url: req.url(), type: req.resourceType(), status: res?.status(), encoding: (await res?.allHeaders())?.['content-encoding'] || '', wire: sizes ? sizes.responseBodySize : 0 });
  });
  page.on('requestfailed', (req) => requests.push({ url: req.url(), type: req.resourceType(), status: 'failed' }));
  await open(page, entry);
  await page.evaluate(async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 30)); } });
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  return requests;
}

// The home page weighed 19.6 KB (HTML + CSS + JS, gzip) before script was split by page.
const BUDGET = 19.5 * 1024;

/** QUALITY.md's weight table: { HTML: gzip bytes, 'style.css': …, 'xuezhou.js': …, together: … }. */
function documented() {
  const text = readFileSync(path.join(process.env.XZ_REPO, 'QUALITY.md'), 'utf8');
  const table = text.slice(text.indexOf('## Weight'), text.indexOf('\n## ', text.indexOf('## Weight') + 5));
  const out = {};
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.replace(/\*/g, '').trim());
    if (cells.length < 4) continue;
    const kb = (cells[3].match(/([\d.]+) KB/) || [])[1];
    if (kb && cells[1]) out[cells[1]] = Number(kb) * 1024;
  }
  return out;
}

test('weight: the home page is within its budget and weighs what QUALITY.md says', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const requests = await load(page, { path: '' });
    const rows = [];
    for (const r of requests.filter((q) => ['document', 'stylesheet', 'script'].includes(q.type))) {
      const body = Buffer.from(await (await fetch(r.url, { signal: AbortSignal.timeout(10_000) })).arrayBuffer());
      rows.push({ url: r.url.replace(ORIGIN, ''), type: r.type, raw: body.length, gzip: gzipSync(body, { level: 6 }).length, served: r.wire, encoding: r.encoding });
    }
    const total = rows.reduce((s, r) => s + r.gzip, 0);
    const served = rows.reduce((s, r) => s + r.served, 0);
    const all = requests.reduce((s, r) => s + (r.wire || 0), 0);
    const report = { page: url(''), rows, htmlCssJsGzip: total, htmlCssJsAsServed: served, everythingAsServed: all, requests: requests.length };
    writeFileSync(path.join(SHOTS, 'weight.json'), JSON.stringify(report, null, 2));
    console.log(`# home page: HTML+CSS+JS ${(total / 1024).toFixed(1)} KB gzip (${(served / 1024).toFixed(1)} KB as nginx sent them), ${requests.length} requests, ${(all / 1024).toFixed(1)} KB in all`);
    for (const r of rows) console.log(`#   ${r.type} ${r.url}: ${r.raw} B raw, ${r.gzip} B gzip, sent ${r.served} B ${r.encoding}`);
    assert.ok(rows.some((r) => r.type === 'document') && rows.some((r) => r.type === 'stylesheet'), 'measured the page and its stylesheet');
    assert.ok(total < BUDGET, `${total} bytes gzip, over the budget of ${BUDGET}`);
    assert.ok(served < BUDGET, `${served} bytes as served`);
    // One stylesheet and one small script: the calendar's, the viewer's and search's code are
    // loaded by the pages that use them.
    assert.deepEqual(rows.filter((r) => r.type !== 'document').map((r) => r.url.split('/').pop()).sort(), ['style.css', 'xuezhou.js']);
    const doc = documented();
    const near = (what, measured, said) => {
      assert.ok(said !== undefined, `QUALITY.md gives the gzip weight of ${what}`);
      assert.ok(Math.abs(measured - said) <= Math.max(300, 0.05 * measured),
        `QUALITY.md says ${what} is ${(said / 1024).toFixed(1)} KB gzip; it is ${(measured / 1024).toFixed(1)} KB: measure again and update it`);
    };
    near('HTML', rows.find((r) => r.type === 'document').gzip, doc.HTML);
    near('style.css', rows.find((r) => r.url.endsWith('style.css')).gzip, doc['style.css']);
    near('xuezhou.js', rows.find((r) => r.url.endsWith('xuezhou.js')).gzip, doc['xuezhou.js']);
    near('together', total, doc.together);
    assert.ok(rows.filter((r) => r.raw > 1024).every((r) => r.encoding === 'gzip'), 'nginx compresses the text it sends');
  } finally { await closePage(page); }
});

for (const p of have) {
  test(`weight: ${p.name} loads nothing from another host and no web font`, async () => {
    const page = await newPage(browser, { viewport: PHONE });
    try {
      const requests = await load(page, p);
      const foreign = requests.filter((r) => !r.url.startsWith('data:') && new URL(r.url).origin !== ORIGIN);
      noProblems(foreign.map((r) => `${r.type} ${r.url}`), 'requests to another host');
      noProblems(requests.filter((r) => r.type === 'font').map((r) => r.url), 'web fonts');
      const fontFaces = await page.evaluate(() => {
        let n = 0;
        const walk = (rules) => { for (const r of rules) { if (r instanceof CSSFontFaceRule) n++; if (r.cssRules) walk(r.cssRules); } };
        for (const s of document.styleSheets) { try { walk(s.cssRules); } catch (e) { n += 1000; } }
        return n;
      });
      assert.equal(fontFaces, 0, '@font-face rules (or a stylesheet from another host)');
      const failed = requests.filter((r) => r.status === 'failed' || r.status >= 400);
      const expected404 = p.status === 404 ? [url(p.path)] : [];
      noProblems(failed.filter((r) => !expected404.includes(r.url)).map((r) => `${r.status} ${r.url}`), 'failed requests');
    } finally { await closePage(page); }
  });
}
noteMissing(test, missing, 'weight');
