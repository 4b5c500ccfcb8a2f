// serve_test.mjs - attune serve's page in a real browser: Debian's headless
// Chromium driven by puppeteer-core (no browser download).  Starts
// `build/attune serve` on a free local port and checks what a student sees
// against what `attune run` and `attune score` compute on their own:
//   1. both dyads render (screenshot, distinct colours in each dyad's faces);
//   2. at 16x to the end of the run, the page's counts equal `attune score`
//      of `attune run` with the same scenario and seed, and the downloaded
//      trace equals `attune run`'s bytes;
//   3. a slider change (the infant's trust) reaches the simulation: the
//      trace differs from the unchanged run from exactly the change's step
//      and equals `attune run ... --at T:KEY=V`, the command the page shows;
//   4. "Still face now" switches the mother's face and the policy, and
//      "Reunion" switches them back, in the page and in the trace;
//   5. a bad parameter (a slider pushed out of range, a bad seed) shows the
//      CLI's message text;
//   6. the frame rate at 16x is measured and printed.
// Screenshots go to build/browser/.  Environment: ATTUNE_BIN (default
// build/attune), CHROMIUM (default /usr/bin/chromium), ATTUNE_URL (test a
// server already running there instead of starting one).
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(ROOT, process.env.ATTUNE_BIN || 'build/attune');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = path.join(ROOT, 'build', 'browser');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-browser-'));
const started = Date.now();
let passed = 0, failed = 0, server = null, browser = null;

function check(ok, what, detail) {
  if (ok) { passed++; console.log('ok   ' + what); }
  else { failed++; console.log('FAIL ' + what + (detail ? '\n     ' + detail : '')); }
  return ok;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out after ' + ms + ' ms waiting for ' + what);
    await sleep(50);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// `attune ARGS...` run from the repository root: its standard output, or the
// exit status and standard error when it fails.
function attune(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The trace `attune run` writes for a command the page shows ("attune run ...").
function runCommand(command, file) {
  const args = command.trim().split(/\s+/);
  if (args[0] !== 'attune') throw new Error('not an attune command: ' + command);
  const r = attune(args.slice(1).concat(['-q', '-o', file]));
  if (r.status !== 0) throw new Error(command + ': ' + r.stderr);
  return fs.readFileSync(file, 'utf8');
}

// attune score's 'all' row of a trace, as {column: value}.
function score(file) {
  const text = execFileSync(BIN, ['score', file, '--format', 'csv'], { cwd: ROOT, encoding: 'utf8' });
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  const row = lines.map((l) => l.split(',')).find((f) => f[1] === 'all');
  return Object.fromEntries(head.map((h, i) => [h, row[i]]));
}

async function download(page, sel) {
  const href = await page.$eval(sel, (a) => a.href);
  const res = await fetch(href);
  return { status: res.status, type: res.headers.get('content-type') || '',
           body: Buffer.from(await res.arrayBuffer()) };
}

// Distinct colours in a rectangle of a PNG screenshot, counted by the page
// itself (a canvas reads the image back).
async function distinctColours(page, png, rect) {
  return page.evaluate(async (b64, r) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = r.width; c.height = r.height;
    const g = c.getContext('2d');
    g.drawImage(img, r.x, r.y, r.width, r.height, 0, 0, r.width, r.height);
    const d = g.getImageData(0, 0, r.width, r.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, png.toString('base64'), rect);
}

const stat = (page, i) => page.evaluate((k) => JSON.parse(JSON.stringify(window.attuneStats.dyads[k])), i);
const text = (page, sel) => page.$eval(sel, (e) => (e.hidden ? '' : e.textContent.trim()));

async function setSpeed(page, x) {
  const i = [0.25, 0.5, 1, 2, 4, 8, 16].indexOf(x);
  await page.$eval('#speed', (r, v) => { r.value = v; r.dispatchEvent(new Event('input')); }, String(i));
}
async function setPlaying(page, on) {
  if ((await page.evaluate(() => window.attuneStats.playing)) !== on) await page.click('#play');
}
// Restarts dyad D (1 or 2) and waits for its new run.
async function restart(page, d) {
  const before = (await stat(page, d - 1)).runId;
  await page.click('#dyad' + d + ' .restart');
  await waitFor(async () => (await stat(page, d - 1)).runId !== before, 5000, 'a new run');
}
// A slider moved and released through the page's own code path.
async function slide(page, d, key, value, widen) {
  await page.$eval('#dyad' + d + ' input[data-key="' + key + '"]', (s, v, w) => {
    if (w) { s.min = -1e9; s.max = 1e9; s.step = 'any'; }
    s.value = v;
    s.dispatchEvent(new Event('input'));
    s.dispatchEvent(new Event('change'));
  }, String(value), !!widen);
}

function rowsOf(csv) { return csv.split('\n').slice(1).filter((l) => l); }
function column(csv, name) {
  const head = csv.split('\n')[0].split(',');
  const k = head.indexOf(name);
  return rowsOf(csv).map((l) => l.split(',')[k]);
}

async function testRender(page) {
  await waitFor(() => page.evaluate(() => window.attuneStats.ready && window.attuneStats.dyads.every((d) => d.runId)),
                10000, 'both runs');
  await page.click('#step');
  await waitFor(async () => (await stat(page, 1)).steps >= 1, 5000, 'one step');
  await sleep(400);
  const png = await page.screenshot({ path: path.join(OUT, 'dyads.png') });
  const blank = await distinctColours(page, png, { x: 0, y: 0, width: 1, height: 1 });
  for (const d of [1, 2]) {
    const r = await page.$eval('#dyad' + d + ' svg.faces', (s) => {
      const b = s.getBoundingClientRect();
      return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
    });
    const n = await distinctColours(page, png, r);
    check(r.width > 200 && r.height > 100 && n >= 12,
          'dyad ' + d + ' renders its faces (' + r.width + 'x' + r.height + ' px, ' + n + ' colours; a blank page has ' + blank + ')');
    const parts = await page.$eval('#dyad' + d + ' svg.faces', (s) => [
      s.querySelector('.infant').dataset.behavior, s.querySelector('.mother').dataset.behavior]);
    const st = await stat(page, d - 1);
    check(parts[0] === st.infant && parts[1] === st.mother && parts[0] && parts[1],
          'dyad ' + d + ' faces pose the row shown (infant ' + parts[0] + ', mother ' + parts[1] + ')');
  }
}

async function testCounts(page) {
  for (const d of [1, 2]) await restart(page, d);
  await setSpeed(page, 16);
  await setPlaying(page, true);
  const fps = [];
  let mid = null;
  await waitFor(async () => {
    const s = await page.evaluate(() => window.attuneStats);
    if (s.fps) fps.push(s.fps);
    if (!mid && s.dyads[0].t > 60) {
      // what the page shows, and the step its counts stand at, read at once
      mid = await page.evaluate(() => window.attuneStats.dyads.map((d, i) => ({
        index: d.stateIndex,
        ruptures: document.querySelector('#dyad' + (i + 1) + ' .n-ruptures').textContent,
        repairs: document.querySelector('#dyad' + (i + 1) + ' .n-repairs').textContent })));
      await page.screenshot({ path: path.join(OUT, 'running-16x.png') });
    }
    await sleep(250);
    return s.dyads.every((d) => d.done);
  }, 60000, 'both runs to end at 16x');
  await page.screenshot({ path: path.join(OUT, 'finished.png') });
  const mean = fps.length ? fps.reduce((a, b) => a + b, 0) / fps.length : 0;
  console.log('     frame rate at 16x: mean ' + mean.toFixed(1) + ' fps, min ' + Math.min(...fps) +
              ', over ' + fps.length + ' samples (window.attuneStats.fps)');
  check(mean >= 10, 'the page animates at 16x (mean ' + mean.toFixed(1) + ' fps)');
  for (const d of [1, 2]) {
    const st = await stat(page, d - 1);
    const file = path.join(TMP, 'full' + d + '.csv');
    const want = runCommand(st.command, file);
    const sc = score(file);
    const shown = {
      ruptures: await text(page, '#dyad' + d + ' .n-ruptures'),
      repairs: await text(page, '#dyad' + d + ' .n-repairs'),
      median: await text(page, '#dyad' + d + ' .n-median')
    };
    check(shown.ruptures === sc.ruptures && shown.repairs === sc.repairs,
          'dyad ' + d + ' counts at the end equal attune score (' + shown.ruptures + ' ruptures, ' +
          shown.repairs + ' repairs; score: ' + sc.ruptures + ', ' + sc.repairs + ')');
    const median = sc.latency_median_s === '' ? '\u2013' : String(Math.round(Number(sc.latency_median_s) * 100) / 100) + ' s';
    check(shown.median === median, 'dyad ' + d + ' median time to repair ' + shown.median + ' (score: ' + median + ')');
    if (mid) {
      const lines = want.split('\n');
      const cut = path.join(TMP, 'cut' + d + '.csv');
      fs.writeFileSync(cut, lines.slice(0, mid[d - 1].index + 1).join('\n') + '\n');
      const sm = score(cut);
      check(mid[d - 1].ruptures === sm.ruptures && mid[d - 1].repairs === sm.repairs,
            'dyad ' + d + ' counts shown during the run (' + mid[d - 1].ruptures + ' ruptures, ' + mid[d - 1].repairs +
            ' repairs after ' + mid[d - 1].index + ' steps) equal attune score of the trace cut there (' +
            sm.ruptures + ', ' + sm.repairs + ')');
    }
    const got = await download(page, '#dyad' + d + ' .download');
    check(got.status === 200 && got.body.toString('utf8') === want,
          'dyad ' + d + ' "Download this run" is byte-identical to `' + st.command + '`');
  }
  await setPlaying(page, false);
}

async function testSlider(page) {
  await restart(page, 1);
  await setSpeed(page, 4);
  await setPlaying(page, true);
  await waitFor(async () => (await stat(page, 0)).t >= 5, 10000, '5 s of play');
  await setPlaying(page, false);
  await slide(page, 1, 'infant.trust', '0.2');
  await waitFor(async () => /--at /.test((await stat(page, 0)).command), 5000, 'the change');
  const st = await stat(page, 0);
  const m = / --at ([0-9.]+):infant\.trust=0\.2$/.exec(st.command);
  check(!!m, 'the slider change shows in the command: ' + st.command);
  const change = await page.evaluate(() => window.attune.dyads[0].lastChange);
  const got = (await download(page, '#dyad1 .download')).body.toString('utf8');
  const want = runCommand(st.command, path.join(TMP, 'slider.csv'));
  check(got === want, 'the downloaded trace equals `' + st.command + '`');
  const plain = runCommand(st.command.replace(/ --at \S+/g, ''), path.join(TMP, 'plain.csv'));
  const a = rowsOf(got), b = rowsOf(plain);
  let first = 0;
  while (first < a.length && a[first] === b[first]) first++;
  check(change && first === change.index,
        'the trace differs from the unchanged run from exactly the change\'s step (first different row ' +
        first + ', change at step ' + (change && change.index) + ', t = ' + (change && change.t) + ')');
  const trust = column(got, 'infant_trust');
  check(Math.abs(Number(trust[first]) - 0.2) < 0.05 && Math.abs(Number(trust[first - 1]) - 0.2) > 0.05,
        'infant_trust goes to 0.2 at that step (' + trust[first - 1] + ' -> ' + trust[first] + ')');
  /* Ten presses of an arrow key on a slider: one change, of the value
   * they reached (each press fires a change; they were ten --at). */
  const before = (await stat(page, 0)).command;
  await page.focus('#dyad1 input[data-key="caregiver.wait_time"]');
  for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight');
  const reached = await page.$eval('#dyad1 input[data-key="caregiver.wait_time"]', (s) => s.value);
  await waitFor(async () => (await stat(page, 0)).command !== before, 5000, 'the keyed change');
  await new Promise((r) => setTimeout(r, 1500));
  const keyed = (await stat(page, 0)).command.slice(before.length);
  const ats = keyed.match(/ --at /g) || [];
  check(ats.length === 1 && keyed.endsWith(':caregiver.wait_time=' + reached),
        'ten arrow-key presses on a slider are one change, to ' + reached + ': "' + keyed + '"');
}

async function testStillFace(page) {
  await restart(page, 2);
  const policy = (await stat(page, 1)).policy;
  await setSpeed(page, 2);
  await setPlaying(page, true);
  await waitFor(async () => (await stat(page, 1)).t >= 3, 10000, '3 s of play');
  await page.click('#dyad2 .still-face');
  await waitFor(async () => (await stat(page, 1)).mother === 'still-face', 10000, 'the still face');
  await sleep(300);
  await page.screenshot({ path: path.join(OUT, 'still-face.png') });
  let st = await stat(page, 1);
  const face = await page.$eval('#dyad2 svg.faces .mother', (g) => [g.dataset.behavior, g.dataset.blank]);
  const cap = await text(page, '#dyad2 .cap-mother');
  check(face[0] === 'still-face' && face[1] === 'yes' && /still face/i.test(cap),
        'the still-face button blanks the mother\'s face (' + face.join(', ') + '; "' + cap + '")');
  check(st.policy === 'still-face', 'the policy is still-face (state.policy ' + st.policy + ')');
  const sfAt = await page.evaluate(() => window.attune.dyads[1].lastChange);
  await waitFor(async () => (await stat(page, 1)).t >= sfAt.t + 4, 10000, '4 s of still face');
  await page.click('#dyad2 .reunion');
  await waitFor(async () => (await stat(page, 1)).policy === policy, 5000, 'the reunion');
  const reAt = await page.evaluate(() => window.attune.dyads[1].lastChange);
  await waitFor(async () => (await stat(page, 1)).mother !== 'still-face', 10000, 'her face back');
  await sleep(300);
  await page.screenshot({ path: path.join(OUT, 'reunion.png') });
  await setPlaying(page, false);
  st = await stat(page, 1);
  check(st.policy === policy && st.mother !== 'still-face',
        'the reunion brings back ' + policy + ' (mother now ' + st.mother + ')');
  const got = (await download(page, '#dyad2 .download')).body.toString('utf8');
  const beh = column(got, 'caregiver_behavior');
  const during = beh.slice(sfAt.index, reAt.index);
  check(during.length > 10 && during.every((b) => b === 'still-face') && beh[sfAt.index - 1] !== 'still-face' &&
        beh.slice(reAt.index).some((b) => b !== 'still-face'),
        'the trace\'s caregiver_behavior is still-face from step ' + sfAt.index + ' to ' + reAt.index + ' only');
  const want = runCommand(st.command, path.join(TMP, 'still.csv'));
  check(got === want, 'the still-face trace equals `' + st.command + '`');
  const fig = await download(page, '#dyad2 .figure');
  check(fig.status === 200 && /image\/png/.test(fig.type) && fig.body.subarray(1, 4).toString() === 'PNG',
        '"Save figure" gives a PNG (' + fig.body.length + ' bytes)');
}

async function testErrors(page) {
  const st = await stat(page, 0);
  await slide(page, 1, 'caregiver.wait_time', '-1', true);
  const msg = await waitFor(() => text(page, '#dyad1 .err-change'), 5000, 'an error message');
  const m = /^--at ([0-9.]+):/.exec(msg);
  const path0 = st.command.split(/\s+/)[2];
  const cli = m ? attune(['run', path0, '--at', m[1] + ':caregiver.wait_time=-1', '-q', '-o', path.join(TMP, 'bad.csv')]) : null;
  const want = cli ? cli.stderr.trim().replace(/^attune run: /, '') : '(no --at in the message)';
  check(cli && cli.status === 2 && msg === want, 'an out-of-range slider shows the CLI\'s message: "' + msg + '"',
        'the CLI says: "' + want + '"');
  const value = await page.$eval('#dyad1 input[data-key="caregiver.wait_time"]', (s) => Number(s.value));
  check(value === st.values['caregiver.wait_time'], 'the slider goes back to ' + value);
  return testSeed(page, st);
}

async function testSeed(page, st) {
  const path0 = st.command.split(/\s+/)[2];
  await page.$eval('#dyad1 .seed', (s) => { s.value = '-1'; });
  await page.click('#dyad1 .restart');
  const seedMsg = await waitFor(() => text(page, '#dyad1 .err-setup'), 5000, 'the seed error');
  const cliSeed = attune(['run', path0, '--seed', '-1', '-q', '-o', path.join(TMP, 'bad.csv')]);
  const wantSeed = cliSeed.stderr.trim().replace(/^attune run: /, '');
  check(cliSeed.status === 2 && seedMsg === wantSeed, 'a bad seed shows the CLI\'s message: "' + seedMsg + '"',
        'the CLI says: "' + wantSeed + '"');
  await page.screenshot({ path: path.join(OUT, 'error.png') });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const port = process.env.ATTUNE_URL ? 0 : await freePort();
  if (!port) server = { exitCode: null, kill() {}, stdout: { on() {} }, stderr: { on() {} } };
  else server = spawn(BIN, ['serve', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (b) => { serverLog += b; });
  server.stderr.on('data', (b) => { serverLog += b; });
  const url = process.env.ATTUNE_URL || 'http://127.0.0.1:' + port + '/';
  await waitFor(async () => {
    if (server.exitCode !== null) throw new Error('attune serve exited: ' + serverLog);
    try { return (await fetch(url + 'api/info')).ok; } catch (e) { return false; }
  }, 10000, 'attune serve on port ' + port);
  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, userDataDir: path.join(TMP, 'profile'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => { if (!/\/close$/.test(r.url())) problems.push('request failed: ' + r.url()); });
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:')) problems.push('a request left the server: ' + r.url().slice(0, 120));
  });
  await page.goto(url);
  for (const t of [testRender, testCounts, testSlider, testStillFace, testErrors]) {
    try {
      await t(page);
    } catch (e) {
      check(false, t.name + ' stopped', e && e.stack ? e.stack : String(e));
      await page.evaluate(() => window.attune.setPlaying(false)).catch(() => {});
    }
  }
  check(problems.length === 0, 'no page errors, failed requests or requests elsewhere', problems.slice(0, 5).join('\n     '));
  await browser.close();
  browser = null;
  if (port) {
    // stopped as Ctrl-C or a service manager would: exit status 0, and no
    // sanitizer report (the SAN=1 build checks leaks at exit)
    const exited = new Promise((resolve) => server.on('exit', (code, sig) => resolve(code === null ? sig : code)));
    server.kill('SIGTERM');
    const status = await Promise.race([exited, sleep(10000).then(() => 'still running after 10 s')]);
    check(status === 0 && !/Sanitizer|runtime error/.test(serverLog),
          'attune serve stops on SIGTERM with status 0 and no sanitizer report (status ' + status + ')',
          serverLog.split('\n').filter((l) => /ERROR|runtime error|SUMMARY/.test(l)).slice(0, 5).join('\n     '));
  }
}

try {
  await main();
} catch (e) {
  failed++;
  console.log('FAIL ' + (e && e.stack ? e.stack : e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) server.kill('SIGTERM');
  fs.rmSync(TMP, { recursive: true, force: true });
}
console.log('     screenshots in ' + path.relative(ROOT, OUT) + '/; took ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
