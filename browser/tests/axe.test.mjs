// axe-core on every page type at phone and desktop size: no violations at all, of any impact.
// (Lighthouse's accessibility score, in lighthouse.test.mjs, runs axe too; this covers every page.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, newPage, open, closePage, pageTypes, noteMissing, PHONE, DESKTOP } from '../lib/site.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function describe(v) {
  return `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map((n) =>
    `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n');
}

for (const p of have) {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    for (const font of [undefined, 'xlarge']) {
      if (font && size === 'desktop') continue;
      test(`axe: ${p.name} at ${size}${font ? ' with 特大 font' : ''}`, async () => {
        const page = await newPage(browser, { viewport, font });
        try {
          await open(page, p);
          const result = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
            .analyze();
          // Every violation fails, minor and moderate ones too: QUALITY.md says there are none.
          const bad = result.violations;
          assert.equal(bad.length, 0, `${p.name} at ${size}:\n` + bad.map(describe).join('\n'));
        } finally { await closePage(page); }
      });
    }
  }
}
noteMissing(test, missing, 'axe');
