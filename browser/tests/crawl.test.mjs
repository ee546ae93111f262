// A real static host: nginx serves the build under a sub-path (browser/run sets it up). Crawl it
// from the home page, following every same-origin link, image, srcset candidate, stylesheet
// (and its url()s), script, poster and source, and every #fragment; report each broken one with
// the page it was found on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, newPage, closePage, url, BASE, ORIGIN, SHOTS } from '../lib/site.mjs';

const MAX_URLS = 5000;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function refs() {
  const out = [];
  const add = (kind, v) => { if (v) out.push({ kind, ref: v }); };
  document.querySelectorAll('a[href], area[href]').forEach((a) => add('link', a.getAttribute('href')));
  document.querySelectorAll('link[href]').forEach((l) => add(l.rel.includes('stylesheet') ? 'stylesheet' : `link rel=${l.rel}`, l.getAttribute('href')));
  document.querySelectorAll('script[src]').forEach((s) => add('script', s.getAttribute('src')));
  document.querySelectorAll('img[src], source[src], video[src], audio[src], track[src], iframe[src], embed[src]').forEach((e) => add(e.tagName.toLowerCase(), e.getAttribute('src')));
  document.querySelectorAll('img[srcset], source[srcset]').forEach((e) => e.getAttribute('srcset').split(',').forEach((c) => add('srcset', c.trim().split(/\s+/)[0])));
  document.querySelectorAll('video[poster]').forEach((v) => add('poster', v.getAttribute('poster')));
  document.querySelectorAll('object[data]').forEach((o) => add('object', o.getAttribute('data')));
  document.querySelectorAll('meta[property="og:image"], meta[property="og:url"]').forEach((m) => add(m.getAttribute('property'), m.getAttribute('content')));
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id).concat([...document.querySelectorAll('a[name]')].map((a) => a.name));
  return { out, ids };
}

test('crawl: every same-origin link, image, stylesheet and script under nginx works', { timeout: 600_000 }, async (t) => {
  const page = await newPage(browser, { js: false });
  const status = new Map();       // url without fragment -> { status, type }
  const ids = new Map();          // html url -> Set of ids
  const foundOn = new Map();      // url -> [{ page, kind }]
  const fragments = [];           // { target, id, page, kind }
  const queue = [url('')];
  const external = new Set();
  const note = (u, from, kind) => { if (!foundOn.has(u)) foundOn.set(u, []); foundOn.get(u).push({ page: from, kind }); };
  note(url(''), '(start)', 'link');
  const broken = [];
  try {
    while (queue.length) {
      if (status.size >= MAX_URLS) throw new Error(`more than ${MAX_URLS} URLs: a link loop?`);
      const u = queue.shift();
      if (status.has(u)) continue;
      let res;
      try { res = await fetch(u, { redirect: 'manual', signal: AbortSignal.timeout(10_000) }); }
      catch (e) { status.set(u, { status: String(e.cause?.code || e.message) }); continue; }
      const type = (res.headers.get('content-type') || '').split(';')[0];
      const body = await res.text();
      status.set(u, { status: res.status, type, location: res.headers.get('location') });
      if (res.status !== 200) continue;
      const found = [];
      if (type === 'text/html') {
        await page.goto(u, { waitUntil: 'domcontentloaded' });
        const r = await page.evaluate(refs);
        ids.set(u, new Set(r.ids));
        for (const x of r.out) found.push({ ...x, abs: new URL(x.ref, u) });
      } else if (type === 'text/css') {
        for (const m of body.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g)) {
          const ref = m[2] || m[4];
          if (!ref.startsWith('data:')) found.push({ kind: 'css url()', ref, abs: new URL(ref, u) });
        }
      }
      for (const f of found) {
        if (!/^https?:$/.test(f.abs.protocol)) continue;               // mailto:, tel:, data:
        if (f.abs.origin !== ORIGIN) { external.add(f.abs.href); continue; }
        const target = f.abs.href.split('#')[0];
        note(target, u, f.kind);
        if (f.abs.hash && f.abs.hash.length > 1) fragments.push({ target, id: decodeURIComponent(f.abs.hash.slice(1)), page: u, kind: f.kind });
        if (!target.startsWith(BASE)) { broken.push(`${f.kind} ${target} leaves the site's sub-path ${new URL(BASE).pathname} (on ${u})`); continue; }
        if (!status.has(target)) queue.push(target);
      }
    }
    const pagesList = (list) => `on ${list.length} page(s): ${list.slice(0, 3).map((f) => f.page).join(' ')}${list.length > 3 ? ' …' : ''}`;
    for (const [u, s] of status) {
      if (s.status !== 200) {
        const on = foundOn.get(u) || [];
        broken.push(`${[...new Set(on.map((f) => f.kind))].join('/')} ${u} answers ${s.status}${s.location ? ` -> ${s.location}` : ''}, ${pagesList(on)}`);
      }
    }
    const badFragments = new Map();
    for (const fr of fragments) {
      const have = ids.get(fr.target);
      const key = `${fr.target}#${fr.id}`;
      if (have && !have.has(fr.id)) { if (!badFragments.has(key)) badFragments.set(key, []); badFragments.get(key).push(fr); }
    }
    for (const [key, list] of badFragments) broken.push(`${key}: no such anchor, ${pagesList(list)}`);
    // Every page in the sitemap is reachable from the home page.
    const sitemap = await (await fetch(url('sitemap.xml'), { signal: AbortSignal.timeout(10_000) })).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    assert.ok(locs.length > 10, 'sitemap.xml lists the pages');
    for (const l of locs) if (!status.has(l)) broken.push(`sitemap.xml lists ${l}, which no page links to (an orphan, or the sitemap has a wrong address)`);

    const pages = [...status.values()].filter((s) => s.type === 'text/html').length;
    const summary = { base: BASE, urls: status.size, pages, fragments: fragments.length, external: [...external].sort(), broken };
    writeFileSync(path.join(SHOTS, 'crawl.json'), JSON.stringify(summary, null, 2));
    t.diagnostic(`crawled ${status.size} URLs (${pages} pages), checked ${fragments.length} #fragments; ${external.size} links to other sites not followed`);
    if (broken.length) {
      const e = new Error(`${broken.length} broken:\n  ${broken.join('\n  ')}`); e.stack = e.message; throw e;
    }
  } finally { await closePage(page); }
});

test('crawl: a missing address gets the site\'s own 404 page, with status 404, under the sub-path', async () => {
  const res = await fetch(url('no/such/page/'), { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /页面未找到/);
  assert.match(html, new RegExp(`href="${new URL(BASE).pathname.replace(/\//g, '&#x2F;')}style.css"|href="${new URL(BASE).pathname}style.css"`), 'its stylesheet link works from any depth');
});

test('crawl: nginx sends the text gzip-compressed and with the right types', async () => {
  const check = async (p, type) => {
    const res = await fetch(url(p), { headers: { 'accept-encoding': 'gzip' }, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    assert.equal(res.status, 200, p);
    assert.equal((res.headers.get('content-type') || '').split(';')[0], type, p);
    return res.headers.get('content-encoding');
  };
  assert.equal(await check('', 'text/html'), 'gzip');
  assert.equal(await check('style.css', 'text/css'), 'gzip');
  await check('xuezhou.js', 'application/javascript');
  await check('atom.xml', 'application/atom+xml').catch(async () => check('atom.xml', 'text/xml'));
  await check('sitemap.xml', 'text/xml').catch(async () => check('sitemap.xml', 'application/xml'));
});
