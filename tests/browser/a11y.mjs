// checkAccessibility(page): the accessibility checks of one page, as it is now. Throws a Failure
// listing every offender (element, what fails), or returns quietly. The checks:
//  - <html> has lang and dir;
//  - every input, select and textarea (not type=hidden) has a label: label[for], a wrapping label,
//    aria-label or aria-labelledby, with text;
//  - every link and button, every image and every role=img has an accessible name, as Chromium's
//    own accessibility tree computes it (images with alt="" are decorative and need none);
//  - text contrast (WCAG 1.4.3): each visible element with text of its own, its colour against the
//    first opaque background behind it, at least 4.5:1, or 3:1 for large text (24px, or 18.66px bold);
//  - the keyboard (WCAG 2.1.1, 2.4.3, 2.4.7, 1.4.11): Tab reaches every visible link, button and form
//    control, in document order, and each shows a focus indicator (an outline or box-shadow it does not
//    have unfocused) whose colour has at least 3:1 against the background around it.
import { Failure } from './assert.mjs';

export async function checkAccessibility(page) {
  await page.evaluate(installInPage);
  const problems = [
    ...(await page.evaluate(() => window.__jirgaA11y.documentProblems())),
    ...(await page.evaluate(() => window.__jirgaA11y.labelProblems())),
    ...(await nameProblems(page)),
    ...(await page.evaluate(() => window.__jirgaA11y.contrastProblems())),
    ...(await keyboardProblems(page)),
  ];
  if (problems.length) {
    throw new Failure(`accessibility of ${page.url()}: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  }
}

// Accessible names from Chromium's accessibility tree (the DevTools protocol), not our own guess.
async function nameProblems(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.__jirgaA11y.needingNames()' });
    const { result: props } = await cdp.send('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const elements = props.filter((p) => /^\d+$/.test(p.name)).sort((a, b) => a.name - b.name);
    const problems = [];
    for (const { value } of elements) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: value.objectId, fetchRelatives: false });
      const node = nodes[0];
      if ((node?.name?.value ?? '').trim()) continue;
      const { result: what } = await cdp.send('Runtime.callFunctionOn', {
        objectId: value.objectId,
        functionDeclaration: 'function () { return window.__jirgaA11y.describe(this); }',
        returnByValue: true,
      });
      problems.push(`${node?.role?.value ?? 'element'} ${what.value} has no accessible name`);
    }
    return problems;
  } finally {
    await cdp.detach();
  }
}

// Presses Tab until focus comes back to an element it had (or the bound runs out), noting each stop.
async function keyboardProblems(page) {
  const expected = await page.evaluate(() => window.__jirgaA11y.startFocusWalk());
  const stops = [];
  const seen = new Set();
  let wrapped = -1; // where focus came back round from the end of the document to its start
  // Tab steps through the parts of a date or time field (day, month, year, ...) without focus
  // leaving the <input>: up to PARTS presses in a row on one element are one stop.
  const PARTS = 8;
  let again = 0;
  for (let i = 0, extra = 0; i < 2 * expected.length + 10 + extra; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => window.__jirgaA11y.focusStop());
    if (!stop) {
      // Focus left the document past its last element; the next Tab starts again from the top.
      if (stops.length && wrapped < 0) wrapped = stops.length;
      continue;
    }
    const key = stop.index >= 0 ? stop.index : stop.what;
    const last = stops.at(-1);
    if (last && key === (last.index >= 0 ? last.index : last.what) && stop.parts && again < PARTS) {
      again++;
      extra++;
      continue;
    }
    again = 0;
    if (seen.has(key)) break;
    seen.add(key);
    stops.push(stop);
  }
  const problems = [];
  const reachedGroups = new Set([...seen].filter((i) => typeof i === 'number').map((i) => expected[i].group).filter(Boolean));
  expected.forEach((e, i) => {
    if (!seen.has(i) && !(e.group && reachedGroups.has(e.group))) problems.push(`keyboard: Tab never reaches ${e.what}`);
  });
  // In document order: the walk may have begun part-way down, so read it from the top of the document.
  const fromTop = wrapped < 0 ? stops : [...stops.slice(wrapped), ...stops.slice(0, wrapped)];
  const order = fromTop.map((s) => s.index).filter((i) => i >= 0);
  const wrong = order.findIndex((v, i) => i > 0 && v < order[i - 1]);
  if (wrong > 0) {
    problems.push(
      `keyboard: focus goes from ${expected[order[wrong - 1]].what} back to ${expected[order[wrong]].what}, out of document order`,
    );
  }
  const grouped = new Map();
  for (const s of stops) {
    if (!s.problem) continue;
    const list = grouped.get(s.problem) ?? [];
    list.push(s.what);
    grouped.set(s.problem, list);
  }
  for (const [problem, whats] of grouped) problems.push(`keyboard: ${problem}: ${examples(whats)}`);
  return problems;
}

function examples(list) {
  const shown = list.slice(0, 3).join(', ');
  return list.length > 3 ? `${shown} and ${list.length - 3} more` : shown;
}

// Runs in the page (page.evaluate); defines window.__jirgaA11y. Self-contained: no closure.
function installInPage() {
  const style = (el) => getComputedStyle(el);
  const rendered = (el) =>
    el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true, opacityProperty: true });

  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    const attrs = ['id', 'class', 'href', 'type', 'name', 'role']
      .filter((a) => el.getAttribute(a))
      .map((a) => `${a}="${el.getAttribute(a).slice(0, 60)}"`);
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${[tag, ...attrs].join(' ')}>${text ? ` "${text}"` : ''}`;
  };

  // Colours: computed values are rgb(r, g, b) or rgba(r, g, b, a).
  const parse = (c) => {
    const m = /^rgba?\(([^)]*)\)$/.exec(c || '');
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (fg, bg) => {
    const a = fg[3];
    return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat([1]);
  };
  const hex = (c) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind `el`: its own and its ancestors' backgrounds, down to the first opaque one.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(style(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((bg, layer) => over(layer, bg), [255, 255, 255, 1]);
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(style(e).opacity);
    return o;
  };

  const documentProblems = () => {
    const html = document.documentElement;
    const problems = [];
    if (!html.getAttribute('lang')) problems.push('<html> has no lang');
    if (!html.getAttribute('dir')) problems.push('<html> has no dir');
    return problems;
  };

  const labelProblems = () => {
    const problems = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const texts = [];
      if (el.id) for (const l of document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`)) texts.push(l.textContent);
      if (el.closest('label')) texts.push(el.closest('label').textContent);
      texts.push(el.getAttribute('aria-label') || '');
      for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)) {
        texts.push(document.getElementById(id)?.textContent || '');
      }
      if (!texts.some((t) => t.trim())) {
        problems.push(`form control ${describe(el)} has no label (label[for], wrapping label, aria-label or aria-labelledby)`);
      }
    }
    return problems;
  };

  const needingNames = () =>
    [
      ...document.querySelectorAll(
        'a[href], button, [role=button], [role=link], input[type=button], input[type=submit], input[type=reset], input[type=image], img:not([alt=""]), [role=img]',
      ),
    ].filter(rendered);

  const contrastProblems = () => {
    const found = new Map();
    const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'TEMPLATE', 'OPTION']);
    for (const el of document.body.querySelectorAll('*')) {
      if (skip.has(el.tagName.toUpperCase())) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!own.length || !rendered(el)) continue;
      const s = style(el);
      const svg = el instanceof SVGElement;
      const ink = parse(svg ? s.fill : s.color);
      if (!ink) continue; // a fill of none or a pattern: no single colour to measure
      const bg = background(el);
      const fg = over([ink[0], ink[1], ink[2], ink[3] * opacity(el)], bg);
      // SVG text is scaled with its picture: measure the size it is drawn at.
      const scale = svg && el.getScreenCTM ? Math.hypot(el.getScreenCTM().a, el.getScreenCTM().b) : 1;
      const px = parseFloat(s.fontSize) * scale;
      const large = px >= 24 || (px >= 18.66 && Number(s.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const ratio = contrast(fg, bg);
      if (ratio >= needed) continue;
      const text = own.map((n) => n.textContent).join(' ').replace(/\s+/g, ' ').trim().slice(0, 30);
      const tag = `<${el.tagName.toLowerCase()}${el.getAttribute('class') ? ` class="${el.getAttribute('class')}"` : ''}>`;
      const key = `${tag} ${hex(fg)} on ${hex(bg)}`;
      const entry = found.get(key) ?? { tag, fg, bg, ratio, needed, px, texts: [] };
      entry.texts.push(`"${text}"`);
      found.set(key, entry);
    }
    return [...found.values()].map(
      (e) =>
        `contrast: ${e.tag} ${hex(e.fg)} on ${hex(e.bg)} is ${e.ratio.toFixed(2)}:1, needs ${e.needed}:1 ` +
        `(${e.px.toFixed(1)}px text): ${e.texts.slice(0, 3).join(', ')}${e.texts.length > 3 ? ` and ${e.texts.length - 3} more` : ''}`,
    );
  };

  // The keyboard walk: the elements Tab should reach, and each one's look before it has focus.
  const outlineOf = (el) => {
    const s = style(el);
    return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor, boxShadow: s.boxShadow };
  };
  const walk = { elements: [], before: [] };
  // Every visible link, button and form control (and any element put in the Tab order or given a
  // widget role), whatever its tabindex: a link taken out of the Tab order is a finding, not an exception.
  const interactive =
    'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, ' +
    '[tabindex]:not([tabindex^="-"]), [contenteditable]:not([contenteditable=false]), ' +
    '[role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], ' +
    '[role=textbox], [role=combobox], [role=slider], [role=spinbutton]';
  const startFocusWalk = () => {
    walk.elements = [...document.querySelectorAll(interactive)].filter(
      (el) => !el.disabled && !el.closest('[inert]') && rendered(el),
    );
    // Unfocused first: the element focused now (the field just filled) would show its focus ring.
    document.activeElement?.blur?.();
    walk.before = walk.elements.map(outlineOf);
    // Tab stops at one radio button of a group (arrows move within it): the group is one stop.
    return walk.elements.map((el) => ({
      what: describe(el),
      group: el.type === 'radio' && el.name ? `radio ${el.form?.id ?? ''} ${el.name}` : null,
    }));
  };
  const focusStop = () => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const index = walk.elements.indexOf(el);
    const now = outlineOf(el);
    const before = index >= 0 ? walk.before[index] : { outlineStyle: 'none', outlineWidth: 0, outlineColor: '', boxShadow: 'none' };
    const outline = now.outlineStyle !== 'none' && now.outlineWidth > 0 &&
      (now.outlineStyle !== before.outlineStyle || now.outlineWidth !== before.outlineWidth || now.outlineColor !== before.outlineColor);
    const shadow = now.boxShadow !== 'none' && now.boxShadow !== before.boxShadow;
    let problem = null;
    if (!outline && !shadow) {
      problem = 'no visible focus indicator (outline or box-shadow unchanged when focused)';
    } else if (outline && !shadow) {
      // The outline is drawn around the element, over what is behind it.
      const ring = parse(now.outlineColor);
      const bg = background(el.parentElement || el);
      const ratio = ring ? contrast(over(ring, bg), bg) : 0;
      if (ratio < 3) {
        problem = `focus outline ${ring ? hex(ring) : now.outlineColor} on ${hex(bg)} is ${ratio.toFixed(2)}:1, needs 3:1`;
      }
    }
    // A date or time field: Tab moves between its parts before it leaves the field.
    const parts = el.tagName === 'INPUT' && ['date', 'datetime-local', 'month', 'time', 'week'].includes(el.type);
    return { index, what: describe(el), problem, parts };
  };

  window.__jirgaA11y = { describe, documentProblems, labelProblems, needingNames, contrastProblems, startFocusWalk, focusStop };
}
