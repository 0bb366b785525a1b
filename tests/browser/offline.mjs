// Offline, as a post on a dead link lives it: a reporter and a duty officer, each in a Chromium
// profile of their own (kept on disk, as a phone keeps it), read their last-seen pages with the
// link down, file a report and acknowledge a request to cease fire, reload, restart the browser,
// and come back online: both statements go, in order, once each, and reach a signed checkpoint.
// A second report, for a point outside the deployment, is refused on arrival and shows why.
// Writes offline.json (the statements' ids and the times they were signed) for the Rust test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assert, assertEqual, controlled, launchProfile, run, screenshot, signInWithKey, step } from './lib.mjs';

const QUICK = 10000;
const LIVE = 30000;
const TITLE = `Rockets from across the line ${Date.now()}`;
const FAR = `Far outside the area ${Date.now()}`;
const found = {};

const profiles = { reporter: mkdtempSync(join(tmpdir(), 'jirga-reporter-')), duty: mkdtempSync(join(tmpdir(), 'jirga-duty-')) };

/** Opens the profile's first page at `path`. */
async function open(who, path) {
  const context = await launchProfile(profiles[who]);
  const page = context.pages()[0] ?? (await context.newPage());
  if (path) await page.goto(path, { waitUntil: 'load' });
  return { context, page };
}

/** The outbox once it lists `n` items (it is read from IndexedDB after the page loads). */
async function outboxOf(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('#outbox li').length === n, n, { timeout: QUICK }).catch(() => {});
  return outbox(page);
}

const outbox = (page) => page.evaluate(() => Array.from(document.querySelectorAll('#outbox li'), (li) => ({ cls: li.className, text: li.textContent, id: li.dataset.statement })));

await run(async () => {
  let reporter = await open('reporter');
  let duty = await open('duty');

  await step('O1-online-the-pages-are-seen-once', reporter.page, async () => {
    await signInWithKey(reporter.page, 'af-reporter-nangarhar');
    await controlled(reporter.page);
    await reporter.page.goto('/?lang=en');
    await reporter.page.goto('/incidents/new?lang=en&lat=34.12&lon=71.10');
    await signInWithKey(duty.page, 'af-duty-officer');
    await controlled(duty.page);
    await duty.page.goto('/?lang=en');
    await duty.page.goto('/hotline?lang=en');
    assert(await duty.page.locator('li.type-cease_fire_request form').count() > 0, 'a request to cease fire waits for the duty officer');
  });

  await step('O2-offline-the-dashboard-reads-marked-stale', reporter.page, async () => {
    await reporter.context.setOffline(true);
    await duty.context.setOffline(true);
    await reporter.page.goto('/?lang=en');
    const stale = reporter.page.locator('#stale');
    await stale.waitFor({ state: 'visible', timeout: QUICK });
    assert((await stale.textContent()).startsWith('Offline: this page is as it was at'), `the notice: ${await stale.textContent()}`);
    assert(await reporter.page.locator('svg.map').count() === 1, 'the dashboard\'s map is there offline');
    await screenshot(reporter.page, 'O2-dashboard-offline');
  });

  await step('O3-a-report-filed-offline-is-signed-and-queued', reporter.page, async () => {
    const p = reporter.page;
    for (const [title, lat, lon] of [[TITLE, '34.12', '71.10'], [FAR, '10.0', '10.0']]) {
      await p.goto('/incidents/new?lang=en&lat=34.12&lon=71.10');
      await p.fill('#r-lat', lat);
      await p.fill('#r-lon', lon);
      await p.fill('#r-start', await p.evaluate(() => { const d = new Date(Date.now() - 3600000 - new Date().getTimezoneOffset() * 60000); return d.toISOString().slice(0, 16); }));
      await p.fill('#r-title', title);
      await p.fill('#r-narrative', 'Rockets landed near the post; filed while the link was down.');
      await p.click('form[data-kind="incident.report"] button[type=submit]');
      await p.locator('form[data-kind="incident.report"] .form-error').filter({ hasText: 'signed and queued' }).waitFor({ timeout: QUICK });
    }
    const items = await outboxOf(p, 2);
    assertEqual(items.length, 2, 'items in the outbox');
    assert(items.every((i) => i.cls === 'outbox-queued'), `all queued: ${JSON.stringify(items)}`);
    found.report = items.find((i) => i.text.includes(TITLE)).id;
    found.far = items.find((i) => i.text.includes(FAR)).id;
    found.reportSignedAt = await p.evaluate(async (id) => {
      const db = await new Promise((r) => { const o = indexedDB.open('jirga', 2); o.onsuccess = () => r(o.result); });
      const all = await new Promise((r) => { const q = db.transaction('outbox').objectStore('outbox').getAll(); q.onsuccess = () => r(q.result); });
      return all.find((i) => i.id === id).signedAt;
    }, found.report);
    await screenshot(p, 'O3-report-queued');
  });

  await step('O4-an-acknowledgement-offline-is-queued', duty.page, async () => {
    const p = duty.page;
    await p.goto('/hotline?lang=en');
    assert(await p.locator('#stale').isVisible(), 'the console is shown from the device, marked stale');
    const form = p.locator('li.type-cease_fire_request form').first();
    found.message = await p.locator('li.type-cease_fire_request').first().getAttribute('data-message');
    await form.locator('input[name="body.reply.text"]').fill('Holding fire; the link is down here');
    await form.locator('button[type=submit]').click();
    await form.locator('.form-error').filter({ hasText: 'signed and queued' }).waitFor({ timeout: QUICK });
    const items = await outboxOf(p, 1);
    assertEqual(items.length, 1, 'items in the outbox');
    found.ack = items[0].id;
    await screenshot(p, 'O4-ack-queued');
  });

  await step('O5-a-reload-keeps-the-queue', reporter.page, async () => {
    await reporter.page.reload();
    await duty.page.reload();
    assertEqual((await outboxOf(reporter.page, 2)).length, 2, 'the reporter\'s outbox after a reload');
    assertEqual((await outboxOf(duty.page, 1)).length, 1, 'the duty officer\'s outbox after a reload');
  });

  await step('O6-a-browser-restart-keeps-the-queue', reporter.page, async () => {
    // The browser closes, and opens again on the same profile, still without a link.
    await reporter.context.close();
    await duty.context.close();
    reporter = await open('reporter');
    duty = await open('duty');
    await reporter.context.setOffline(true);
    await duty.context.setOffline(true);
    await reporter.page.goto('/?lang=en');
    await duty.page.goto('/hotline?lang=en');
    assert(await reporter.page.locator('#stale').isVisible(), 'after the restart the dashboard comes from the device');
    const items = await outboxOf(reporter.page, 2);
    assertEqual(items.length, 2, 'the reporter\'s outbox after a restart');
    assert(items.every((i) => i.cls === 'outbox-queued'), `still queued: ${JSON.stringify(items)}`);
    assertEqual((await outboxOf(duty.page, 1)).length, 1, 'the duty officer\'s outbox after a restart');
  });

  await step('O7-the-link-returns-and-the-queue-goes-in-order', reporter.page, async () => {
    await reporter.context.setOffline(false);
    await duty.context.setOffline(false);
    await reporter.page.waitForFunction(() => document.querySelectorAll('#outbox li.outbox-queued, #outbox li.outbox-sent').length === 0, null, { timeout: LIVE });
    await duty.page.waitForFunction(() => document.querySelector('#outbox li.outbox-logged') !== null, null, { timeout: LIVE });
    const items = await outbox(reporter.page);
    const report = items.find((i) => i.id === found.report);
    const far = items.find((i) => i.id === found.far);
    assertEqual(report?.cls, 'outbox-logged', 'the report reached a signed checkpoint');
    assertEqual(far?.cls, 'outbox-refused', 'the report for a far point was refused');
    assert(far.text.includes('Refused by the server:') && far.text.includes('outside the area'), `the reason is shown beside it: ${far.text}`);
    found.refusal = far.text;
    await screenshot(reporter.page, 'O7-outbox-after-the-link-returned');
    await screenshot(duty.page, 'O7-duty-outbox-after-the-link-returned');
  });

  writeFileSync(join(process.env.JIRGA_ARTIFACTS, 'offline.json'), JSON.stringify(found, null, 2));
  const closing = Promise.all([reporter.context.close(), duty.context.close()]);
  await Promise.race([closing, new Promise((r) => setTimeout(r, QUICK))]);
});
