// A full-page screenshot of every page type at phone size (390×844), with and without script,
// and at the largest font choice, written to browser/screenshots/ for a person to look at.
import { test, before, after } from 'node:test';
import path from 'node:path';
import { launch, newPage, open, closePage, pageTypes, noteMissing, SHOTS, PHONE, DESKTOP } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const VARIANTS = [
  { suffix: 'phone', opts: { viewport: PHONE } },
  { suffix: 'phone-xlarge', opts: { viewport: PHONE, font: 'xlarge' } },
  { suffix: 'phone-nojs', opts: { viewport: PHONE, js: false } },
  { suffix: 'desktop', opts: { viewport: DESKTOP }, only: ['home', 'event'] },
];

for (const p of have) {
  test(`screenshot: ${p.name}`, async () => {
    for (const v of VARIANTS) {
      if (v.only && !v.only.includes(p.name)) continue;
      const page = await newPage(browser, v.opts);
      try {
        await open(page, p);
        await page.screenshot({ path: path.join(SHOTS, `${p.name}-${v.suffix}.png`), fullPage: true, timeout: 20_000 });
      } finally { await closePage(page); }
    }
  });
}
noteMissing(test, missing, 'screenshot');
