// Every count says what it counts and matches what it lists or links to: the week's count on
// the home page, the calendar and the printed schedule is the number of events on the week's
// days (those outside the week are counted apart); each day's count is the events listed under
// it; on a day page, each link to a term page (and to /calendar/free/) gives the count that page
// shows and lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, closePage, noProblems, url } from '../lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `path` without script (every day shows) and runs `fn` in it. */
async function read(path, fn, arg) {
  const page = await newPage(browser, { js: false });
  try {
    const res = await page.goto(url(path));
    assert.equal(res.status(), 200, path);
    return await page.evaluate(fn, arg);
  } finally { await closePage(page); }
}

// In-page helpers (passed as source, since page.evaluate runs them in the page).
const HELPERS = `
  window.num = (text, re) => { const m = (text || '').replace(/\\s+/g, ' ').match(re); return m ? Number(m[1]) : null; };
  window.eventLinks = (root) => new Set([...root.querySelectorAll('a[href]')].map((a) => new URL(a.href).pathname)
    .filter((p) => /\\/events\\/[^/]+\\/$/.test(p)));
`;
const withHelpers = (body) => new Function('arg', `${HELPERS}; return (${body})(arg);`);

test('counts: the week on the home page, /events/, /calendar/ and the printed schedule', async () => {
  const cal = await read('calendar/', withHelpers(`() => {
    const week = document.querySelector('.cal-week');
    const outside = document.querySelector('#other-dates');
    return {
      said: num(document.querySelector('.lead').textContent, /共 (\\d+) 项活动/),
      saidOutside: num(document.querySelector('.lead').textContent, /另有 (\\d+) 项/),
      listed: eventLinks(week).size,
      outsideListed: outside ? eventLinks(outside).size : 0,
      outsideSaid: outside ? num(outside.querySelector('h2').textContent, /(\\d+) 项/) : null,
      days: [...week.querySelectorAll('.cal-day')].map((d) => ({ id: d.id, said: num(d.querySelector('.cal-count').textContent, /(\\d+) 项/), listed: d.querySelectorAll('li.cal-event').length })),
    };
  }`));
  const problems = [];
  if (cal.said !== cal.listed) problems.push(`/calendar/ says 共 ${cal.said} 项 and lists ${cal.listed} events on the week's days`);
  if ((cal.saidOutside || 0) !== cal.outsideListed) problems.push(`/calendar/ says 另有 ${cal.saidOutside} and lists ${cal.outsideListed} outside the week`);
  if (cal.outsideListed && cal.outsideSaid !== cal.outsideListed) problems.push(`/calendar/: 活动周以外 says ${cal.outsideSaid}, lists ${cal.outsideListed}`);
  for (const d of cal.days) if (d.said !== d.listed) problems.push(`/calendar/ ${d.id}: says ${d.said} 项, lists ${d.listed}`);

  const events = await read('events/', withHelpers(`() => ({
    said: num(document.querySelector('main').textContent, /活动周内共 (\\d+) 项活动/),
    days: Object.fromEntries([...document.querySelectorAll('main section.day:not(#other-dates)')].map((d) => [d.id, eventLinks(d).size])),
    week: new Set([...document.querySelectorAll('main section.day:not(#other-dates)')].flatMap((d) => [...eventLinks(d)])).size,
  })`));
  if (events.said !== cal.listed || events.week !== cal.listed) problems.push(`/events/ says ${events.said}, lists ${events.week} in the week; the calendar ${cal.listed}`);

  const home = await read('', withHelpers(`() => ({
    said: num(document.querySelector('.hero-dates').textContent, /共 (\\d+) 项活动/),
    days: [...document.querySelectorAll('.today .day')].map((d) => ({
      id: d.id,
      said: num(d.querySelector('.day-title').textContent, /(\\d+) 项/),
      cards: d.querySelectorAll('.event-card').length,
      more: d.querySelector('.more a') ? num(d.querySelector('.more a').textContent, /全部 (\\d+) 项/) : null,
    })),
    launch: [...document.querySelectorAll('section[aria-labelledby="launch-h"] .event-card .time')].map((t) => t.textContent),
  })`));
  if (home.said !== cal.listed) problems.push(`home says 共 ${home.said} 项活动; the week has ${cal.listed}`);
  for (const d of home.days) {
    const all = events.days[d.id];
    if (d.said !== all) problems.push(`home ${d.id}: says ${d.said} 项; /events/ lists ${all} that day`);
    if (d.more === null ? d.cards !== d.said : d.more !== d.said) problems.push(`home ${d.id}: says ${d.said} 项, shows ${d.cards} cards, "全部" says ${d.more}`);
  }
  for (const t of home.launch) if (!/\d+月\d+日/.test(t)) problems.push(`the launch card has no date: "${t}"`);

  const print = await read('calendar/print/', withHelpers(`() => {
    const groups = [...document.querySelectorAll('.print-schedule tbody')];
    const week = groups.filter((g) => !/活动周以外/.test(g.querySelector('.print-day').textContent));
    const rows = (g) => [...g.querySelectorAll('tr:not(.print-day)')].filter((r) => r.querySelector('th[scope=row]'));
    return {
      said: num(document.querySelector('.print-sub').textContent, /共 (\\d+) 项活动/),
      titles: new Set(week.flatMap((g) => rows(g).map((r) => r.querySelector('th[scope=row]').textContent.trim()))).size,
      days: week.map((g) => ({ day: g.querySelector('.print-day').textContent.trim(), said: num(g.querySelector('.print-day').textContent, /(\\d+) 项/), rows: rows(g).length })),
      icon: !!document.querySelector('link[rel=icon]'),
    };
  }`));
  if (print.said !== cal.listed) problems.push(`the printed schedule says 共 ${print.said}; the week has ${cal.listed}`);
  if (print.titles > print.said) problems.push(`the printed schedule lists ${print.titles} titles in the week, says ${print.said}`);
  for (const d of print.days) if (d.said !== d.rows) problems.push(`print ${d.day}: says ${d.said}, lists ${d.rows}`);
  if (!print.icon) problems.push('the printed schedule has no icon link');
  console.log(`# the week: ${cal.listed} events (${cal.outsideListed} outside it); days ${cal.days.map((d) => d.listed).join(' ')}`);
  noProblems(problems, 'counts that disagree with what is listed');
});

test('counts: a day page counts its own events; its links give the counts of the pages they open', async () => {
  const day = await read('calendar/2022-12-03/', withHelpers(`() => ({
    said: num(document.querySelector('main').textContent, /这一天共 (\\d+) 项活动/),
    listed: eventLinks(document.querySelector('.cards[data-day]')).size,
    links: [...document.querySelectorAll('[data-filter-links] a')].map((a) => ({ href: a.href, text: a.textContent.replace(/\\s+/g, ' ').trim() })),
  })`));
  const problems = [];
  if (day.said !== day.listed) problems.push(`the day says ${day.said}, lists ${day.listed}`);
  assert.ok(day.links.length > 3, 'the day has links to term pages');
  for (const link of day.links) {
    if (/整周/.test(link.text)) problems.push(`"${link.text}" says 整周`);
    const m = link.text.match(/共 (\d+) 项/);
    if (!m) continue;                    // a link without a count (只看免费活动 on a day) says none
    const said = Number(m[1]);
    const path = new URL(link.href).pathname.replace(new URL(url('')).pathname, '');
    const target = await read(path, withHelpers(`() => ({
      said: num(document.querySelector('main').textContent, /共 (\\d+) 项活动/),
      listed: eventLinks(document.querySelector('main')).size,
    })`));
    if (said !== target.said || said !== target.listed) problems.push(`"${link.text}" → ${path}: that page says ${target.said}, lists ${target.listed}`);
  }
  noProblems(problems, 'counts on the day page');
});
