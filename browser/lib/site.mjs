// Shared helpers: where the site is, how to start Chromium, how to open a page.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGES } from './pages.mjs';
export { PAGES };

const here = path.dirname(fileURLToPath(import.meta.url));

export const BASE = process.env.XZ_BASE_URL;
if (!BASE) throw new Error('XZ_BASE_URL is not set: run the suite through browser/run');
export const ORIGIN = new URL(BASE).origin;
export const SHOTS = process.env.XZ_SHOTS || path.join(here, '..', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export function url(p) { return new URL(p, BASE).href; }

/** Chromium, Debian's, headless. Every wait in the suite is bounded. */
export function launch() {
  return chromium.launch({ executablePath: CHROME, args: CHROME_ARGS, headless: true, timeout: 30_000 });
}

/**
 * A fresh page in its own context.
 *   viewport  PHONE (default) or DESKTOP
 *   js        false: JavaScript off
 *   font      'large' | 'xlarge': the reader's stored choice (localStorage xz-font)
 *   textZoom  2: the browser's default text size doubled (16px -> 32px), as a reader's own
 *             browser setting would, not a page zoom
 */
export async function newPage(browser, { viewport = PHONE, js = true, font, textZoom } = {}) {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    viewport, javaScriptEnabled: js, deviceScaleFactor: 1, isMobile: phone, hasTouch: phone,
    locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  if (font) {
    await context.addInitScript((f) => { try { localStorage.setItem('xz-font', f); } catch (e) {} }, font);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  if (textZoom) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * textZoom, fixed: 13 * textZoom } });
  }
  return page;
}

/** Opens a page type by its entry in PAGES; checks the HTTP status. */
export async function open(page, entry) {
  const res = await page.goto(url(entry.path), { waitUntil: 'load' });
  const want = entry.status || 200;
  if (!res || res.status() !== want) {
    throw new Error(`${entry.path}: HTTP ${res && res.status()}, expected ${want}`);
  }
  return res;
}

export async function closePage(page) { await page.context().close(); }

let available;
/**
 * The page types this build has, as [entry, ...]. The others are listed in `missing`, each with
 * the reason, for a test to skip with a note.
 */
export async function pageTypes() {
  if (available) return available;
  const have = [], missing = [];
  for (const p of PAGES) {
    const res = await fetch(url(p.path), { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    if (res.status === (p.status || 200)) have.push(p);
    else missing.push({ ...p, reason: `${p.path || '/'} answers HTTP ${res.status} in this build` });
  }
  available = { have, missing };
  return available;
}

/** node:test helper: declares a skipped test with the reason for each missing page type. */
export function noteMissing(test, missing, what) {
  for (const m of missing) test(`${what}: ${m.name}`, { skip: `not in this build: ${m.reason}` }, () => {});
}

/** Fails with one line per problem (easier to read than a deep-equal diff). */
export function noProblems(list, what) {
  if (list.length) {
    const e = new Error(`${what}:\n  ${list.slice(0, 30).join('\n  ')}${list.length > 30 ? `\n  … and ${list.length - 30} more` : ''}`);
    e.stack = e.message;   // the lines are the message; the stack adds nothing
    throw e;
  }
}
