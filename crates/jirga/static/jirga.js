// Jirga's own script: no library. The pages read without it; it adds what needs a key or a live
// connection. The member's key is a WebCrypto Ed25519 key made non-extractable and kept in this
// browser's IndexedDB: it signs here and never leaves. Statements are built exactly as the CLI
// builds them (RFC 8785 canonical JSON, signed with the statement context).
'use strict';

const SIGNING_CONTEXT = 'jirga/statement/v1\n';
const LOGIN_CONTEXT = 'jirga/login/v1\n';
const words = JSON.parse(document.getElementById('jirga-words')?.textContent || '{}');
const lang = document.documentElement.lang || 'en';
const utf8 = (s) => new TextEncoder().encode(s);

function b64(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}
const b64d = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const b64url = (bytes) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// RFC 8785: keys sorted by UTF-16 code units (JavaScript's own order), numbers and strings as
// JSON.stringify writes them, no whitespace.
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
}

// --- The key in this browser -------------------------------------------------------------

// One database: the member's key ('keys') and the statements signed while the link was down
// ('outbox', in the order they were signed).
function idb(name, mode, fn) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('jirga', 2);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('keys')) db.createObjectStore('keys');
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(name, mode);
      const req = fn(tx.objectStore(name));
      tx.oncomplete = () => { open.result.close(); resolve(req && req.result); };
      tx.onerror = () => reject(tx.error);
    };
  });
}
const keyStore = (mode, fn) => idb('keys', mode, fn);
const loadKey = () => keyStore('readonly', (s) => s.get('member'));
const saveKey = (record) => keyStore('readwrite', (s) => s.put(record, 'member'));
const forgetKey = () => keyStore('readwrite', (s) => s.delete('member'));

async function publicRecord(privateKey, publicKey, name, party) {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
  return { privateKey, publicKey, public: b64(raw), name, party };
}

async function createKey(name, party) {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  return saveKey(await publicRecord(pair.privateKey, pair.publicKey, name, party));
}

// A key file made by `jirga key new`: the seed is imported as a non-extractable key and the
// file is not kept.
async function importKeyFile(text) {
  const file = JSON.parse(text);
  if (file.format !== 'jirga-member-key-v1') throw new Error('not a Jirga key file (format jirga-member-key-v1)');
  const pub = b64d(file.public);
  const privateKey = await crypto.subtle.importKey('jwk',
    { kty: 'OKP', crv: 'Ed25519', d: b64url(b64d(file.secret)), x: b64url(pub) },
    { name: 'Ed25519' }, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, true, ['verify']);
  const probe = utf8('jirga key check');
  const sig = await crypto.subtle.sign('Ed25519', privateKey, probe);
  if (!(await crypto.subtle.verify('Ed25519', publicKey, sig, probe))) throw new Error('the secret does not match the public key');
  return saveKey(await publicRecord(privateKey, publicKey, file.name, file.party));
}

/** Posts JSON; with `patienceMs`, a link that takes longer counts as no link (AbortError). */
async function postJson(path, value, patienceMs = 0) {
  const signal = patienceMs ? AbortSignal.timeout(patienceMs) : undefined;
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value), credentials: 'same-origin', signal });
  const text = await r.text();
  const body = text ? JSON.parse(text) : null;
  if (!r.ok) throw Object.assign(new Error(body?.detail || r.statusText), { problem: body, status: r.status });
  return body;
}

async function signIn() {
  const key = await loadKey();
  if (!key) throw new Error(words['signin-no-browser-key']);
  const c = await postJson('/v1/auth/challenge', { key: key.public });
  const sig = await crypto.subtle.sign('Ed25519', key.privateKey, utf8(`${LOGIN_CONTEXT}${c.deployment}\n${c.challenge}`));
  const t = await postJson('/v1/auth/token', { key: key.public, challenge: c.challenge, signature: b64(sig) });
  if (t.party !== key.party) await saveKey({ ...key, party: t.party });
  await postJson('/web/session', { token: t.token });
}

async function setUpSignIn() {
  const status = document.getElementById('key-status');
  if (!status) return;
  const error = document.getElementById('sign-in-error');
  const fail = (e) => { error.textContent = e.message || String(e); error.hidden = false; };
  const show = async () => {
    const key = await loadKey();
    document.getElementById('key-none').hidden = !!key;
    document.getElementById('key-present').hidden = !key;
    if (key) {
      document.getElementById('key-public').textContent = key.public;
      document.getElementById('key-name').textContent = key.name;
      document.getElementById('key-party').textContent = key.party;
    }
  };
  document.getElementById('key-copy').addEventListener('click', () => navigator.clipboard?.writeText(document.getElementById('key-public').textContent));
  document.getElementById('key-forget').addEventListener('click', async () => { await forgetKey(); await show(); });
  document.getElementById('sign-in-button').addEventListener('click', async () => {
    error.hidden = true;
    status.setAttribute('aria-busy', 'true');
    try {
      await signIn();
      location.href = document.getElementById('sign-in-button').dataset.next || '/';
    } catch (e) {
      fail(e.status === 403 ? new Error(words['signin-failed']) : e);
    } finally { status.removeAttribute('aria-busy'); }
  });
  const onForm = (id, action) => document.getElementById(id).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const out = ev.target.querySelector('.form-error');
    out.hidden = true;
    try { await action(ev.target); await show(); } catch (e) { out.textContent = e.message || String(e); out.hidden = false; }
  });
  onForm('key-import', async () => importKeyFile(await document.getElementById('key-file').files[0].text()));
  onForm('key-create', () => createKey(document.getElementById('create-name').value.trim(), document.getElementById('create-party').value));
  // After the handlers: reading the stored key can be slow on a loaded phone, and a form
  // submitted before its handler is there would reload the page and drop the chosen file.
  await show();
}

// --- Statements from forms -----------------------------------------------------------------

// Fields named body.a.b fill the body; data-type converts; data-list collects checked boxes;
// data-with skips a field (a text's language) when the text it goes with is empty; body.a.0.b
// makes a list (rows left empty drop out).
function collectBody(form) {
  const body = {};
  for (const el of form.querySelectorAll('[data-copy-to]')) form.elements[el.dataset.copyTo].value = el.value;
  for (const el of form.elements) {
    if (!el.name || !el.name.startsWith('body.') || el.disabled) continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
    if (el.dataset.with && !form.elements[el.dataset.with]?.value.trim()) continue;
    let value = el.value.trim();
    const list = el.dataset.list !== undefined;
    if (value === '' && !list) continue;
    const path = el.name.slice(5).split('.');
    let at = body;
    for (const p of path.slice(0, -1)) at = at[p] ??= {};
    const last = path[path.length - 1];
    if (list) { (at[last] ??= []).push(value); continue; }
    if (el.dataset.type === 'number') value = Number(value);
    else if (el.dataset.type === 'int') value = parseInt(value, 10);
    else if (el.dataset.type === 'time') value = new Date(value).toISOString();
    at[last] = value;
  }
  return listsOfRows(body);
}

function listsOfRows(v) {
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  // Integer keys come in ascending order (ECMAScript's own order of properties).
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) return keys.map((k) => listsOfRows(v[k]));
  for (const k of keys) v[k] = listsOfRows(v[k]);
  return v;
}

async function signStatement(kind, refs, visibility, body) {
  const key = await loadKey();
  if (!key) throw new Error(words['signin-no-browser-key']);
  const bodyBytes = utf8(canonical(body));
  const header = {
    v: 1, kind, deployment: document.querySelector('meta[name=jirga-deployment]').content,
    author: key.public, party: key.party, time: Date.now(), refs, visibility,
    body_sha256: hex(await sha256(bodyBytes)), body_len: bodyBytes.length,
  };
  const sig = await crypto.subtle.sign('Ed25519', key.privateKey, utf8(SIGNING_CONTEXT + canonical(header)));
  return { header, signatures: [{ key: key.public, sig: b64(sig) }], body };
}

function showError(form, problem, fallback) {
  const field = problem?.field;
  const detail = problem?.detail || fallback;
  const input = field && Array.from(form.elements).find((el) => el.name === field || el.name.startsWith(field + '.'));
  const place = input && input.closest('.field')?.querySelector('.error');
  const message = `${words['form-not-accepted']} ${detail}`;
  if (place) {
    place.textContent = message;
    place.hidden = false;
    place.id ||= `${input.id || input.name}-error`;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', place.id);
    input.focus();
  } else {
    const out = form.querySelector('.form-error');
    out.textContent = message;
    out.hidden = false;
  }
}

async function uploadEvidence(form, body) {
  const file = form.elements.file.files[0];
  const progress = form.querySelector('.progress');
  progress.textContent = words['evidence-hashing'];
  const bytes = new Uint8Array(await file.arrayBuffer());
  const digest = hex(await sha256(bytes));
  const r = await fetch(`/v1/evidence/${digest}`, { method: 'PUT', body: bytes, credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream' } });
  if (!r.ok) throw Object.assign(new Error(r.statusText), { problem: await r.json().catch(() => null) });
  progress.textContent = '';
  Object.assign(body, { sha256: digest, size: bytes.length, media_type: file.type || 'application/octet-stream', name: file.name });
}

document.addEventListener('submit', async (ev) => {
  const form = ev.target;
  if (!form.matches('form.statement')) return;
  ev.preventDefault();
  for (const e of form.querySelectorAll('.error, .form-error')) e.hidden = true;
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const body = collectBody(form);
    if (form.dataset.evidence !== undefined) await uploadEvidence(form, body);
    // Fixed refs (data-refs) and one chosen (a select named refs).
    const refs = [...(form.dataset.refs || '').split(' '), ...Array.from(form.querySelectorAll('select[name=refs]'), (el) => el.value)].filter(Boolean);
    const visibility = form.dataset.visibility || form.elements.visibility?.value || 'joint';
    const statement = await signStatement(form.dataset.kind, refs, visibility, body);
    let receipt;
    try {
      if (navigator.onLine === false) throw new TypeError('offline');
      receipt = await postJson('/v1/statements', statement, STATEMENT_PATIENCE_MS);
    } catch (e) {
      if (!noLink(e) || form.dataset.evidence !== undefined) throw e;
      // Signed now, sent when the link returns: its signed time is this moment.
      await enqueue(statement, form);
      form.reset();
      const out = form.querySelector('.form-error');
      out.textContent = words['form-queued'];
      out.hidden = false;
      return;
    }
    form.dispatchEvent(new CustomEvent('jirga:recorded', { bubbles: true, detail: receipt }));
    if (form.dataset.stay !== undefined) {
      const first = form.querySelector('[id]')?.id;
      form.reset();
      await refresh();
      // The fresh region replaced the form: the person goes on typing where they were.
      document.getElementById(first)?.focus();
    } else location.href = form.dataset.next.replace('{id}', receipt.id);
  } catch (e) {
    const fallback = e.status === 401 || e.status === 403 ? words['validation-not-allowed'] : (e.message || String(e));
    showError(form, e.problem, fallback);
  } finally { button.disabled = false; }
});

// --- The outbox: statements signed while the link was down ---------------------------------

/** A failure of the link, not a refusal: the statement waits and goes later. */
const noLink = (e) => e instanceof TypeError || e?.name === 'TimeoutError' || e?.name === 'AbortError'
  || [502, 503, 504].includes(e.status) || navigator.onLine === false;

// A statement that has not gone in this long waits in the outbox: a link that drops packets
// silently would otherwise hold the form for minutes. A resend of one that did arrive is harmless.
const STATEMENT_PATIENCE_MS = 20000;

/** The statement's id as the server computes it (model::StatementId::of_header). */
async function statementId(header) {
  return hex(await sha256(utf8('jirga/statement-id/v1\n' + canonical(header))));
}

async function enqueue(statement, form) {
  const summary = statement.body?.title?.text || statement.body?.text?.text || statement.body?.reply?.text
    || form.querySelector('h2, h3, legend')?.textContent || statement.header.kind;
  const item = { id: await statementId(statement.header), kind: statement.header.kind, summary, statement, signedAt: statement.header.time, status: 'queued' };
  await idb('outbox', 'readwrite', (s) => s.add(item));
  await showOutbox();
  flushSoon();
}

const outboxItems = () => idb('outbox', 'readonly', (s) => s.getAll());
const saveItem = (item) => idb('outbox', 'readwrite', (s) => s.put(item));

// A day after it reached the log, an item leaves the list.
const KEEP_LOGGED_MS = 86400000;

async function showOutbox() {
  const box = document.getElementById('outbox');
  if (!box || !window.indexedDB) return;
  const items = (await outboxItems()).filter((i) => i.status !== 'logged' || Date.now() - (i.loggedSeenAt || 0) < KEEP_LOGGED_MS);
  box.hidden = items.length === 0;
  const list = box.querySelector('ol');
  list.replaceChildren(...items.map((i) => {
    const li = document.createElement('li');
    li.className = `outbox-${i.status}`;
    li.dataset.statement = i.id;
    const what = document.createElement('bdi');
    what.textContent = i.summary;
    const when = words['outbox-signed'].replace('%s', new Date(i.signedAt).toLocaleString(lang));
    const status = document.createElement('strong');
    status.textContent = words[`outbox-${i.status}`];
    li.append(what, ` · ${when} · `, status);
    if (i.reason) {
      const reason = document.createElement('span');
      reason.className = 'reason';
      reason.textContent = ` ${i.reason}`;
      li.append(reason);
    }
    return li;
  }));
}

let flushing = false;
let flushTimer = null;
const flushSoon = () => { clearTimeout(flushTimer); flushTimer = setTimeout(flushOutbox, 50); };

// Sends what is queued, oldest first; stops at the first that cannot reach the server, so the
// order holds. A resend of one that did arrive is harmless: the server logs a statement once.
async function flushOutbox() {
  if (flushing || !window.indexedDB) return;
  flushing = true;
  try {
    for (const item of await outboxItems()) {
      if (item.status === 'queued') {
        try {
          const receipt = await postJson('/v1/statements', item.statement, STATEMENT_PATIENCE_MS);
          Object.assign(item, { status: 'sent', receipt, reason: null });
        } catch (e) {
          if (noLink(e)) break;
          const field = e.problem?.field ? ` (${e.problem.field})` : '';
          Object.assign(item, { status: 'refused', reason: `${e.problem?.detail || e.message}${field}` });
        }
        await saveItem(item);
      }
      if (item.status === 'sent') {
        const r = await fetch(`/v1/statements/${item.id}/proof`, { credentials: 'same-origin' }).catch(() => null);
        if (r && r.ok) { Object.assign(item, { status: 'logged', loggedSeenAt: Date.now() }); await saveItem(item); }
      }
    }
  } finally {
    flushing = false;
    await showOutbox();
  }
  if ((await outboxItems()).some((i) => i.status === 'queued' || i.status === 'sent')) flushTimer = setTimeout(flushOutbox, 5000);
}

// --- Offline -------------------------------------------------------------------------------

function setUpOffline() {
  const staleAt = document.documentElement.dataset.staleAt;
  const notice = document.getElementById('stale');
  if (staleAt && notice) {
    notice.textContent = words['offline-stale'].replace('%s', new Date(staleAt).toLocaleString(lang));
    notice.hidden = false;
  }
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => { /* pages still work online */ });
  // The pages a member saw are theirs: signing out forgets them on this device.
  document.addEventListener('submit', (ev) => {
    if (ev.target.matches('form[action="/web/sign-out"]') && window.caches) caches.delete('jirga-pages-v1');
  });
  window.addEventListener('online', flushSoon);
  showOutbox().then(flushSoon).catch(() => {});
}

// --- Live pages ----------------------------------------------------------------------------

// Fetches this page again and swaps in the regions marked data-live, unless the reader is
// typing in one.
async function refresh() {
  const r = await fetch(location.href, { credentials: 'same-origin' }).catch(() => null);
  if (!r || !r.ok) return;
  const fresh = new DOMParser().parseFromString(await r.text(), 'text/html');
  for (const region of document.querySelectorAll('[data-live]')) {
    const next = fresh.getElementById(region.id);
    if (next && !region.contains(document.activeElement)) region.replaceWith(document.adoptNode(next));
  }
  tick();
  document.dispatchEvent(new Event('jirga:refreshed'));
}

function followLog() {
  if (!document.querySelector('[data-live]') || !window.EventSource) return;
  let seen = null;
  const source = new EventSource('/web/live');
  source.addEventListener('log', (e) => {
    if (seen !== null && e.data !== seen) refresh();
    seen = e.data;
  });
}

// A click on the map (not on a marker) opens the report form at that point.
document.addEventListener('click', (e) => {
  const section = e.target.closest('section[data-report]');
  const svg = e.target.closest('svg.map');
  if (!section || !svg || e.target.closest('a')) return;
  const [lon0, lat0, kx, ky, w, h] = svg.dataset.inverse.split(' ').map(Number);
  const at = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
  const lon = lon0 + (at.x - w / 2) / kx;
  const lat = lat0 - (at.y - h / 2) / ky;
  location.href = `${section.dataset.report}&lat=${lat.toFixed(5)}&lon=${lon.toFixed(5)}`;
});

// --- Countdowns ----------------------------------------------------------------------------

function duration(ms) {
  const s = Math.floor(ms / 1000);
  // Past two days a clock reading means little: days, in the page's language.
  if (s >= 172800) return new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(Math.floor(s / 86400));
  const n = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  const parts = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  return (parts[0] ? [parts[0], parts[1], parts[2]] : [parts[1], parts[2]]).map((p) => n.format(p)).join(':');
}

function tick() {
  const now = Date.now();
  for (const t of document.querySelectorAll('time[data-countdown]')) {
    const left = Date.parse(t.getAttribute('datetime')) - now;
    const template = left >= 0 ? words['countdown-left'] : words['countdown-overdue'];
    t.textContent = template.replace('%s', duration(Math.abs(left)));
    t.classList.toggle('overdue', left < 0);
  }
}

// --- The hotline console -------------------------------------------------------------------

const alarm = { audio: null, timer: null, silenced: new Set(), sounding: false };
window.jirgaAlarm = alarm;

function beep() {
  alarm.audio ??= new AudioContext();
  const osc = alarm.audio.createOscillator();
  const gain = alarm.audio.createGain();
  osc.frequency.value = 880;
  gain.gain.value = 0.2;
  osc.connect(gain).connect(alarm.audio.destination);
  osc.start();
  osc.stop(alarm.audio.currentTime + 0.4);
}

// Sounds while a request to cease fire addressed to this party waits and is not silenced.
function checkAlarm() {
  const waiting = Array.from(document.querySelectorAll('li.type-cease_fire_request[data-message]'))
    .filter((li) => li.querySelector('form') && !alarm.silenced.has(li.dataset.message));
  const box = document.getElementById('alarm');
  if (!box) return;
  box.hidden = waiting.length === 0;
  document.body.classList.toggle('alarming', waiting.length > 0);
  alarm.sounding = waiting.length > 0;
  if (alarm.sounding && !alarm.timer) { try { beep(); } catch (_) { /* no audio device */ } alarm.timer = setInterval(() => { try { beep(); } catch (_) { /* ignore */ } }, 2000); }
  if (!alarm.sounding && alarm.timer) { clearInterval(alarm.timer); alarm.timer = null; }
  box.dataset.messages = waiting.map((li) => li.dataset.message).join(' ');
}

function setUpConsole() {
  const root = document.getElementById('console');
  if (!root) return;
  const state = document.getElementById('feed-state');
  const events = document.getElementById('events');
  document.getElementById('alarm-silence').addEventListener('click', () => {
    for (const id of (document.getElementById('alarm').dataset.messages || '').split(' ')) alarm.silenced.add(id);
    checkAlarm();
  });
  document.addEventListener('jirga:refreshed', checkAlarm);
  checkAlarm();
  const source = new EventSource('/v1/hotline/feed');
  source.onopen = () => { state.textContent = words['hotline-live']; state.classList.remove('offline'); };
  source.onerror = () => { state.textContent = words['hotline-reconnecting']; state.classList.add('offline'); };
  const onEvent = async (e) => {
    const event = JSON.parse(e.data);
    const li = document.createElement('li');
    const what = words[`hotline-event-${event.event}`] || event.event;
    li.textContent = `${new Date(event.logged_at).toLocaleTimeString(lang)} · ${what} · ${event.party} → ${event.addressed.join(', ')}`;
    events.prepend(li);
    await refresh();
  };
  for (const name of ['message', 'ack', 'escalation', 'window']) source.addEventListener(name, onEvent);
}

// --- The log explorer: verify an entry here, trusting only the log's key ----------------------

async function verifyInclusion(proof, logKey) {
  // name+hash+base64: the base64 may itself hold '+', a name never does.
  const [name, keyHash] = logKey.split('+', 2);
  const material = logKey.slice(name.length + keyHash.length + 2);
  const keyBytes = b64d(material);
  if (keyBytes[0] !== 1) throw new Error('the log key is not Ed25519');
  const id = await sha256(concat(utf8(name + '\n'), keyBytes));
  if (hex(id.slice(0, 4)) !== keyHash) throw new Error('the log key does not match its hash');
  const [text, sigs] = proof.checkpoint.split('\n\n');
  const lines = text.split('\n');
  if (Number(lines[1]) !== proof.tree_size) throw new Error('the checkpoint is not of the proof\'s size');
  const publicKey = await crypto.subtle.importKey('raw', keyBytes.slice(1), { name: 'Ed25519' }, false, ['verify']);
  const signed = await Promise.all(sigs.split('\n').filter((l) => l.startsWith(`\u2014 ${name} `)).map(async (l) => {
    const raw = b64d(l.split(' ')[2]);
    return hex(raw.slice(0, 4)) === keyHash && crypto.subtle.verify('Ed25519', publicKey, raw.slice(4), utf8(text + '\n'));
  }));
  if (!signed.includes(true)) throw new Error('the checkpoint is not signed by the log key');
  // RFC 9162, 2.1.3.2.
  let fn = proof.index;
  let sn = proof.tree_size - 1;
  let r = await sha256(concat(new Uint8Array([0]), b64d(proof.entry)));
  for (const p of proof.proof.map(b64d)) {
    if (sn === 0) throw new Error('the proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(new Uint8Array([1]), p, r));
      if (fn % 2 === 0) { do { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } while (fn % 2 === 0 && fn !== 0); }
    } else {
      r = await sha256(concat(new Uint8Array([1]), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0 || b64(r) !== lines[2]) throw new Error('the proof does not lead to the checkpoint\'s root');
}

function setUpLog() {
  const view = document.getElementById('entry-view');
  if (!view) return;
  const out = document.getElementById('verify-result');
  document.getElementById('verify-entry').addEventListener('click', async () => {
    out.textContent = words['proof-verifying'];
    out.className = '';
    try {
      const r = await fetch(`/v1/statements/${view.dataset.statement}/proof`);
      if (!r.ok) throw new Error((await r.json()).detail);
      await verifyInclusion(await r.json(), view.dataset.logKey);
      out.textContent = words['log-proof-verified'];
      out.className = 'verified';
    } catch (e) {
      out.textContent = `${words['log-proof-failed']}: ${e.message}`;
      out.className = 'failed';
    }
  });
}

// The language and zone links keep the page's own query (filters, a point, an entry, the map's view).
for (const a of document.querySelectorAll('nav.languages a[href^="?lang="], nav.zones a[href^="?tz="]')) {
  const url = new URL(location.href);
  for (const [name, value] of new URLSearchParams(a.getAttribute('href').slice(1))) url.searchParams.set(name, value);
  a.href = url.pathname + url.search;
}

tick();
setInterval(tick, 1000);
setUpOffline();
followLog();
setUpSignIn();
setUpConsole();
setUpLog();
