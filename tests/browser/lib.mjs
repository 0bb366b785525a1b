// Shared helpers of the browser tests: Debian's Chromium driven by playwright-core, against a real
// Jirga server that the Rust test (crates/jirga/tests/it/browser.rs) started. A script reads:
//   JIRGA_URL        the server's base URL, http://127.0.0.1:PORT
//   JIRGA_CHROMIUM   the Chromium executable (/usr/bin/chromium from Debian's package chromium)
//   JIRGA_ARTIFACTS  the folder for screenshots, kept after the run
//   JIRGA_TOKENS     {"<demo member handle>": "<token>"} for the members the test signed in
//   JIRGA_KEYS       a folder of key files, <handle>.key as `jirga key new` writes them (keyFile)
// A script is a list of steps (see `run` and `step`): each failing step is reported, leaves a
// screenshot FAILED-<step>.png, and makes the script exit 1 once every step has run.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { Failure, assert, assertEqual } from './assert.mjs';

export { checkAccessibility } from './a11y.mjs';
export { Failure, assert, assertEqual };

export const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

function setting(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run the browser tests through cargo (crates/jirga/tests/it/browser.rs), which sets it`);
    process.exit(2);
  }
  return value;
}

export const baseUrl = () => setting('JIRGA_URL');

/** The bearer token of a demo member the Rust test signed in (its `members` list). */
export function token(handle) {
  const tokens = JSON.parse(process.env.JIRGA_TOKENS || '{}');
  assert(tokens[handle], `no token for the member ${handle}: add "${handle}" to the members of the Rust test`);
  return tokens[handle];
}

/** The path of the key file of the demo member `handle`, written by the Rust test (its `keys` list). */
export function keyFile(handle) {
  const file = join(setting('JIRGA_KEYS'), `${handle}.key`);
  assert(existsSync(file), `no key file for the member ${handle}: add "${handle}" to the keys of the Rust test`);
  return file;
}

/** The key file of `handle`, read: { format, name, party, public, secret }. */
export const readKeyFile = (handle) => JSON.parse(readFileSync(keyFile(handle), 'utf8'));

/** GET a JSON document from the server's API. */
export async function getJson(path) {
  const resp = await fetch(baseUrl() + path);
  assert(resp.ok, `GET ${path}: ${resp.status}`);
  return resp.json();
}

// playwright-core passes --no-sandbox itself (its chromiumSandbox option is off by default),
// which Chromium needs when it runs as root, as it does in CI.
const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  '--no-first-run',
];

/** Chromium, headless; `args` are added to its command line. */
export async function launch({ args = [] } = {}) {
  return chromium.launch({ executablePath: setting('JIRGA_CHROMIUM'), headless: true, args: [...CHROMIUM_ARGS, ...args] });
}

/**
 * Chromium with a profile kept in `dir` (its IndexedDB, service worker and caches survive a
 * restart: launch again with the same folder), as a phone's browser keeps them.
 */
export async function launchProfile(dir, { size = 'desktop' } = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: setting('JIRGA_CHROMIUM'),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: SIZES[size],
    locale: 'en-US',
    baseURL: baseUrl(),
  });
}

/** Imports the demo member's key file on the sign-in page and signs in with it (the browser signs). */
export async function signInWithKey(page, handle, { timeout = 10000 } = {}) {
  await page.goto('/sign-in?lang=en');
  await page.setInputFiles('#key-file', keyFile(handle));
  await page.click('#key-import button[type=submit]');
  await page.locator('#key-present').waitFor({ state: 'visible', timeout });
  await page.click('#sign-in-button');
  await page.waitForURL((u) => u.pathname === '/', { timeout });
}

/**
 * Waits until the service worker controls the page (it then keeps what the page shows). A page
 * whose load began while the worker was still installing may never be claimed by it (the claim
 * can pass it by); the next load is always controlled, so the page is loaded again, as a reader's
 * next page would be.
 */
export async function controlled(page) {
  for (let tries = 0; tries < 5; tries++) {
    const yes = await page.evaluate(async () => {
      await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 5000))]);
      return navigator.serviceWorker.controller !== null;
    });
    if (yes) return;
    await page.reload({ waitUntil: 'load' });
  }
  const state = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return r ? `installing ${r.installing?.state}, waiting ${r.waiting?.state}, active ${r.active?.state}` : 'no registration';
  });
  throw new Error(`the service worker does not control ${page.url()} after five loads (${state})`);
}

// What went wrong in a page besides the script's own assertions: uncaught exceptions, console
// errors, failed loads, and any request for an address other than the server under test.
const trouble = new WeakMap();

/**
 * A page in a context of its own (own cookies) with the viewport `size` ('desktop' or 'phone'),
 * signed in as the demo member `member` (its jirga_token cookie) or anonymous when null.
 */
export async function openPage(browser, { size = 'desktop', member = null } = {}) {
  const base = baseUrl();
  const context = await browser.newContext({ viewport: SIZES[size], locale: 'en-US', baseURL: base });
  if (member) await context.addCookies([{ name: 'jirga_token', value: token(member), url: base }]);
  const problems = [];
  await context.route(
    (url) => url.origin !== new URL(base).origin,
    (route) => {
      problems.push(`asked for an outside address: ${route.request().url()}`);
      return route.abort();
    },
  );
  // Every refusal of the Content-Security-Policy is counted in the page (cspViolations) and
  // reported as trouble; this script is the browser's, not the page's, so CSP does not stop it.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile || 'page'}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  trouble.set(page, problems);
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('console', (m) => {
    // A failed load is reported once, by the response listener, with its address.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return page;
}

/** What the page's Content-Security-Policy refused since it loaded, e.g. "script-src-elem refused inline (…)". */
export const cspViolations = (page) => page.evaluate(() => window.__cspViolations ?? ['the CSP listener is missing']);

/** Throws if the page's Content-Security-Policy refused anything. */
export async function expectNoCspViolations(page) {
  const found = await cspViolations(page);
  assert(found.length === 0, `Content-Security-Policy violations on ${page.url()}:\n  - ${found.join('\n  - ')}`);
  const header = await page.evaluate(async () => (await fetch(location.href, { method: 'HEAD' })).headers.get('content-security-policy'));
  assert(header && !header.includes('unsafe-inline'), `the page is served with a strict CSP: ${header}`);
}

/** Closes the page and its context (its cookies). */
export async function closePage(page) {
  await page.context().close();
}

/** Opens `path` (relative to the server), expects 200, and waits until its fonts are ready. */
export async function visit(page, path) {
  const resp = await page.goto(path, { waitUntil: 'load' });
  assert(resp, `GET ${path}: no response`);
  assertEqual(resp.status(), 200, `status of GET ${path}`);
  await page.evaluate(() => document.fonts.ready);
  return resp;
}

/**
 * The page's trouble that `pattern` matches was expected (e.g. the 422 of a statement the server
 * refuses): takes it off the page's list, and throws unless there was some.
 */
export function expectTrouble(page, pattern) {
  const problems = trouble.get(page) ?? [];
  const matching = problems.filter((p) => pattern.test(p));
  assert(matching.length > 0, `expected trouble matching ${pattern} on ${page.url()}; the page had: ${problems.join('; ') || 'none'}`);
  problems.splice(0, problems.length, ...problems.filter((p) => !pattern.test(p)));
  return matching;
}

/** Throws if the page had uncaught exceptions, console errors or failed loads since the last call. */
export function expectNoTrouble(page) {
  const problems = trouble.get(page) ?? [];
  const found = problems.splice(0);
  assert(found.length === 0, `the page ${page.url()} had trouble:\n  - ${found.join('\n  - ')}`);
}

/** A full-page PNG named `<name>.png` in JIRGA_ARTIFACTS; returns its path. */
export async function screenshot(page, name) {
  const dir = setting('JIRGA_ARTIFACTS');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** The page is laid out in `dir` ('ltr' or 'rtl'), down to where the header puts the brand. */
export async function expectDirection(page, dir) {
  const facts = await page.evaluate(() => {
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: Math.round(r.left), right: Math.round(r.right) };
    };
    return {
      htmlDir: document.documentElement.dir,
      bodyDirection: getComputedStyle(document.body).direction,
      brand: box(document.querySelector('header .brand')),
      switcher: box(document.querySelector('header .languages')),
      width: document.documentElement.clientWidth,
    };
  });
  assertEqual(facts.htmlDir, dir, '<html dir>');
  assertEqual(facts.bodyDirection, dir, 'computed direction of <body>');
  const { brand, switcher, width } = facts;
  assert(brand && switcher, 'the header has a brand link (header .brand) and a language switcher (header .languages)');
  const where = `brand link ${brand.left}–${brand.right}px, language switcher ${switcher.left}–${switcher.right}px, page ${width}px wide`;
  const middle = (b) => (b.left + b.right) / 2;
  // The brand is the header's first item: at the inline start, the right edge in right-to-left.
  if (dir === 'rtl') {
    assert(middle(brand) > middle(switcher), `rtl: the brand link should be right of the language switcher (${where})`);
    assert(width - brand.right < 48, `rtl: the brand link should start at the right edge (${where})`);
  } else {
    assert(middle(brand) < middle(switcher), `ltr: the brand link should be left of the language switcher (${where})`);
    assert(brand.left < 48, `ltr: the brand link should start at the left edge (${where})`);
  }
}

// The first words of the English catalogue's message ids (proof, incident, crossing, ...).
const CATALOGUE = join(dirname(fileURLToPath(import.meta.url)), '../../crates/jirga/locales/en/jirga.ftl');
let idWords;

/**
 * No message id shows instead of its text: the server prints the id of a message it cannot find
 * (e.g. "proof-" for proof-{ $status } with an empty status). Looks at text and at aria-label,
 * title and alt; reports text that is a lower-case hyphenated word starting like a message id.
 */
export async function expectTranslated(page) {
  idWords ??= [...new Set(readFileSync(CATALOGUE, 'utf8').match(/^[a-z][a-z0-9]*(?=-)/gm))];
  const shown = await page.evaluate((words) => {
    const looksLikeId = (t) => /^[a-z][a-z0-9]*(-[a-z0-9_]*)+$/.test(t) && words.includes(t.split('-')[0]);
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent.trim();
      if (looksLikeId(t) && !n.parentElement.closest('script, style, code')) found.push(`"${t}" in <${n.parentElement.tagName.toLowerCase()} class="${n.parentElement.className?.baseVal ?? n.parentElement.className}">`);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt]')) {
      for (const a of ['aria-label', 'title', 'alt']) {
        const t = (el.getAttribute(a) || '').trim();
        if (looksLikeId(t)) found.push(`${a}="${t}" on <${el.tagName.toLowerCase()}>`);
      }
    }
    return found;
  }, idWords);
  assert(shown.length === 0, `message ids shown instead of text (a missing or mis-keyed translation):\n  - ${[...new Set(shown)].join('\n  - ')}`);
}

/**
 * The element `selector` is drawn mostly in the font `family`, as Chromium reports the fonts it used
 * for its text: a missing font package, or a CSS rule that does not match, shows here.
 */
export async function expectFont(page, selector, family) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert(nodeId, `no element ${selector} to check the font of`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const glyphs = (list) => list.reduce((n, f) => n + f.glyphCount, 0);
    const used = fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ') || 'no font';
    assert(
      2 * glyphs(fonts.filter((f) => f.familyName === family)) > glyphs(fonts),
      `${selector} is drawn in ${used}, not mostly in ${family}: is the font installed (fonts-noto-core), ` +
        `and does the stylesheet's rule for this language match the page?`,
    );
  } finally {
    await cdp.detach();
  }
}

/** Nothing sticks out sideways: the page does not scroll horizontally (WCAG 1.4.10, reflow). */
export async function expectNoSidewaysScroll(page) {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 1 || r.left < -1) && !el.closest('svg') && getComputedStyle(el).position !== 'absolute';
      })
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)}px`);
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide };
  });
  assert(
    scrollWidth <= clientWidth,
    `the page is ${scrollWidth}px wide in a ${clientWidth}px window: it scrolls sideways; wider than the window: ${wide.join(', ') || 'nothing found'}`,
  );
}

export const expectRtl = (page) => expectDirection(page, 'rtl');
export const expectLtr = (page) => expectDirection(page, 'ltr');

const results = { passed: [], failed: [] };

/** How long one step may take before it is reported as hung. */
const STEP_LIMIT_MS = 120000;

/**
 * Runs one step against `page`: `fn()` then expectNoTrouble(page). A failure is reported with the
 * step's name, leaves FAILED-<name>.png, and lets the next steps run; `run` then exits 1.
 */
export async function step(name, page, fn, { limitMs = STEP_LIMIT_MS } = {}) {
  let timer;
  try {
    // A wait with no bound of its own (an evaluate, a close) must not hang the whole script.
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Failure(`the step did not finish in ${limitMs / 1000} s`)), limitMs);
    });
    await Promise.race([fn(), limit]);
    expectNoTrouble(page);
    results.passed.push(name);
    console.log(`ok      ${name}`);
  } catch (e) {
    let shot = '';
    try {
      shot = ` (screenshot ${await screenshot(page, `FAILED-${name}`)})`;
    } catch (e2) {
      shot = ` (no screenshot: ${e2.message.split('\n')[0]})`;
    }
    const message = e instanceof Failure ? e.message : e.stack || String(e);
    results.failed.push(name);
    console.log(`FAILED  ${name}${shot}\n${message.replace(/^/gm, '        ')}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Launches Chromium (with `options` for `launch`), runs `script(browser)`, and exits 0 only if every
 * step passed.
 */
export async function run(script, options = {}) {
  let browser;
  let code = 0;
  try {
    browser = await launch(options);
    await script(browser);
  } catch (e) {
    console.log(`FAILED  outside any step\n${e instanceof Failure ? e.message : e.stack || String(e)}`);
    code = 1;
  } finally {
    await browser?.close();
  }
  if (results.failed.length) code = 1;
  if (results.passed.length + results.failed.length === 0) {
    console.log('no step ran');
    code = 1;
  }
  console.log(`\nsteps: ${results.passed.length} ok, ${results.failed.length} failed${results.failed.length ? ` (${results.failed.join(', ')})` : ''}`);
  process.exit(code);
}
