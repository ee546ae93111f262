// `xuezhou serve`'s live reload, in a browser, on a copy of the demo site: an edit to an event's
// Markdown reloads the open page; a broken edit shows the error overlay (file and line) over the
// last good page; fixing it removes the overlay and reloads; a stylesheet edit swaps the sheet
// without a reload. The server is stopped at the end whatever happens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, newPage, closePage, PHONE } from '../lib/site.mjs';
import { startServe, REPO } from '../lib/serve.mjs';

const EVENT = 'hutang-zhihui-zhulao';            // content/events/hutang-zhihui-zhulao.md
const WAIT = 10_000;                             // every reload must come within 10 s of the edit

let browser, srv, dir;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'xz-livereload-'));
  for (const p of ['site.toml', 'content', 'themes', 'static', '.cache']) {
    if (existsSync(path.join(REPO, p))) cpSync(path.join(REPO, p), path.join(dir, p), { recursive: true });
  }
  srv = await startServe({ root: dir, timeoutMs: 120_000 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const md = () => path.join(dir, 'content', 'events', `${EVENT}.md`);
const css = () => path.join(dir, 'themes', 'default', 'static', 'style.css');
const fail = (what, e) => { throw new Error(`${what}: ${e.message}\n--- xuezhou serve said:\n${srv.log().slice(-3000)}`); };

test('live reload: edits reload the page, a broken edit shows the overlay, a CSS edit swaps without reload', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const res = await page.goto(new URL(`events/${EVENT}/`, srv.base).href);
    assert.equal(res.status(), 200);
    // The live-reload stream is open before anything is edited.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/__xuezhou/events')),
      null, { timeout: WAIT }).catch(() => {});
    await page.waitForTimeout(300);
    const original = readFileSync(md(), 'utf8');

    // 1. A new paragraph: the page reloads by itself and shows it.
    const marker = `LIVE-RELOAD-${Date.now()}`;
    await page.evaluate(() => { window.__xzBefore = 1; });
    const edited = `${original.trimEnd()}\n\n${marker} 新加的一段。\n`;
    writeFileSync(md(), edited);
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker, { timeout: WAIT })
      .catch((e) => fail('the edit did not show within 10 s', e));
    assert.equal(await page.evaluate(() => window.__xzBefore), undefined, 'the page was reloaded');

    // 2. A broken edit: the overlay names the file and the line; the last good page stays under it.
    const lines = edited.split('\n');
    const townLine = lines.findIndex((l) => l.startsWith('town:')) + 1;
    assert.ok(townLine > 0);
    writeFileSync(md(), edited.replace(/^town: .*$/m, 'town: 不存在的镇'));
    const overlay = page.locator('#__xuezhou_overlay');
    await overlay.waitFor({ state: 'visible', timeout: WAIT }).catch((e) => fail('no error overlay within 10 s', e));
    const said = await overlay.innerText();
    assert.ok(said.includes(`${EVENT}.md:${townLine}:`), `the overlay names the file and line ${townLine}:\n${said}`);
    assert.ok(said.includes('不存在的镇'), 'the overlay shows the offending line');
    assert.ok(await page.evaluate((m) => document.body.innerText.includes(m), marker), 'the last good content is still there');
    // A page opened now gets the last good site with the overlay on it.
    const fresh = await page.context().newPage();
    try {
      await fresh.goto(page.url());
      assert.ok(await fresh.locator('#__xuezhou_overlay').isVisible(), 'a fresh load shows the overlay too');
      assert.ok((await fresh.locator('main').innerText()).includes(marker), 'over the last good version');
    } finally { await fresh.close(); }

    // 3. Fixed: the overlay goes and the page reloads.
    await page.evaluate(() => { window.__xzBroken = 1; });
    writeFileSync(md(), edited);
    await page.waitForFunction(() => window.__xzBroken === undefined && !document.getElementById('__xuezhou_overlay'),
      null, { timeout: WAIT }).catch((e) => fail('the fix did not reload the page within 10 s', e));
    await page.waitForLoadState('load');
    assert.ok(await page.evaluate((m) => document.body.innerText.includes(m), marker));

    // 4. A stylesheet edit: no reload, the new style applies.
    await page.waitForTimeout(300);
    await page.evaluate(() => { window.__xzCss = 'kept'; });
    const before = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--xz-live-test').trim());
    assert.equal(before, '');
    writeFileSync(css(), `${readFileSync(css(), 'utf8')}\n:root { --xz-live-test: swapped; }\n`);
    await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--xz-live-test').trim() === 'swapped',
      null, { timeout: WAIT }).catch((e) => fail('the new stylesheet did not apply within 10 s', e));
    assert.equal(await page.evaluate(() => window.__xzCss), 'kept', 'the page was not reloaded for a stylesheet');
    assert.deepEqual(page.errors.filter((e) => !/EventSource|__xuezhou/.test(e)), [], 'no script error');
  } finally { await closePage(page); }
});
