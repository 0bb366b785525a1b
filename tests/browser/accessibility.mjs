// The accessibility checks (a11y.mjs) on every page of pages.mjs, anonymous and signed in, in English
// (left-to-right) and Urdu (right-to-left), at the desktop size.
import { checkAccessibility, closePage, openPage, run, step, visit } from './lib.mjs';
import { inLanguage, pageViews } from './pages.mjs';

await run(async (browser) => {
  for (const view of await pageViews()) {
    for (const lang of ['en', 'ur']) {
      const page = await openPage(browser, { size: 'desktop', member: view.member });
      await step(`a11y-${view.name}-${lang}`, page, async () => {
        await visit(page, inLanguage(view.path, lang));
        await checkAccessibility(page);
      });
      await closePage(page);
    }
  }
});
