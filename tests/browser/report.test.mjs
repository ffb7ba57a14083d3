// The self-contained HTML report in a real browser: the file written by
// `crosscheck analyze examples/harbor-blockade --format html --out FILE`, opened as
// file:// (scripts/browser-test.sh passes its path in CROSSCHECK_REPORT).
//
// The report must load nothing from anywhere, read fully with JavaScript off (figures
// table, timeline and diagram as inline SVG, claim links that reach their sentence),
// and with JavaScript on its filter and sortable tables must work. On a phone it must
// not scroll sideways either way.

import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
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
  squash,
} from './support.mjs';

const reportUrl = pathToFileURL(required('CROSSCHECK_REPORT')).href;
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

// The report is one file: the only thing the browser may load is the file itself.
function assertSelfContained(requests) {
  const others = requests.filter((u) => u !== reportUrl && !u.startsWith(`${reportUrl}#`) && !u.startsWith('data:'));
  assert.deepEqual(others, [], 'the report loaded something besides its own file');
}

// Follows the first claim link of the first claim group and checks the sentence.
async function followClaim(page, shot) {
  const link = page.locator('article.group a.sentence').first();
  assert.equal(await link.count(), 1, 'the report has no claim link in a group');
  const href = await link.getAttribute('href');
  assert.match(href, /^#c-/, `a claim link in the report leaves the page: ${href}`);
  const shown = await link.innerText();
  await link.scrollIntoViewIfNeeded();
  await link.click();
  await page.waitForURL((u) => u.hash === href);
  await checkTarget(page, decodeURIComponent(href.slice(1)), shown);
  await screenshot(page, shot, false);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';
  const tag = javaScriptEnabled ? 'js' : 'nojs';

  describe(`the HTML report with ${mode}`, () => {
    test('renders the figures table, the timeline and the diagram', async () => {
      await withPage(browser, { ...LAPTOP, javaScriptEnabled }, async ({ page, problems, requests }) => {
        await page.goto(reportUrl);
        await screenshot(page, `report-${tag}-laptop-first-screen`, false);
        const rows = await checkFigures(page);
        const marks = await checkTimeline(page);
        const { nodes, edges } = await checkGraph(page);
        assert.ok(rows >= 5 && marks >= 5 && nodes >= 4 && edges >= 3,
          `too little drawn: ${rows} figures rows, ${marks} timeline marks, ${nodes} nodes, ${edges} edges`);
        assert.ok((await page.locator('section.doc').count()) >= 7, 'the report does not show every document');
        // The greyed-out boilerplate is part of each document's view.
        assert.ok((await page.locator('.removed').count()) > 0, 'no removed boilerplate is shown');
        const filterShown = await page.locator('#filter-box').isVisible();
        assert.equal(filterShown, javaScriptEnabled, 'the filter box should show exactly when JavaScript runs');
        assert.deepEqual(problems, []);
        assertSelfContained(requests);
      });
    });

    test('a claim link in a group shows its highlighted sentence', async () => {
      await withPage(browser, { ...LAPTOP, javaScriptEnabled }, async ({ page, problems }) => {
        await page.goto(reportUrl);
        await followClaim(page, `report-${tag}-claim-sentence`);
        assert.deepEqual(problems, []);
      });
    });

    test('reads on a phone without sideways scrolling', async () => {
      await withPage(browser, { ...PHONE, javaScriptEnabled }, async ({ page, problems }) => {
        await page.goto(reportUrl);
        await screenshot(page, `report-${tag}-phone`, false);
        await checkNoOverflow(page, PHONE.viewport.width);
        await checkTimeline(page);
        await checkGraph(page);
        // Claims are reached on a phone too, where the document column is narrow.
        await followClaim(page, `report-${tag}-phone-claim-sentence`);
        await checkNoOverflow(page, PHONE.viewport.width);
        assert.deepEqual(problems, []);
      });
    });
  });
}

test('every link inside the report names an element of the report', async () => {
  await withPage(browser, { ...LAPTOP, javaScriptEnabled: false }, async ({ page }) => {
    await page.goto(reportUrl);
    const broken = await page.$$eval('a[href^="#"]', (as) =>
      as
        .map((a) => a.getAttribute('href'))
        .filter((h) => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1)))),
    );
    const links = await page.locator('a[href^="#c-"]').count();
    assert.ok(links > 0, 'the report has no claim links');
    assert.deepEqual(broken, [], 'some links point to nothing on the page');
  });
});

test('the filter hides what does not match and counts what does', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems }) => {
    await page.goto(reportUrl);
    const input = page.locator('#filter');
    const items = page.locator('.filterable');
    const total = await items.count();
    assert.ok(total > 10, `only ${total} filterable items`);
    // A word from the first claim group's label that some items hold and others do
    // not, chosen from the page so the test does not depend on the story's wording.
    const texts = (await items.evaluateAll((els) => els.map((e) => e.textContent.toLowerCase())));
    const label = (await page.locator('article.group h4').first().innerText()).toLowerCase();
    const word = label
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4)
      .find((w) => {
        const n = texts.filter((t) => t.includes(w)).length;
        return n > 0 && n < total;
      });
    assert.ok(word, `no word of "${label}" separates the items`);
    const expected = texts.filter((t) => t.includes(word)).length;

    await input.fill(word);
    const visible = () => items.evaluateAll((els) => els.filter((e) => !e.hidden).length);
    assert.equal(await visible(), expected, `filtering on "${word}" shows the wrong number of items`);
    assert.equal(squash(await page.locator('#filter-count').innerText()), `${expected} of ${total} items shown`);
    // Every item still shown holds the word, and one that is hidden really is off screen.
    const shownTexts = await items.evaluateAll((els) => els.filter((e) => !e.hidden).map((e) => e.textContent.toLowerCase()));
    assert.ok(shownTexts.every((t) => t.includes(word)), 'an item without the word is still shown');
    const hidden = items.and(page.locator('[hidden]')).first();
    assert.equal(await hidden.isVisible(), false, 'an item marked hidden is still on screen');
    await screenshot(page, 'report-js-filtered', false);

    await input.fill('qqzzxxnothing');
    assert.equal(await visible(), 0, 'a word no item holds still shows items');
    await input.fill('');
    assert.equal(await visible(), total, 'clearing the filter does not bring every item back');
    assert.deepEqual(problems, []);
  });
});

test('sorting a figures table of the report', async () => {
  await withPage(browser, LAPTOP, async ({ page, problems }) => {
    await page.goto(reportUrl);
    await checkSorting(page);
    assert.deepEqual(problems, []);
  });
});

test('text is readable in the light and the dark colour scheme', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage(browser, { ...LAPTOP, colorScheme }, async ({ page, problems }) => {
      await page.goto(reportUrl);
      if (colorScheme === 'dark') await screenshot(page, 'report-dark-laptop-first-screen', false);
      await checkContrast(page);
      assert.deepEqual(problems, []);
    });
  }
});
