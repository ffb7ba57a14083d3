// The web UI in a real browser: `crosscheck serve` over a store holding the example
// corpus (examples/harbor-blockade), started by scripts/browser-test.sh, which passes
// its address in CROSSCHECK_URL.
//
// The stories list leads to the story page; on it the figures table, the timeline and
// the citation diagram must render, sorting must work, and a claim in a group must lead
// to its highlighted sentence. Screenshots of the story page at laptop and phone size
// are saved as artifacts, and on the phone the page must not scroll sideways.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  LAPTOP,
  PHONE,
  checkContrast,
  checkFigures,
  checkGraph,
  checkNoOverflow,
  checkSorting,
  checkTarget,
  checkTimeline,
  launch,
  withPage,
  required,
  screenshot,
} from './support.mjs';

const base = new URL(required('CROSSCHECK_URL'));
let browser;
let storyUrl;

before(async () => {
  browser = await launch();
  // The story page's address, found without a browser so that every test below can
  // run, and fail, on its own.
  const home = await (await fetch(base)).text();
  const found = /href="(\/stories\/[^"]+)"/.exec(home);
  assert.ok(found, `the stories list at ${base.href} links to no story`);
  storyUrl = new URL(found[1], base).href;
});

after(async () => {
  await browser?.close();
});

// Every request a served page makes stays on the server it came from.
function assertLocal(requests) {
  const elsewhere = requests.filter((u) => new URL(u).origin !== base.origin && !u.startsWith('data:'));
  assert.deepEqual(elsewhere, [], 'the page requested something from another origin');
}

test('the stories list links to the story of the example corpus', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems, requests }) => {
    const answer = await page.goto(base.href);
    assert.equal(answer.status(), 200);
    const links = page.locator('a[href^="/stories/"]');
    assert.ok((await links.count()) >= 1, 'the stories list shows no story');
    const first = new URL(await links.first().getAttribute('href'), base).href;
    await Promise.all([page.waitForURL(first), links.first().click()]);
    assert.ok(await page.locator('section.story').isVisible(), 'the story page shows no story section');
    assert.deepEqual(problems, []);
    assertLocal(requests);
  });
});

test('the story page renders figures, timeline and diagram on a laptop', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems, requests }) => {
    const answer = await page.goto(storyUrl);
    assert.equal(answer.status(), 200);
    await screenshot(page, 'story-laptop');
    await screenshot(page, 'story-laptop-first-screen', false);
    assert.match(await page.locator('h1').first().innerText(), /\S/, 'the story page has no title');
    assert.ok((await page.locator('.brief li').count()) > 0, 'the story page has no brief');
    const rows = await checkFigures(page);
    const marks = await checkTimeline(page);
    const { nodes, edges } = await checkGraph(page);
    // The example articles cite and rewrite one another (the corpus README lists who
    // cites whom), so the diagram cannot be empty; many of its claims carry dates.
    assert.ok(rows >= 5, `only ${rows} figures rows`);
    assert.ok(marks >= 5, `only ${marks} timeline marks`);
    assert.ok(nodes >= 4 && edges >= 3, `only ${nodes} nodes and ${edges} edges in the diagram`);
    assert.ok((await page.locator('article.group').count()) > 0, 'the story page shows no claim groups');
    assert.deepEqual(problems, []);
    assertLocal(requests);
  });
});

test('sorting the figures table on the story page', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems }) => {
    await page.goto(storyUrl);
    await checkSorting(page);
    assert.deepEqual(problems, []);
  });
});

test('clicking a claim in a group shows its highlighted sentence', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems, requests }) => {
    await page.goto(storyUrl);
    const link = page.locator('article.group a.sentence').first();
    const href = await link.getAttribute('href');
    const shown = await link.innerText();
    const target = new URL(href, page.url());
    assert.ok(target.hash.startsWith('#c-'), `a claim link has no claim fragment: ${href}`);
    await link.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(target.href), link.click()]);
    await checkTarget(page, decodeURIComponent(target.hash.slice(1)), shown);
    await screenshot(page, 'story-claim-sentence', false);
    assert.deepEqual(problems, []);
    assertLocal(requests);
  });
});

test('every claim link on the story page names a sentence that exists', async () => {
  await withPage(browser, LAPTOP, async ({ page }) => {
    await page.goto(storyUrl);
    // Links inside the SVG charts are SVG <a> elements, whose href is not a string.
    const hrefs = await page.$$eval('a[href*="#c-"]', (as) =>
      as.map((a) => new URL(a.getAttribute('href'), document.baseURI).href),
    );
    assert.ok(hrefs.length > 0, 'the story page has no claim links');
    // One fetch per document page, then every fragment is looked up in it.
    const pages = new Map();
    for (const h of hrefs) {
      const u = new URL(h);
      const id = decodeURIComponent(u.hash.slice(1));
      u.hash = '';
      if (!pages.has(u.href)) pages.set(u.href, new Set());
      pages.get(u.href).add(id);
    }
    const missing = [];
    for (const [url, ids] of pages) {
      const answer = await page.request.get(url);
      assert.equal(answer.status(), 200, `${url} answered ${answer.status()}`);
      const html = await answer.text();
      for (const id of ids) {
        const escaped = id.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
        if (!html.includes(`id="${escaped}"`)) missing.push(`${url}#${id}`);
      }
    }
    assert.deepEqual(missing, [], 'claim links point to sentences that are not on their document page');
  });
});

test('the story page reads on a phone without sideways scrolling', async () => {
  await withPage(browser, PHONE, async ({ page, problems }) => {
    await page.goto(storyUrl);
    await screenshot(page, 'story-phone', false);
    await checkNoOverflow(page, PHONE.viewport.width);
    await checkFigures(page);
    await checkTimeline(page);
    await checkGraph(page);
    // A whole story is tens of thousands of pixels tall on a phone; one screen of
    // each part shows how it reads without megabytes of artifacts.
    const parts = [
      ['figures', 'table.figures'],
      ['timeline', '.chart svg:has(> title:text-matches("^timeline", "i"))'],
      ['diagram', '.chart svg:has(> title:text-matches("diagram", "i"))'],
    ];
    for (const [name, selector] of parts) {
      await page.locator(selector).first().scrollIntoViewIfNeeded();
      await screenshot(page, `story-phone-${name}`, false);
    }
    // The document page a claim leads to must read on a phone as well.
    const link = page.locator('article.group a.sentence').first();
    const href = new URL(await link.getAttribute('href'), page.url());
    const shown = await link.innerText();
    await link.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(href.href), link.tap()]);
    await checkTarget(page, decodeURIComponent(href.hash.slice(1)), shown);
    await screenshot(page, 'story-phone-claim-sentence', false);
    await checkNoOverflow(page, PHONE.viewport.width);
    assert.deepEqual(problems, []);
  });
});

test('the story page is readable in the light and the dark colour scheme', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(browser, { ...LAPTOP, colorScheme }, async ({ page, problems }) => {
      await page.goto(storyUrl);
      if (colorScheme === 'dark') await screenshot(page, 'story-dark-laptop-first-screen', false);
      await checkContrast(page);
      assert.deepEqual(problems, []);
    });
  }
});
