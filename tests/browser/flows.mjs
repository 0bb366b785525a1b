// The flows the members go through, end to end, each member in a browser context of their own:
//   A  a new member makes a key in the browser; an admin (key file made by the CLI) enrols it; the
//      new member signs in with it. The keys stay non-extractable in IndexedDB.
//   B  the new reporter reports an incident by clicking on the map; the other party's liaison sees it
//      appear on the dashboard without reloading.
//   C  the liaison responds; the incident's status changes.
//   D  a report outside the deployment's area is refused, with the message next to the field, and
//      nothing is recorded.
//   E  evidence: a picture attached to the incident, listed and shown.
//   F  the log explorer verifies the incident's inclusion proof in the browser, and fails a tampered one.
//   G  the hotline: a request to cease fire reaches the other party's console live, sounds the alarm
//      with a running countdown, and is acknowledged.
//   H  Urdu, right to left, on the dashboard, the incident, the hotline console and the report form.
// The Rust test (crates/jirga/tests/it/browser.rs) writes the key files (JIRGA_KEYS) and then checks,
// from flows.json in JIRGA_ARTIFACTS, that the server holds what the browser signed.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

import {
  assert,
  assertEqual,
  checkAccessibility,
  expectRtl,
  expectTrouble,
  Failure,
  keyFile,
  openPage,
  readKeyFile,
  run,
  screenshot,
  step,
  visit,
} from './lib.mjs';

const LIVE = 15_000; // the longest a live page may take to show what another member did
const QUICK = 10_000; // the longest a form, a sign-in or a page's script may take

const stamp = Date.now().toString(36);
const REPORTER = `Browser reporter ${stamp}`;
const TITLE = `Mortar fire near the crossing ${stamp}`;
const NARRATIVE = 'Three mortar rounds landed two hundred metres from the post; no one was hurt.';
const RESPONSE = `No Afghan unit fired in this sector that morning (${stamp}).`;
const MESSAGE = `Cease fire on the Torkham posts now, rounds landing near the gate (${stamp}).`;
const PNG = stripes(96, 64);

/** A PNG of `width` × `height` pixels in red and grey stripes, made here. */
function stripes(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => (bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + 3 * width); // filter type 0
    for (let x = 0; x < width; x++) row.set(Math.floor((x + y) / 8) % 2 ? [178, 34, 34] : [200, 200, 200], 1 + 3 * x);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// What the flows found, for later flows and for the Rust test; a flow that needs what an earlier one
// did not get fails saying so.
const found = {};
const need = (what) => {
  assert(found[what], `an earlier step did not get ${what}`);
  return found[what];
};

/** A line in the script's output, under the step's. */
const note = (text) => console.log(`        ${text}`);

/** The key this browser keeps, as the page's own IndexedDB holds it, and whether it can be exported. */
async function browserKey(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('jirga');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const record = await new Promise((resolve, reject) => {
      const req = db.transaction('keys').objectStore('keys').get('member');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    if (!record) return null;
    const exports = {};
    for (const format of ['pkcs8', 'jwk']) {
      try {
        await crypto.subtle.exportKey(format, record.privateKey);
        exports[format] = 'exported';
      } catch (e) {
        exports[format] = e.name;
      }
    }
    return {
      public: record.public,
      party: record.party,
      type: record.privateKey.type,
      algorithm: record.privateKey.algorithm.name,
      extractable: record.privateKey.extractable,
      exports,
    };
  });
}

async function expectKeptKey(page, { publicKey, party }) {
  const key = await browserKey(page);
  assert(key, 'IndexedDB jirga/keys holds no record "member"');
  assertEqual(key.public, publicKey, 'the public key IndexedDB keeps');
  assertEqual(key.party, party, 'the party IndexedDB keeps');
  assertEqual(`${key.type} ${key.algorithm}`, 'private Ed25519', 'the kept key');
  assertEqual(key.extractable, false, 'privateKey.extractable');
  assertEqual(key.exports.pkcs8, 'InvalidAccessError', 'exporting the private key as PKCS #8');
  assertEqual(key.exports.jwk, 'InvalidAccessError', 'exporting the private key as JWK');
}

/** Imports the key file of `handle` on /sign-in, checks what is kept, and signs in with it. */
async function signInWithKeyFile(page, handle) {
  const file = readKeyFile(handle);
  await visit(page, '/sign-in?lang=en');
  await page.setInputFiles('#key-file', keyFile(handle));
  await page.click('#key-import button[type=submit]');
  await page.locator('#key-present').waitFor({ state: 'visible', timeout: QUICK });
  assertEqual((await page.textContent('#key-public')).trim(), file.public, 'the public key shown after the import');
  assertEqual((await page.textContent('#key-party')).trim(), file.party, 'the party shown after the import');
  await expectKeptKey(page, { publicKey: file.public, party: file.party });
  await signIn(page, file.party);
}

/** Clicks "Sign in" on /sign-in: lands on the dashboard, signed in for `party`. */
async function signIn(page, party) {
  await page.click('#sign-in-button');
  await page.waitForURL((u) => u.pathname === '/', { timeout: QUICK });
  const who = await page.textContent('header .who');
  assert(who?.includes(party), `after signing in the header says "${who}", not signed in for ${party}`);
}

/** Submits the statement form `form` and waits for the page it leads to (or fails with what it shows). */
async function submitAndFollow(page, form) {
  const loaded = page.waitForEvent('load', { timeout: QUICK });
  await page.click(`${form} button[type=submit]`);
  try {
    await loaded;
  } catch {
    const shown = await page.locator(`${form} .form-error:not([hidden]), ${form} .error:not([hidden])`).allTextContents();
    throw new Failure(`no page followed ${form} in ${QUICK} ms; the form shows: ${shown.join(' | ') || 'no error'}`);
  }
}

/** The log's size, from its latest checkpoint. */
async function logSize(page) {
  const text = await page.evaluate(async () => (await fetch('/checkpoint')).text());
  return Number(text.split('\n')[1]);
}

/** A value for <input type="datetime-local">, `minutes` before now in the page's time zone. */
const localTimeAgo = (page, minutes) =>
  page.evaluate((m) => {
    const d = new Date(Date.now() - m * 60_000);
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  }, minutes);

/** Marks the page's document; `stillSameDocument` is true only while it has not been reloaded. */
const markDocument = (page) => page.evaluate(() => { window.__jirgaFlowMark = true; });
const stillSameDocument = (page) => page.evaluate(() => window.__jirgaFlowMark === true);

await run(
  async (browser) => {
    const open = async () => {
      const page = await openPage(browser);
      page.setDefaultTimeout(QUICK);
      return page;
    };
    const newcomer = await open();
    const admin = await open();
    const liaison = await open();

    // --- A: a key made in the browser, enrolled by an admin ------------------------------------
    await step('A1-create-a-browser-key', newcomer, async () => {
      await visit(newcomer, '/sign-in?lang=en');
      assert(await newcomer.locator('#key-present').isHidden(), 'a fresh browser shows a key before making one');
      await newcomer.fill('#create-name', REPORTER);
      await newcomer.selectOption('#create-party', 'PK');
      await newcomer.click('#key-create button[type=submit]');
      await newcomer.locator('#key-present').waitFor({ state: 'visible', timeout: QUICK });
      const publicKey = (await newcomer.textContent('#key-public')).trim();
      assert(/^[A-Za-z0-9+/]{43}=$/.test(publicKey), `#key-public shows "${publicKey}", not a base64 Ed25519 public key`);
      assertEqual((await newcomer.textContent('#key-name')).trim(), REPORTER, 'the name shown with the new key');
      await expectKeptKey(newcomer, { publicKey, party: 'PK' });
      found.reporterKey = publicKey;
      await screenshot(newcomer, 'A1-sign-in-key-created');
      await checkAccessibility(newcomer);
    });

    await step('A2-a-key-made-before-enrolment-cannot-sign-in', newcomer, async () => {
      await newcomer.click('#sign-in-button');
      const error = newcomer.locator('#sign-in-error');
      await error.waitFor({ state: 'visible', timeout: QUICK });
      assert((await error.textContent()).includes('not enrolled'), `#sign-in-error says "${await error.textContent()}"`);
      assert(new URL(newcomer.url()).pathname === '/sign-in', `left the sign-in page for ${newcomer.url()}`);
      expectTrouble(newcomer, /^40[13] for POST .*\/v1\/auth\/(challenge|token)$/);
    });

    await step('A3-an-admin-signs-in-with-a-key-file-from-the-cli', admin, async () => {
      await signInWithKeyFile(admin, 'pk-admin');
    });

    await step('A4-the-admin-enrols-the-browser-key', admin, async () => {
      const publicKey = need('reporterKey');
      await visit(admin, '/members?lang=en');
      assertEqual(await admin.locator('table code', { hasText: publicKey }).count(), 0, 'rows with the new key before enrolment');
      await admin.fill('#enrol-key', publicKey);
      await admin.fill('#enrol-name', REPORTER);
      await admin.check('input[name="body.roles"][value="reporter"]');
      await submitAndFollow(admin, 'form[data-kind="member.enrol"]');
      const row = admin.locator('table tr', { has: admin.locator('code', { hasText: publicKey }) });
      await row.waitFor({ timeout: QUICK });
      const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
      assertEqual(JSON.stringify(cells.slice(0, 2)), JSON.stringify([REPORTER, 'Reporter']), 'the name and roles of the new member');
      await screenshot(admin, 'A4-members-enrolled');
    });

    await step('A5-the-new-member-signs-in-with-the-browser-key', newcomer, async () => {
      need('reporterKey');
      await visit(newcomer, '/sign-in?lang=en');
      await signIn(newcomer, 'PK');
      await newcomer.evaluate(() => document.fonts.ready);
      await screenshot(newcomer, 'A5-dashboard-signed-in');
    });

    // --- B: a report from the map, seen live by the other party ---------------------------------
    await step('B1-the-other-party-watches-the-dashboard', liaison, async () => {
      await signInWithKeyFile(liaison, 'af-liaison');
      await visit(liaison, '/?lang=en');
      assertEqual(await liaison.getByText(TITLE).count(), 0, 'the new title on the dashboard before it is reported');
      await markDocument(liaison);
    });

    await step('B2-report-from-the-map', newcomer, async () => {
      await visit(newcomer, '/?lang=en');
      const crossing = newcomer.locator('section[data-report] svg.map .crossing').first();
      // The mouse clicks within the window: bring the mark into it first.
      await crossing.scrollIntoViewIfNeeded();
      const mark = await crossing.boundingBox();
      assert(mark, 'no crossing on the map of a member who may report (section[data-report] svg.map .crossing)');
      // Beside the crossing, not on it (a marker is a link): inside the area and in a sector.
      await newcomer.mouse.click(mark.x + mark.width / 2 + 4, mark.y + mark.height / 2 + 9);
      await newcomer.waitForURL(/\/incidents\/new\?/, { timeout: QUICK });
      const at = new URL(newcomer.url()).searchParams;
      assert(at.get('lat') && at.get('lon'), `the map led to ${newcomer.url()}, without lat and lon`);
      assertEqual(Number(await newcomer.inputValue('#r-lat')), Number(at.get('lat')), 'the latitude filled in from the map');
      assertEqual(Number(await newcomer.inputValue('#r-lon')), Number(at.get('lon')), 'the longitude filled in from the map');
      assertEqual(await newcomer.locator('#r-sector option[selected]').count(), 1, 'sectors the server chose for the point');
      found.point = { lat: at.get('lat'), lon: at.get('lon'), sector: await newcomer.inputValue('#r-sector') };
      note(`the map led to ${found.point.lat}, ${found.point.lon} in ${found.point.sector}`);
      await newcomer.fill('#r-start', await localTimeAgo(newcomer, 60));
      await newcomer.fill('#r-place', 'Near the crossing');
      await newcomer.fill('#r-title', TITLE);
      await newcomer.fill('#r-narrative', NARRATIVE);
      await newcomer.fill('#r-wm', '1');
      await screenshot(newcomer, 'B2-report-form-filled');
      await checkAccessibility(newcomer);
      await newcomer.click('form[data-kind="incident.report"] button[type=submit]');
      await newcomer.waitForURL(/\/incidents\/[0-9a-f]{64}\?/, { timeout: QUICK });
      found.incident = newcomer.url().match(/\/incidents\/([0-9a-f]{64})/)[1];
      assertEqual((await newcomer.textContent('main h1')).trim(), TITLE, 'the heading of the new incident page');
      const badge = newcomer.locator('#incident-live .badge[class*="status-"]').first();
      assertEqual(await badge.getAttribute('class'), 'badge status-reported', 'the status badge of the new incident');
      await screenshot(newcomer, 'B2-incident-reported');
    });

    await step('B3-the-report-appears-on-the-other-partys-dashboard-live', liaison, async () => {
      need('incident');
      const link = liaison.locator(`#dashboard-live a[href^="/incidents/${found.incident}"]`, { hasText: TITLE });
      await link.first().waitFor({ timeout: LIVE });
      assert(await stillSameDocument(liaison), 'the dashboard was reloaded: it should have refreshed its live region in place');
      await screenshot(liaison, 'B3-dashboard-live');
    });

    // --- C: the other party responds ------------------------------------------------------------
    await step('C1-the-other-party-responds', liaison, async () => {
      need('incident');
      await visit(liaison, `/incidents/${found.incident}?lang=en`);
      const badge = liaison.locator('#incident-live .badge[class*="status-"]').first();
      assertEqual(await badge.getAttribute('class'), 'badge status-reported', 'the status before the response');
      await liaison.selectOption('#respond-position', 'deny');
      await liaison.fill('#respond-narrative', RESPONSE);
      await submitAndFollow(liaison, 'form[data-kind="response"]');
      const response = liaison.locator('article.response', { hasText: RESPONSE });
      await response.waitFor({ timeout: QUICK });
      assert((await response.textContent()).includes('Deny'), `the response reads "${await response.textContent()}"`);
      assertEqual(await badge.getAttribute('class'), 'badge status-disputed', 'the status after a denial');
      assertEqual((await badge.textContent()).trim(), 'Disputed', 'the status badge after a denial');
      await screenshot(liaison, 'C1-incident-responded');
    });

    // --- D: a report outside the area is refused, next to the field -----------------------------
    await step('D1-a-report-outside-the-area-is-refused-next-to-the-field', newcomer, async () => {
      await visit(newcomer, '/incidents/new?lang=en&lat=10&lon=10');
      const size = await logSize(newcomer);
      await newcomer.fill('#r-start', await localTimeAgo(newcomer, 30));
      await newcomer.fill('#r-title', `Far away ${stamp}`);
      await newcomer.fill('#r-narrative', 'A point far outside the deployment.');
      const form = 'form[data-kind="incident.report"]';
      await newcomer.click(`${form} button[type=submit]`);
      const shown = newcomer.locator(`${form} .error:not([hidden]), ${form} .form-error:not([hidden])`);
      await shown.first().waitFor({ timeout: QUICK });
      const where = await shown.evaluateAll((els) =>
        els.map((el) => ({ field: el.closest('.field')?.querySelector('input, select, textarea')?.id ?? 'form', text: el.textContent })),
      );
      await screenshot(newcomer, 'D1-report-refused');
      assertEqual(where.length, 1, `messages shown (${JSON.stringify(where)})`);
      const [{ field, text }] = where;
      assert(['r-lat', 'r-lon', 'r-sector'].includes(field), `the message "${text}" is shown at ${field}, not next to the latitude, longitude or sector`);
      assert(text.startsWith('Not accepted:') && text.length > 'Not accepted: '.length, `the message reads "${text}"`);
      assertEqual(await newcomer.getAttribute(`#${field}`, 'aria-invalid'), 'true', `aria-invalid of #${field}`);
      const describedBy = await newcomer.getAttribute(`#${field}`, 'aria-describedby');
      assert(describedBy && (await newcomer.locator(`#${describedBy}`).textContent()) === text, `#${field} is not described by its message`);
      assert(new URL(newcomer.url()).pathname === '/incidents/new', `left the form for ${newcomer.url()}`);
      assertEqual(await logSize(newcomer), size, 'the log size after the refused report');
      expectTrouble(newcomer, /^4\d\d for POST .*\/v1\/statements$/);
      found.refusal = { field, text };
      note(`refused at #${field}: ${text}`);
    });

    // --- E: evidence ----------------------------------------------------------------------------
    await step('E1-attach-a-picture', newcomer, async () => {
      need('incident');
      await visit(newcomer, `/incidents/${found.incident}?lang=en`);
      await newcomer.setInputFiles('#evidence-file', { name: `crater-${stamp}.png`, mimeType: 'image/png', buffer: PNG });
      await newcomer.fill('#evidence-source', 'Post camera');
      await submitAndFollow(newcomer, 'form[data-kind="evidence.register"]');
      const item = newcomer.locator('ul.evidence li', { hasText: `crater-${stamp}.png` });
      await item.waitFor({ timeout: QUICK });
      const sha = createHash('sha256').update(PNG).digest('hex');
      const text = await item.textContent();
      assert(text.includes(sha) && text.includes('image/png') && text.includes(`${PNG.length}`), `the evidence line reads "${text}"`);
      await item.locator('summary').click();
      const image = item.locator('img');
      await image.waitFor({ state: 'visible', timeout: QUICK });
      assertEqual(await image.getAttribute('src'), `/v1/evidence/${sha}`, 'the picture\'s address');
      await newcomer.waitForFunction((img) => img.complete && img.naturalWidth === 96 && img.naturalHeight === 64, await image.elementHandle(), {
        timeout: QUICK,
      });
      await screenshot(newcomer, 'E1-evidence-shown');
    });

    // --- F: the log explorer ------------------------------------------------------------------
    const explorer = await open();
    const verify = async () => {
      await explorer.click('#verify-entry');
      await explorer.waitForFunction(() => ['verified', 'failed'].includes(document.getElementById('verify-result').className), null, { timeout: QUICK });
      return { result: await explorer.getAttribute('#verify-result', 'class'), text: await explorer.textContent('#verify-result') };
    };
    await step('F1-the-log-explorer-verifies-the-incident', explorer, async () => {
      need('incident');
      await visit(explorer, `/log?lang=en&entry=${found.incident}`);
      assertEqual(await explorer.getAttribute('#entry-view', 'data-statement'), found.incident, 'the entry shown');
      const { result, text } = await verify();
      assertEqual(result, 'verified', `the in-page verification ("${text}")`);
      await screenshot(explorer, 'F1-log-verified');
    });

    await step('F2-a-tampered-proof-fails', explorer, async () => {
      need('incident');
      let tampered = 0;
      await explorer.route('**/v1/statements/*/proof', async (route) => {
        const response = await route.fetch();
        const proof = await response.json();
        const entry = Buffer.from(proof.entry, 'base64');
        entry[entry.length >> 1] ^= 0x01;
        proof.entry = entry.toString('base64');
        tampered++;
        await route.fulfill({ response, json: proof });
      });
      const { result, text } = await verify();
      await explorer.unroute('**/v1/statements/*/proof');
      assertEqual(tampered, 1, 'proofs tampered with');
      assertEqual(result, 'failed', `the in-page verification of a tampered entry ("${text}")`);
      assert(text.includes('root'), `the failure says "${text}", not that the proof misses the root`);
      await screenshot(explorer, 'F2-log-tampered');
    });

    // --- G: the hotline -------------------------------------------------------------------------
    const pkDuty = await open();
    const afDuty = await open();
    await step('G1-the-other-partys-duty-officer-keeps-the-console-open', afDuty, async () => {
      await signInWithKeyFile(afDuty, 'af-duty-officer');
      await visit(afDuty, '/hotline?lang=en');
      await afDuty.locator('#feed-state', { hasText: 'Live' }).waitFor({ timeout: QUICK });
      const alarm = await afDuty.evaluate(() => ({ hidden: document.getElementById('alarm').hidden, sounding: window.jirgaAlarm.sounding }));
      assertEqual(JSON.stringify(alarm), JSON.stringify({ hidden: true, sounding: false }), 'the alarm before any request');
      await markDocument(afDuty);
    });

    await step('G2-a-duty-officer-sends-a-request-to-cease-fire', pkDuty, async () => {
      await signInWithKeyFile(pkDuty, 'pk-duty-officer');
      await visit(pkDuty, '/hotline?lang=en');
      await pkDuty.selectOption('#h-type', 'cease_fire_request');
      for (const box of await pkDuty.locator('input[name="body.to"]').all()) {
        await box.setChecked((await box.getAttribute('value')) === 'AF');
      }
      assertEqual(await pkDuty.locator('input[name="body.to"]:checked').count(), 1, 'addressees checked');
      await pkDuty.selectOption('#h-sector', 'khyber-torkham');
      await pkDuty.fill('#h-text', MESSAGE);
      await screenshot(pkDuty, 'G2-hotline-message-filled');
      await checkAccessibility(pkDuty);
      await pkDuty.click('form[data-kind="hotline.message"] button[type=submit]');
      // The form stays and is emptied once the message is recorded.
      await pkDuty.waitForFunction(() => document.getElementById('h-text').value === '', null, { timeout: QUICK });
      const errors = await pkDuty.locator('form[data-kind="hotline.message"] .form-error:not([hidden])').allTextContents();
      assertEqual(errors.length, 0, `form errors (${errors})`);
    });

    await step('G3-the-request-reaches-the-console-live-and-sounds-the-alarm', afDuty, async () => {
      const item = afDuty.locator('li[data-message]', { hasText: MESSAGE });
      await item.waitFor({ timeout: LIVE });
      assert(await stillSameDocument(afDuty), 'the console was reloaded: it should have refreshed in place');
      found.message = await item.getAttribute('data-message');
      assert(await item.evaluate((li) => li.classList.contains('type-cease_fire_request')), 'the message is not shown as a request to cease fire');
      await afDuty.locator('#alarm').waitFor({ state: 'visible', timeout: QUICK });
      await afDuty.waitForFunction(() => window.jirgaAlarm.sounding === true, null, { timeout: QUICK });
      const ringing = await afDuty.getAttribute('#alarm', 'data-messages');
      assert(ringing.split(' ').includes(found.message), `the alarm sounds for "${ringing}", not for ${found.message}`);
      const countdown = item.locator('time[data-countdown]');
      const first = await countdown.textContent();
      // Fluent isolates the time (U+2068 … U+2069) within the sentence.
      assert(/^\u2068?\d\d:\d\d\u2069? left to acknowledge$/.test(first), `the countdown reads "${first}"`);
      await afDuty.waitForFunction(([el, was]) => el.textContent !== was, [await countdown.elementHandle(), first], { timeout: 3000 });
      await screenshot(afDuty, 'G3-hotline-alarm');
    });

    await step('G4-the-request-is-acknowledged-and-the-alarm-stops', afDuty, async () => {
      const id = need('message');
      await markDocument(pkDuty);
      found.senderEvents = await pkDuty.locator('#events li').count();
      const item = afDuty.locator(`li[data-message="${id}"]`);
      await Promise.all([afDuty.waitForEvent('load', { timeout: QUICK }), item.locator('form[data-kind="hotline.ack"] button[type=submit]').click()]);
      assertEqual(await item.count(), 0, 'the acknowledged message in the open list');
      assert(await afDuty.locator('#alarm').isHidden(), 'the alarm box is still shown after the acknowledgement');
      assertEqual(await afDuty.evaluate(() => window.jirgaAlarm.sounding), false, 'jirgaAlarm.sounding after the acknowledgement');
      await screenshot(afDuty, 'G4-hotline-acknowledged');
      await checkAccessibility(afDuty);
    });

    await step('G5-the-sender-sees-the-acknowledgement-live', pkDuty, async () => {
      const id = need('message');
      await pkDuty.locator(`li[data-message="${id}"]`).waitFor({ state: 'detached', timeout: LIVE });
      // The live feed lists the acknowledgement as one more event.
      await pkDuty.waitForFunction((n) => document.querySelectorAll('#events li').length > n, found.senderEvents, { timeout: LIVE });
      assert(await stillSameDocument(pkDuty), 'the sender\'s console was reloaded: it should have refreshed in place');
    });

    // Fluent isolates each argument (U+2068 … U+2069); the checks read the words without them.
    const words = async (locator) => (await locator.textContent()).replace(/[\u2068\u2069]/g, '');
    const exceptionShowing = (page, text) =>
      page.waitForFunction(
        (t) => Array.from(document.querySelectorAll('#crossing-torkham article.exception'))
          .some((a) => a.textContent.replace(/[\u2068\u2069]/g, '').includes(t)),
        text,
        { timeout: QUICK },
      );

    // --- I: a crossing per class of traffic, an exception counted as it passes -----------------
    await step('I1-a-side-closes-its-gate-to-trade-naming-the-notice', pkDuty, async () => {
      const id = need('message');
      await visit(pkDuty, '/crossings?lang=en');
      const form = 'form[data-kind="crossing.status"]';
      await pkDuty.selectOption('#x-crossing', 'torkham');
      await pkDuty.selectOption('#x-class', 'trade');
      await pkDuty.selectOption('#x-status', 'closed');
      await pkDuty.fill('#x-since', await localTimeAgo(pkDuty, 5));
      await pkDuty.fill('#x-reason', 'Trade suspended at the gate (browser flow)');
      await pkDuty.selectOption('#x-notice', id);
      await submitAndFollow(pkDuty, form);
      const latest = pkDuty.locator('#crossing-torkham details.history li').first();
      const text = await words(latest);
      assert(text.includes('Trade') && text.includes('browser flow'), `the newest change reads "${text}"`);
      assert(text.includes('acknowledged by AF'), `the notice is not shown as acknowledged by AF: "${text}"`);
      const trade = pkDuty.locator('#crossing-torkham table.crossing-classes tr', { hasText: 'Trade' }).first();
      assert((await trade.textContent()).includes('Closed'), 'the trade row does not say closed');
    });

    await step('I2-an-exception-in-two-phases-is-granted-and-counted', pkDuty, async () => {
      const form = 'form[data-kind="crossing.exception"]';
      await pkDuty.selectOption('#e-crossing', 'torkham');
      await pkDuty.selectOption('#e-direction', 'AF');
      await pkDuty.fill('#e-purpose', 'Medical supplies (browser flow)');
      await pkDuty.fill('#e-quota-0', '10');
      await pkDuty.fill('#e-from-0', await localTimeAgo(pkDuty, 60));
      await pkDuty.fill('#e-quota-1', '5');
      await pkDuty.fill('#e-from-1', await localTimeAgo(pkDuty, 30));
      await submitAndFollow(pkDuty, form);
      const block = pkDuty.locator('#crossing-torkham article.exception', { hasText: 'browser flow' });
      const shown = await words(block);
      assert(shown.includes('0 of 15 containers passed'), `the new exception is not shown with its quota: "${shown}"`);
      assert(shown.includes('No hotline notice to the other side'), 'an untold side is not shown');
      await checkAccessibility(pkDuty);
      await block.locator('input[name="body.count"]').fill('4');
      await block.locator('input[name="body.at"]').fill(await localTimeAgo(pkDuty, 10));
      await block.locator('button[type=submit]').click();
      await exceptionShowing(pkDuty, '4 of 15 containers passed');
      // The refreshed block keeps the keyboard in the form the officer was counting with.
      const focused = await pkDuty.waitForFunction(() => document.activeElement?.closest('form')?.dataset.kind === 'crossing.passage', null, { timeout: QUICK })
        .then(() => true, () => false);
      assert(focused, `focus after the count is on "${await pkDuty.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}"`);
      // Over what is left of the phase: refused next to the field, nothing counted.
      const again = pkDuty.locator('#crossing-torkham article.exception', { hasText: 'browser flow' });
      await again.locator('input[name="body.count"]').fill('7');
      await again.locator('input[name="body.at"]').fill(await localTimeAgo(pkDuty, 9));
      await again.locator('button[type=submit]').click();
      const error = again.locator('.field .error:not([hidden])');
      await error.waitFor({ timeout: QUICK });
      assert((await words(error)).includes('6 of 10 left'), `the refusal reads "${await words(error)}"`);
      expectTrouble(pkDuty, /^409 for POST .*\/v1\/statements$/);
      await screenshot(pkDuty, 'I2-crossings-exception');
    });

    // --- J: a commitment to act, reported on by the obliged party --------------------------------
    await step('J1-the-obliged-party-reports-on-a-deliverable', liaison, async () => {
      const account = 'Two of the three camps are closed; the third is being emptied (browser flow).';
      const block = '#deliverable-doha-2025-2-af-border-groups-camps';
      const form = `${block} form[data-kind="performance.report"]`;
      await visit(liaison, '/obligations?lang=en');
      await liaison.selectOption(`${form} select[name="body.done"]`, 'partly_done');
      await liaison.fill(`${form} textarea[name="body.account.text"]`, account);
      await submitAndFollow(liaison, form);
      const card = liaison.locator(`${block} .claim`, { hasText: account });
      await card.waitFor({ timeout: QUICK });
      const text = await words(card);
      assert(text.includes('Performance report: partly done'), `the new step reads "${text}"`);
      assertEqual((await liaison.locator(`${block} .badge`).first().textContent()).trim(), 'Reported', 'the deliverable after its report');
      // The obliged party is not offered the other side's answer.
      assertEqual(await liaison.locator(`${block} form[data-kind="performance.answer"]`).count(), 0, 'an answer form for the obliged party');
      await checkAccessibility(liaison);
      await screenshot(liaison, 'J1-obligation-reported');
    });

    // --- H: Urdu, right to left -----------------------------------------------------------------
    const inUrdu = async (page, name) => {
      await page.locator('nav.languages a[lang|="ur"]').click();
      await page.waitForURL(/[?&]lang=ur/, { timeout: QUICK });
      await page.evaluate(() => document.fonts.ready);
      await expectRtl(page);
      await screenshot(page, name);
    };
    await step('H1-the-dashboard-in-urdu', liaison, async () => {
      await visit(liaison, '/?lang=en');
      await inUrdu(liaison, 'H1-dashboard-ur');
    });
    await step('H2-the-incident-in-urdu', liaison, async () => {
      need('incident');
      await visit(liaison, `/incidents/${found.incident}?lang=en`);
      await inUrdu(liaison, 'H2-incident-ur');
      assertEqual(new URL(liaison.url()).pathname, `/incidents/${found.incident}`, 'the page after switching language');
    });
    await step('H3-the-hotline-console-in-urdu', afDuty, async () => {
      await visit(afDuty, '/hotline?lang=en');
      await inUrdu(afDuty, 'H3-hotline-ur');
    });
    await step('H4-the-report-form-in-urdu-keeps-the-point', newcomer, async () => {
      const { lat, lon } = need('point');
      await visit(newcomer, `/incidents/new?lang=en&lat=${lat}&lon=${lon}`);
      await inUrdu(newcomer, 'H4-report-ur');
      // A member who switches language half-way keeps the point they clicked on the map.
      assertEqual(new URL(newcomer.url()).pathname, '/incidents/new', 'the page after switching language');
      assertEqual(await newcomer.inputValue('#r-lat'), Number(lat).toFixed(5), 'the latitude after switching language');
      assertEqual(await newcomer.inputValue('#r-lon'), Number(lon).toFixed(5), 'the longitude after switching language');
    });

    writeFileSync(join(process.env.JIRGA_ARTIFACTS, 'flows.json'), JSON.stringify(found, null, 2));
  },
  { args: ['--autoplay-policy=no-user-gesture-required'] },
);
