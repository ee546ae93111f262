// The district's two tables on a phone: each row is a card (its name on top, every value under
// its column's name), nothing wider than the screen, also at 特大; on a desktop and in print
// they stay tables with their header row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, noProblems, url, PHONE, DESKTOP } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TABLES = [['schedule', 'tables/schedule/'], ['statistics', 'tables/statistics/']];

function layout() {
  const vw = document.documentElement.clientWidth;
  const table = document.querySelector('.data-table');
  const rows = [...table.querySelectorAll('tbody tr, tfoot tr')];
  const problems = [];
  for (const [i, tr] of rows.entries()) {
    const r = tr.getBoundingClientRect();
    if (r.left < 0 || r.right > vw + 0.5) problems.push(`row ${i + 1} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${vw}`);
    for (const td of tr.querySelectorAll('td')) {
      const c = td.getBoundingClientRect();
      if (c.right > vw + 0.5) problems.push(`row ${i + 1}, ${td.dataset.label}: ends at ${Math.round(c.right)} of ${vw}`);
      if (td.textContent.trim() && getComputedStyle(td, '::before').content !== `"${td.dataset.label}"`) {
        problems.push(`row ${i + 1}: a value without its column's name (${td.dataset.label})`);
      }
    }
  }
  const head = table.querySelector('thead').getBoundingClientRect();
  return {
    problems,
    rowDisplay: getComputedStyle(rows[0]).display,
    headerShown: head.height > 2 && head.width > 2,
    scrollWidth: document.scrollingElement.scrollWidth,
    vw,
    rows: rows.length,
    nameOnTop: rows.every((tr) => {
      const name = tr.querySelector('th[scope=row]');
      const first = tr.querySelector('td');
      return name && (!first || name.getBoundingClientRect().top < first.getBoundingClientRect().top);
    }),
    cardHeight: Math.round(rows[0].getBoundingClientRect().height),
  };
}

for (const [name, path] of TABLES) {
  for (const font of [undefined, 'xlarge']) {
    test(`tables: ${name} on a phone${font ? ' at 特大' : ''}: a card per row, nothing wider than the screen`, async () => {
      const page = await newPage(browser, { viewport: PHONE, font });
      try {
        await page.goto(url(path));
        const l = await page.evaluate(layout);
        assert.equal(l.rowDisplay, 'flex', 'each row is a card');
        assert.equal(l.headerShown, false, 'the header row is left to screen readers');
        assert.ok(l.nameOnTop, 'each card has its name on top');
        assert.ok(l.scrollWidth <= l.vw, `the page scrolls sideways (${l.scrollWidth} > ${l.vw})`);
        noProblems(l.problems, `${name} on a phone`);
        console.log(`# ${name}${font ? ' 特大' : ''}: ${l.rows} cards, the first ${l.cardHeight}px tall`);
      } finally { await closePage(page); }
    });
  }
  test(`tables: ${name} on a desktop and in print is a table with its header row`, async () => {
    for (const [viewport, media] of [[DESKTOP, 'screen'], [PHONE, 'print']]) {
      const page = await newPage(browser, { viewport });
      try {
        await page.emulateMedia({ media });
        await page.goto(url(path));
        const l = await page.evaluate(layout);
        assert.equal(l.rowDisplay, 'table-row', `${media} at ${viewport.width}px: rows are table rows`);
        assert.equal(l.headerShown, true, `${media} at ${viewport.width}px: the header row shows`);
      } finally { await closePage(page); }
    }
  });
}
