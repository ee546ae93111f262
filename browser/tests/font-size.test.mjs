// The font-size control (标准 / 放大字体 / 特大 in the masthead): enlarges the text, the choice
// is kept in localStorage `xz-font`, applied before paint by the inline head script, on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bodyText = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main .prose p')).fontSize));
const pressed = (page) => page.evaluate(() => [...document.querySelectorAll('.font-control [aria-pressed="true"]')].map((b) => b.textContent.trim()));

test('font size: 放大字体 and 特大 enlarge the text, and the choice follows the reader to other pages', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(''));
    const normal = await bodyText(page);
    assert.ok(normal >= 18, `body text ${normal}px`);
    assert.deepEqual(await pressed(page), ['标准']);

    await page.getByRole('button', { name: '放大字体' }).click();
    const large = await bodyText(page);
    assert.ok(large >= normal * 1.15, `放大字体: ${normal}px -> ${large}px`);
    assert.equal(await page.evaluate(() => localStorage.getItem('xz-font')), 'large');

    await page.locator('header details.menu > summary').click();   // the menu is behind one button
    await page.getByRole('link', { name: '活动安排' }).first().click();
    await page.waitForURL(/events\/$/);
    assert.equal(await bodyText(page), large, 'the next page opens at the chosen size');
    assert.deepEqual(await pressed(page), ['放大字体']);

    await page.getByRole('button', { name: '特大' }).click();
    const xlarge = await bodyText(page);
    assert.ok(xlarge >= large * 1.1, `特大: ${large}px -> ${xlarge}px`);
    await page.goto(url('about/'));
    assert.equal(await bodyText(page), xlarge);

    await page.getByRole('button', { name: '标准' }).click();
    assert.equal(await bodyText(page), normal);
    await page.reload();
    assert.equal(await bodyText(page), normal, '标准 is kept too');
    assert.deepEqual(await pressed(page), ['标准']);
  } finally { await closePage(page); }
});

test('font size: the stored choice applies before the page paints, without waiting for xuezhou.js', async () => {
  const page = await newPage(browser, { viewport: PHONE, font: 'xlarge' });
  try {
    // Hold back the theme script: only the inline head script can have applied the size.
    await page.route('**/xuezhou.js', (route) => route.abort());
    await page.goto(url('events/'), { waitUntil: 'domcontentloaded' });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.font), 'xlarge');
    assert.equal(await bodyText(page), 24);
  } finally { await closePage(page); }
});

test('font size: without JavaScript the control is hidden (it could not work) and text is 18px', async () => {
  const page = await newPage(browser, { viewport: PHONE, js: false });
  try {
    await page.goto(url(''));
    assert.equal(await page.locator('.font-control').isVisible(), false);
    assert.equal(await bodyText(page), 18);
  } finally { await closePage(page); }
});
