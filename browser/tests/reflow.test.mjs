// At 390 px: with the browser's text size at 200% (the reader's own setting, 16px -> 32px), and
// with the site's 特大, nothing is cut off and nothing scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, PHONE, SHOTS } from '../lib/site.mjs';
import { overflow } from '../lib/dom.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CASES = [
  { label: '200% text', opts: { textZoom: 2 }, rootPx: 36 },
  { label: '200% text and 特大', opts: { textZoom: 2, font: 'xlarge' }, rootPx: 48 },
  { label: '特大', opts: { font: 'xlarge' }, rootPx: 24 },
];

for (const p of have) {
  for (const c of CASES) {
    test(`reflow: ${p.name} at 390 px, ${c.label}`, async () => {
      const page = await newPage(browser, { viewport: PHONE, ...c.opts });
      try {
        await open(page, p);
        const root = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
        assert.equal(root, c.rootPx, 'the text really is that large');
        // With the menu open, so that its links are checked too (closed, they are not shown).
        const menu = page.locator('header details.menu > summary');
        if (await menu.isVisible()) await menu.click();
        const problems = await page.evaluate(overflow);
        if (problems.length && c.label === '200% text') {
          await page.screenshot({ path: path.join(SHOTS, `${p.name}-phone-200pct-FAILED.png`), fullPage: true });
        }
        noProblems(problems, `${p.name} at ${c.label}`);
      } finally { await closePage(page); }
    });
  }
}
noteMissing(test, missing, 'reflow');
