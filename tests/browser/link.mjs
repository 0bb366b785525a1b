// The pages over a poor link, for `jirga bench link`: this script runs inside a network namespace
// whose only way to the server is a veth pair shaped by tc netem (the bench sets it up). It
// measures, in Chromium, a duty officer's dashboard on a first visit (empty cache) and on a revisit,
// and the time from the link coming back (the interface set up again) to a report signed while it
// was down being in a signed checkpoint (the outbox shows it "in the log").
// Writes link.json in JIRGA_ARTIFACTS; JIRGA_LINK_DEV names the interface to take down and up.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { assert, baseUrl, run, signInWithKey, step, token } from './lib.mjs';

const VISITS = Number(process.env.JIRGA_LINK_VISITS || 5);
const QUEUED = Number(process.env.JIRGA_LINK_QUEUED || 3);
const DEV = process.env.JIRGA_LINK_DEV;
const SLOW = 120000;
const found = { first: [], revisit: [], queued: [] };

/**
 * A context of its own, as a phone's browser is: no request interception here (Playwright's
 * routing turns the HTTP cache off, and the revisit is about that cache).
 */
async function openContext(browser, member = null) {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: 'en-US', viewport: { width: 390, height: 844 } });
  if (member) await context.addCookies([{ name: 'jirga_token', value: token(member), url: baseUrl() }]);
  return context.newPage();
}

const link = (state) => execFileSync('ip', ['link', 'set', 'dev', DEV, state]);

/** Loads `path` and reads the browser's own timing of it: until the load event, and the bytes it moved. */
async function visit(page, path) {
  await page.goto(path, { waitUntil: 'load', timeout: SLOW });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      load_ms: Math.round(nav.loadEventEnd),
      first_paint_ms: paint ? Math.round(paint.startTime) : null,
      bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
      requests: 1 + resources.length,
      over_the_link: [nav, ...resources].filter((e) => e.transferSize > 0).length,
    };
  });
}

await run(
  async (browser) => {
    assert(DEV, 'JIRGA_LINK_DEV: the interface to take down and up (jirga bench link sets it)');
    for (let i = 0; i < VISITS; i++) {
      const page = await openContext(browser, 'pk-duty-officer');
      await step(`L1-dashboard-first-visit-and-revisit-${i + 1}`, page, async () => {
        found.first.push(await visit(page, '/?lang=en'));
        found.revisit.push(await visit(page, '/?lang=en'));
        assert(await page.locator('svg.map').count() === 1, 'the dashboard shows its map');
      }, { limitMs: 4 * SLOW });
      await page.context().close();
    }

    const page = await openContext(browser);
    await step('L2-sign-in-over-the-link', page, () => signInWithKey(page, 'af-reporter-nangarhar', { timeout: SLOW }), { limitMs: 4 * SLOW });
    for (let i = 0; i < QUEUED; i++) {
      await step(`L3-the-link-returns-and-the-queued-report-is-in-the-log-${i + 1}`, page, async () => {
        await page.goto('/incidents/new?lang=en&lat=34.12&lon=71.10', { waitUntil: 'load', timeout: SLOW });
        link('down');
        try {
          await page.waitForFunction(() => navigator.onLine === false, null, { timeout: 10000 });
          const title = `Rockets over a poor link ${Date.now()}`;
          await page.fill('#r-start', await page.evaluate(() => new Date(Date.now() - 3600000 - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16)));
          await page.fill('#r-title', title);
          await page.fill('#r-narrative', 'Rockets landed near the post; filed while the link was down.');
          await page.click('form[data-kind="incident.report"] button[type=submit]');
          await page.locator('form[data-kind="incident.report"] .form-error').filter({ hasText: 'signed and queued' }).waitFor({ timeout: 10000 });
          // The moment the item turns "in the log", by the page's clock (the same machine's).
          await page.evaluate((title) => {
            window.__loggedAt = null;
            new MutationObserver(() => {
              const li = Array.from(document.querySelectorAll('#outbox li.outbox-logged')).find((l) => l.textContent.includes(title));
              if (li && !window.__loggedAt) window.__loggedAt = Date.now();
            }).observe(document.getElementById('outbox'), { subtree: true, childList: true, attributes: true });
          }, title);
        } finally {
          link('up');
        }
        const back = Date.now();
        await page.waitForFunction(() => window.__loggedAt !== null, null, { timeout: SLOW, polling: 100 });
        found.queued.push({ ms: (await page.evaluate(() => window.__loggedAt)) - back });
      }, { limitMs: 2 * SLOW });
    }
    found.url = baseUrl();
    writeFileSync(join(process.env.JIRGA_ARTIFACTS, 'link.json'), JSON.stringify(found, null, 2));
  },
  { args: [`--unsafely-treat-insecure-origin-as-secure=${baseUrl()}`] },
);
