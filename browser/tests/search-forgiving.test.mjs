// The search page reads what readers type the way they mean it (issue 14), one test per kind
// of query, on the demo site: any two characters inside a word; several words; full-width
// letters and digits; traditional characters; words typed without a space; pinyin and its
// initials; sound-alike characters (a suggestion, with a link); synonyms from site.toml; and a
// query that finds nothing. Each checks the results against what the plain query finds, or
// against the pages themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, url, PHONE } from '../lib/site.mjs';

let browser, page;
let have = true;
before(async () => {
  browser = await launch();
  const res = await fetch(url('search/'), { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  have = res.status === 200;
  if (have) page = await newPage(browser, { viewport: PHONE });
});
after(async () => { if (page) await closePage(page); await browser?.close(); });

// Opens /search/?q=… (as a shared link does) and waits for the answer: the status, the results'
// titles and addresses, and the suggestion if any.
async function ask(q) {
  await page.goto(url('search/') + '?q=' + encodeURIComponent(q));
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-search-status]').textContent || '';
    if (/没有找到/.test(s)) return true;
    // Results are drawn as their page shards arrive: wait for the whole first page of them.
    const found = Number((s.match(/找到 (\d+) 条/) || [])[1] || 0);
    return found > 0 && document.querySelectorAll('[data-search-results] .search-result').length >= Math.min(found, 10);
  }, null, { timeout: 10_000 });
  return page.evaluate(() => ({
    status: document.querySelector('[data-search-status]').textContent.trim(),
    titles: [...document.querySelectorAll('.search-result .search-title a')].map((a) => a.textContent),
    hrefs: [...document.querySelectorAll('.search-result .search-title a')].map((a) => new URL(a.href).pathname),
    suggest: document.querySelector('.search-suggest')?.textContent || '',
    suggestHref: document.querySelector('.search-suggest a')?.getAttribute('href') || '',
  }));
}

const count = (status) => Number((status.match(/找到 (\d+) 条/) || [])[1] || 0);

async function pageText(href) {
  return (await fetch(new URL(href, url('')).href, { signal: AbortSignal.timeout(10_000) })).text();
}

test('search: two characters inside a longer word are found (非遗, 长河 in 马长河, 诈骗 in 电信诈骗)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const [q, title] of [['非遗', '非遗传承人书法'], ['长河', '马长河'], ['诈骗', '']]) {
    const got = await ask(q);
    assert.ok(got.titles.length >= 1, `${q}: ${got.status}`);
    if (title) assert.ok(got.titles.some((x) => x.includes(title)), `${q} finds ${title}: ${got.titles}`);
    for (const href of got.hrefs) assert.ok((await pageText(href)).includes(q), `${href} has ${q}`);
  }
  assert.deepEqual(page.errors, [], 'no script errors');
});

test('search: several words must all appear', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const one = await ask('湖塘');
  const two = await ask('湖塘 书法');
  assert.ok(two.titles.length >= 1 && count(two.status) < count(one.status), `${two.status} / ${one.status}`);
  for (const href of two.hrefs) {
    const html = await pageText(href);
    assert.ok(html.includes('湖塘') && html.includes('书法'), `${href} has both words`);
  }
});

test('search: full-width letters and digits find what half-width ones find', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const [wide, narrow] of [['ＡＰＰ', 'app'], ['１２月３日', '12月3日']]) {
    const a = await ask(wide);
    const b = await ask(narrow);
    assert.ok(b.titles.length >= 1, `${narrow}: ${b.status}`);
    assert.deepEqual(a.hrefs, b.hrefs, `${wide} = ${narrow}`);
  }
});

test('search: traditional characters find simplified text (書法 = 书法)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const trad = await ask('書法');
  const simp = await ask('书法');
  assert.ok(simp.titles.length >= 1);
  assert.deepEqual(trad.hrefs, simp.hrefs);
  assert.match(trad.status, /简体字“书法”/, trad.status);
});

test('search: Chinese typed without a space is split into the site\'s words (湖塘书法, 湖塘手机)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const [joined, spaced] of [['湖塘书法', '湖塘 书法'], ['湖塘手机', '湖塘 手机']]) {
    const a = await ask(joined);
    const b = await ask(spaced);
    assert.ok(b.titles.length >= 1, `${spaced}: ${b.status}`);
    assert.deepEqual(a.hrefs, b.hrefs, `${joined} finds what ${spaced} finds`);
    assert.match(a.status, new RegExp(`已按“${spaced}”查找`), a.status);
  }
});

test('search: pinyin and initials of titles, towns, topics and names (hutang, shufa, lnjy, zhangwei)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const [py, zh] of [['hutang', '湖塘'], ['shufa', '书法'], ['lnjy', '老年教育'], ['zhangwei', '张伟']]) {
    const a = await ask(py);
    const b = await ask(zh);
    assert.ok(b.titles.length >= 1, `${zh}: ${b.status}`);
    assert.deepEqual(a.hrefs, b.hrefs, `${py} finds what ${zh} finds: ${a.status}`);
    assert.match(a.status, new RegExp(`拼音找到“${zh}”`), a.status);
  }
  const star = await ask('zhangwei');
  assert.ok(star.titles.some((x) => x.includes('张伟')), `the star page: ${star.titles}`);
});

test('search: sound-alike characters get 「您是不是要找」 with a link (书发, 湖糖)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  for (const [typo, meant] of [['书发', '书法'], ['湖糖', '湖塘']]) {
    const got = await ask(typo);
    assert.match(got.status, /没有找到/);
    assert.equal(got.suggest, `您是不是要找：${meant}`);
    assert.equal(new URL(got.suggestHref, url('search/')).searchParams.get('q'), meant);
  }
  await page.locator('.search-suggest a').click();
  await page.waitForFunction(() => document.querySelector('.search-result'), null, { timeout: 10_000 });
  assert.equal(new URL(page.url()).searchParams.get('q'), '湖塘', 'the link searches the suggestion');
});

test('search: synonyms from site.toml (长者 = 老年人)', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const got = await ask('长者');
  const plain = await ask('老年人');
  assert.ok(got.titles.length >= 1, got.status);
  assert.equal(count(got.status), count(plain.status), `${got.status} / ${plain.status}`);
});

test('search: a query the site has nothing for finds nothing', async (t) => {
  if (!have) { t.skip('no search page in this build'); return; }
  const got = await ask('量子计算机');
  assert.match(got.status, /没有找到/);
  assert.equal(got.titles.length, 0);
  assert.deepEqual(page.errors, [], 'no script errors');
});
