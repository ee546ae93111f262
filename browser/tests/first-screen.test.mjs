// The reader's first screen on a phone (390×844): the page's own heading comes first. On every
// page type its heading starts within the first 40 % of the screen with 标准 type and is on the
// first screen with 放大字体 and 特大, with script and without; the menu is one button that opens
// without script; the font-size buttons show on the first screen; nothing stays fixed over the
// content while scrolling; a cover spans the column and loads first, the gallery lazily.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, url, PHONE, DESKTOP, SHOTS } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  writeFileSync(path.join(SHOTS, 'first-screen.json'), JSON.stringify(measured, null, 2));
});

const measured = {};
const heading = (page) => page.evaluate(() => {
  const h = document.querySelector('main h1');
  if (!h) return null;
  const r = h.getBoundingClientRect();
  return { top: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY), text: h.textContent.trim().slice(0, 20) };
});

for (const p of have) {
  test(`first screen: ${p.name}: the heading starts in the top 40 % at 标准 and is on the screen at 放大字体 and 特大`, async () => {
    const row = {};
    const problems = [];
    for (const [font, js] of [[undefined, true], ['large', true], ['xlarge', true], [undefined, false]]) {
      const page = await newPage(browser, { viewport: PHONE, font, js });
      try {
        await open(page, p);
        const h = await heading(page);
        assert.ok(h, 'the page has a heading in main');
        const name = `${font || 'normal'}${js ? '' : ' (no script)'}`;
        row[name] = h.top;
        const limit = font ? PHONE.height : 0.4 * PHONE.height;
        const at = font ? h.bottom : h.top;
        if (at > limit) problems.push(`${name}: the heading ${font ? 'ends' : 'starts'} at y = ${at}, past ${limit}`);
      } finally { await closePage(page); }
    }
    measured[p.name] = row;
    if (p.name === 'event') {
      // QUALITY.md quotes the event page's positions: they must still be what it says.
      const quality = readFileSync(path.join(process.env.XZ_REPO, 'QUALITY.md'), 'utf8');
      const said = (quality.match(/^\| event, after \| (\d+) \| (\d+) \| (\d+) \|/m) || []).slice(1).map(Number);
      const now = [row.normal, row.large, row.xlarge];
      assert.equal(said.length, 3, 'QUALITY.md gives the event page\'s heading positions');
      assert.ok(said.every((y, k) => Math.abs(y - now[k]) <= 8), `QUALITY.md says the event's heading is at ${said.join(' / ')}; it is at ${now.join(' / ')}: measure again and update it`);
    }
    console.log(`# ${p.name}: heading at y = ${Object.entries(row).map(([k, v]) => `${v} (${k})`).join(', ')}`);
    noProblems(problems, `${p.name}: the heading is not where it should be`);
  });
}
noteMissing(test, missing, 'first screen');

test('first screen: the menu is one button labelled 菜单 that opens without script, in the flow of the page', async () => {
  for (const js of [false, true]) {
    const page = await newPage(browser, { viewport: PHONE, js });
    try {
      await open(page, { path: 'events/' });
      const summary = page.locator('header details.menu > summary');
      assert.equal((await summary.innerText()).trim(), '菜单');
      const box = await summary.boundingBox();
      assert.ok(box.height >= 44 && box.width >= 44 && box.y + box.height <= PHONE.height * 0.3, `the menu button at ${JSON.stringify(box)}`);
      assert.equal(await page.locator('.site-nav a').first().isVisible(), false, 'the menu starts closed');
      const h1Before = (await heading(page)).top;
      await summary.click();
      const links = await page.locator('.site-nav a').evaluateAll((els) => els.filter((a) => a.checkVisibility()).map((a) => a.textContent.trim()));
      assert.ok(links.length >= 5 && links.includes('首页') && links.includes('活动日历'), `the open menu shows the site's sections: ${links}`);
      // Open, it pushes the page down rather than covering it.
      assert.ok((await heading(page)).top > h1Before, 'the open menu pushes the heading down');
      await summary.click();
      assert.equal(await page.locator('.site-nav a').first().isVisible(), false, 'a second tap closes it');
    } finally { await closePage(page); }
  }
});

test('first screen: the font-size buttons are on the first screen, outside the menu; on a desktop the menu is a bar', async () => {
  for (const font of [undefined, 'xlarge']) {
    const page = await newPage(browser, { viewport: PHONE, font });
    try {
      await open(page, { path: 'events/launch-ceremony/' });
      for (const name of ['标准', '放大字体', '特大']) {
        const b = page.getByRole('button', { name });
        assert.ok(await b.isVisible(), `${name} shows`);
        const box = await b.boundingBox();
        assert.ok(box.y + box.height <= PHONE.height * 0.4, `${name} at y = ${box.y} (${font || 'normal'})`);
        assert.equal(await b.evaluate((el) => !!el.closest('details')), false, `${name} is not inside the menu`);
      }
    } finally { await closePage(page); }
  }
  const page = await newPage(browser, { viewport: DESKTOP });
  try {
    await open(page, { path: 'events/' });
    assert.equal(await page.locator('header details.menu > summary').isVisible(), false, 'no menu button on a desktop');
    const links = await page.locator('.site-nav a').evaluateAll((els) => els.filter((a) => a.checkVisibility()).length);
    assert.ok(links >= 5, `the menu shows as a bar (${links} links)`);
  } finally { await closePage(page); }
});

test('first screen: nothing stays fixed over the content while scrolling', async () => {
  const { have: types } = await pageTypes();
  const problems = [];
  for (const p of types) {
    const page = await newPage(browser, { viewport: PHONE, font: 'xlarge' });
    try {
      await open(page, p);
      await page.evaluate(() => window.scrollTo(0, Math.min(1200, document.body.scrollHeight)));
      const stuck = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => {
        const cs = getComputedStyle(el);
        return (cs.position === 'fixed' || cs.position === 'sticky') && el.checkVisibility() && !el.closest('[hidden]');
      }).map((el) => `${el.tagName.toLowerCase()}.${el.className}`));
      for (const s of stuck) problems.push(`${p.name}: ${s}`);
    } finally { await closePage(page); }
  }
  noProblems(problems, 'fixed or sticky elements over the content');
});

test('first screen: a cover spans the text column and loads first; gallery photos load lazily', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url('events/yaoguan-canjiren-shuhuazhan/'));
    const cover = await page.evaluate(() => {
      const img = document.querySelector('figure.cover img');
      const col = document.querySelector('main h1').getBoundingClientRect();
      const r = img.getBoundingClientRect();
      return { width: r.width, left: r.left, column: col.width, columnLeft: col.left, loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority') };
    });
    assert.ok(Math.abs(cover.width - cover.column) <= 1 && Math.abs(cover.left - cover.columnLeft) <= 1,
      `the cover is ${cover.width}px wide at x = ${cover.left}; the column ${cover.column}px at x = ${cover.columnLeft}`);
    assert.ok(cover.width >= PHONE.width - 40, `the cover is ${cover.width}px wide on a ${PHONE.width}px screen`);
    assert.equal(cover.loading, 'eager');
    assert.equal(cover.priority, 'high');
    const gallery = await page.locator('.gallery img').evaluateAll((els) => els.map((i) => i.getAttribute('loading')));
    assert.ok(gallery.length > 0 && gallery.every((l) => l === 'lazy'), `gallery photos: ${gallery}`);
  } finally { await closePage(page); }
});
