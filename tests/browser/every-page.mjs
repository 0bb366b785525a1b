// Every page of pages.mjs in every language, anonymous and signed in, at a desktop size (and a phone size in English and Urdu):
// it loads without errors, is laid out right-to-left in Urdu, Pashto and Dari and left-to-right in
// English, draws the Arabic-script languages in their fonts, does not scroll sideways, shows no
// message id in place of its text, has no Content-Security-Policy violation, and leaves a full-page screenshot <page>-<viewer>-<lang>-<size>.png in JIRGA_ARTIFACTS.
import { closePage, expectFont, expectNoCspViolations, expectLtr, expectNoSidewaysScroll, expectRtl, expectTranslated, openPage, run, screenshot, SIZES, step, visit } from './lib.mjs';
import { FONTS, inLanguage, LANGUAGES, pageViews, RTL_LANGUAGES } from './pages.mjs';

/** Views are independent: a few at a time keep both cores busy while pages load and render. */
const AT_ONCE = 3;
const PHONE_LANGUAGES = new Set(['en', 'ur']);

await run(async (browser) => {
  const views = [];
  for (const view of await pageViews()) {
    for (const lang of LANGUAGES) {
      // Every language on the desktop; on the phone, one left-to-right and one right-to-left
      // language show the narrow layout (the others share its CSS) at a third of the time.
      for (const size of Object.keys(SIZES)) if (size !== 'phone' || PHONE_LANGUAGES.has(lang)) views.push({ view, lang, size });
    }
  }
  const one = async ({ view, lang, size }) => {
    const name = `${view.name}-${lang}-${size}`;
    const page = await openPage(browser, { size, member: view.member });
    await step(name, page, async () => {
      await visit(page, inLanguage(view.path, lang));
      await screenshot(page, name);
      await (RTL_LANGUAGES.has(lang) ? expectRtl(page) : expectLtr(page));
      if (FONTS[lang]) await expectFont(page, 'header .brand', FONTS[lang]);
      await expectNoSidewaysScroll(page);
      await expectTranslated(page);
      await expectNoCspViolations(page);
    });
    await closePage(page);
  };
  const workers = Array.from({ length: AT_ONCE }, async () => {
    while (views.length) await one(views.shift());
  });
  await Promise.all(workers);
});
