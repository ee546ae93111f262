// 适老化: what the national guidance for websites asks that a static site can meet, on every
// page type at phone size. Contrast (≥4.5:1) is axe's color-contrast rule, in axe.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, open, closePage, pageTypes, noteMissing, noProblems, PHONE } from '../lib/site.mjs';
import { controls, textBoxes } from '../lib/dom.mjs';

const { have, missing } = await pageTypes();
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const p of have) {
  test(`适老化: ${p.name}`, async (t) => {
    const page = await newPage(browser, { viewport: PHONE });
    try {
      await open(page, p);
      // The menu is behind one button: open it, so that its links are measured too.
      const menu = page.locator('header details.menu > summary');
      if (await menu.isVisible()) await menu.click();

      await t.test('text is at least 18px, body text with line height at least 1.5', async () => {
        const boxes = await page.evaluate(textBoxes);
        const small = boxes.filter((b) => b.fontSize < 17.95);
        noProblems(small.map((b) => `${b.tag}.${b.cls} "${b.text}" ${b.fontSize}px`), 'text under 18px');
        const tight = boxes.filter((b) => !b.heading && !(b.lineHeight / b.blockFontSize >= 1.5));
        noProblems(tight.map((b) => `${b.tag}.${b.cls} "${b.text}" line height ${b.lineHeight}px at ${b.blockFontSize}px`), 'line height under 1.5');
      });

      await t.test('every link and button outside running text is at least 44×44 px', async () => {
        const all = await page.evaluate(controls);
        const bad = all.filter((c) => !c.inText && (c.width < 44 || c.height < 44));
        noProblems(bad.map((c) => `${c.where} ${c.tag} "${c.text}" ${c.width}×${c.height}`), 'touch targets under 44×44 px');
        assert.ok(all.some((c) => c.where === 'nav'), 'the page has navigation links');
      });

      await t.test('no autoplaying or moving media', async () => {
        const found = await page.evaluate(() => ({
          autoplay: document.querySelectorAll('video[autoplay], audio[autoplay], marquee, blink').length,
          refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
        }));
        assert.deepEqual(found, { autoplay: 0, refresh: 0 });
        await page.waitForTimeout(500);
        const playing = await page.evaluate(() => [...document.querySelectorAll('video, audio')].filter((m) => !m.paused).length);
        assert.equal(playing, 0, 'media playing without being asked');
      });

      await t.test('nothing is hover-only', async () => {
        // :hover may restyle (colour, underline, border), never show or move anything.
        const allowed = /^(color|background(-[\w-]+)?|border(-\w+)*-color|border-color|text-decoration(-\w+)*|outline(-\w+)*|box-shadow|cursor)$/;
        const rules = await page.evaluate(() => {
          const out = [];
          const walk = (list) => {
            for (const r of list) {
              if (r.cssRules) walk(r.cssRules);
              if (r.selectorText && r.selectorText.includes(':hover')) {
                out.push({ sel: r.selectorText, props: [...r.style] });
              }
            }
          };
          for (const s of document.styleSheets) { try { walk(s.cssRules); } catch (e) { /* other origin */ } }
          return out;
        });
        const bad = rules.flatMap((r) => r.props.filter((pr) => !allowed.test(pr)).map((pr) => `${r.sel} { ${pr} }`));
        noProblems(bad, ':hover rules that do more than restyle');
        const scripts = await page.evaluate(async () => {
          const texts = [];
          for (const s of document.scripts) texts.push(s.src ? await (await fetch(s.src)).text() : s.textContent);
          return texts.join('\n');
        });
        assert.doesNotMatch(scripts, /mouse(over|enter|out|leave)|pointer(over|enter|out|leave)/, 'a script acts on hover');
      });

      await t.test('the font-size control: large, plainly worded buttons', async () => {
        const buttons = await page.locator('.font-control button').evaluateAll((els) => els.map((b) => {
          const r = b.getBoundingClientRect();
          return { text: b.textContent.trim(), w: r.width, h: r.height, fs: parseFloat(getComputedStyle(b).fontSize) };
        }));
        assert.deepEqual(buttons.map((b) => b.text), ['标准', '放大字体', '特大']);
        for (const b of buttons) assert.ok(b.w >= 44 && b.h >= 44 && b.fs >= 18, `${b.text}: ${b.w}×${b.h}, ${b.fs}px`);
      });

      if (p.event) {
        await t.test('打印 and 加入日历 are large, plainly worded buttons', async (tt) => {
          const printBtn = page.getByRole('button', { name: '打印', exact: true });
          await printBtn.waitFor({ state: 'visible', timeout: 5_000 });
          const box = await printBtn.boundingBox();
          assert.ok(box.width >= 44 && box.height >= 44, `打印 is ${box.width}×${box.height}`);
          await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
          await printBtn.click();
          assert.equal(await page.evaluate(() => window.__printed), 1, '打印 calls the browser\'s print');
          const cal = page.getByRole('link', { name: /加入日历/ });
          if (await cal.count() === 0) { tt.diagnostic('加入日历 is not in this build yet (calendar branch)'); return; }
          for (const el of await cal.all()) {
            const b = await el.boundingBox();
            const fs = await el.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
            assert.ok(b.width >= 44 && b.height >= 44 && fs >= 18, `加入日历 is ${b.width}×${b.height} at ${fs}px`);
          }
        });
      }
    } finally { await closePage(page); }
  });
}
noteMissing(test, missing, '适老化');
