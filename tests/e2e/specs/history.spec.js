// Issue: the History page. The audit trail as a table, filterable by
// environment, action, actor and date, and exportable as CSV and JSON; all
// snapshots across environments, with a diff between any two.
import { test, expect } from "../fixtures.js";
import { DEMO_SECRETS } from "../helpers.js";
import { PromotePage } from "../pages/compare.js";
import { parseCsv } from "../pages/checklists.js";
import { storedWorkspace } from "../pages/environments.js";
import { HistoryPage, browserDate } from "../pages/history.js";

const SECRETS = DEMO_SECRETS;

const COMMENT = 'Ship 3.2.0, "debug" logging and the new ERP password to QA';
const PROMOTED = ["/connections/erp/password", "/integration/version", "/logging/level"];
const ME = "Release manager";
const GRACE = "Grace Hopper";

const CSV_HEADER = [
  "id", "time", "actor", "action", "environments", "comment",
  "changes", "snapshots", "chain_override", "changeset_hash", "gate_override",
  "gate_open_items", "restored_snapshot",
];

function expectNoSecrets(text, what) {
  for (const secret of SECRETS) expect(text, `${what} holds ${secret}`).not.toContain(secret);
}

/** Parses an exported CSV into objects keyed by the header. */
function csvRecords(text) {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual(CSV_HEADER);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/**
 * History as a user makes it: the default user promotes three changes
 * Development → QA with a comment (one of them the pinned ERP password),
 * then renames themselves Grace Hopper in Settings and takes a manual
 * snapshot of Production and one of Development.
 * Audit: Promotion (dev, qa; Release manager), Snapshot (production; Grace),
 * Snapshot (development; Grace). Snapshots: QA before/after, Production, Development.
 */
async function buildHistory(page, shell) {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  await promote.selectAll.click();
  expect(await promote.selectedPaths()).toEqual([]);
  await promote.checkbox("/integration/version").check();
  await promote.checkbox("/logging/level").check();
  await promote.checkbox("/connections/erp/password").check();
  await promote.comment.fill(COMMENT);
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toContainText("Promoted 3 change(s)");

  await shell.navLink("Settings").click();
  await page.getByTestId("display-name").fill(GRACE);
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await storedWorkspace(page)).settings.display_name).toBe(GRACE);

  for (const [env, description] of [["production", "Before the UAT round"], ["development", "Dev baseline"]]) {
    await shell.open(`/environments/${env}`);
    await page.getByTestId("snapshot-description").fill(description);
    await page.getByTestId("take-snapshot").click();
    await expect(page.getByTestId("snapshot-message")).toContainText("taken");
    await expect.poll(async () => (await storedWorkspace(page)).snapshots.filter((s) => s.env === env).length).toBe(1);
  }
}

test("the audit trail filters by environment, action, actor and date", async ({ page, shell }) => {
  const history = new HistoryPage(page);
  await buildHistory(page, shell);
  await shell.navLink("History").click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(history.rows).toHaveCount(3);
  await expect(history.count).toHaveText("3 of 3 events");
  // Newest first; the promotion shows who, what, where, the paths and the comment.
  await expect(history.rows.first()).toContainText("Development");
  await expect(history.rows.first()).toContainText(GRACE);
  const promotion = history.rows.filter({ hasText: COMMENT });
  await expect(promotion).toHaveCount(1);
  await expect(promotion).toContainText(ME);
  await expect(promotion).toContainText("Promotion");
  await expect(promotion).toContainText("Development → QA");
  for (const path of PROMOTED) await expect(promotion).toContainText(path);
  await expect(promotion).toContainText('"3.1.4" → "3.2.0"');
  await expect(promotion).toContainText("•••••••");
  expectNoSecrets(await page.locator("main").innerText(), "the History page");

  // By environment: the promotion involves Development and QA.
  await history.filter(history.env, "QA");
  await expect(history.rows).toHaveCount(1);
  await expect(history.count).toHaveText("1 of 3 events");
  await expect(history.rows.first()).toContainText(COMMENT);
  await history.filter(history.env, "Development");
  await expect(history.rows).toHaveCount(2);
  await expect(history.count).toHaveText("2 of 3 events");
  await history.filter(history.env, "Production");
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText("Production");
  await expect(history.rows.first()).toContainText("Snapshot");

  // Filters combine: Production and Promotion match nothing.
  await history.filter(history.action, "Promotion");
  await expect(history.noEvents).toHaveText("No events match.");
  await expect(history.count).toHaveText("0 of 3 events");
  await expect(history.rows).toHaveCount(0);

  await history.clearFilters.click();
  await expect(history.rows).toHaveCount(3);
  await expect(history.count).toHaveText("3 of 3 events");
  await expect(history.env).toHaveValue("");
  await expect(history.action).toHaveValue("");

  // By action.
  await expect(history.action.locator("option")).toHaveText(["All", "Promotion", "Snapshot"]);
  await history.filter(history.action, "Snapshot");
  await expect(history.rows).toHaveCount(2);
  await expect(history.count).toHaveText("2 of 3 events");
  await expect(history.rows.filter({ hasText: COMMENT })).toHaveCount(0);
  await history.filter(history.action, "Promotion");
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText(COMMENT);
  await history.clearFilters.click();

  // By actor.
  await expect(history.actor.locator("option")).toHaveText(["All", GRACE, ME]);
  await history.filter(history.actor, GRACE);
  await expect(history.rows).toHaveCount(2);
  await expect(history.count).toHaveText("2 of 3 events");
  for (const row of await history.rows.all()) await expect(row).toContainText(GRACE);
  await history.filter(history.actor, ME);
  await expect(history.rows).toHaveCount(1);
  await expect(history.rows.first()).toContainText(COMMENT);
  await history.clearFilters.click();
  await expect(history.count).toHaveText("3 of 3 events");

  // By date: everything happened today. The dates come from the events'
  // own times (in the browser's zone), so a run across midnight cannot
  // split them: From the first event's day (today) shows them all, From
  // the day after the last (tomorrow) shows none.
  const times = (await storedWorkspace(page)).audit.map((e) => e.time);
  const today = await browserDate(page, 0, times[0]);
  await history.setDate(history.since, await browserDate(page, 1, times.at(-1)));
  await expect(history.noEvents).toHaveText("No events match.");
  await expect(history.count).toHaveText("0 of 3 events");
  await expect(history.rows).toHaveCount(0);
  await history.setDate(history.since, today);
  await expect(history.rows).toHaveCount(3);
  await expect(history.count).toHaveText("3 of 3 events");
  await history.setDate(history.until, await browserDate(page, 0, times.at(-1)));
  await expect(history.count).toHaveText("3 of 3 events");
  await history.setDate(history.until, await browserDate(page, -1, times[0]));
  await expect(history.noEvents).toBeVisible();
  await expect(history.count).toHaveText("0 of 3 events");
  await history.clearFilters.click();
  await expect(history.since).toHaveValue("");
  await expect(history.until).toHaveValue("");
  await expect(history.rows).toHaveCount(3);

  // What was built is stored, and still listed after a reload (filters reset).
  await shell.reload();
  await expect(history.rows).toHaveCount(3);
  await expect(history.count).toHaveText("3 of 3 events");
  await expect(history.rows.filter({ hasText: COMMENT })).toContainText("/logging/level");
  const ws = await storedWorkspace(page);
  expect(ws.settings.display_name).toBe(GRACE);
  expect(ws.audit.map((e) => [e.action, e.actor, e.environments])).toEqual([
    ["Promotion", ME, ["development", "qa"]],
    ["Snapshot", GRACE, ["production"]],
    ["Snapshot", GRACE, ["development"]],
  ]);
  expect(ws.audit[0].comment).toBe(COMMENT);
  expect(ws.audit[0].changes.map((c) => c.path).sort()).toEqual(PROMOTED);
  expectNoSecrets(JSON.stringify(ws.audit), "the stored audit trail");
});

test("the audit trail exports the filtered events as CSV and JSON, without secrets", async ({ page, shell }) => {
  const history = new HistoryPage(page);
  await buildHistory(page, shell);
  await history.open();
  const stored = (await storedWorkspace(page)).audit;

  // Filtered to QA: only the promotion.
  await history.filter(history.env, "QA");
  await expect(history.count).toHaveText("1 of 3 events");

  const csv = await history.export("csv");
  expect(csv.name).toBe("preflight-audit.csv");
  expect(csv.text.startsWith("\uFEFF"), "a byte order mark for spreadsheets").toBe(true);
  expectNoSecrets(csv.text, "the CSV export");
  const records = csvRecords(csv.text);
  expect(records).toHaveLength(1);
  const [row] = records;
  expect(row.id).toBe(stored[0].id);
  expect(row.actor).toBe(ME);
  expect(row.action).toBe("Promotion");
  expect(row.environments).toBe("development;qa");
  expect(row.comment).toBe(COMMENT);
  const lines = row.changes.split("\n");
  expect(lines.map((l) => l.split(":")[0]).sort()).toEqual(PROMOTED);
  expect(lines).toContain('/integration/version: "3.1.4" → "3.2.0"');
  expect(lines).toContain('/logging/level: "info" → "debug"');
  expect(lines.find((l) => l.startsWith("/connections/erp/password"))).toMatch(/^\/connections\/erp\/password: "•••••••.*" → "•••••••.*"$/);
  expect(row.snapshots.split(";")).toEqual(stored[0].snapshots);
  expect(row.chain_override).toBe("false");

  const json = await history.export("json");
  expect(json.name).toBe("preflight-audit.json");
  expectNoSecrets(json.text, "the JSON export");
  const events = JSON.parse(json.text);
  expect(events).toHaveLength(1);
  expect(events[0]).toEqual(stored[0]);
  expect(events[0].comment).toBe(COMMENT);
  expect(events[0].changes.map((c) => c.path).sort()).toEqual(PROMOTED);
  const password = events[0].changes.find((c) => c.path === "/connections/erp/password");
  expect(password.old).toMatch(/^•••••••/);
  expect(password.new).toMatch(/^•••••••/);
  expect(password.old).not.toBe(password.new);

  // Filtered by actor: Grace's two snapshots, oldest first as in the trail.
  await history.clearFilters.click();
  await history.filter(history.actor, GRACE);
  await expect(history.count).toHaveText("2 of 3 events");
  const graceCsv = csvRecords((await history.export("csv")).text);
  expect(graceCsv.map((r) => [r.actor, r.action, r.environments])).toEqual([
    [GRACE, "Snapshot", "production"],
    [GRACE, "Snapshot", "development"],
  ]);
  const graceJson = JSON.parse((await history.export("json")).text);
  expect(graceJson.map((e) => e.id)).toEqual([stored[1].id, stored[2].id]);

  // No filter: every event, in the trail's order.
  await history.clearFilters.click();
  const all = await history.export("json");
  const allCsv = await history.export("csv");
  expectNoSecrets(all.text, "the full JSON export");
  expectNoSecrets(allCsv.text, "the full CSV export");
  expect(JSON.parse(all.text)).toEqual(stored);
  expect(csvRecords(allCsv.text).map((r) => r.id)).toEqual(stored.map((e) => e.id));
  await expect(page.locator('main [role="alert"]')).toHaveCount(0);
});

test("any two snapshots can be diffed; the same one twice holds the same configuration", async ({ page, shell }) => {
  const history = new HistoryPage(page);
  await buildHistory(page, shell);
  await shell.navLink("History").click();
  await expect(history.snapshotRows).toHaveCount(4);
  // Newest first.
  await expect(history.snapshotRows.nth(0)).toContainText("Manual: Dev baseline");
  await expect(history.snapshotRows.nth(1)).toContainText("Manual: Before the UAT round");
  await expect(history.snapshotRows.nth(1)).toContainText(GRACE);
  await expect(history.snapshotDiff).toHaveCount(0);

  const before = history.snapshotRow("QA", "Before promotion");
  const after = history.snapshotRow("QA", "After promotion");
  await expect(before).toHaveCount(1);
  await expect(after).toHaveCount(1);
  await expect(before).toContainText(ME);
  const ws = await storedWorkspace(page);
  const [beforeId, afterId] = ws.audit[0].snapshots;

  // A before, B after: exactly the promoted paths, secrets masked.
  await history.pickA(before);
  await expect(history.snapshotDiff).toHaveCount(0);
  await history.pickB(after);
  await expect(history.snapshotDiff).toBeVisible();
  expect(beforeId).not.toBe(afterId);
  await expect(history.snapshotDiff.locator("h3")).toHaveText("From QA v1 (Before promotion) to QA v2 (After promotion)");
  await expect(history.snapshotDiff.getByTestId("change-row")).toHaveCount(PROMOTED.length);
  expect((await history.diffPaths()).sort()).toEqual(PROMOTED);
  const pw = history.snapshotDiff.getByTestId("change-row").filter({ hasText: "/connections/erp/password" });
  await expect(pw).toContainText("secret");
  await expect(pw).toContainText("•••••••");
  await expect(history.snapshotDiff.getByTestId("change-row").filter({ hasText: "/integration/version" })).toContainText("3.2.0");
  expectNoSecrets(await history.snapshotDiff.innerText(), "the snapshot diff");

  // The same snapshot twice.
  await history.pickB(before);
  await expect(history.snapshotDiff.getByTestId("no-changes")).toHaveText("The two snapshots hold the same configuration.");
  await expect(history.snapshotDiff.getByTestId("change-row")).toHaveCount(0);

  // Snapshots of different environments compare too: Production vs QA after.
  await history.pickA(history.snapshotRow("Production"));
  await history.pickB(after);
  await expect(history.snapshotDiff.getByTestId("change-row").first()).toBeVisible();
  expectNoSecrets(await history.snapshotDiff.innerText(), "the cross-environment snapshot diff");

  // Stored, and listed again after a reload.
  await shell.reload();
  await expect(history.snapshotRows).toHaveCount(4);
  await expect(history.rows).toHaveCount(3);
  const reloaded = await storedWorkspace(page);
  expect(reloaded.snapshots.map((s) => [s.env, s.reason, s.actor])).toEqual([
    ["qa", { kind: "BeforePromotion" }, ME],
    ["qa", { kind: "AfterPromotion" }, ME],
    ["production", { kind: "Manual", description: "Before the UAT round" }, GRACE],
    ["development", { kind: "Manual", description: "Dev baseline" }, GRACE],
  ]);
  expect(reloaded.snapshots.map((s) => s.id).slice(0, 2)).toEqual([beforeId, afterId]);
});

/**
 * Many snapshots, built quickly by the benchmark page's own loop: `rounds`
 * edits of a small Development config, each promoted into QA (two
 * snapshots and one audit event per round), every one committed.
 */
async function buildLongHistory(page, rounds) {
  await page.goto(`/bench?rounds=${rounds}&leaves=84`);
  await page.getByTestId("bench-storage-run").click();
  await expect(page.getByTestId("bench-storage-result")).toBeVisible({ timeout: 90_000 });
}

test("hundreds of snapshots: the table holds a window of them, scrolls to the oldest and reverts it, also after a reload", async ({ page, shell }) => {
  test.setTimeout(180_000);
  const ROUNDS = 100;
  const history = new HistoryPage(page);
  await shell.open("/");
  await buildLongHistory(page, ROUNDS);
  const ws = await storedWorkspace(page);
  expect(ws.snapshots).toHaveLength(2 * ROUNDS);
  const oldest = ws.snapshots[0];
  expect(oldest.reason).toEqual({ kind: "BeforePromotion" });

  await history.open();
  await expect(history.snapshotTotal(2 * ROUNDS)).toBeVisible();
  await expect(history.snapshotRows.first()).toContainText("After promotion");
  // Far fewer rows are built than there are snapshots; the oldest is not.
  expect(await history.snapshotRows.count()).toBeLessThan(60);
  await expect(page.getByLabel(`Compare from ${oldest.id}`)).toHaveCount(0);
  // The trail shows its newest events a page at a time.
  await expect(history.count).toHaveText(`${ROUNDS} of ${ROUNDS} events`);
  await expect(history.rows).toHaveCount(25);
  await page.getByTestId("audit-show-more").click();
  await expect(history.rows).toHaveCount(50);
  while (await page.getByTestId("audit-show-more").count()) await page.getByTestId("audit-show-more").click();
  await expect(history.rows).toHaveCount(ROUNDS);
  await expect(page.getByTestId("audit-show-more")).toHaveCount(0);

  // Scrolled to the end, the oldest snapshot is the last row, in view.
  await history.scrollSnapshotsToEnd();
  const last = history.snapshotRows.last();
  await expect(last).toHaveAttribute("data-snapshot", oldest.id);
  await expect(last).toBeInViewport();
  await expect(last).toContainText("Before promotion");
  expect(await history.snapshotRows.count()).toBeLessThan(60);
  // It compares like any other row, and it can be restored.
  await history.pickA(last);
  await history.pickB(history.snapshotRows.filter({ hasText: "After promotion" }).last());
  await expect(history.snapshotDiff.getByTestId("change-row").first()).toBeVisible();
  await history.revert(last);
  await expect(history.revertMessage).toContainText(`Reverted QA to ${oldest.id}`);
  await expect(history.snapshotTotal(2 * ROUNDS + 2)).toBeVisible();
  await expect.poll(async () => (await storedWorkspace(page)).snapshots.length).toBe(2 * ROUNDS + 2);
  const reverted = await storedWorkspace(page);
  const qa = reverted.environments.find((e) => e.id === "qa");
  expect(JSON.stringify(qa.config)).toBe(JSON.stringify(oldest.content));
  expect(reverted.audit.at(-1).action).toBe("Revert");
  expect(reverted.audit.at(-1).restored_snapshot).toBe(oldest.id);

  // After a reload: the same window, the revert's snapshots on top, and the
  // oldest still at the end, revertable.
  await shell.reload();
  await expect(history.snapshotTotal(2 * ROUNDS + 2)).toBeVisible();
  await expect(history.snapshotRows.first()).toContainText("After revert");
  expect(await history.snapshotRows.count()).toBeLessThan(60);
  await history.scrollSnapshotsToEnd();
  await expect(history.snapshotRows.last()).toHaveAttribute("data-snapshot", oldest.id);
  await expect(history.snapshotRows.last()).toBeInViewport();
  await expect(history.snapshotRows.last().getByTestId("revert-snapshot")).toBeEnabled();
  expect(await history.snapshotRows.count()).toBeLessThan(60);
});
