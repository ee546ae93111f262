// The calendar's filters (town, category, audience, free). With script the form filters the
// week's events in place, says how many match (aria-live), keeps the choice in the address
// (?town=…) so that a reload or a shared link keeps it, and 清除筛选 shows everything again.
// Without script the form stays hidden and the links to the term pages and /calendar/free/ work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CAL = 'calendar/';

// The events shown (each once, by the address of its page), whatever the number of days it spans.
const shownEvents = (page) => page.locator('[data-filter-scope] [data-town]').evaluateAll((els) => {
  const set = new Set();
  for (const el of els) {
    if (el.hidden || !el.checkVisibility()) continue;
    const a = el.querySelector('a[href]');
    if (a) set.add(new URL(a.href).pathname);
  }
  return [...set].sort();
});

// A town with at least two events (its option reads 湖塘镇（3）), else the first one.
async function pickTown(page) {
  const opts = await page.locator('#f-town option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  const towns = opts.filter((o) => o.value);
  assert.ok(towns.length > 1, 'the town filter lists the demo\'s towns');
  const count = (o) => Number((o.text.match(/（(\d+)）/) || [])[1] || 0);
  return (towns.find((o) => count(o) >= 2 && o.value !== '区直单位') || towns[0]).value;
}

test('filters: choosing a town narrows the calendar to that town\'s events, in place', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const res = await page.goto(url(CAL));
    assert.equal(res.status(), 200);
    const form = page.locator('form[data-filters]');
    assert.ok(await form.isVisible(), 'with script the filter form shows');
    const all = await shownEvents(page);
    assert.ok(all.length > 5, `the calendar shows the week's events (${all.length})`);

    const town = await pickTown(page);
    // The town's own page (linked from the filter links) lists what the filter should leave.
    const termHref = await page.locator('[data-filter-links] a').filter({ hasText: town }).first().getAttribute('href');
    assert.ok(termHref, `a link to the term page of ${town}`);
    const term = await newPage(browser, { viewport: PHONE });
    let expected;
    try {
      const r = await term.goto(new URL(termHref, url(CAL)).href);
      assert.equal(r.status(), 200, `${termHref} answers`);
      expected = await term.locator('.event-card h3 a').evaluateAll((as) => [...new Set(as.map((a) => new URL(a.href).pathname))].sort());
    } finally { await closePage(term); }
    assert.ok(expected.length > 0, `${town} has events on its term page`);

    const before = page.url();
    await page.selectOption('#f-town', town);
    assert.equal(page.url().split('?')[0], before.split('?')[0], 'filtering does not leave the page');
    const shown = await shownEvents(page);
    assert.deepEqual(shown, expected, `the calendar filtered by ${town} shows the events of its term page`);

    const status = page.locator('[data-filter-status]');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    await page.waitForFunction((n) => (document.querySelector('[data-filter-status]').textContent || '').includes(String(n)),
      expected.length, { timeout: 5_000 });
    const said = await status.textContent();
    assert.match(said, new RegExp(`找到 ${expected.length} 项`), `the status announces the count: "${said}"`);

    const u = new URL(page.url());
    assert.equal(u.searchParams.get('town'), town, `the address keeps the choice: ${page.url()}`);

    // A reload (or the address shared) keeps the filter.
    await page.reload();
    assert.equal(await page.locator('#f-town').inputValue(), town, 'the select keeps the town after a reload');
    assert.deepEqual(await shownEvents(page), expected, 'the reloaded page is filtered the same');

    // Free only, on top of the town: never more than before, and each shown one is free.
    await page.selectOption('#f-free', 'yes');
    const freeShown = await page.locator('[data-filter-scope] [data-town]').evaluateAll((els) =>
      els.filter((el) => !el.hidden && el.checkVisibility()).map((el) => el.getAttribute('data-free')));
    assert.ok(freeShown.every((f) => f === 'yes'), 'with 免费 only free events show');
    assert.equal(new URL(page.url()).searchParams.get('free'), 'yes');

    // 清除筛选 brings back every event and clears the address.
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.waitForFunction(() => !location.search, null, { timeout: 5_000 });
    assert.deepEqual(await shownEvents(page), all, 'clearing shows every event again');
    assert.equal(await page.locator('#f-town').inputValue(), '');
    assert.match(await status.textContent(), new RegExp(`全部 ${all.length} 项`), 'the status says all are shown');
    assert.deepEqual(page.errors, [], 'no script error');
  } finally { await closePage(page); }
});

test('filters: the selects and the clear button are reachable by Tab', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(CAL));
    const want = ['f-town', 'f-category', 'f-audience', 'f-free'];
    const reached = [];
    for (let i = 0; i < 120 && reached.length < want.length; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
      if (want.includes(id) && !reached.includes(id)) reached.push(id);
    }
    assert.deepEqual(reached, want, 'Tab reaches the four selects, in order');
    // From the last select, the next Tab is the clear button; a keyboard choice filters too.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('type')), 'reset');
    await page.focus('#f-free');
    await page.keyboard.press('ArrowDown');   // a closed select changes value with the arrow keys
    const v = await page.locator('#f-free').inputValue();
    if (v === 'yes') assert.equal(new URL(page.url()).searchParams.get('free'), 'yes', 'a keyboard choice filters');
  } finally { await closePage(page); }
});

test('filters: without script the form is hidden and the links to the term pages work', async () => {
  const page = await newPage(browser, { viewport: PHONE, js: false });
  try {
    await page.goto(url(CAL));
    assert.equal(await page.locator('form[data-filters]').isVisible(), false, 'no form without script');
    const links = await page.locator('[data-filter-links] a').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(links.some((h) => /\/towns\/[^/]+\/$/.test(h)), 'links to town pages');
    assert.ok(links.some((h) => /\/categories\/[^/]+\/$/.test(h)), 'links to category pages');
    assert.ok(links.some((h) => /\/audiences\/[^/]+\/$/.test(h)), 'links to audience pages');
    const free = links.find((h) => /\/calendar\/free\/$/.test(h));
    assert.ok(free, 'a link to /calendar/free/');
    for (const h of [free, links.find((x) => /\/towns\//.test(x))]) {
      const r = await fetch(h, { signal: AbortSignal.timeout(10_000) });
      await r.arrayBuffer();
      assert.equal(r.status, 200, `${h} answers`);
    }
    // Every event is there, none hidden.
    const hidden = await page.locator('[data-filter-scope] [data-town]').evaluateAll((els) => els.filter((e) => e.hidden).length);
    assert.equal(hidden, 0, 'every event shows without script');
  } finally { await closePage(page); }
});
