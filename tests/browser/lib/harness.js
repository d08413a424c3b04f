// The outside harness of `stenogram serve`: the binary, a store, the server
// process, Debian's Chromium through playwright-core, and small helpers
// (CSV, code point slicing). Builds nothing: the binary comes from
// STENOGRAM_BIN (default target/debug/stenogram under the repository root).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const hostileDir = path.resolve(here, '..', 'fixtures', 'hostile');
export const sharedDir = path.resolve(repoRoot, process.env.SHARED || '../shared');
export const corpusDir = path.join(sharedDir, 'corpus', 'kremlin-en');
export const screenshotDir = path.join(repoRoot, 'target', 'browser-screenshots');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export function binaryPath() {
  const bin = process.env.STENOGRAM_BIN || 'target/debug/stenogram';
  return path.resolve(repoRoot, bin);
}

/** Runs the CLI synchronously; returns stdout (throws with stderr on failure). */
export function cli(args, { input } = {}) {
  const env = { ...process.env };
  delete env.STENOGRAM_DATA;
  return execFileSync(binaryPath(), args, {
    encoding: 'utf8',
    input,
    env,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * The store the tests read: STENOGRAM_STORE when given (made by
 * tests/make-store.sh: kremlin-en plus the hostile fixture), else a fresh
 * temporary one ingested here. Returns { dir, corpus, cleanup }.
 */
export function prepareStore() {
  const corpus = existsSync(corpusDir);
  if (process.env.STENOGRAM_STORE) {
    const dir = path.resolve(repoRoot, process.env.STENOGRAM_STORE);
    if (!existsSync(dir)) throw new Error(`STENOGRAM_STORE=${dir} does not exist`);
    return { dir, corpus, cleanup() {} };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'stenogram-browser-'));
  const inputs = [hostileDir];
  if (corpus) inputs.unshift(corpusDir);
  const started = Date.now();
  const summary = cli(['--data', dir, 'ingest', ...inputs, '--format', 'json']);
  console.log(`# ingested ${inputs.join(' ')} into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.trim()}`);
  return { dir, corpus, cleanup() { rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Starts `stenogram serve --data DIR --bind 127.0.0.1:0` and waits for its
 * one line on stdout. Returns { url, proc, stderr(), stop() }; stop() sends
 * SIGTERM and resolves with { code, signal }.
 */
export function startServer(dir, { timeoutMs = 60000 } = {}) {
  const env = { ...process.env };
  delete env.STENOGRAM_DATA;
  const proc = spawn(binaryPath(), ['serve', '--data', dir, '--bind', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  proc.stderr.on('data', (chunk) => { stderr += chunk; });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`no URL on stdout within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    proc.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = stdout.match(/http:\/\/[0-9.]+:[0-9]+\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before printing its URL; stdout: ${stdout}; stderr: ${stderr}`));
    });
  });
  return ready.then((url) => ({
    url,
    proc,
    firstLine: () => stdout.split('\n')[0],
    stderr: () => stderr,
    async stop({ graceMs = 15000 } = {}) {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  }));
}

/** The browser: Debian's Chromium, never a downloaded one. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'stenogram-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function ensureScreenshotDir() {
  mkdirSync(screenshotDir, { recursive: true });
}

/** Code points start..end of text (offsets are Unicode code points). */
export function cpSlice(text, start, end) {
  return Array.from(text).slice(start, end).join('');
}

/** RFC 4180 CSV to an array of rows (arrays of strings); LF or CRLF. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false; i += 1; continue;
      }
      cell += c; i += 1; continue;
    }
    if (c === '"' && !fieldStarted) { quoted = true; fieldStarted = true; i += 1; continue; }
    if (c === ',') { row.push(cell); cell = ''; fieldStarted = false; i += 1; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i += 1; continue; }
    if (c === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; fieldStarted = false; i += 1; continue;
    }
    cell += c; fieldStarted = true; i += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (fieldStarted || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/** The contract's CSV-injection escape undone: one leading ' before = + - @. */
export function unescapeCell(cell) {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

export const dangerousCell = /^[=+\-@]/;

/** GET url, parse JSON; throws with the body on a non-2xx status. */
export async function getJson(url) {
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 500)}`);
  try {
    return { json: JSON.parse(body), headers: res.headers, status: res.status };
  } catch (e) {
    throw new Error(`GET ${url}: not JSON: ${body.slice(0, 300)}`);
  }
}
