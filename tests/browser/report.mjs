// The compliance reports in the browser: the demo's daily and weekly reports render in every
// language, and print to PDF (Chromium's own printing, the print stylesheet applied) into
// JIRGA_ARTIFACTS as report-<span>-<lang>.pdf, beside a screenshot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, checkAccessibility, closePage, openPage, run, screenshot, step, visit } from './lib.mjs';
import { LANGUAGES } from './pages.mjs';

// The demo's October fighting: the week to the 17th, and the 12th.
const REPORTS = [['weekly', '2025-10-17'], ['daily', '2025-10-12']];

await run(async (browser) => {
  for (const [span, date] of REPORTS) {
    for (const lang of LANGUAGES) {
      const name = `report-${span}-${lang}`;
      const page = await openPage(browser, { size: 'desktop' });
      await step(name, page, async () => {
        await visit(page, `/reports/${span}?date=${date}&lang=${lang}`);
        await screenshot(page, name);
        const bars = await page.locator('svg.chart rect.bar-current').count();
        assert(bars > 0, `${name}: the charts have bars`);
        await page.emulateMedia({ media: 'print' });
        assert(!(await page.locator('header.top').isVisible()), `${name}: the page's header is not printed`);
        const file = join(process.env.JIRGA_ARTIFACTS, `${name}.pdf`);
        await page.pdf({ path: file, format: 'A4', printBackground: true });
        const pdf = readFileSync(file);
        assert(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 20_000, `${name}: a PDF (${pdf.length} bytes)`);
        await page.emulateMedia({ media: 'screen' });
        if (lang === 'en' || lang === 'ur') await checkAccessibility(page);
      });
      await closePage(page);
    }
  }
});
