// Every control works by keyboard, with a visible focus: on every page type, Tab reaches every
// link and button in order, each focused one shows an outline, and the skip link, the font-size
// buttons and the home page's day tabs work with Enter and Space.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, PHONE, DESKTOP, PAGES, url } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Tabs through the page; returns what got focus, in order, with how its focus shows. */
async function tabThrough(page, max = 400) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const id = el.dataset.kbId || (el.dataset.kbId = String(Math.random()).slice(2));
      return {
        id, tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30),
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 ? `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}` : '',
        shadow: cs.boxShadow !== 'none' ? cs.boxShadow : '',
        onScreen: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
        focusVisible: el.matches(':focus-visible'),
      };
    });
    if (!f) { if (seen.length) break; else continue; }
    if (seen.length && f.id === seen[0].id) break;       // wrapped around
    seen.push(f);
  }
  return seen;
}

for (const p of have) {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`keyboard: ${p.name} at ${size}: Tab reaches every control, each with a visible focus`, async () => {
      const page = await newPage(browser, { viewport });
      try {
        await open(page, p);
        const reached = await tabThrough(page);
        const all = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
          .filter((el) => !el.closest('[hidden]') && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden' && !el.disabled && el.getClientRects().length && el.checkVisibility())
          .map((el) => el.dataset.kbId || `(never focused) ${el.tagName.toLowerCase()} "${(el.innerText || '').trim().slice(0, 30)}"`));
        const ids = new Set(reached.map((r) => r.id));
        noProblems(all.filter((id) => !ids.has(id)), 'controls that Tab never reaches');
        noProblems(reached.filter((r) => !r.focusVisible || !(r.outline || r.shadow)).map((r) => `${r.tag} "${r.text}"`), 'focus not visible');
        noProblems(reached.filter((r) => !r.onScreen).map((r) => `${r.tag} "${r.text}"`), 'focused but not scrolled into view');
        assert.equal(reached[0].text, '跳到正文', 'the first Tab stop is the skip link');
      } finally { await closePage(page); }
    });
  }
}
noteMissing(test, missing, 'keyboard');

test('keyboard: the skip link shows when focused and jumps to the content', async () => {
  const page = await newPage(browser);
  try {
    await open(page, PAGES.find((p) => p.name === 'event'));
    await page.keyboard.press('Tab');
    const box = await page.locator('.skip').boundingBox();
    assert.ok(box.x >= 0 && box.y >= 0 && box.height >= 44, `skip link at ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#main$/);
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
    assert.ok(inMain, 'after the skip link, Tab goes on inside the main content');
  } finally { await closePage(page); }
});

test('keyboard: the font-size buttons work with Enter and Space', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(url(''));
    const big = page.getByRole('button', { name: '放大字体' });
    await big.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.font), 'large');
    assert.equal(await big.getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.font), 'xlarge', 'Tab then Space picks 特大');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.font || 'normal'), 'normal', '标准');
  } finally { await closePage(page); }
});

test('keyboard: the 菜单 button opens the menu with Enter and Space; Tab then reaches its links', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(url('events/'));
    const summary = page.locator('header details.menu > summary');
    for (const key of ['Enter', 'Space']) {
      await summary.focus();
      await page.keyboard.press(key);
      assert.equal(await page.locator('header details.menu').evaluate((d) => d.open), true, `${key} opens the menu`);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), inMenu: !!document.activeElement.closest('.site-nav') }));
      assert.ok(first.inMenu && first.text === '首页', `Tab goes to the menu's first link (${first.text})`);
      await summary.focus();
      await page.keyboard.press(key);
      assert.equal(await page.locator('header details.menu').evaluate((d) => d.open), false, `${key} closes it again`);
    }
  } finally { await closePage(page); }
});
