// The search page (/search/). With script the form shows; when the reader searches, only the
// shards a query needs are fetched; a 2-character Chinese word finds pages that have it inside longer words; an
// English word is found whatever its case; matches are in <mark>; the count is announced
// (aria-live); nothing found says so with suggestions; the query is kept in ?q= and a link with
// ?q= opens with the results. Without script the form stays hidden and the page offers links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';
import { controls } from '../lib/dom.mjs';
import { AxeBuilder } from '@axe-core/playwright';

let browser;
let have = true;
before(async () => {
  browser = await launch();
  const res = await fetch(url('search/'), { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  have = res.status === 200;
});
after(async () => { await browser?.close(); });

const SEARCH = 'search/';

// What the results list shows: each result's kind, title, address and the marked words.
const shown = (page) => page.locator('[data-search-results] .search-result').evaluateAll((items) => items.map((li) => {
  const a = li.querySelector('.search-title a');
  return {
    kind: li.querySelector('.search-kind')?.textContent || '',
    title: a?.textContent || '',
    href: a ? new URL(a.href).pathname : '',
    marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    text: li.textContent,
  };
}));

async function type(page, q) {
  const input = page.locator('#search-q');
  await input.fill('');
  await input.type(q, { delay: 20 });
  // The script searches after a pause in typing.
  await page.waitForFunction((want) => {
    const s = document.querySelector('[data-search-status]').textContent || '';
    // Results are drawn as their page shards arrive: wait for the whole first page of them.
    const found = Number((s.match(/找到 (\d+) 条/) || [])[1] || 0);
    const drawn = document.querySelectorAll('[data-search-results] .search-result').length;
    return s && !s.includes('正在载入') && new URL(location.href).searchParams.get('q') === want
      && drawn >= Math.min(found, 10);
  }, q, { timeout: 5_000 });
  return (await page.locator('[data-search-status]').textContent()).trim();
}

test('search: 2-character Chinese words are found inside longer words, marked, counted', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const res = await page.goto(url(SEARCH));
    assert.equal(res.status(), 200);
    const form = page.locator('form[role="search"]');
    assert.ok(await form.isVisible(), 'with script the search form shows');
    assert.equal(await page.locator('label[for="search-q"]').textContent(), '搜索');
    assert.ok(!requested.some((p) => p.includes('/search/') && p.endsWith('.json')), 'the index is not fetched before the reader starts');

    // 书法 appears in 书法班, 书法、国画 … but in no title: found in the text, marked there.
    const said = await type(page, '书法');
    assert.ok(!requested.some((p) => p.endsWith('/search/meta.json')), 'the page carries meta.json');
    const keyShards = requested.filter((p) => /\/search\/k\/\d+\.json$/.test(p));
    assert.equal(keyShards.length, 1, `one key shard for a 2-character word: ${keyShards}`);
    assert.ok(!requested.some((p) => /pinyin|t2s/.test(p)), 'the forgiving tables only when nothing is found');
    const status = page.locator('[data-search-status]');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    const results = await shown(page);
    assert.ok(results.length >= 2, `书法 finds several pages (${results.length})`);
    assert.match(said, new RegExp(`^找到 ${results.length} 条结果`), `the count is announced: "${said}"`);
    assert.ok(results.some((r) => r.marks.includes('书法')), `书法 is marked where a result shows it: ${JSON.stringify(results.map((r) => r.marks))}`);
    for (const r of results) {
      if (r.text.includes('书法')) assert.ok(r.marks.includes('书法'), `shown, so marked: ${r.title}`);
      assert.ok(r.href.startsWith(new URL(url('')).pathname), `links keep the base path: ${r.href}`);
      assert.ok(r.kind, `a kind label: ${r.title}`);
    }
    assert.ok(results.some((r) => r.title.includes('书画作品展')), 'the calligraphy exhibition is among them');

    // 湖塘 is inside 湖塘镇: events of that town are found, and titles with it come first.
    await type(page, '湖塘');
    const hutang = await shown(page);
    assert.ok(hutang.length >= 3, `湖塘 finds the town's pages (${hutang.length})`);
    const firstWithout = hutang.findIndex((r) => !r.title.includes('湖塘'));
    const lastWith = hutang.map((r) => r.title.includes('湖塘')).lastIndexOf(true);
    assert.ok(firstWithout === -1 || lastWith < firstWithout, 'results with 湖塘 in the title come first');

    // Two words: both must be there.
    await type(page, '湖塘 老年');
    const both = await shown(page);
    assert.ok(both.length >= 1 && both.length < hutang.length, `two words narrow the results (${both.length} of ${hutang.length})`);
    // Checked against the pages themselves: each result has both words.
    for (const r of both) {
      const html = await (await fetch(new URL(r.href, url('')).href, { signal: AbortSignal.timeout(10_000) })).text();
      assert.ok(html.includes('湖塘') && html.includes('老年'), `${r.title} has both words`);
    }

    // The results are big, and reachable by keyboard.
    const sizes = (await page.evaluate(controls)).filter((c) => c.where === 'main' && c.tag === 'a' && !c.inText);
    const small = sizes.filter((c) => c.width < 44 || c.height < 44);
    assert.deepEqual(small.map((c) => `${c.text} ${c.width}×${c.height}`), [], 'result links are ≥ 44×44 px');
    const fontPx = await page.locator('.search-title a').first().evaluate((a) => parseFloat(getComputedStyle(a).fontSize));
    assert.ok(fontPx >= 18, `result titles are at least 18px (${fontPx})`);
    await page.locator('#search-q').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.closest('.search-result') !== null);
    assert.ok(focused, 'Tab from the field goes past 搜索 to the first result');
    assert.deepEqual(page.errors, [], 'no script errors');
  } finally { await closePage(page); }
});

test('search: a word in the title ranks first, then in the terms (category, town…), then only in the text', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(SEARCH));
    // 讲座 is a category of the demo: six 讲座 have it in their title, 潞城's 家长课堂 only as its
    // category, and the notice, a case and an event of category 其他 only in their text.
    const said = await type(page, '讲座');
    const count = Number(said.match(/找到 (\d+) 条/)?.[1] || 0);
    assert.ok(count >= 5 && count <= 10, `讲座 finds one page of results: "${said}"`);
    const results = await shown(page);
    // Where each result has the word, read from its own page: the title, a link to the
    // category's page (the terms), or neither.
    const where = [];
    for (const r of results) {
      if (r.title.includes('讲座')) { where.push('title'); continue; }
      const own = await newPage(browser, { viewport: PHONE });
      try {
        await own.goto(new URL(r.href, url('')).href);
        const term = await own.locator('main a[href$="/categories/jiangzuo/"]').count();
        where.push(term > 0 ? 'terms' : 'text');
      } finally { await closePage(own); }
    }
    const rank = { title: 0, terms: 1, text: 2 };
    const order = where.map((w) => rank[w]);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `title, then terms, then text: ${where.join(', ')}`);
    for (const w of ['title', 'terms', 'text']) assert.ok(where.includes(w), `the demo has a 讲座 result by its ${w}: ${where}`);
    assert.deepEqual(page.errors, [], 'no script errors');
  } finally { await closePage(page); }
});

test('search: a slow file is waited for; a file that did not arrive is asked for again, and only it', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE });
  try {
    const asked = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\/search\/[kd]\/\d+\.json$/.test(path)) asked.push(path);
    });
    const count = (kind) => asked.filter((p) => p.includes(`/search/${kind}/`)).length;
    // The key shard takes 6 s, as on a weak connection; the page shards do not arrive at all.
    let pagesFail = true;
    await page.route(/\/search\/k\/\d+\.json$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await route.continue();
    });
    await page.route(/\/search\/d\/\d+\.json$/, (route) => (pagesFail ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(url(SEARCH));
    await page.locator('#search-q').fill('书法');
    await page.waitForFunction(() => /网络不好/.test(document.querySelector('[data-search-status]').textContent || ''), null, { timeout: 20_000 });
    assert.equal(count('k'), 1, 'the slow key shard was waited for, not given up and asked again');
    assert.ok(count('d') >= 1, 'the page shards were asked for');
    const again = page.locator('[data-search-results] .search-again');
    assert.ok(await again.isVisible(), '再试一次 is offered');

    pagesFail = false;
    const pagesBefore = count('d');
    await again.click();
    await page.waitForFunction(() => /找到 \d+ 条结果/.test(document.querySelector('[data-search-status]').textContent || '')
      && document.querySelector('[data-search-results] .search-result'), null, { timeout: 10_000 });
    assert.equal(count('k'), 1, 'the key shard that arrived is not asked for again');
    assert.ok(count('d') > pagesBefore, 'the page shards that did not arrive are asked for again');
    const errors = page.errors.filter((e) => !/Failed to load resource/.test(e));
    assert.deepEqual(errors, [], 'no script errors');
  } finally { await closePage(page); }
});

test('search: English words whatever their case; nothing found says so with suggestions', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(SEARCH));
    await type(page, 'app');
    const app = await shown(page);
    assert.ok(app.length >= 1, 'the demo mentions App');
    for (const r of app) {
      const html = await (await fetch(new URL(r.href, url('')).href, { signal: AbortSignal.timeout(10_000) })).text();
      assert.match(html, /app/i, `${r.title} has the word`);
      if (/app/i.test(r.text)) assert.ok(r.marks.some((m) => m.toLowerCase() === 'app'), `App is marked as written: ${r.marks}`);
    }

    const said = await type(page, '不存在的词语xyz');
    assert.match(said, /没有找到/);
    assert.equal(await page.locator('[data-search-results] .search-result').count(), 0);
    const tips = await page.locator('[data-search-results] .search-none').textContent();
    assert.match(tips, /试试/, 'suggestions follow');
    assert.ok(await page.locator('.search-browse a').first().isVisible(), 'the browse links are still there');

    // Markup in a query is shown as text, never run.
    await type(page, '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('[data-search-results] img').count(), 0, 'the query is not inserted as HTML');
    assert.deepEqual(page.errors, [], 'no script errors');
  } finally { await closePage(page); }
});

test('search: the query is kept in ?q=, a shared link opens with its results', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE });
  try {
    await page.goto(url(SEARCH) + '?q=' + encodeURIComponent('书法'));
    assert.equal(await page.locator('#search-q').inputValue(), '书法', 'the field is filled from the address');
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] .search-result').length > 0, null, { timeout: 5_000 });
    const first = await shown(page);
    assert.ok(first[0].title.includes('书法'), `a title with 书法 comes first: ${first[0].title}`);

    // Submitting with the button keeps the new query in the address; a reload keeps it.
    await page.locator('#search-q').fill('手机');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '手机', null, { timeout: 5_000 });
    await page.reload();
    assert.equal(await page.locator('#search-q').inputValue(), '手机');
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] .search-result').length > 0, null, { timeout: 5_000 });

    // Back from a result returns to the same results.
    const href = await page.locator('.search-title a').first().getAttribute('href');
    await page.locator('.search-title a').first().click();
    await page.waitForURL((u) => u.pathname === href, { timeout: 10_000 });
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] .search-result').length > 0, null, { timeout: 5_000 });
    assert.equal(await page.locator('#search-q').inputValue(), '手机');
  } finally { await closePage(page); }
});

test('search: without script the form is hidden and the page links to the lists', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const page = await newPage(browser, { viewport: PHONE, js: false });
  try {
    await page.goto(url(SEARCH) + '?q=书法');
    assert.equal(await page.locator('form[role="search"]').isVisible(), false, 'no search box that would do nothing');
    assert.ok(await page.locator('.no-js-only').isVisible(), 'a note says search needs script');
    const links = await page.locator('.search-browse a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    for (const want of ['calendar/', 'towns/', 'categories/', 'audiences/']) {
      assert.ok(links.some((l) => l.endsWith('/' + want)), `a link to ${want}: ${links.join(' ')}`);
    }
    const res = await page.goto(new URL(links.find((l) => l.endsWith('/towns/')), url('')).href);
    assert.equal(res.status(), 200, 'the links answer');
  } finally { await closePage(page); }
});

// axe.test.mjs checks the page as it opens; this checks it with results and with none.
test('search: axe finds no serious problem in the results or the no-result message', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const font of [undefined, 'xlarge']) {
    const page = await newPage(browser, { viewport: PHONE, font });
    try {
      for (const q of ['书法', '不存在的词语xyz']) {
        await page.goto(url(SEARCH) + '?q=' + encodeURIComponent(q));
        await page.waitForFunction(() => /找到|没有找到/.test(document.querySelector('[data-search-status]').textContent), null, { timeout: 5_000 });
        const result = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .analyze();
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), [], `?q=${q}${font ? ' with 特大' : ''}`);
      }
    } finally { await closePage(page); }
  }
});
