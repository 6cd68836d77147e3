// Issue 4: the compare page.
import { readFileSync } from "node:fs";
import { test, expect } from "../fixtures.js";
import { ComparePage } from "../pages/compare.js";

const expected = JSON.parse(readFileSync(new URL("../fixtures/demo-compare.json", import.meta.url)));

test("compare Development → QA: counts match the core, j/k move, filters, collapse and inline", async ({ page, shell }) => {
  const want = expected["development->qa"];
  const compare = new ComparePage(page);
  await shell.open("/");
  await shell.navLink("Compare").click();
  await expect(page).toHaveURL(/\/compare\/development\/qa$/);
  await expect(compare.summary).toHaveText(
    `${want.total} changes: ${want.added} added, ${want.removed} removed, ${want.modified} modified, ${want.moved} moved`,
  );
  await expect(compare.counter).toHaveText(`${want.total} changes`);
  await expect(compare.rows.first()).toHaveAttribute("data-path", want.paths[0]);
  // Changed words inside a changed string are marked in the structural view too.
  const version = page.locator('[data-testid="diff-row"][data-path="/integration/version"]');
  await expect(version.locator(".value-old mark").first()).toBeVisible();
  await expect(version.locator(".value-new mark").first()).toBeVisible();
  await expect(version.locator(".value-new")).toHaveText('"3.2.0"');
  // Every change kind has a non-colour marker.
  await expect(compare.rows.first().locator(".kind-marker")).toHaveText("~");

  // j/k and the buttons walk the changes, with a counter.
  await page.keyboard.press("j");
  await expect(compare.counter).toHaveText(`1 of ${want.total}`);
  await expect(compare.current).toHaveAttribute("data-path", want.paths[0]);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(compare.counter).toHaveText(`3 of ${want.total}`);
  await expect(compare.current).toHaveAttribute("data-path", want.paths[2]);
  await page.keyboard.press("k");
  await expect(compare.counter).toHaveText(`2 of ${want.total}`);
  await page.getByTestId("next-change").click();
  await expect(compare.counter).toHaveText(`3 of ${want.total}`);
  await page.getByTestId("prev-change").click();
  await page.getByTestId("prev-change").click();
  await page.getByTestId("prev-change").click();
  await expect(compare.counter).toHaveText(`${want.total} of ${want.total}`);

  // Filters: by path text and by kind.
  await page.getByTestId("path-filter").fill("logging");
  await expect(compare.rows).toHaveCount(2);
  await expect(compare.counter).toHaveText("2 changes");
  await page.getByTestId("path-filter").fill("");
  await page.getByTestId("filter-modified").locator("input").uncheck();
  await expect(compare.rows).toHaveCount(want.added);
  await page.getByTestId("filter-modified").locator("input").check();

  // Secrets are masked, with a reveal per value.
  const pw = page.locator('[data-testid="diff-row"][data-path="/connections/erp/password"]');
  await expect(pw).toContainText("•••••••");
  await expect(pw).not.toContainText("qa-erp-pass-37");
  await pw.getByTestId("reveal-value").click();
  await expect(pw).toContainText("qa-erp-pass-37");
  // Revealing one value leaves the others masked.
  const key = page.locator('[data-testid="diff-row"][data-path="/connections/storefront/apiKey"]');
  await expect(key).toContainText("•••••••");
  await expect(key).not.toContainText("qa-sf-0b8e3f5512");

  // Text view: side by side with word highlights; collapse, expand, inline.
  await page.getByTestId("mode-text").click();
  await expect(compare.textRows.first()).toBeVisible();
  await expect(page.locator('[data-testid="text-row"][data-kind="Modified"] mark').first()).toBeVisible();
  const folded = page.getByTestId("folded-count");
  const runs = Number((await folded.textContent()).match(/^(\d+)/)[1]);
  expect(runs).toBeGreaterThan(0);
  await page.getByTestId("collapsed-row").first().getByTestId("expand-row").click();
  await expect(folded).toHaveText(new RegExp(`^${runs - 1} `));
  await page.getByTestId("expand-all").click();
  await expect(folded).toHaveText(/^0 /);
  await expect(page.getByTestId("collapsed-row")).toHaveCount(0);
  await page.getByTestId("collapse-all").click();
  await expect(folded).toHaveText(new RegExp(`^${runs} `));
  await page.getByTestId("layout-inline").click();
  await expect(page.locator(".tl-split")).toHaveCount(0);
  await expect(page.locator('[data-testid="text-row"][data-kind="Removed"]').first()).toBeVisible();
  await page.getByTestId("layout-split").click();
  await expect(page.locator(".tl-split").first()).toBeVisible();
  // j moves through changed lines in the text view too.
  await page.keyboard.press("j");
  await expect(compare.counter).toHaveText(/^1 of \d+$/);
  // Secrets stay masked in the text.
  await expect(page.getByTestId("text-diff")).not.toContainText("qa-erp-pass-37");
});

test("below 900 px the text view is inline by itself", async ({ page, shell }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  const compare = new ComparePage(page);
  await compare.open("qa", "production");
  await page.getByTestId("mode-text").click();
  await expect(page.getByTestId("layout-inline")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("layout-split")).toBeDisabled();
  await expect(page.locator(".tl-split")).toHaveCount(0);
  await page.setViewportSize({ width: 1200, height: 900 });
  await expect(page.getByTestId("layout-split")).toHaveAttribute("aria-pressed", "true");
});
