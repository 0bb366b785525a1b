// The checks themselves, on pages made here: each planted fault is reported, and a clean page passes.
// Without this, a check that never fires would look the same as pages that have no faults.
import { assert, checkAccessibility, closePage, expectLtr, expectNoCspViolations, expectFont, expectNoSidewaysScroll, expectNoTrouble, expectRtl, expectTranslated, Failure, openPage, run, step } from './lib.mjs';

const CLEAN = `<!doctype html><html lang="en" dir="ltr"><head><style>
  body { margin: 0; font: 16px sans-serif; color: #1b1f24; background: #fff; }
  :focus-visible { outline: 3px solid #1a4d8f; outline-offset: 2px; }
  header { display: flex; padding: 8px; } .languages { margin-inline-start: auto; }
</style></head><body>
  <header><a class="brand" href="/">Brand</a><nav class="languages"><a href="?lang=ur">اردو</a></nav></header>
  <main>
    <p>Plain text. <span style="font-size: 24px; color: #888">Large grey text, 3.5:1</span></p>
    <label for="a">Name</label> <input id="a">
    <label for="when">When</label> <input id="when" type="datetime-local"> <label for="day">Day</label> <input id="day" type="date">
    <label>Sector <select><option>Torkham</option></select></label>
    <span id="c-label">Comment</span> <textarea aria-labelledby="c-label"></textarea>
    <input type="hidden" name="token">
    <input type="radio" name="side" value="pk" aria-label="Pakistan"> <input type="radio" name="side" value="af" aria-label="Afghanistan">
    <button style="box-shadow: none">Send</button>
    <svg role="img" aria-label="A map" width="20" height="20"><circle cx="10" cy="10" r="5"/></svg>
    <img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
  </main>
</body></html>`;

// Each fault with the words its report must contain.
const FAULTY = `<!doctype html><html><head><style>
  body { margin: 0; font: 16px sans-serif; color: #1b1f24; background: #fff; }
  :focus-visible { outline: 3px solid #1a4d8f; }
  .bare:focus-visible { outline: none; }
  .pale:focus-visible { outline: 3px solid #f6a700; }
</style></head><body>
  <p style="color: #aaaaaa">Pale grey text</p>
  <p style="font-size: 18px; color: #888888">Grey text below the large size</p>
  <div style="background: rgba(0, 0, 0, 0.5)"><span style="color: #666666">Grey on a half-black veil</span></div>
  <input id="unlabelled">
  <a href="/empty" style="display: inline-block; width: 20px; height: 20px"></a>
  <button><svg width="10" height="10"><rect width="10" height="10"/></svg></button>
  <div role="img" style="width: 10px; height: 10px"></div>
  <a href="/skipped" tabindex="-1">Out of the Tab order</a>
  <div role="button">Pretend button</div>
  <a href="/bare" class="bare">No focus ring</a>
  <a href="/pale" class="pale">Pale focus ring</a>
  <a href="/first" tabindex="1">Jumps the queue</a>
</body></html>`;

const EXPECTED_FAULTS = [
  '<html> has no lang',
  '<html> has no dir',
  'form control <input id="unlabelled"> has no label',
  'link <a href="/empty"> has no accessible name',
  'button <button> has no accessible name',
  '<div role="img"> has no accessible name',
  'contrast: <p> #aaaaaa on #ffffff is 2.32:1, needs 4.5:1',
  'contrast: <p> #888888 on #ffffff is 3.54:1, needs 4.5:1 (18.0px text)',
  'contrast: <span> #666666 on #808080', // the veil: half black over white
  'keyboard: Tab never reaches <a href="/skipped">',
  'keyboard: Tab never reaches <div role="button">',
  'keyboard: no visible focus indicator',
  'keyboard: focus outline #f6a700 on #ffffff is 2.01:1, needs 3:1: <a class="pale" href="/pale">',
  'out of document order',
];

const RTL_HEADER = (dir, flow) => `<!doctype html><html lang="ur" dir="${dir}"><body style="margin:0">
  <header style="display:flex; flex-direction:${flow}; padding:8px"><a class="brand" href="/">جرگہ</a>
  <nav class="languages" style="margin-inline-start:auto"><a href="?lang=en">English</a></nav></header></body></html>`;

async function expectFailure(what, fn, words) {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    const missing = words.filter((w) => !e.message.includes(w));
    assert(missing.length === 0, `${what}: the report lacks ${JSON.stringify(missing)}; it was:\n${e.message}`);
    return e.message;
  }
  throw new Failure(`${what}: passed, but should have failed`);
}

await run(async (browser) => {
  const page = await openPage(browser);
  await step('selftest-clean-page-passes', page, async () => {
    await page.setContent(CLEAN);
    await checkAccessibility(page);
    await expectLtr(page);
  });
  await step('selftest-every-planted-fault-is-reported', page, async () => {
    await page.setContent(FAULTY);
    const report = await expectFailure('the faulty page', () => checkAccessibility(page), EXPECTED_FAULTS);
    console.log(report.replace(/^/gm, '        '));
    // What is fine on the faulty page is not reported.
    assert(!report.includes('Jumps the queue" has no'), 'a named link was reported as unnamed');
  });
  await step('selftest-direction-checks-fail-when-wrong', page, async () => {
    await page.setContent(RTL_HEADER('rtl', 'row'));
    await expectRtl(page);
    await page.setContent(RTL_HEADER('ltr', 'row'));
    await expectFailure('an ltr page', () => expectRtl(page), ['<html dir>: expected "rtl", got "ltr"']);
    // Right-to-left in name only: the header is forced left-to-right.
    await page.setContent(RTL_HEADER('rtl', 'row-reverse'));
    await expectFailure('a header laid out backwards', () => expectRtl(page), ['rtl: the brand link should be right of']);
  });
  await step('selftest-message-ids-shown-as-text-are-reported', page, async () => {
    await page.setContent('<p>A cross-border incident, well-known</p><p><span class="badge">proof-</span> <span>crossing-board</span></p>');
    await expectFailure('message ids in the text', () => expectTranslated(page), ['"proof-" in <span class="badge">', '"crossing-board"']);
    await page.setContent('<p>A cross-border incident, well-known</p><p lang="ur">ثبوت</p>');
    await expectTranslated(page);
  });
  await step('selftest-fonts-and-sideways-scrolling-are-checked', page, async () => {
    await page.setContent(`<p style="font-family: 'Noto Nastaliq Urdu', serif">جنگ بندی کی نگرانی</p>`);
    await expectFont(page, 'p', 'Noto Nastaliq Urdu');
    await expectFailure('the wrong font', () => expectFont(page, 'p', 'Noto Naskh Arabic'), ['drawn in Noto Nastaliq Urdu']);
    await expectNoSidewaysScroll(page);
    await page.setContent('<div class="wide" style="width: 3000px">too wide</div>');
    await expectFailure('a page wider than the window', () => expectNoSidewaysScroll(page), ['scrolls sideways', '<div class="wide">']);
  });
  await step('selftest-page-errors-and-failed-loads-fail-a-step', page, async () => {
    await page.setContent(`<script>throw new Error('planted')</script>`);
    await expectFailure('an uncaught exception', async () => expectNoTrouble(page), ['uncaught exception: planted']);
    await page.goto('/no-such-page');
    await expectFailure('a page that is not found', async () => expectNoTrouble(page), ['404 for GET', '/no-such-page']);
  });
  await step('selftest-an-inline-script-is-a-csp-violation', page, async () => {
    await page.goto('/?lang=en');
    await expectNoCspViolations(page);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.planted = true';
      document.body.append(s);
    });
    await expectFailure('an inline script', () => expectNoCspViolations(page), ['script-src-elem refused inline']);
    assert(await page.evaluate(() => window.planted !== true), 'the planted inline script ran');
    // The browser also says so on its console: the step's trouble list has it.
    await expectFailure('the console', async () => expectNoTrouble(page), ['Content Security Policy']);
  });
  await closePage(page);
});
