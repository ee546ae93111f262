// Photo galleries: with script a thumbnail opens the large photo in a dialog (close button always
// visible, at least 44 px), the arrow keys and a swipe change the photo, Esc closes and the focus
// returns to the thumbnail. Without script the thumbnail is a plain link to the large image file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An event of the demo with three photos (content/events/shinian-chengguo-zhan/).
const GALLERY = 'events/shinian-chengguo-zhan/';

const box = (page) => page.locator('.lightbox[role="dialog"]');
const counter = (page) => page.locator('.lightbox-counter').textContent();
// The photo shown in the dialog, once it has loaded.
async function shownPhoto(page) {
  const img = page.locator('.lightbox-figure img');
  await img.waitFor({ state: 'visible', timeout: 5_000 });
  await page.waitForFunction(() => {
    const i = document.querySelector('.lightbox-figure img');
    return i && i.complete && i.naturalWidth > 0;
  }, null, { timeout: 10_000 });
  return img.evaluate((i) => ({ src: i.currentSrc, alt: i.alt, w: i.getBoundingClientRect().width }));
}

// A horizontal swipe on the touch screen (CDP touch events, as a finger would send them).
async function swipe(page, fromX, toX, y) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
    const steps = 6;
    for (let s = 1; s <= steps; s++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fromX + ((toX - fromX) * s) / steps, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  } finally { await cdp.detach(); }
}

test('lightbox: a thumbnail opens the large photo; arrows, swipe, Esc and the focus', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const res = await page.goto(url(GALLERY));
    assert.equal(res.status(), 200);
    const links = page.locator('.gallery a.gallery-link');
    const n = await links.count();
    assert.ok(n >= 2, `the gallery has several photos (${n})`);
    const thumbW = await links.first().locator('img').evaluate((i) => i.getBoundingClientRect().width);

    await links.first().scrollIntoViewIfNeeded();
    await links.first().click();
    await box(page).waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await box(page).getAttribute('aria-modal'), 'true');
    assert.ok(page.url().endsWith(GALLERY), 'the click stays on the page');
    const first = await shownPhoto(page);
    assert.ok(first.w > thumbW, `the photo is larger than its thumbnail (${first.w} > ${thumbW})`);
    assert.ok(first.alt, 'the large photo keeps its alt text');
    assert.equal(await counter(page), `1 / ${n}`);

    const close = page.locator('.lightbox-close');
    assert.ok(await close.isVisible(), 'the close button is visible');
    const cb = await close.boundingBox();
    assert.ok(cb.width >= 44 && cb.height >= 44, `the close button is at least 44×44 (${cb.width}×${cb.height})`);
    assert.ok(cb.x >= 0 && cb.y >= 0 && cb.x + cb.width <= PHONE.width && cb.y + cb.height <= PHONE.height, 'the close button is on screen');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'lightbox-close', 'the focus moves into the dialog');

    await page.keyboard.press('ArrowRight');
    assert.equal(await counter(page), `2 / ${n}`, 'ArrowRight shows the next photo');
    const second = await shownPhoto(page);
    assert.notEqual(second.src, first.src, 'another photo');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await counter(page), `1 / ${n}`, 'ArrowLeft shows the previous photo');
    assert.equal((await shownPhoto(page)).src, first.src);

    // Swipe left: the next photo; swipe right: back.
    await swipe(page, 320, 60, 400);
    await page.waitForFunction((want) => document.querySelector('.lightbox-counter').textContent === want, `2 / ${n}`, { timeout: 5_000 });
    await swipe(page, 60, 320, 400);
    await page.waitForFunction((want) => document.querySelector('.lightbox-counter').textContent === want, `1 / ${n}`, { timeout: 5_000 });
    assert.ok(page.url().endsWith(GALLERY), 'a sideways swipe is not the browser\'s "back"');
    assert.ok(await box(page).isVisible(), 'a swipe does not close the photo');

    await page.keyboard.press('Escape');
    await box(page).waitFor({ state: 'hidden', timeout: 5_000 });
    assert.ok(await links.first().evaluate((a) => a === document.activeElement), 'the focus returns to the thumbnail');

    // By keyboard alone: Enter on a thumbnail opens it, the close button closes it.
    await links.nth(1).focus();
    await page.keyboard.press('Enter');
    await box(page).waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await counter(page), `2 / ${n}`, 'Enter opens the focused photo');
    await page.keyboard.press('Enter');   // the focus is on the close button
    await box(page).waitFor({ state: 'hidden', timeout: 5_000 });
    assert.ok(await links.nth(1).evaluate((a) => a === document.activeElement), 'the focus returns to the second thumbnail');
    assert.deepEqual(page.errors, [], 'no script error');
  } finally { await closePage(page); }
});

test('lightbox: without script a thumbnail links to the large image file', async () => {
  const page = await newPage(browser, { viewport: PHONE, js: false });
  try {
    await page.goto(url(GALLERY));
    const hrefs = await page.locator('.gallery a.gallery-link').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.length >= 2);
    for (const h of hrefs) {
      assert.match(new URL(h).pathname, /\.(jpe?g|webp|png)$/i, `${h} is an image file`);
      const r = await fetch(h, { signal: AbortSignal.timeout(10_000) });
      await r.arrayBuffer();
      assert.equal(r.status, 200, `${h} answers`);
      assert.match(r.headers.get('content-type') || '', /^image\//, `${h} is served as an image`);
    }
    await page.locator('.gallery a.gallery-link').first().click();
    await page.waitForURL(hrefs[0], { timeout: 10_000 });
    assert.equal(await page.locator('.lightbox').count(), 0, 'no lightbox without script');
  } finally { await closePage(page); }
});
