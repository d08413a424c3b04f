// Browser tests of `stenogram serve` (contract: the server's pages and API).
// One server, one Chromium for the whole file; the scenarios run in order.
// Run: cd tests/browser && npm ci && npm test   (STENOGRAM_BIN, STENOGRAM_STORE optional)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  binaryPath, chromiumPath, corpusDir, cli, prepareStore, startServer, launchBrowser,
  ensureScreenshotDir, screenshotDir, cpSlice, parseCsv, unescapeCell, dangerousCell, getJson,
} from '../lib/harness.js';

const PHRASE = 'Union State';          // kremlin-en: search and KWIC term
const HOSTILE_ID = 'hostile-901';
const HOSTILE_WORD = 'quokkafish';     // only in the hostile fixture
const T = { timeout: 120_000 };

const bin = binaryPath();
const missing = [];
if (!existsSync(bin)) missing.push(`no binary at ${bin} (build it: cargo build --bin stenogram, or set STENOGRAM_BIN)`);
if (!existsSync(chromiumPath)) missing.push(`no Chromium at ${chromiumPath} (apt-get install chromium)`);
if (missing.length) console.log(`skipped: browser tests: ${missing.join('; ')}`);
const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.log(`skipped: corpus scenarios: ${corpusDir} is absent (only the hostile fixture is served)`);

describe('stenogram serve in Chromium', { skip: missing.length > 0 }, () => {
  let store;
  let server;
  let browser;
  let page;
  let base;
  const pageErrors = [];
  const consoleErrors = [];
  const state = {};

  const api = (p, params) => {
    const u = new URL(p, base);
    if (params) for (const [k, v] of params) u.searchParams.append(k, v);
    return getJson(u.href);
  };
  const shot = (name) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  const goto = async (p) => {
    const target = new URL(p, base);
    const here = new URL(page.url());
    // Only the fragment differs: the browser would not load the page again.
    if (here.href.split('#')[0] === target.href.split('#')[0]) await page.goto('about:blank');
    const res = await page.goto(target.href, { waitUntil: 'load' });
    assert.ok(res, `no response for ${p}`);
    assert.equal(res.status(), 200, `GET ${p}: status ${res.status()}`);
    return res;
  };
  const docText = async (id) => {
    state.docs ??= new Map();
    if (!state.docs.has(id)) {
      const { json } = await api(`/api/v1/documents/${encodeURIComponent(id)}`);
      assert.equal(typeof json.text, 'string', `/api/v1/documents/${id} has no string field text`);
      state.docs.set(id, json);
    }
    return state.docs.get(id);
  };
  // All mark.target elements' text together (a passage may cross element boundaries).
  const targetText = () => page.evaluate(() => {
    const marks = [...document.querySelectorAll('mark.target')];
    return marks.map((m) => m.textContent).join('');
  });
  const waitTargetInView = () => page.waitForFunction(() => {
    const m = document.querySelector('mark#target');
    if (!m) return false;
    const r = m.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  }, null, { timeout: 10_000 });
  const parseC = (href) => {
    const m = new URL(href, base).hash.match(/^#c=(\d+)-(\d+)$/);
    assert.ok(m, `href ${href} has no #c=START-END fragment`);
    return [Number(m[1]), Number(m[2])];
  };
  // No script from corpus text ran or exists; the hostile text is shown as text.
  const assertNoXss = async (where) => {
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const out = { xss: typeof window.__xss === 'undefined' ? 'undefined' : String(window.__xss) };
      out.imgOnerror = document.querySelectorAll('img[onerror]').length;
      out.scripts = [...document.querySelectorAll('script')].filter((s) => (s.textContent || '').includes('__xss') || (s.src || '').includes('__xss')).length;
      out.jsLinks = [...document.querySelectorAll('a[href], area[href]')].map((a) => a.getAttribute('href')).filter((h) => /^\s*javascript:/i.test(h));
      out.jsFrames = [...document.querySelectorAll('iframe, frame, embed, object')].length;
      out.handlers = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (a.name.startsWith('on') && a.value.includes('__xss')) out.handlers.push(`${el.tagName}[${a.name}]`);
        }
      }
      out.svgFromCorpus = document.querySelectorAll('svg[onload]').length;
      out.styleFromCorpus = [...document.querySelectorAll('style')].filter((s) => s.textContent.includes('display:none')).length;
      out.bodyVisible = getComputedStyle(document.body).display !== 'none';
      return out;
    });
    assert.equal(r.xss, 'undefined', `${where}: window.__xss was set to ${r.xss}`);
    assert.equal(r.imgOnerror, 0, `${where}: img[onerror] from corpus text`);
    assert.equal(r.scripts, 0, `${where}: script element from corpus text`);
    assert.deepEqual(r.jsLinks, [], `${where}: javascript: links`);
    assert.equal(r.jsFrames, 0, `${where}: iframe/embed/object elements`);
    assert.deepEqual(r.handlers, [], `${where}: event handler attributes from corpus text`);
    assert.equal(r.svgFromCorpus, 0, `${where}: svg[onload]`);
    assert.equal(r.styleFromCorpus, 0, `${where}: style element from corpus text`);
    assert.ok(r.bodyVisible, `${where}: body hidden by a corpus style`);
  };

  before(async () => {
    ensureScreenshotDir();
    store = prepareStore();
    state.storeDir = store.dir;
    server = await startServer(store.dir);
    base = server.url;
    console.log(`# server: ${server.firstLine()}`);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    browser.context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/favicon/.test(msg.location()?.url || '')) {
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
      }
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) {
      const { code, signal } = await server.stop();
      if (store) store.cleanup();
      assert.equal(signal, null, `server killed by ${signal} (did not exit on SIGTERM); stderr: ${server.stderr()}`);
      assert.equal(code, 0, `server exited ${code} on SIGTERM; stderr: ${server.stderr()}`);
    } else if (store) {
      store.cleanup();
    }
  });

  test('the start line on stdout', T, () => {
    assert.match(server.firstLine(), /^stenogram: serving http:\/\/127\.0\.0\.1:\d+\/ \(store .+, generation \d+\)$/);
  });

  test('status API: version headers and counts', T, async () => {
    const { json, headers } = await api('/api/v1/status');
    state.status = json;
    assert.ok(Number.isInteger(json.documents) && json.documents >= 1, `documents: ${json.documents}`);
    assert.ok(json.version && Number.isInteger(json.version.generation) && typeof json.version.digest === 'string');
    const v = `${json.version.generation}-${json.version.digest}`;
    assert.equal(headers.get('x-stenogram-version'), v);
    assert.equal(headers.get('etag'), `"${v}"`);
    if (hasCorpus) assert.ok(json.documents >= 300, `kremlin-en has 300+ transcripts, status says ${json.documents}`);
  });

  test('API errors are JSON with a code', T, async () => {
    const res = await fetch(new URL('/api/v1/documents/no-such-document-xyz', base));
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error?.code, 'not_found');
    const bad = await fetch(new URL('/api/v1/search?q=Russia&limit=notanumber', base));
    assert.equal(bad.status, 400, '/api/v1/search?limit=notanumber');
    assert.equal((await bad.json()).error?.code, 'bad_parameter');
  });

  test('search and kwic API shapes follow the contract', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    const { json } = await api('/api/v1/search', [['q', `"${PHRASE}"`]]);
    for (const k of ['version', 'total', 'offset', 'limit', 'next', 'items', 'facets']) assert.ok(k in json, `search response has ${k}`);
    assert.ok(json.total > json.limit, 'more hits than one page');
    const next = new URL(json.next, base);
    assert.equal(next.pathname, '/api/v1/search', 'next URL path');
    assert.equal(next.searchParams.get('q'), `"${PHRASE}"`, 'next URL keeps q');
    assert.equal(Number(next.searchParams.get('offset')), json.offset + json.items.length, 'next URL offset');
    const item = json.items[0];
    for (const k of ['doc', 'date', 'title', 'url', 'speaker', 'start', 'end', 'snippet', 'sentence']) assert.ok(k in item, `search item has ${k}`);
    // Every facet has one shape: the value to filter by, the label to show, the count.
    for (const kind of ['speakers', 'years', 'parts']) {
      assert.deepEqual(Object.keys(json.facets[kind][0]).sort(), ['count', 'label', 'value'], `facets.${kind} items: {value, label, count}`);
    }
    assert.ok(json.facets.speakers.every((f) => /^[a-z0-9-]+$/.test(f.value)), 'speaker facet values are person ids');
    assert.ok(json.facets.years.every((f) => /^(\d{4}|undated)$/.test(f.value)), 'year facet values are years');
    const k = (await api('/api/v1/kwic', [['q', PHRASE]])).json;
    for (const key of ['version', 'total', 'documents', 'offset', 'limit', 'next', 'items']) assert.ok(key in k, `kwic response has ${key}`);
    for (const key of ['doc', 'date', 'speaker', 'start', 'end', 'left', 'match', 'right']) assert.ok(key in k.items[0], `kwic item has ${key}`);
  });

  // A download whose query the JSON endpoint rejects must be rejected the
  // same way (400 JSON), not started as a 200 and cut off mid-stream.
  for (const [p, q] of [['search', "0'"], ['kwic', '\u00b8'], ['search', '\u00b8']]) {
    for (const ext of ['csv', 'ndjson']) {
      test(`/api/v1/${p}.${ext} with q=${JSON.stringify(q)} answers 400 like /api/v1/${p}`, T, async () => {
        const json = await fetch(new URL(`/api/v1/${p}?${new URLSearchParams({ q })}`, base));
        assert.equal(json.status, 400, `/api/v1/${p} rejects q=${q}`);
        const res = await fetch(new URL(`/api/v1/${p}.${ext}?${new URLSearchParams({ q })}`, base));
        let body;
        try { body = await res.text(); } catch (e) { body = `(body cut off: ${e.cause?.code || e.message})`; }
        assert.equal(res.status, 400, `/api/v1/${p}.${ext}?q=${q}: status ${res.status}, body ${JSON.stringify(body.slice(0, 120))}`);
        assert.equal(JSON.parse(body).error?.code, 'bad_parameter');
      });
    }
  }

  // The OpenAPI document lists `tag` for these; an unknown tag must select nothing (or be refused).
  for (const [p, extra] of [['search', [['q', 'Russia']]], ['kwic', [['q', 'Russia']]], ['claims', []], ['conflicts', []], ['series', [['indicator', 'trade']]]]) {
    test(`/api/v1/${p} honours tag=`, { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
      const all = (await api(`/api/v1/${p}`, extra)).json;
      assert.ok(all.total > 0, `${p} without tag has results`);
      const res = await fetch(new URL(`/api/v1/${p}?${new URLSearchParams([...extra, ['tag', 'no-such-tag-zzzz']])}`, base));
      const body = await res.json();
      if (res.status === 400) return;
      assert.equal(res.status, 200);
      assert.equal(body.total, 0, `${p}?tag=no-such-tag-zzzz total ${body.total} (the filter is ignored: ${all.total} without it)`);
    });
  }

  test('home page: corpus size and chart', T, async () => {
    await goto('/');
    const size = await page.locator('#corpus-size').innerText();
    const numbers = (size.replace(/(\d)[,\u202f\u00a0 ](?=\d{3}\b)/g, '$1').match(/\d+/g) || []).map(Number);
    assert.ok(numbers.includes(state.status.documents), `#corpus-size "${size}" lacks the document count ${state.status.documents}`);
    const chart = page.locator('svg.chart').first();
    await chart.waitFor({ state: 'visible' });
    const marks = await chart.locator('rect, path, polyline, line, circle').count();
    assert.ok(marks > 0, 'svg.chart draws nothing');
    assert.ok(await page.locator('#latest a').count() > 0, '#latest has no links');
    assert.ok(await page.locator('#speakers a').count() > 0, '#speakers has no links');
    await shot('home');
  });

  test('search form: hits, total and facets agree with the API', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/');
    if (await page.locator('form#search-form').count() === 0) await goto('/search');
    const form = page.locator('form#search-form');
    await form.locator('input[name=q]').fill(`"${PHRASE}"`);
    await Promise.all([page.waitForURL(/\/search\?/), form.locator('input[name=q]').press('Enter')]);
    const q = new URL(page.url()).searchParams.get('q');
    assert.equal(q, `"${PHRASE}"`, 'the form puts the query in the URL');
    state.searchUrl = page.url();
    const { json } = await api('/api/v1/search', [['q', q]]);
    state.search = json;
    assert.ok(json.total > 0, 'API total is 0');
    const total = Number(await page.locator('#total').getAttribute('data-total'));
    assert.equal(total, json.total, '#total data-total equals /api/v1/search total');
    const hits = page.locator('ol#hits > li.hit');
    const n = await hits.count();
    assert.ok(n > 0, 'no li.hit');
    // The page lists the API's first hits, in order.
    const hrefs = await hits.locator('a.hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(hrefs.length, n, 'every hit has one a.hit-link');
    for (let i = 0; i < Math.min(n, json.items.length); i++) {
      const u = new URL(hrefs[i], base);
      const item = json.items[i];
      assert.equal(decodeURIComponent(u.pathname), `/doc/${item.doc}`, `hit ${i} document`);
      assert.equal(u.searchParams.get('q'), q, `hit ${i} link carries q`);
      assert.deepEqual(parseC(hrefs[i]), [item.start, item.end], `hit ${i} #c offsets`);
    }
    // Facets: the page's equal the API's; counts positive; years and parts sum to the total.
    const facets = await page.locator('#facets li.facet').evaluateAll((ls) => ls.map((l) => ({
      facet: l.dataset.facet, value: l.dataset.value, count: Number(l.dataset.count), href: l.querySelector('a')?.getAttribute('href'),
    })));
    const speakers = facets.filter((f) => f.facet === 'speaker');
    assert.ok(speakers.length > 0, 'no speaker facets');
    for (const f of facets) assert.ok(Number.isInteger(f.count) && f.count > 0, `facet ${f.facet}=${f.value} count ${f.count}`);
    for (const f of speakers) {
      const a = json.facets.speakers.find((s) => s.value === f.value);
      assert.ok(a, `page speaker facet ${f.value} not in the API facets`);
      assert.equal(f.count, a.count, `speaker facet ${f.value}`);
      assert.ok(f.count <= json.total);
    }
    const sum = (xs) => xs.reduce((s, x) => s + x.count, 0);
    assert.equal(sum(json.facets.years), json.total, 'API year facets sum to the total (every kremlin-en document has a date)');
    assert.equal(sum(json.facets.parts), json.total, 'API part facets sum to the total');
    assert.equal(sum(facets.filter((f) => f.facet === 'year')), total, 'page year facets sum to #total');
    // A facet link filters: the top speaker's page total equals its count and the API's filtered total.
    const top = speakers.reduce((a, b) => (b.count > a.count ? b : a));
    assert.ok(top.href, 'speaker facet has a link');
    const filtered = await api('/api/v1/search', [['q', q], ['speaker', top.value]]);
    assert.equal(filtered.json.total, top.count, `API total with speaker=${top.value}`);
    await shot('search');
    await goto(top.href);
    assert.equal(new URL(page.url()).searchParams.get('speaker'), top.value);
    assert.equal(Number(await page.locator('#total').getAttribute('data-total')), top.count, 'total after following the speaker facet');
    await shot('search-facet-speaker');
    // The pager: the next page starts where the API's offset says.
    await page.goto(state.searchUrl);
    if (json.total > n) {
      const next = page.locator('nav.pager a.next');
      assert.equal(await next.count(), 1, 'nav.pager a.next when total > page size');
      await Promise.all([page.waitForURL((u) => u.href !== state.searchUrl), next.click()]);
      const off = Number(new URL(page.url()).searchParams.get('offset'));
      assert.equal(off, n, 'next page offset equals the page size');
      const page2 = await api('/api/v1/search', [['q', q], ['offset', String(off)]]);
      const first = await page.locator('ol#hits > li.hit a.hit-link').first().getAttribute('href');
      assert.deepEqual(parseC(first), [page2.json.items[0].start, page2.json.items[0].end], 'first hit of page 2');
      await shot('search-page-2');
    }
  });

  test('a hit opens its document at mark#target, in view', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    assert.ok(state.search, 'search scenario ran');
    await page.goto(state.searchUrl);
    const item = state.search.items[0];
    const doc = await docText(item.doc);
    const expected = cpSlice(doc.text, item.start, item.end);
    assert.match(expected, /union\W+state/i, 'the API hit (start/end into text) is the phrase');
    await Promise.all([page.waitForURL(/\/doc\//), page.locator('ol#hits > li.hit a.hit-link').first().click()]);
    await page.locator('mark#target.target').waitFor({ state: 'attached' });
    assert.equal(await targetText(), expected, 'mark#target text equals the API hit text');
    await waitTargetInView();
    assert.ok(await page.locator('#lead').count() + await page.locator('section.turn').count() > 0, 'no #lead or section.turn');
    await shot('doc-hit');
  });

  // Hits on a document page: groups of mark.hit (one hit may be several marks
  // with the same data-hit); the current group is the one marked .current.
  const hitGroups = () => page.evaluate(() => {
    const groups = new Map();
    [...document.querySelectorAll('mark.hit')].forEach((m, i) => {
      const k = m.dataset.hit ?? `#${i}`;
      if (!groups.has(k)) groups.set(k, { text: '', current: false, marks: 0 });
      const g = groups.get(k);
      g.text += m.textContent;
      g.current ||= m.classList.contains('current');
      g.marks += 1;
    });
    return [...groups.values()];
  });
  const currentGroup = async () => (await hitGroups()).findIndex((g) => g.current);
  const currentInView = () => page.waitForFunction(() => {
    const ms = [...document.querySelectorAll('mark.hit.current')].filter((m) => m.textContent.length > 0);
    return ms.length > 0 && ms.some((m) => { const r = m.getBoundingClientRect(); return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; });
  }, null, { timeout: 10_000 });

  test('next and previous hit move mark.hit.current', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    // A document with two or more occurrences of the phrase.
    let item;
    for (const it of state.search.items) {
      const d = await docText(it.doc);
      if ((d.text.match(/union\W+state/gi) || []).length >= 2) { item = it; break; }
    }
    assert.ok(item, 'a search hit in a document with 2+ occurrences');
    state.multiHit = `/doc/${encodeURIComponent(item.doc)}?q=${encodeURIComponent(`"${PHRASE}"`)}#c=${item.start}-${item.end}`;
    await goto(state.multiHit);
    await page.locator('mark#target').waitFor({ state: 'attached' });
    const groups = await hitGroups();
    assert.ok(groups.length >= 2, `mark.hit groups: ${groups.length}`);
    const i0 = await currentGroup();
    assert.ok(i0 >= 0, 'a current hit on arrival');
    assert.match(groups[i0].text, /union\W+state/i, 'the current hit on arrival is the linked one');
    const step = async (sel, expected, what) => {
      const before = await currentGroup();
      await page.locator(sel).click();
      await page.waitForFunction((b) => {
        const ks = [];
        for (const m of document.querySelectorAll('mark.hit')) { const k = m.dataset.hit; if (!ks.includes(k)) ks.push(k); }
        const cur = document.querySelector('mark.hit.current');
        return cur && ks.indexOf(cur.dataset.hit) !== b;
      }, before);
      assert.equal(await currentGroup(), expected, what);
      assert.equal((await hitGroups()).filter((g) => g.current).length, 1, 'one current hit');
      await currentInView();
    };
    await step('a#next-hit', (i0 + 1) % groups.length, 'next');
    await step('a#next-hit', (i0 + 2) % groups.length, 'next again');
    await step('a#prev-hit', (i0 + 1) % groups.length, 'previous goes back');
    await shot('doc-next-prev');
  });

  test('document page: no empty mark.hit after marking the target', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    assert.ok(state.multiHit, 'next/previous scenario ran');
    await goto(state.multiHit);
    await page.locator('mark#target').waitFor({ state: 'attached' });
    const empty = await page.evaluate(() => [...document.querySelectorAll('mark.hit')].filter((m) => m.textContent === '').map((m) => m.outerHTML));
    assert.deepEqual(empty, [], 'empty mark.hit elements (left by wrapping the target)');
    const dupIds = await page.evaluate(() => document.querySelectorAll('#target').length);
    assert.equal(dupIds, 1, 'one element with id target');
  });

  test('document page: a phrase query marks the phrase, not its words alone', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    assert.ok(state.multiHit, 'next/previous scenario ran');
    await goto(state.multiHit);
    const groups = await hitGroups();
    const stray = groups.filter((g) => !/^union\W+state$/i.test(g.text)).map((g) => g.text);
    assert.deepEqual(stray, [], `mark.hit groups for q="${PHRASE}" that are not the phrase`);
  });

  const kwicCompare = async (term, extra, name) => {
    const params = [['q', term], ...extra];
    await goto(`/kwic?${new URLSearchParams(params)}`);
    const { json } = await api('/api/v1/kwic', params);
    const total = Number(await page.locator('#total').getAttribute('data-total'));
    assert.equal(total, json.total, '#total data-total equals /api/v1/kwic total');
    const rows = page.locator('table#kwic tbody tr.kwic-row');
    assert.ok(await rows.count() > 0, 'no tr.kwic-row');
    const first = rows.first();
    for (const c of ['.left', '.match', '.right', 'a.doc-link']) assert.equal(await first.locator(c).count(), 1, `kwic row has ${c}`);
    assert.ok(await page.locator('a#download-ndjson').count() === 1, 'a#download-ndjson');
    await shot(name);
    const href = await page.locator('a#download-csv').getAttribute('href');
    const hu = new URL(href, base);
    assert.equal(hu.pathname, '/api/v1/kwic.csv', 'a#download-csv path');
    assert.equal(hu.searchParams.get('q'), term, 'a#download-csv carries q');
    // The download itself (the browser's download event; a fetch if it shows the CSV inline).
    let body;
    const dl = page.waitForEvent('download', { timeout: 15_000 }).catch(() => null);
    await page.locator('a#download-csv').click();
    const download = await dl;
    if (download) {
      body = readFileSync(await download.path(), 'utf8');
    } else {
      console.log(`# ${href}: no download event (shown inline?); fetching it`);
      await page.goBack().catch(() => {});
    }
    const res = await fetch(hu.href);
    assert.equal(res.status, 200);
    const fetched = await res.text();
    if (body === undefined) body = fetched;
    else assert.equal(body, fetched, 'downloaded and fetched CSV agree');
    assert.ok(res.headers.get('x-stenogram-query'), 'X-Stenogram-Query header');
    assert.equal(res.headers.get('x-stenogram-version'), `${state.status.version.generation}-${state.status.version.digest}`, 'X-Stenogram-Version header');
    assert.match(res.headers.get('content-type') || '', /^text\/csv/, 'content type');
    const served = parseCsv(body);
    for (const row of served) for (const cell of row) assert.doesNotMatch(cell, dangerousCell, `unescaped formula cell ${JSON.stringify(cell)}`);
    const args = ['--data', state.storeDir, 'kwic', term, '--format', 'csv'];
    for (const [k, v] of hu.searchParams) {
      if (k === 'q') continue;
      args.push(`--${k}`, v);
    }
    const expected = parseCsv(cli(args));
    assert.deepEqual(served[0], ['doc', 'date', 'person', 'name', 'start', 'end', 'left', 'match', 'right'], 'CSV header');
    assert.equal(served.length - 1, json.total, 'CSV rows = total (no cap)');
    assert.deepEqual(served.map((r) => r.map(unescapeCell)), expected, `kwic.csv equals \`stenogram ${args.join(' ')}\``);
    return { served, expected };
  };

  test('KWIC page and CSV download equal the CLI', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    const { served } = await kwicCompare(PHRASE, [], 'kwic');
    for (const r of served.slice(1)) assert.match(r[7], /union\W+state/i, `match cell ${r[7]}`);
  });

  test('KWIC CSV escapes formula cells (hostile fixture) and agrees with the CLI', T, async () => {
    const { expected } = await kwicCompare(HOSTILE_WORD, [['context', '5']], 'kwic-hostile');
    const risky = expected.flat().filter((c) => dangerousCell.test(c));
    assert.ok(risky.length > 0, 'the fixture yields cells beginning with = + - @ (so the escape is exercised)');
    await assertNoXss('/kwic hostile');
  });

  test('search.csv and kwic.ndjson downloads equal the CLI', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    const q = `"${PHRASE}"`;
    const res = await fetch(new URL(`/api/v1/search.csv?${new URLSearchParams({ q })}`, base));
    assert.equal(res.status, 200);
    const served = parseCsv(await res.text());
    const total = (await api('/api/v1/search', [['q', q]])).json.total;
    assert.equal(served.length - 1, total, 'search.csv has every hit (no cap)');
    const expected = parseCsv(cli(['--data', state.storeDir, 'search', q, '--format', 'csv', '--limit', '1000000']));
    assert.deepEqual(served.map((r) => r.map(unescapeCell)), expected, 'search.csv equals `stenogram search --format csv`');
    const nd = await fetch(new URL(`/api/v1/kwic.ndjson?${new URLSearchParams({ q: PHRASE })}`, base));
    assert.equal(nd.status, 200);
    const lines = (await nd.text()).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
    assert.deepEqual(Object.keys(lines[0]).sort(), ['query', 'version'], 'NDJSON first line: {query, version}');
    assert.equal(lines[0].query.q, PHRASE);
    assert.equal(lines[0].version.generation, state.status.version.generation);
    assert.equal(lines[0].version.digest, state.status.version.digest);
    const cliLines = cli(['--data', state.storeDir, 'kwic', PHRASE, '--format', 'json']).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(1), cliLines, 'kwic.ndjson rows equal `stenogram kwic --format json` lines');
  });

  test('every JSON endpoint sends ETag and X-Stenogram-Version', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    const v = `${state.status.version.generation}-${state.status.version.digest}`;
    const paths = ['/api/v1/status', `/api/v1/search?q=Russia`, '/api/v1/kwic?q=Russia', '/api/v1/documents/13679',
      '/api/v1/speakers', '/api/v1/speakers/vladimir-putin', '/api/v1/claims', '/api/v1/conflicts',
      '/api/v1/series?indicator=trade', '/api/v1/trends?q=Russia&by=year', '/api/v1/keyness?target=speaker%3Dvladimir-putin',
      '/api/v1/collocates?q=Russia', '/api/v1/reuse', '/api/v1/openapi.json'];
    const bad = [];
    for (const p of paths) {
      const res = await fetch(new URL(p, base));
      await res.arrayBuffer();
      if (res.status !== 200) { bad.push(`${p}: status ${res.status}`); continue; }
      if (p === '/api/v1/openapi.json') continue;
      if (res.headers.get('x-stenogram-version') !== v) bad.push(`${p}: X-Stenogram-Version ${res.headers.get('x-stenogram-version')}`);
      if (res.headers.get('etag') !== `"${v}"`) bad.push(`${p}: ETag ${res.headers.get('etag')}`);
    }
    assert.deepEqual(bad, []);
  });

  test('conflicts: both passage links land on mark#target', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/conflicts');
    const conflicts = page.locator('.conflict');
    assert.ok(await conflicts.count() > 0, 'no .conflict on /conflicts');
    const firstConflict = conflicts.first();
    assert.ok(await firstConflict.locator('.gap').count() > 0, '.gap');
    const links = await firstConflict.locator('a.passage-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(links.length, 2, 'exactly two a.passage-link');
    await shot('conflicts');
    for (const [i, href] of links.entries()) {
      const u = new URL(href, base);
      assert.match(u.pathname, /^\/doc\/[^/]+$/, `passage link ${href}`);
      const [s, e] = parseC(href);
      const id = decodeURIComponent(u.pathname.slice('/doc/'.length));
      const doc = await docText(id);
      await goto(href);
      await page.locator('mark#target.target').waitFor({ state: 'attached' });
      assert.equal(await targetText(), cpSlice(doc.text, s, e), `passage ${i + 1} mark#target text`);
      await waitTargetInView();
      await shot(`conflict-passage-${i + 1}`);
    }
  });

  test('speakers and a speaker page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/speakers');
    await shot('speakers');
    const link = page.locator('a[href="/speakers/vladimir-putin"]').first();
    assert.equal(await link.count(), 1, '/speakers links to /speakers/vladimir-putin');
    await Promise.all([page.waitForURL(/\/speakers\/vladimir-putin/), link.click()]);
    for (const sel of ['#roles', '#keywords', '#documents', '#figures']) {
      assert.equal(await page.locator(sel).count(), 1, `${sel} on the speaker page`);
    }
    assert.ok(await page.locator('#documents a[href^="/doc/"]').count() > 0, '#documents links to documents');
    assert.match(await page.locator('#roles').innerText(), /President/i, 'Putin has the role President');
    const { json } = await api('/api/v1/speakers/vladimir-putin');
    const firstDoc = await page.locator('#documents a[href^="/doc/"]').first().getAttribute('href');
    assert.equal(firstDoc, `/doc/${json.documents[0].id}`, 'first document of the speaker page is the API\'s');
    await shot('speaker-putin');
  });

  test('claims page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/claims');
    const rows = page.locator('table#claims tr.claim-row');
    assert.ok(await rows.count() > 0, 'no tr.claim-row');
    const { json } = await api('/api/v1/claims');
    const first = await rows.first().evaluate((r) => [r.dataset.doc, Number(r.dataset.start), Number(r.dataset.end)]);
    assert.deepEqual(first, [json.items[0].doc, json.items[0].start, json.items[0].end], 'first claim row is the API\'s first claim');
    const doc = await docText(json.items[0].doc);
    assert.equal(cpSlice(doc.text, json.items[0].start, json.items[0].end), json.items[0].text, 'claim offsets slice to its text');
    await shot('claims');
  });

  test('trends page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/trends?q=Belarus&q=Ukraine');
    const chart = page.locator('svg.chart').first();
    await chart.waitFor({ state: 'visible' });
    assert.ok(await chart.locator('path, polyline, rect, circle, line').count() > 0, 'trends chart draws nothing');
    assert.equal(await page.locator('#subcorpus').count(), 1, '#subcorpus');
    const { json } = await api('/api/v1/trends', [['q', 'Belarus'], ['q', 'Ukraine'], ['by', 'year']]);
    const terms = new Set(json.rows.map((r) => r.term));
    assert.deepEqual([...terms].sort(), ['Belarus', 'Ukraine'], 'trends API rows for both terms');
    // The counts agree with KWIC's (a trend's count is kwic --count with the same filter).
    const belarus = json.rows.filter((r) => r.term === 'Belarus').reduce((n, r) => n + r.count, 0);
    const kwic = (await api('/api/v1/kwic', [['q', 'Belarus'], ['part', 'lead'], ['part', 'narration'], ['part', 'speech'], ['limit', '1']])).json;
    assert.equal(belarus, kwic.total, 'Belarus per year sums to the KWIC total over lead, narration and speech');
    await shot('trends');
  });

  // An analysis page: its table's first row names the API's first row.
  const analysisPage = async (p, table, apiPath, params, name) => {
    await goto(p);
    const rows = page.locator(`table${table} tbody tr`);
    assert.ok(await rows.count() > 0, `${p}: no rows in table${table}`);
    const { json } = await api(apiPath, params);
    assert.ok(json.rows.length > 0, `${apiPath}: no rows`);
    assert.equal((await rows.first().locator('td').first().innerText()).trim(), json.rows[0].word, `${p}: first row`);
    await shot(name);
  };

  test('keyness page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await analysisPage('/keyness?target=speaker=vladimir-putin', '#keywords', '/api/v1/keyness', [['target', 'speaker=vladimir-putin']], 'keyness');
  });

  test('collocates page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await analysisPage('/collocates?q=Belarus', '#collocates', '/api/v1/collocates', [['q', 'Belarus']], 'collocates');
  });

  test('reuse page', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await goto('/reuse');
    const { json } = await api('/api/v1/reuse');
    assert.ok(json.clusters.length > 0, 'reuse API has clusters');
    const c = json.clusters[0];
    const body = await page.locator('body').innerText();
    assert.ok(body.includes(c.text), `/reuse shows the first cluster "${c.text}"`);
    const p0 = c.passages[0];
    assert.ok(await page.locator(`a[href="/doc/${p0.doc}#c=${p0.start}-${p0.end}"]`).count() > 0, 'a link to the first passage');
    const doc = await docText(p0.doc);
    assert.match(cpSlice(doc.text, p0.start, p0.end).toLowerCase().replace(/\W+/g, ' '), new RegExp(c.text.toLowerCase().replace(/\W+/g, ' ').trim().split(' ').slice(0, 3).join(' ')), 'the passage offsets slice to the cluster text');
    await shot('reuse');
  });

  test('cite page of a hit', { ...T, skip: !hasCorpus && 'no corpus' }, async () => {
    await page.goto(state.searchUrl);
    const href = await page.locator('ol#hits > li.hit a.cite-link').first().getAttribute('href');
    const item = state.search.items[0];
    assert.equal(href, `/cite/${item.doc}/${item.start}-${item.end}`, 'a.cite-link href');
    await goto(href);
    const doc = await docText(item.doc);
    assert.equal((await page.locator('#passage').textContent()).trim(), cpSlice(doc.text, item.start, item.end).trim(), '#passage text');
    assert.ok((await page.locator('#citation-text').innerText()).trim().length > 0, '#citation-text');
    const csl = JSON.parse(await page.locator('#csl-json').textContent());
    const entry = Array.isArray(csl) ? csl[0] : csl;
    assert.ok(entry && entry.title, 'CSL-JSON has a title');
    assert.equal(await page.locator('a#source-url').getAttribute('href'), doc.url ?? item.url, 'a#source-url is the document url');
    assert.ok((await page.locator('#digest').innerText()).trim().length > 0, '#digest');
    await shot('cite');
  });

  test('hostile document page: markup shown as text, nothing runs', T, async () => {
    const doc = await docText(HOSTILE_ID);
    assert.ok(doc.text.includes('<script>window.__xss=1</script>'), 'the fixture was ingested with its markup');
    await goto(`/doc/${HOSTILE_ID}`);
    await assertNoXss(`/doc/${HOSTILE_ID}`);
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<script>window.__xss=1</script>'), 'the script tag is shown as text');
    assert.ok(text.includes('"><img src=x onerror="window.__xss=2">'), 'the img markup is shown as text');
    assert.ok(text.includes('javascript:window.__xss=3'), 'the javascript: text is shown as text');
    await shot('hostile-doc');
    // With a query and a target too (the page's script wraps text in marks).
    await goto(`/doc/${HOSTILE_ID}?q=${HOSTILE_WORD}#c=0-10`);
    await page.locator('mark#target').waitFor({ state: 'attached' });
    assert.ok(await page.locator('mark.hit').count() > 0, `mark.hit for ${HOSTILE_WORD}`);
    await assertNoXss(`/doc/${HOSTILE_ID}?q=`);
    await shot('hostile-doc-q');
  });

  test('hostile search, cite and speakers pages: nothing runs', T, async () => {
    await goto('/');
    if (await page.locator('form#search-form').count() === 0) await goto('/search');
    await page.locator('form#search-form input[name=q]').fill(HOSTILE_WORD);
    await Promise.all([page.waitForURL(/\/search\?/), page.locator('form#search-form input[name=q]').press('Enter')]);
    assert.ok(await page.locator('ol#hits > li.hit').count() > 0, `hits for ${HOSTILE_WORD}`);
    await assertNoXss('/search hostile');
    assert.ok((await page.locator('body').innerText()).includes('<img src=x onerror='), 'hostile title or text shown as text');
    await shot('hostile-search');
    const cite = await page.locator('ol#hits > li.hit a.cite-link').first().getAttribute('href');
    await goto(cite);
    await assertNoXss('/cite hostile');
    const src = await page.locator('a#source-url').count() ? await page.locator('a#source-url').getAttribute('href') : null;
    assert.ok(src === null || !/^\s*javascript:/i.test(src), `a#source-url href ${src}`);
    await shot('hostile-cite');
    await goto('/speakers');
    await assertNoXss('/speakers');
    await goto('/');
    await assertNoXss('/ (latest lists the hostile title)');
    // The search form echoes a hostile query back.
    await page.goto(new URL(`/search?q=${encodeURIComponent('"><script>window.__xss=4</script>')}`, base).href);
    await assertNoXss('/search with a hostile query');
  });

  test('no uncaught page errors or console errors', T, async () => {
    assert.deepEqual(pageErrors, [], 'uncaught page errors');
    assert.deepEqual(consoleErrors, [], 'console errors');
  });

});
