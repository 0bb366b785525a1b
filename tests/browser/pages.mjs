// The pages the browser tests visit: ONE list. A new page is one line here; every-page.mjs then
// screenshots it in every language, at both sizes, anonymous and signed in, and checks its direction,
// and accessibility.mjs runs the accessibility checks on it in English and Urdu.
//   name     the step and screenshot name
//   path     (fixtures) => the path on the server, without ?lang= (added per language)
//   viewers  who opens it: 'anonymous', and/or 'member' (signed in as MEMBER); default both
import { getJson } from './lib.mjs';

export const PAGES = [
  { name: 'dashboard', path: () => '/' },
  { name: 'incident', path: (f) => `/incidents/${f.incidentId}` },
  // Names an armed group, contested; in Pashto, a signed translation with a dispute beside it.
  { name: 'incident-translated', path: (f) => `/incidents/${f.translatedId}` },
  { name: 'incidents', path: () => '/incidents' },
  { name: 'report-form', path: () => '/incidents/new?lat=34.1&lon=71.1', viewers: ['member'] },
  { name: 'hotline', path: () => '/hotline', viewers: ['member'] },
  { name: 'crossings', path: () => '/crossings' },
  { name: 'windows', path: () => '/windows' },
  { name: 'events', path: () => '/events' },
  { name: 'commitments', path: () => '/commitments' },
  { name: 'obligations', path: () => '/obligations' },
  { name: 'log', path: (f) => `/log?entry=${f.incidentId}` },
  { name: 'sign-in', path: () => '/sign-in', viewers: ['anonymous'] },
  { name: 'members', path: () => '/members', viewers: ['member'] },
  { name: 'report', path: () => '/reports/weekly?date=2025-10-17' },
];

export const LANGUAGES = ['en', 'ur', 'ps', 'prs'];
export const RTL_LANGUAGES = new Set(['ur', 'ps', 'prs']);

/** The font each right-to-left language's text is drawn in (crates/jirga/static/app.css asks for these). */
export const FONTS = { ur: 'Noto Nastaliq Urdu', ps: 'Noto Naskh Arabic', prs: 'Noto Naskh Arabic' };

/** The demo member whose cookie the signed-in views carry (the Rust test signs it in). */
export const MEMBER = 'pk-duty-officer';

/** What the pages' paths need from the demo data, read from the public API. */
export async function fixtures() {
  const { incidents } = await getJson('/v1/incidents');
  if (!incidents?.length) throw new Error('GET /v1/incidents lists no incident: the demo data is missing');
  const named = (await getJson('/v1/incidents?actor=ttp')).incidents ?? [];
  const translated = named.find((i) => i.title.startsWith('Infiltration attempt'));
  if (!translated) throw new Error('GET /v1/incidents?actor=ttp lists no translated report: the demo data is missing');
  return { incidentId: incidents[0].id, translatedId: translated.id };
}

/** Every page × viewer: { name, path, member } with member null for the anonymous view. */
export async function pageViews() {
  const f = await fixtures();
  return PAGES.flatMap((p) =>
    (p.viewers ?? ['anonymous', 'member']).map((viewer) => ({
      name: `${p.name}-${viewer}`,
      path: p.path(f),
      member: viewer === 'member' ? MEMBER : null,
    })),
  );
}

/** The path with ?lang=L (or &lang=L) appended. */
export function inLanguage(path, lang) {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}
