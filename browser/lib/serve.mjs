// For tests of `xuezhou serve` (live reload): starts the preview server of a site on a free
// loopback port and stops it again. Every wait is bounded.
//
//   const srv = await startServe({ root: '/tmp/some-site' });
//   ... page.goto(srv.base) ...
//   await srv.stop();
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = process.env.XZ_REPO || path.resolve(here, '..', '..');
export const BIN = process.env.XZ_BIN || path.join(REPO, 'target', 'release', 'xuezhou');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export async function startServe({ root = REPO, args = [], timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--root', root, '--bind', '127.0.0.1', '--port', String(port), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`xuezhou serve exited ${child.exitCode}:\n${log}`);
    // `serve` takes the next free port if ours was taken, and prints the address it took
    const printed = log.match(/http:\/\/127\.0\.0\.1:(\d+)\/\S*/);
    const base = printed ? printed[0] : `http://127.0.0.1:${port}/`;
    try {
      const res = await fetch(base, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      return { base, port: Number(new URL(base).port), log: () => log, stop, child };
    } catch { await new Promise((r) => setTimeout(r, 200)); }
  }
  await stop();
  throw new Error(`xuezhou serve did not answer within ${timeoutMs / 1000}s:\n${log}`);
}
