// Jirga's service worker: the pages a duty officer last saw stay readable without a link, marked
// as of when they were saved; the stylesheet and script come from the cache. Nothing else is
// kept here: statements signed offline wait in the page's outbox (IndexedDB, jirga.js) and the
// live feeds and the API always go to the server. The server puts SHELL (the versioned asset
// paths) and VERSION before this text.
'use strict';

const PAGES = 'jirga-pages-v1';
const ASSETS = `jirga-assets-${VERSION}`;
/** A page that does not come within this long is taken from the cache, if it is there. */
const PATIENCE_MS = 10000;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(ASSETS).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) if (k.startsWith('jirga-assets-') && k !== ASSETS) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.startsWith('/static/')) {
    e.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
  } else if (req.mode === 'navigate') {
    e.respondWith(page(req));
  }
});

async function page(req) {
  const cache = await caches.open(PAGES);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PATIENCE_MS);
  try {
    const resp = await fetch(req, { signal: abort.signal });
    if (resp.ok && (resp.headers.get('content-type') || '').startsWith('text/html')) {
      const body = await resp.clone().text();
      const headers = { 'content-type': 'text/html; charset=utf-8', 'x-jirga-saved-at': new Date().toISOString() };
      await cache.put(req.url, new Response(body, { headers }));
    }
    return resp;
  } catch (err) {
    const hit = (await cache.match(req.url)) || (await cache.match(req.url, { ignoreSearch: true }));
    if (!hit) throw err;
    // The page's script shows the notice, in the page's language, from this attribute.
    const savedAt = hit.headers.get('x-jirga-saved-at') || '';
    const html = (await hit.text()).replace('<html ', `<html data-stale-at="${savedAt}" `);
    return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  } finally {
    clearTimeout(timer);
  }
}
