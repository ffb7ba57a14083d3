// Shared helpers of the browser tests: launching Debian's Chromium through
// playwright-core, the two viewports the pages must read well at, and the checks that
// the story page and the HTML report have in common (figures, timeline, diagram, claim
// links, sortable tables, horizontal overflow).
//
// These helpers never download a browser and never touch the network: they drive the
// Chromium the machine has (`CHROMIUM`, default /usr/bin/chromium), and the pages under
// test are a server on loopback or a file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

// A laptop screen and a phone held upright, as named in the issue.
export const LAPTOP = { viewport: { width: 1366, height: 768 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

// Reads a variable the runner script sets, or stops with a message saying how to run
// the tests, so a bare `node --test` does not fail with an obscure error.
export function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the browser tests through scripts/browser-test.sh, ` +
        'which builds crosscheck, serves the example corpus and sets it',
    );
  }
  return value;
}

// The folder screenshots go to (created if missing).
export function artifacts() {
  const dir = required('BROWSER_ARTIFACTS');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page, name, fullPage = true) {
  await page.screenshot({ path: path.join(artifacts(), `${name}.png`), fullPage });
}

// Starts headless Chromium with a fresh profile (Playwright makes a new temporary
// user-data-dir for every launch and removes it on close). The flags keep Chromium
// from reaching out on its own: on a closed network those background connections are
// refused and slow the start down.
export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's chromium package ` +
        '(apt-get install chromium) or set CHROMIUM to its path',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Opens a page in a new context with `options` (viewport, JavaScript on or off) that
// records script errors and every URL requested, so a test can assert the page ran
// cleanly and loaded nothing from elsewhere.
export async function openPage(browser, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    // Browsers ask for /favicon.ico on their own; a page that names no icon is not broken.
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') {
      problems.push(`${r.status()} for ${r.url()}`);
    }
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, problems, requests };
}

// Opens a page with `options`, runs `body` with it (and the problems and requests it
// recorded), and closes its context whatever happens.
export async function withPage(browser, options, body) {
  const { context, ...opened } = await openPage(browser, options);
  try {
    return await body(opened);
  } finally {
    await context.close();
  }
}

// Normalises text as a reader sees it: runs of white space become one space.
export function squash(s) {
  return s.replace(/\s+/g, ' ').trim();
}

// Checks the figures tables: at least one table with body rows, each row with a
// value cell that holds a number and a link to the sentence it came from.
// Returns how many rows were seen.
export async function checkFigures(page) {
  const rows = await page.$$eval('table.figures tbody tr', (trs) =>
    trs.map((tr) => {
      const value = tr.querySelector('td.num');
      const box = tr.getBoundingClientRect();
      return {
        value: value ? value.textContent.trim() : '',
        link: value && value.querySelector('a[href*="#c-"]') ? value.querySelector('a').getAttribute('href') : '',
        cells: tr.cells.length,
        height: box.height,
        shown: getComputedStyle(tr).display !== 'none',
      };
    }),
  );
  const shown = rows.filter((r) => r.shown);
  assert.ok(shown.length > 0, 'the figures tables have no visible rows');
  for (const r of shown) {
    assert.match(r.value, /\d/, `a figures row has no number in its value cell: ${JSON.stringify(r)}`);
    assert.ok(r.link, `a figures value does not link to its sentence: ${JSON.stringify(r)}`);
    assert.ok(r.cells >= 4, `a figures row has too few cells: ${JSON.stringify(r)}`);
  }
  // Rows inside a collapsed section have no box; those in view must have one.
  assert.ok(shown.some((r) => r.height > 0), 'no figures row is laid out on the page');
  return shown.length;
}

// Facts about one chart (an inline SVG in a `.chart`, named by its `<title>`): its
// drawn size, the marks matching `markSelector` with a laid-out box, and the numbers
// its title states.
async function chart(page, titlePattern, markSelector) {
  const charts = await page.$$eval(
    '.chart svg',
    (svgs, [source, marks]) => {
      const re = new RegExp(source, 'i');
      return svgs
        .map((svg) => {
          const title = svg.querySelector(':scope > title');
          const box = svg.getBoundingClientRect();
          const drawn = Array.from(svg.querySelectorAll(marks)).filter((m) => {
            const b = m.getBoundingClientRect();
            return b.width > 0 && b.height > 0;
          });
          return {
            title: title ? title.textContent : '',
            width: box.width,
            height: box.height,
            marks: drawn.length,
            texts: Array.from(svg.querySelectorAll('text')).filter((t) => t.textContent.trim()).length,
          };
        })
        .filter((c) => re.test(c.title));
    },
    [titlePattern.source, markSelector],
  );
  assert.ok(charts.length > 0, `no chart titled like ${titlePattern} on the page`);
  return charts;
}

// Checks the timeline chart is drawn with one mark per dated entry its title counts.
export async function checkTimeline(page) {
  const charts = await chart(page, /^timeline/, 'circle.day, rect.span');
  for (const c of charts) {
    assert.ok(c.width > 200 && c.height > 50, `the timeline is not drawn at a readable size: ${JSON.stringify(c)}`);
    assert.ok(c.marks > 0, `the timeline has no marks: ${JSON.stringify(c)}`);
    assert.ok(c.texts > 0, `the timeline has no labels: ${JSON.stringify(c)}`);
    const stated = /(\d+) dated entr/.exec(c.title);
    if (stated) {
      assert.equal(c.marks, Number(stated[1]), `the timeline draws ${c.marks} marks but its title says: ${c.title}`);
    }
  }
  return charts[0].marks;
}

// Checks the citation and reuse diagram has nodes and edges: every drawn edge outside
// the legend sits in a group whose tooltip says why the link was made.
export async function checkGraph(page) {
  const charts = await chart(page, /diagram/, 'circle.node');
  const edges = await page.$$eval('.chart svg', (svgs) =>
    svgs
      .filter((svg) => /diagram/i.test(svg.querySelector(':scope > title')?.textContent ?? ''))
      .map((svg) =>
        Array.from(svg.querySelectorAll('path.edge')).filter((e) => {
          const g = e.closest('g');
          const b = e.getBoundingClientRect();
          return g && g.querySelector(':scope > title')?.textContent.trim() && (b.width > 0 || b.height > 0);
        }).length,
      ),
  );
  charts.forEach((c, i) => {
    assert.ok(c.width > 200 && c.height > 50, `the diagram is not drawn at a readable size: ${JSON.stringify(c)}`);
    assert.ok(c.marks >= 2, `the diagram has fewer than two nodes: ${JSON.stringify(c)}`);
    assert.ok(edges[i] >= 1, `the diagram has no edges: ${JSON.stringify(c)}`);
    const stated = /(\d+) links? between (\d+) source/.exec(c.title);
    if (stated) {
      assert.equal(edges[i], Number(stated[1]), `the diagram draws ${edges[i]} edges but its title says: ${c.title}`);
      assert.equal(c.marks, Number(stated[2]), `the diagram draws ${c.marks} nodes but its title says: ${c.title}`);
    }
  });
  return { nodes: charts[0].marks, edges: edges[0] };
}

// After a claim link was followed: the element the fragment names is the `:target`,
// is a claim, is visible inside the viewport, is highlighted, and holds the sentence
// the link showed (`expected`, compared without the greyed "removed" labels).
export async function checkTarget(page, id, expected) {
  // Scrolling into view may be smooth or deferred; give it a moment to settle.
  await page.waitForFunction(
    (id) => {
      const el = document.getElementById(id);
      if (!el) return false;
      const b = el.getBoundingClientRect();
      return b.height > 0 && b.top < innerHeight && b.bottom > 0;
    },
    id,
    { timeout: 5000 },
  ).catch(() => {});
  const t = await page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return null;
    const b = el.getBoundingClientRect();
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.why').forEach((w) => w.remove());
    const closed = [];
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS' && !p.open) closed.push(p.outerHTML.slice(0, 80));
    }
    return {
      isTarget: el.matches(':target'),
      className: el.className,
      top: b.top,
      bottom: b.bottom,
      height: b.height,
      innerHeight,
      background: getComputedStyle(el).backgroundColor,
      visibility: getComputedStyle(el).visibility,
      text: copy.textContent,
      closed,
    };
  }, id);
  assert.ok(t, `the claim link points to #${id}, which is not on the page ${page.url()}`);
  assert.ok(t.isTarget, `#${id} is not the :target after following its link`);
  assert.match(t.className, /\bclaim\b/, `#${id} is not a claim: class="${t.className}"`);
  assert.deepEqual(t.closed, [], `#${id} sits in a closed <details>, so its sentence is hidden`);
  assert.ok(t.height > 0 && t.visibility === 'visible', `#${id} is not visible: ${JSON.stringify(t)}`);
  assert.ok(t.top >= 0 && t.bottom <= t.innerHeight + 1 && t.top < t.innerHeight,
    `#${id} is not scrolled into the viewport: ${JSON.stringify(t)}`);
  assert.ok(!/rgba\(0, 0, 0, 0\)|transparent/.test(t.background), `#${id} is not highlighted: ${JSON.stringify(t)}`);
  // A link may show a shortened sentence ending in an ellipsis; then the target must
  // start with what the link shows.
  const shown = squash(expected);
  const held = squash(t.text);
  if (shown.endsWith('…')) {
    assert.ok(held.startsWith(shown.slice(0, -1).trim()),
      `#${id} holds "${held}", not the sentence its link shows: "${shown}"`);
  } else {
    assert.equal(held, shown, `#${id} does not hold the sentence its link shows`);
  }
  return t;
}

// Clicks a column header of the first figures table twice and checks the rows come
// out in ascending and then descending order of the value column.
export async function checkSorting(page) {
  const table = page.locator('table.sortable.figures').first();
  await table.scrollIntoViewIfNeeded();
  const header = table.locator('thead th').first().locator('button');
  assert.equal(await header.count(), 1, 'the script did not turn the table header into a sort button');
  const keys = () =>
    table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const c = tr.cells[0];
        const v = c.getAttribute('data-sort');
        return v === null ? c.textContent.trim() : v;
      }),
    );
  const before = await keys();
  assert.ok(before.length >= 2, 'the first figures table has fewer than two rows to sort');
  const numeric = before.every((k) => k === '' || !Number.isNaN(Number(k)));
  const order = (a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b));
  await header.click();
  const up = await keys();
  assert.deepEqual(up, [...before].sort(order), 'the first click did not sort the rows ascending');
  assert.equal(await table.locator('thead th').first().getAttribute('aria-sort'), 'ascending');
  await header.click();
  const down = await keys();
  assert.deepEqual(down, [...before].sort((a, b) => order(b, a)), 'the second click did not sort the rows descending');
  assert.equal(await table.locator('thead th').first().getAttribute('aria-sort'), 'descending');
}

// Checks the page does not scroll sideways: the document is no wider than the layout
// viewport. When it is, names the widest elements so the failure says what to fix.
export async function checkNoOverflow(page, viewportWidth) {
  const o = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const b = el.getBoundingClientRect();
      if (b.right > width + 1) {
        // An element inside a container that scrolls sideways on its own is fine.
        let scrolls = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { scrolls = true; break; }
        }
        if (!scrolls) offenders.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> right=${Math.round(b.right)}`);
      }
    }
    return {
      width,
      scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
      innerWidth,
      offenders: offenders.slice(0, 8),
    };
  });
  assert.equal(o.width, viewportWidth, `the layout viewport is ${o.width}px wide, not the device's ${viewportWidth}px (is the viewport meta tag missing?)`);
  assert.ok(o.scrollWidth <= o.width, `the page scrolls sideways on a ${viewportWidth}px screen: ${JSON.stringify(o)}`);
  return o;
}

// Checks every piece of text on the page stands out from what is behind it: the WCAG
// contrast ratio of its colour (or SVG fill) over its background is at least 4.5, the
// level the WCAG sets for body text. Boilerplate removed from articles is greyed out on
// purpose (it is shown as "not part of the article") and is left out, as are texts
// nobody can see. Returns how many texts were measured.
export async function checkContrast(page) {
  const r = await page.evaluate(() => {
    // Computed colours come as rgb()/rgba(), or as color(srgb r g b / a) for mixes.
    function parse(c) {
      let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c);
      if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
      m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(c);
      if (m) return [m[1] * 255, m[2] * 255, m[3] * 255, m[4] === undefined ? 1 : Number(m[4])];
      return null;
    }
    function over(top, below) {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat(1);
    }
    // The colour behind an element: its own and its ancestors' backgrounds, blended
    // from the page's down.
    function background(el) {
      const layers = [];
      for (let p = el; p; p = p.parentElement) {
        const c = parse(getComputedStyle(p).backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] === 1) break;
        }
      }
      let bg = [255, 255, 255, 1];
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
      return bg;
    }
    function luminance(c) {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
    const failures = [];
    let measured = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent.trim()) continue;
      seen.add(el);
      if (el.closest('.removed, .why, .hdr, .removed-list, script, style, title, option')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
      const inSvg = el instanceof SVGElement;
      const fg = parse(inSvg ? style.fill : style.color);
      if (!fg) continue;
      const bg = background(inSvg ? el.ownerSVGElement ?? el : el);
      const text = over(fg, bg);
      const [a, b] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      measured += 1;
      if (ratio < 4.5) {
        failures.push(`${ratio.toFixed(2)} for <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${n.textContent.trim().slice(0, 40)}" (${inSvg ? style.fill : style.color} on ${bg.map(Math.round).join(',')})`);
      }
    }
    return { measured, failures: failures.slice(0, 10), failed: failures.length };
  });
  assert.ok(r.measured > 20, `only ${r.measured} texts measured`);
  assert.deepEqual(r.failures, [], `${r.failed} texts have a contrast below 4.5:1`);
  return r.measured;
}
