#!/usr/bin/env node
/* offwire's browser test: the site in real headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core; no browser is downloaded).
 * Starts the real server on a free port with a temporary database holding
 * the samples, then checks what a reader sees: the ticker, the text-size
 * control (with and without JavaScript), live updates over the event stream
 * (a new story, a new version, a kill) within 2 s, the embeddable ticker on
 * another page, phone width, keyboard focus, and no console or page errors.
 * Screenshots go to OUTDIR.
 *
 *   node site.test.js BINARY SAMPLES_DIR OUTDIR
 * Exits 0 when every check passed, 1 otherwise, 77 to skip (no Chromium). */
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.OFFWIRE_CHROMIUM || '/usr/bin/chromium';
const TOKEN = 'browser-test-token';
const LIVE_MS = 2000;

const [binary, samplesDir, outDir] = process.argv.slice(2);
if (!binary || !samplesDir || !outDir) {
  console.error('usage: site.test.js BINARY SAMPLES_DIR OUTDIR');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) {
  console.log('SKIP: ' + CHROMIUM + ' is missing (apt-get install chromium)');
  process.exit(77);
}
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/* ------------------------------------------------------------- checks */

let passed = 0;
let failed = 0;
function check(cond, what) {
  if (cond) {
    passed++;
  } else {
    failed++;
    console.log('FAIL ' + what);
  }
}

/* ------------------------------------------------------------- server */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'offwire-browser-'));
const db = path.join(tmp, 'wire.db');
let server = null;
let base = '';

function loadSamples() {
  const files = fs.readdirSync(samplesDir)
    .filter((f) => /^\d.*\.(txt|json)$/.test(f)).sort()
    .map((f) => path.join(samplesDir, f));
  execFileSync(binary, ['ingest', '--db', db, '--quiet', ...files]);
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0',
      '--ingest-token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errText = '';
    server.stderr.on('data', (d) => { errText += d; });
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m && !base) {
        base = m[1];
        resolve();
      }
    });
    server.on('exit', (code) => {
      if (!base) reject(new Error('server exited ' + code + ': ' + errText));
    });
  });
}

function request(method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + urlPath, {
      method,
      headers: body ? { Authorization: 'Bearer ' + TOKEN,
        'Content-Type': 'application/octet-stream' } : {},
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function ingest(doc) {
  const r = await request('POST', '/api/v1/ingest',
    typeof doc === 'string' ? doc : JSON.stringify(doc));
  check(r.status === 201, 'ingest accepted: ' + r.status + ' ' + r.body);
  return r.status === 201 ? JSON.parse(r.body) : null;
}

async function api(urlPath) {
  return JSON.parse((await request('GET', urlPath)).body);
}

async function idOf(start) {
  const items = (await api('/api/v1/stories?limit=200')).items;
  const it = items.find((i) => i.headline.startsWith(start));
  return it ? it.id : 0;
}

/* ------------------------------------------------------------ browser */

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const problems = []; /* console errors and page errors */
const expected404 = new Set(); /* pages that are meant to answer 404 */

function watch(page, name) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = (m.location() && m.location().url) || '';
    if (expected404.has(where) && /status of 404/.test(m.text())) return;
    problems.push(name + ': console error: ' + m.text() + ' at ' + where);
  });
  page.on('pageerror', (e) => problems.push(name + ': page error: ' + e.message));
  return page;
}

async function launch(javaScriptEnabled) {
  const dir = fs.mkdtempSync(path.join(tmp, 'profile-'));
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
  });
}

async function shot(page, name, full) {
  await page.screenshot({ path: path.join(outDir, name + '.png'), fullPage: full !== false });
}

/* axe-core's WCAG 2.1 A/AA rules and best practices (contrast, landmarks,
 * labels, headings) on the page as it is now. */
async function accessible(page, name) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  for (const v of res.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
    console.log('  axe ' + name + ': ' + v.id + ': ' + v.help + ' [' + where + ']');
  }
  check(res.violations.length === 0, name + ': axe finds no accessibility ' +
    'violation (' + res.violations.map((v) => v.id).join(', ') + ')');
}

async function fontSize(page) {
  return page.$eval('.story-body', (el) => parseFloat(getComputedStyle(el).fontSize));
}

/* Opens a page and waits until its event stream is connected. */
async function openLive(page, urlPath) {
  const stream = page.waitForResponse((r) => r.url().includes('/api/v1/stream'),
    { timeout: 5000 });
  await page.goto(base + urlPath);
  const r = await stream;
  check(r.status() === 200, urlPath + ': the stream connects');
}

/* ------------------------------------------------------------- tests */

async function testHomeAndTicker(ctx) {
  const page = watch(await ctx.newPage(), 'home');
  await page.goto(base + '/');
  /* the site's ticker is one line per event: the headline link, then the
   * number of agencies when more than one reported it */
  const lines = await page.$$eval('.ticker-list li', (ls) =>
    ls.map((l) => [Number(l.dataset.id), l.textContent.replace(/\s+/g, ' ').trim()]));
  const label = { flash: 'FLASH ', bulletin: 'BULLETIN ', urgent: 'URGENT ' };
  const want = (await api('/api/v1/ticker?collapse=event')).map((i) =>
    [i.id, (label[i.priority] || '') + i.headline +
      (i.sources && i.sources.length > 1 ? ' ' + i.sources.length + ' sources' : '')]);
  check(JSON.stringify(lines) === JSON.stringify(want),
    'home: the ticker shows the API ticker: ' + JSON.stringify(lines.slice(0, 3)));
  check(await page.isVisible('text=Off the wire'), 'home: "Off the wire" is visible');
  const blocks = await page.$$eval('.block-title', (h) => h.map((x) => x.textContent));
  check(blocks.length >= 4, 'home: section and source blocks: ' + blocks.join(' | '));
  await shot(page, 'home');
  await accessible(page, 'home');

  /* keyboard: the skip link comes first and focus is visible */
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    const cs = getComputedStyle(a);
    return { cls: a.className, top: r.top, bg: cs.backgroundColor, h: r.height };
  });
  check(focus.cls === 'skip' && focus.top >= 0 && focus.h > 0,
    'keyboard: Tab shows the skip link: ' + JSON.stringify(focus));
  check(focus.bg === 'rgb(255, 212, 0)', 'keyboard: focus is highlighted: ' + focus.bg);
  await shot(page, 'home-skip-link', false);
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement.id === 'main'),
    'keyboard: the skip link moves focus to main');

  /* a phone */
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto(base + '/');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, 'phone: nothing wider than 360 px (' + wide + ')');
  await shot(page, 'home-phone');
  const bank = await idOf('Central bank');
  await page.goto(base + '/stories/' + bank);
  const wide2 = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide2 <= 360, 'phone: the story fits in 360 px (' + wide2 + ')');
  await shot(page, 'story-phone');
  await accessible(page, 'story (phone)');
  await page.close();
}

async function testFontSize(ctx) {
  const page = watch(await ctx.newPage(), 'font');
  const dock = await idOf('Dock workers');
  const bank = await idOf('Central bank');
  await page.goto(base + '/stories/' + dock);
  const normal = await fontSize(page);
  const url = page.url();
  await page.click('a[data-fs="large"]');
  await page.waitForFunction(() => document.documentElement.classList.contains('fs-large'));
  const large = await fontSize(page);
  check(large > normal, 'A+ makes the text larger at once: ' + normal + ' -> ' + large);
  check(page.url() === url, 'with JavaScript the page does not reload');
  const cookies = await ctx.cookies(base);
  check(cookies.some((c) => c.name === 'fs' && c.value === 'large'),
    'the size is kept in the fs cookie');
  await shot(page, 'story-large');
  /* another story: the server renders the size from the cookie */
  await page.click('.related a.hl');
  await page.waitForLoadState('load');
  check(page.url() !== url, 'went to another story: ' + page.url());
  check(await fontSize(page) === large, 'the size holds on the next story');
  await page.goto(base + '/stories/' + bank);
  check(await page.evaluate(() => document.documentElement.className) === 'fs-large',
    'the server sets the class from the cookie');
  check(await fontSize(page) === large, 'the size holds after a fresh load');
  await page.click('a[data-fs="small"]');
  const small = await fontSize(page);
  check(small < normal, 'A- makes it smaller: ' + small);
  await page.click('a[data-fs="normal"]');
  check(await fontSize(page) === normal, 'A returns to normal');
  await shot(page, 'story');
  await accessible(page, 'story');
  await page.goto(base + '/stories/' + dock + '/history');
  await shot(page, 'history');
  await accessible(page, 'history');
  await page.close();
}

async function testFontSizeWithoutScript() {
  const ctx = await launch(false);
  const page = watch(await ctx.newPage(), 'nojs');
  const dock = await idOf('Dock workers');
  await page.goto(base + '/stories/' + dock);
  const normal = await fontSize(page);
  await Promise.all([page.waitForNavigation(), page.click('a[data-fs="large"]')]);
  check(new URL(page.url()).pathname === '/stories/' + dock,
    'without JavaScript: back on the story after the preference: ' + page.url());
  const large = await fontSize(page);
  check(large > normal, 'without JavaScript: A+ works through the server: ' +
    normal + ' -> ' + large);
  await page.goto(base + '/');
  check(await page.evaluate(() => document.documentElement.className) === 'fs-large',
    'without JavaScript: the size persists across pages');
  await ctx.close();
}

async function testLive(ctx) {
  const home = watch(await ctx.newPage(), 'live-home');
  await openLive(home, '/');
  /* another site including the embed script */
  const host = watch(await ctx.newPage(), 'embed-host');
  await host.setContent('<!DOCTYPE html><html lang="en"><head><title>A host site' +
    '</title></head><body><h1>Someone else\'s page</h1><div id="wire"></div>' +
    '<script src="' + base + '/embed/ticker.js" data-target="wire"></script>' +
    '</body></html>');
  await host.waitForSelector('#wire li', { timeout: 5000 });
  const embedded = await host.$$eval('#wire li', (ls) => ls.length);
  check(embedded === (await api('/api/v1/ticker?collapse=event')).length,
    'embed script: draws the ticker (' + embedded + ' lines)');
  await host.waitForTimeout(300); /* its EventSource connects */

  const uri = 'urn:browser-test:' + Date.now();
  const story = {
    uri, version: '1', type: 'text', urgency: 3,
    headlines: [{ role: 'main', value: 'Harbour cranes restart at Port Calder' }],
    infosources: [{ name: 'Harbor Press' }],
    subjects: [{ name: 'environment', literal: '06000000' }],
    bodies: [{ role: 'main', contenttype: 'text/plain',
      value: 'PORT CALDER, March 4 (Harbor Press) - Cranes restarted.\n\nMore later.' }],
  };
  let t0 = Date.now();
  const got = await ingest(story);
  const id = got ? got.id : 0;
  const sel = '.ticker-list > li[data-id="' + id + '"]';
  await home.waitForSelector(sel, { timeout: LIVE_MS }).catch(() => null);
  let ms = Date.now() - t0;
  check(await home.$(sel) !== null && ms <= LIVE_MS,
    'a new story is in the ticker within 2 s (' + ms + ' ms)');
  check(await home.$eval('.ticker-list > li', (l) => l.dataset.id) === String(id),
    'the new story leads the ticker');
  await home.waitForSelector('.block [data-key="environment"] > li[data-id="' + id + '"]',
    { timeout: LIVE_MS }).catch(() => null);
  check(await home.$('.block [data-key="environment"] > li[data-id="' + id + '"]') !== null,
    'and in its section block');
  check(await home.$('[data-accept="source"][data-key="Harbor Press"] > li[data-id="' +
    id + '"]') !== null, 'and in its source block');
  await host.waitForSelector('#wire li[data-id="' + id + '"]', { timeout: LIVE_MS })
    .catch(() => null);
  check(await host.$('#wire li[data-id="' + id + '"]') !== null,
    'the embed script shows it too');

  /* a story page of it, open while versions and the kill arrive */
  const reader = watch(await ctx.newPage(), 'live-story');
  await openLive(reader, '/stories/' + id);

  /* a new version moves its line, updated, to the top */
  const rail = await idOf('Rail fares');
  t0 = Date.now();
  await ingest('1st LD Writethru: Rail fares to rise 2 percent in April\n' +
    'Northwind, March 3, 2026\n\nMIRAVAL, March 3 (Northwind) -- Regional rail ' +
    'fares will rise by an average of 2 percent from April 1, the ministry said.\n\n' +
    'Unions called the rise unfair.\n\nENDS\n');
  await home.waitForFunction((r) => {
    const first = document.querySelector('.ticker-list > li');
    return first && first.dataset.id === String(r);
  }, rail, { timeout: LIVE_MS }).catch(() => null);
  ms = Date.now() - t0;
  check(await home.$eval('.ticker-list > li', (l) => l.dataset.id) === String(rail) &&
    ms <= LIVE_MS, 'a new version moves its line to the top within 2 s (' + ms + ' ms)');
  check((await home.$$('.ticker-list > li[data-id="' + rail + '"]')).length === 1,
    'one line per story');

  const v2 = Object.assign({}, story, { version: '2',
    headlines: [{ role: 'main', value: 'Harbour cranes restart; first ship loads' }] });
  await ingest(v2);
  await home.waitForFunction((i) => {
    const first = document.querySelector('.ticker-list > li');
    return first && first.dataset.id === String(i) &&
      first.textContent.includes('first ship loads');
  }, id, { timeout: LIVE_MS }).catch(() => null);
  check((await home.$eval('.ticker-list > li', (l) => l.textContent)).includes('first ship loads'),
    'the new version\'s headline replaces the old');
  await reader.waitForSelector('.live-status:not(:empty)', { timeout: LIVE_MS }).catch(() => null);
  check(await reader.isVisible('.live-status'), 'the story page says it was updated');
  await shot(home, 'live-home', false);

  /* a third agency's report of an event already on the ticker folds into
   * its line: still one line, now counting three agencies */
  const dock = await idOf('Port Calder dockers');
  const event = (await api('/api/v1/stories/' + dock)).altids
    .filter((a) => a.role === 'offwire:cluster').map((a) => a.value)[0];
  check(!!event, 'the sample dock strike is an event of two agencies');
  await ingest({
    uri: 'urn:browser-test:dock:' + Date.now(), type: 'text',
    headlines: [{ role: 'main', value: 'Dock strike at Port Calder diverts grain ships to Kelby' }],
    infosources: [{ name: 'Coastline News' }],
    bodies: [{ role: 'main', contenttype: 'text/plain',
      value: 'PORT CALDER (Coastline News) - Dock workers at Port Calder struck over ' +
        'night-shift pay on Tuesday, and grain ships were diverted to Kelby, the ' +
        'port authority said.' }],
  });
  const eventSel = '.ticker-list > li[data-cluster="' + event + '"]';
  await home.waitForFunction((s) => {
    const l = document.querySelectorAll(s);
    return l.length === 1 && l[0].textContent.includes('3 sources');
  }, eventSel, { timeout: LIVE_MS }).catch(() => null);
  const folded = await home.$$eval(eventSel, (ls) => ls.map((l) => l.textContent));
  check(folded.length === 1 && folded[0].includes('3 sources'),
    'a third report folds into its event\'s line: ' + JSON.stringify(folded));

  /* the kill removes it everywhere */
  t0 = Date.now();
  await ingest({ uri, pubstatus: 'canceled', infosources: [{ name: 'Harbor Press' }] });
  await home.waitForFunction((i) => !document.querySelector('[data-id="' + i + '"]'),
    id, { timeout: LIVE_MS }).catch(() => null);
  ms = Date.now() - t0;
  check(await home.$('[data-id="' + id + '"]') === null && ms <= LIVE_MS,
    'a kill removes the story from the whole page within 2 s (' + ms + ' ms)');
  await host.waitForFunction((i) => !document.querySelector('#wire li[data-id="' + i + '"]'),
    id, { timeout: LIVE_MS }).catch(() => null);
  check(await host.$('#wire li[data-id="' + id + '"]') === null,
    'and from the embedded ticker');
  await reader.waitForSelector('article.story.killed', { timeout: LIVE_MS }).catch(() => null);
  check(await reader.isVisible('.kill-notice') && !(await reader.isVisible('.story-body')),
    'an open story page hides the killed text and shows the notice');
  await shot(reader, 'live-killed-story', false);
  await shot(host, 'embed-script', false);
  check((await request('GET', '/stories/' + id)).status === 410, 'the killed story is 410');
  await reader.close();
  await host.close();
  await home.close();
}

async function testOtherPages(ctx) {
  const page = watch(await ctx.newPage(), 'pages');
  await page.goto(base + '/sections/environment');
  await shot(page, 'section');
  await page.goto(base + '/sources/Northwind');
  await shot(page, 'source');
  await accessible(page, 'source');
  await page.goto(base + '/search?q=port');
  await shot(page, 'search');
  await accessible(page, 'search');
  await page.setViewportSize({ width: 420, height: 600 });
  await page.goto(base + '/embed/ticker');
  check(await page.$$eval('.ticker-list li', (l) => l.length) > 0, 'embed page: lines');
  await shot(page, 'embed');
  await accessible(page, 'embed');
  await page.setViewportSize({ width: 1280, height: 900 });
  expected404.add(base + '/stories/999999');
  const r = await page.goto(base + '/stories/999999');
  check(r.status() === 404, 'unknown story: 404');
  check(await page.textContent('h1') === 'Story not found', '404 page');
  await shot(page, 'not-found');
  await accessible(page, '404');
  await page.close();
}

/* --------------------------------------------------------------- main */

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  loadSamples();
  await startServer();
  const ctx = await launch(true);
  try {
    await testHomeAndTicker(ctx);
    await testFontSize(ctx);
    await ctx.clearCookies();
    await testLive(ctx);
    await testOtherPages(ctx);
    await testFontSizeWithoutScript();
  } finally {
    await ctx.close();
  }
  for (const p of problems) console.log('FAIL ' + p);
  failed += problems.length;
  passed += problems.length ? 0 : 1;
}

const started = Date.now();
main().catch((e) => {
  failed++;
  console.log('FAIL ' + (e && e.stack ? e.stack : e));
}).finally(() => {
  if (server) server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log('screenshots in ' + outDir);
  console.log('browser.site: ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
});
