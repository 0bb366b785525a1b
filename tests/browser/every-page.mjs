// Every page of pages.mjs in every language, anonymous and signed in, at a desktop and a phone size:
// it loads without errors, is laid out right-to-left in Urdu, Pashto and Dari and left-to-right in
// English, and leaves a full-page screenshot <page>-<viewer>-<lang>-<size>.png in JIRGA_ARTIFACTS.
import { closePage, expectLtr, expectRtl, openPage, run, screenshot, SIZES, step, visit } from './lib.mjs';
import { inLanguage, LANGUAGES, pageViews, RTL_LANGUAGES } from './pages.mjs';

await run(async (browser) => {
  for (const view of await pageViews()) {
    for (const lang of LANGUAGES) {
      for (const size of Object.keys(SIZES)) {
        const name = `${view.name}-${lang}-${size}`;
        const page = await openPage(browser, { size, member: view.member });
        await step(name, page, async () => {
          await visit(page, inLanguage(view.path, lang));
          await screenshot(page, name);
          await (RTL_LANGUAGES.has(lang) ? expectRtl(page) : expectLtr(page));
        });
        await closePage(page);
      }
    }
  }
});
