// The page types the suite visits. Adding a page type is one line here: every feature test
// (axe, keyboard, no-script, reflow, screenshots, weight) then covers it. A page that the
// current build does not have (a feature not merged yet) is skipped with a note, not failed.
//
//   name   short name, used in test titles and screenshot file names
//   path   relative to the site's base URL (no leading slash)
//   status the HTTP status the page is served with (404 for the not-found page)
//   event  true for pages that show one event (加入日历 / 打印 buttons are checked there)
export const PAGES = [
  { name: 'home', path: '' },
  { name: 'events', path: 'events/' },
  { name: 'event', path: 'events/launch-ceremony/', event: true },
  { name: 'event-online', path: 'events/laonian-daxue-xianshang-shouji/', event: true },
  { name: 'calendar', path: 'calendar/' },
  { name: 'day', path: 'calendar/2022-12-03/' },
  { name: 'taxonomy', path: 'towns/' },
  { name: 'term', path: 'towns/hutangzhen/' },
  { name: 'cases', path: 'cases/' },
  { name: 'case', path: 'cases/laonian-daxue-yunketang/' },
  { name: 'stars', path: 'stars/' },
  { name: 'star', path: 'stars/xu-jianguo/' },
  { name: 'readings', path: 'reading/' },
  { name: 'reading', path: 'reading/laonian-haoshu/' },
  { name: 'page', path: 'about/' },
  { name: 'table-schedule', path: 'tables/schedule/' },
  { name: 'table-statistics', path: 'tables/statistics/' },
  { name: 'search', path: 'search/' },
  { name: '404', path: 'no-such-page/', status: 404 },
];
