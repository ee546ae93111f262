// With JavaScript off, every page's content and navigation are there: the same text and the same
// links as with script, nothing hidden, the navigation complete once its 菜单 button is tapped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, PHONE } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Elements that exist only to be switched on by script (they would do nothing without it).
const SCRIPT_ONLY = '.font-control, [data-print], [data-filters], .cal-filtered-none, [data-search]';

function snapshot(scriptOnly) {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const main = document.querySelector('main');
  const clone = main.cloneNode(true);
  clone.querySelectorAll(scriptOnly).forEach((el) => el.remove());
  const hiddenInMain = [...main.querySelectorAll('*')].filter((el) => !el.closest(scriptOnly) &&
    (el.hidden || getComputedStyle(el).display === 'none') && el.textContent.trim()).map((el) => `${el.tagName.toLowerCase()}#${el.id}: "${norm(el.textContent).slice(0, 40)}"`);
  return {
    h1: norm(document.querySelector('h1')?.textContent || ''),
    text: norm(clone.textContent),
    visibleText: norm(main.innerText).length,
    links: [...document.querySelectorAll('a[href]')].filter((a) => !a.closest(scriptOnly)).map((a) => a.getAttribute('href')).sort(),
    nav: [...document.querySelectorAll('.site-nav a')].filter((a) => a.offsetParent).map((a) => a.textContent.trim()),
    footerLinks: [...document.querySelectorAll('footer a')].filter((a) => a.offsetParent).length,
    hiddenInMain,
  };
}

for (const p of have) {
  test(`no script: ${p.name} has all its content and navigation`, async () => {
    const on = await newPage(browser, { viewport: PHONE, js: true });
    const off = await newPage(browser, { viewport: PHONE, js: false });
    try {
      await open(on, p);
      await open(off, p);
      // The menu is behind one button (a <details>, which opens without script): open it.
      for (const page of [on, off]) {
        const menu = page.locator('header details.menu > summary');
        if (await menu.isVisible()) await menu.click();
      }
      const a = await on.evaluate(snapshot, SCRIPT_ONLY);
      const b = await off.evaluate(snapshot, SCRIPT_ONLY);
      assert.ok(b.h1, 'a heading');
      assert.ok(b.visibleText > 20, 'visible text in main');
      assert.equal(b.text, a.text, 'the same text in main as with script');
      const missingLinks = a.links.filter((l) => !b.links.includes(l));
      noProblems(missingLinks, 'links that only exist with script');
      assert.ok(b.nav.length >= 5, `the main navigation shows (${b.nav.join(' ')})`);
      assert.deepEqual(b.nav, a.nav);
      assert.ok(b.footerLinks >= 3, 'the footer links show');
      noProblems(b.hiddenInMain, 'content hidden without script');
    } finally { await closePage(on); await closePage(off); }
  });
}
noteMissing(test, missing, 'no script');
