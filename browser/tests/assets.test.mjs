// Each page type loads only the stylesheets and scripts it uses: style.css and the small
// xuezhou.js everywhere; calendar.js on the calendar and its days; search.js on /search/ only;
// lightbox.js where there is a gallery; highlight.css where there is highlighted code. The print
// views have their icon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, closePage, pageTypes, noteMissing, url, PHONE } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const name = (u) => new URL(u).pathname.split('/').pop();

/** What a page should load, from what it shows. */
function expected(shows) {
  const want = ['style.css', 'xuezhou.js'];
  if (shows.calendar) want.push('calendar.js');
  if (shows.search) want.push('search.js');
  if (shows.gallery) want.push('lightbox.js');
  if (shows.code) want.push('highlight.css');
  return want.sort();
}

for (const p of have) {
  test(`assets: ${p.name} loads only the stylesheets and scripts it uses`, async () => {
    const page = await newPage(browser, { viewport: PHONE });
    const loaded = [];
    page.on('request', (req) => { if (['stylesheet', 'script'].includes(req.resourceType())) loaded.push(name(req.url())); });
    try {
      await open(page, p);
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
      const shows = await page.evaluate(() => ({
        calendar: !!document.querySelector('.cal-week, .day-page'),
        search: !!document.querySelector('form[data-search]'),
        gallery: !!document.querySelector('.gallery a.gallery-link'),
        code: !!document.querySelector('pre [class^="hl-"], pre[class^="hl-"]'),
      }));
      assert.deepEqual([...new Set(loaded)].sort(), expected(shows), `${p.name} shows ${JSON.stringify(shows)}`);
      if (p.name === 'home') assert.deepEqual(loaded.sort(), ['style.css', 'xuezhou.js'], 'the home page loads one stylesheet and one script');
    } finally { await closePage(page); }
  });
}
noteMissing(test, missing, 'assets');

test('assets: the print views load the stylesheet and the small script, and link their icon', async () => {
  for (const path of ['events/launch-ceremony/print/', 'calendar/print/']) {
    const page = await newPage(browser, { viewport: PHONE });
    const loaded = [];
    page.on('request', (req) => { if (['stylesheet', 'script'].includes(req.resourceType())) loaded.push(name(req.url())); });
    try {
      await page.goto(url(path));
      assert.deepEqual(loaded.sort(), ['style.css', 'xuezhou.js'], path);
      const icon = await page.locator('link[rel=icon]').getAttribute('href');
      assert.ok(icon, `${path} links its icon`);
      const res = await page.request.get(new URL(icon, page.url()).href);
      assert.equal(res.status(), 200, `${path}: the icon answers`);
    } finally { await closePage(page); }
  }
});
