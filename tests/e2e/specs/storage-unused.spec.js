// Issue 11: nodes that nothing uses any more (left by hand edits, deleted
// environments, restores) are counted in Settings → Storage and removed on
// request, in one commit, without touching anything still in use.
import { test, expect } from "../fixtures.js";
import { PromotePage } from "../pages/compare.js";
import { readRaw, readStored } from "../stored.js";
import { largeConfig } from "../large.js";
import { importConfig } from "../pages/environments.js";

test("Remove unused data frees the trees nothing reaches and keeps every environment and snapshot", async ({ page, shell }) => {
  test.setTimeout(90_000);
  await shell.open("/");
  const promote = new PromotePage(page);
  await promote.open("development", "qa");
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  // Two imports into QA: no snapshot keeps the first one's tree once the
  // second replaces it.
  await importConfig(page, shell, "qa", "qa-1.json", largeConfig(400, 1));
  await importConfig(page, shell, "qa", "qa-2.json", largeConfig(400, 2));
  const before = await readStored(page);
  const rawBefore = await readRaw(page);

  await shell.open("/settings");
  const unused = page.getByTestId("usage-unused");
  await expect(unused).toContainText(/\d+ node\(s\), .* are no longer used/);
  const count = Number((await unused.textContent()).match(/(\d+) node\(s\)/)[1]);
  expect(count).toBeGreaterThan(0);
  await page.getByTestId("remove-unused").click();
  await expect(page.getByTestId("removal-message")).toHaveText(new RegExp(`^Removed ${count} unused node\\(s\\), `));
  await expect(unused).toHaveCount(0);

  // After a reload: fewer nodes, the same workspace, every snapshot readable.
  await shell.reload();
  const rawAfter = await readRaw(page);
  expect(rawAfter.nodeCount).toBe(rawBefore.nodeCount - count);
  const after = await readStored(page);
  expect(JSON.stringify(after.environments)).toBe(JSON.stringify(before.environments));
  expect(JSON.stringify(after.snapshots)).toBe(JSON.stringify(before.snapshots));
  expect(Number(rawAfter.meta.revision)).toBe(Number(rawBefore.meta.revision) + 1);
  await shell.open("/settings");
  await expect(page.getByTestId("usage-lines")).toBeVisible();
  await expect(page.getByTestId("usage-unused")).toHaveCount(0);
  // The promotion's snapshots still compare.
  await shell.open("/history");
  const snaps = after.snapshots;
  await page.getByLabel(`Compare from ${snaps[0].id}`).check();
  await page.getByLabel(`Compare to ${snaps[1].id}`).check();
  await expect(page.getByTestId("snapshot-diff").getByTestId("snapshot-reading")).toHaveCount(0);
  await expect(page.getByTestId("damaged-snapshots-banner")).toHaveCount(0);
  await expect(page.getByTestId("snapshot-diff").getByTestId("change-row").first()).toBeVisible();
});
