// The home page's 每日活动 day tabs. With script, one day shows at a time (the reader's today
// during the week, else the first day) and a tab switches days; without script every day shows
// and a tab is a link to its day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A helper for the home page; a new home-page feature adds its own beside these.
const home = {
  tabs: (page) => page.locator('.today .day-tabs a'),
  visibleDays: (page) => page.locator('.today .day').evaluateAll((ds) => ds.filter((d) => d.offsetParent).map((d) => d.id)),
  current: (page) => page.locator('.today .day-tabs a[aria-current]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
};

test('day tabs: with script one day at a time; clicking a tab switches', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(''));
    const tabs = home.tabs(page);
    const n = await tabs.count();
    assert.equal(n, 7, 'a tab for each day of the week');
    const first = await home.visibleDays(page);
    assert.equal(first.length, 1, `one day shows: ${first}`);
    assert.deepEqual(await home.current(page), [`#${first[0]}`]);
    for (const i of [3, 6, 0]) {
      const tab = tabs.nth(i);
      const id = (await tab.getAttribute('href')).slice(1);
      await tab.click();
      assert.deepEqual(await home.visibleDays(page), [id], `tab ${i + 1} shows its day`);
      assert.deepEqual(await home.current(page), [`#${id}`]);
      assert.ok(!page.url().includes('#'), 'the click is handled on the page');
    }
    // by keyboard
    await tabs.nth(2).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await home.visibleDays(page), [(await tabs.nth(2).getAttribute('href')).slice(1)]);
  } finally { await closePage(page); }
});

test('day tabs: during the week the reader\'s today shows first', async () => {
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.clock.setFixedTime(new Date('2022-12-05T09:00:00+08:00'));
    await page.goto(url(''));
    const days = await home.visibleDays(page);
    const date = await page.locator(`#${days[0]}`).getAttribute('data-date');
    assert.equal(date, '2022-12-05');
  } finally { await closePage(page); }
});

test('day tabs: without script every day shows and each tab links to its day', async () => {
  const page = await newPage(browser, { viewport: PHONE, js: false });
  try {
    await page.goto(url(''));
    const days = await home.visibleDays(page);
    assert.equal(days.length, 7, `every day shows: ${days}`);
    const hrefs = await home.tabs(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, days.map((d) => `#${d}`));
    await home.tabs(page).nth(4).click();
    const top = await page.locator(`#${days[4]}`).evaluate((d) => d.getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 5, `the link scrolls to its day (top ${top})`);
  } finally { await closePage(page); }
});
