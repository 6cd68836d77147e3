// Issue 11: history that fits. The workspace lives in IndexedDB as records
// and content-addressed nodes; every action is one transaction, success is
// shown only after it commits, and no tab loses another tab's write.
import { test, expect } from "../fixtures.js";
import { WORKSPACE_KEY } from "../pages/app-shell.js";
import { PromotePage } from "../pages/compare.js";
import { readRaw, readStored, clearStored, simulateQuota, writeStored } from "../stored.js";
import { largeConfig, mutated } from "../large.js";
import { BackupCard, parseSize } from "../pages/backup.js";
import { importConfig } from "../pages/environments.js";
import { readFile } from "node:fs/promises";

test("two large configs imported, everything promoted, and all of it still there after a reload", async ({ page, shell }) => {
  test.setTimeout(180_000);
  const dev = largeConfig(50_000, 7);
  await importConfig(page, shell, "development", "dev-large.json", dev);
  await importConfig(page, shell, "qa", "qa-large.json", mutated(dev).config);
  const promote = new PromotePage(page);
  await page.goto("/promote/development/qa");
  await expect(page.getByTestId("execute-card")).toBeVisible({ timeout: 60_000 });
  await expect(promote.execute).toBeEnabled({ timeout: 60_000 });
  await promote.execute.click();
  const summary = page.getByTestId("promote-success");
  await expect(summary).toContainText(/Promoted \d+ change\(s\); QA is now version 3/, { timeout: 60_000 });

  await shell.reload();
  const ws = await readStored(page);
  const qa = ws.environments.find((e) => e.id === "qa");
  expect(qa.version).toBe(3);
  expect(qa.config).toEqual(dev);
  expect(ws.audit.filter((e) => e.action === "Promotion")).toHaveLength(1);
  const snaps = ws.snapshots.filter((s) => s.env === "qa");
  expect(snaps.map((s) => s.reason.kind)).toEqual(["BeforePromotion", "AfterPromotion"]);
  expect(snaps[1].content).toEqual(dev);
  expect(snaps[0].content).toEqual(mutated(dev).config);
});

test("a schema-2 document in localStorage moves into the database, equal after a reload", async ({ page, shell }) => {
  await shell.open("/settings");
  await page.getByTestId("display-name").fill("Moved Over");
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await readStored(page)).settings.display_name).toBe("Moved Over");
  // What an older build kept: the whole document under one key.
  const doc = await readStored(page);
  doc.revision = 4;
  await clearStored(page);
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [WORKSPACE_KEY, JSON.stringify(doc)]);
  await shell.reload();
  await expect(page.getByTestId("moved-banner")).toContainText("now lives in this browser's database");
  await expect(page.getByTestId("display-name")).toHaveValue("Moved Over");
  const moved = await readStored(page);
  expect({ ...moved, revision: 0 }).toEqual({ ...doc, revision: 0 });
  // The old document is removed once the new store read back equal.
  expect(await page.evaluate((k) => localStorage.getItem(k), WORKSPACE_KEY)).toBeNull();
  await shell.reload();
  await expect(page.getByTestId("moved-banner")).toHaveCount(0);
  expect({ ...(await readStored(page)), revision: 0 }).toEqual({ ...doc, revision: 0 });
});

/** Marks the stored workspace as written by a newer Preflight. */
async function makeNewer(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open("preflight");
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction("records", "readwrite");
      const store = tx.objectStore("records");
      const get = store.get("workspace");
      get.onsuccess = () => {
        const w = JSON.parse(get.result);
        w.schema_version = 99;
        store.put(JSON.stringify(w), "workspace");
      };
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }));
}

test("a workspace written by a newer Preflight is never overwritten", async ({ page, shell }) => {
  await shell.open("/settings");
  await makeNewer(page);
  await shell.reload();
  await expect(page.getByTestId("store-refused-banner")).toContainText("newer");
  await page.getByTestId("display-name").fill("Older build");
  await page.getByTestId("display-name").blur();
  const raw = await readRaw(page);
  expect(JSON.parse(raw.records.workspace).schema_version).toBe(99);
  expect(JSON.parse(raw.records.workspace).settings.display_name).toBe("Release manager");
});

test("Keep mine never replaces a newer workspace that another tab stored", async ({ page, shell }) => {
  await shell.open("/settings");
  await writeStored(page, (ws) => (ws.settings.display_name = "Theirs"));
  await page.getByTestId("display-name").fill("Mine");
  await page.getByTestId("display-name").blur();
  const banner = page.getByTestId("tab-conflict-banner");
  await expect(banner).toBeVisible();
  await makeNewer(page);
  await banner.getByTestId("keep-mine").click();
  await expect(page.getByTestId("save-error-banner")).toContainText("newer");
  const w = JSON.parse((await readRaw(page)).records.workspace);
  expect(w.schema_version).toBe(99);
  expect(w.settings.display_name).toBe("Theirs");
});

test("Execute in a tab that another tab has overtaken: no success, the promotion kept, then kept for good", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  // Another tab writes meanwhile.
  await writeStored(page, (ws) => (ws.settings.display_name = "Other tab"));
  await promote.execute.click();
  await expect(page.getByTestId("promote-not-saved")).toContainText("another tab saved first");
  await expect(page.getByTestId("promote-success")).toHaveCount(0);
  const banner = page.getByTestId("tab-conflict-banner");
  await expect(banner).toBeVisible();
  expect((await readStored(page)).environments[1].version).toBe(1);
  await banner.getByTestId("keep-mine").click();
  await expect(banner).toHaveCount(0);
  await shell.reload();
  const ws = await readStored(page);
  expect(ws.environments[1].version).toBe(2);
  expect(ws.snapshots).toHaveLength(2);
});

test("a full disk during a promotion shows the message and no success summary", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  await simulateQuota(page, 500);
  await promote.execute.click();
  await expect(page.getByTestId("promote-not-saved")).toContainText("storage is full");
  await expect(page.getByTestId("promote-not-saved")).toContainText("undone");
  await expect(page.getByTestId("promote-success")).toHaveCount(0);
  await expect(page.getByTestId("save-error-banner")).toBeVisible();
  await shell.reload();
  const ws = await readStored(page);
  expect(ws.environments[1].version).toBe(1);
  expect(ws.snapshots).toHaveLength(0);
  expect(ws.audit.filter((e) => e.action === "Promotion")).toHaveLength(0);
});

test("two pages adding an environment at once: both adds survive, or the second is told and keeps its work", async ({ page, context, shell }) => {
  await shell.open("/environments");
  const other = await context.newPage();
  await other.goto("/environments");
  await expect(other.getByTestId("env-row")).toHaveCount(3);
  await page.getByTestId("new-env-name").fill("Staging A");
  await other.getByTestId("new-env-name").fill("Staging B");
  await Promise.all([page.getByTestId("add-env").click(), other.getByTestId("add-env").click()]);
  // Whoever lost the race says so and still shows its environment.
  await expect.poll(async () => {
    const told = (await page.getByTestId("tab-conflict-banner").count()) + (await other.getByTestId("tab-conflict-banner").count());
    const stored = (await readStored(page)).environments.map((e) => e.name);
    return told === 1 || (stored.includes("Staging A") && stored.includes("Staging B"));
  }).toBe(true);
  for (const [p, name] of [[page, "Staging A"], [other, "Staging B"]]) {
    await expect(p.getByTestId("env-row").filter({ hasText: name })).toHaveCount(1);
  }
  await other.close();
});

test("a damaged node costs only the snapshot that uses it, says so in place, and a restore repairs it", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.open("/settings");
  const saved = await new BackupCard(page).download();
  // Overwrite the root node of the before-promotion snapshot with junk.
  const damagedId = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open("preflight");
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(["records", "nodes"], "readwrite");
      const records = tx.objectStore("records");
      const all = records.getAll();
      const keys = records.getAllKeys();
      let id = null;
      tx.oncomplete = () => { db.close(); resolve(id); };
      tx.onerror = () => reject(tx.error);
      // Requests complete in order: the keys come after the values.
      keys.onsuccess = () => {
        keys.result.forEach((k, i) => {
          if (!k.startsWith("snap/")) return;
          const rec = JSON.parse(all.result[i]);
          if (rec.reason.kind !== "BeforePromotion") return;
          id = rec.id;
          tx.objectStore("nodes").put('{"o":[]}', rec.tree.node);
        });
      };
    };
    req.onerror = () => reject(req.error);
  }));
  await shell.reload();
  // Snapshots are read when a page shows them: nothing is reported yet.
  await expect(page.getByTestId("damaged-snapshots-banner")).toHaveCount(0);
  await shell.open("/history");
  // A click, not check(): once read, the damaged row offers nothing to
  // pick, so its radio may be gone before a checked state is confirmed.
  await page.getByLabel(`Compare from ${damagedId}`).click();
  await page.getByTestId("snap-b").first().check();
  const banner = page.getByTestId("damaged-snapshots-banner");
  await expect(banner).toContainText("1 snapshot(s) could not be read back");
  await expect(page.getByLabel(`Compare from ${damagedId}`)).toHaveCount(0);
  await expect(page.getByTestId("damaged-snapshot")).toContainText(damagedId);
  await expect(page.getByTestId("damaged-snapshot")).toContainText("damaged");
  // The row stays in its place, marked, with what its record says.
  const rows = page.getByTestId("history-snapshot-row");
  await expect(rows).toHaveCount(2);
  const row = page.locator(`[data-testid="history-snapshot-row"][data-snapshot="${damagedId}"]`);
  await expect(row).toHaveAttribute("data-damaged", "true");
  await expect(row).toContainText("Before promotion");
  await expect(row.getByTestId("snapshot-damaged")).toHaveText("Damaged");
  await expect(row.getByTestId("revert-snapshot")).toHaveCount(0);
  await expect(rows.nth(1)).toHaveAttribute("data-snapshot", damagedId);
  // So does the environment's own list, once a compare reads it after
  // a reload (nothing reads every snapshot on load).
  await shell.open("/environments/qa");
  const envRow = page.locator(`[data-testid="snapshot-row"][data-snapshot="${damagedId}"]`);
  await envRow.getByTestId("compare-snapshot").click();
  await expect(envRow.getByTestId("snapshot-damaged")).toBeVisible();
  await expect(page.getByTestId("snapshot-message")).toContainText(`Snapshot ${damagedId} could not be read back`);
  await expect(page.getByTestId("snapshot-compare")).toHaveCount(0);
  await expect(envRow.getByTestId("revert-snapshot")).toHaveCount(0);
  await expect(page.getByTestId("snapshot-row")).toHaveCount(2);
  // Everything else works: QA is promoted, the other snapshot is there.
  const ws = await readStored(page);
  expect(ws.environments[1].version).toBe(2);
  await shell.open("/settings");
  await page.getByTestId("display-name").fill("Still saving");
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await readRaw(page)).records[`snap/${damagedId}`] !== undefined).toBe(true);
  await expect.poll(async () => JSON.parse((await readRaw(page)).records.workspace).settings.display_name).toBe("Still saving");
  expect(JSON.parse((await readRaw(page)).records.workspace).snapshots).toContain(damagedId);

  // Restoring the backup writes its nodes again, even those the store
  // already had under the same ids: after a reload, nothing is damaged.
  const card = new BackupCard(page);
  await card.choose({ name: saved.name, text: saved.text });
  await expect(card.preview).toBeVisible();
  await card.replace();
  await expect(card.done).toContainText("The workspace was replaced");
  await shell.reload();
  await shell.open("/history");
  await page.getByLabel(`Compare from ${damagedId}`).check();
  await page.getByTestId("snap-b").first().check();
  const diff = page.getByTestId("snapshot-diff");
  await expect(diff.getByTestId("snapshot-reading")).toHaveCount(0);
  await expect(page.getByTestId("damaged-snapshots-banner")).toHaveCount(0);
  await expect(page.locator('[data-damaged="true"]')).toHaveCount(0);
  await expect(diff.getByTestId("change-row").first()).toBeVisible();
});

test("snapshots are read from storage when a page needs them: history diff, revert and backup after a reload", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  const stored = await readStored(page);
  const before = stored.snapshots.find((s) => s.reason.kind === "BeforePromotion");
  const after = stored.snapshots.find((s) => s.reason.kind === "AfterPromotion");
  await shell.reload();

  // The history reads both snapshots and shows what the promotion changed.
  await shell.open("/history");
  await page.getByLabel(`Compare from ${before.id}`).check();
  await page.getByLabel(`Compare to ${after.id}`).check();
  const diff = page.getByTestId("snapshot-diff");
  await expect(diff.getByTestId("snapshot-reading")).toHaveCount(0);
  await expect(diff).not.toContainText("hold the same configuration");
  await expect(diff.getByTestId("change-row").first()).toBeVisible();

  // A revert after a reload restores the stored content exactly.
  await shell.open("/environments/qa");
  await page.getByTestId("snapshot-row").filter({ hasText: "Before promotion" }).getByTestId("revert-snapshot").click();
  await page.locator("dialog[open]").getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("snapshot-message")).toContainText("Reverted");
  await shell.reload();
  const qa = (await readStored(page)).environments.find((e) => e.id === "qa");
  expect(JSON.stringify(qa.config)).toBe(JSON.stringify(before.content));

  // A backup written after a reload holds every snapshot's content.
  await shell.reload();
  await shell.open("/settings");
  const card = new BackupCard(page);
  const backup = JSON.parse((await card.download()).text);
  const snaps = backup.workspace.snapshots;
  expect(snaps).toHaveLength(4);
  expect(JSON.stringify(snaps.find((s) => s.id === before.id).content)).toBe(JSON.stringify(before.content));
  expect(JSON.stringify(snaps.find((s) => s.id === after.id).content)).toBe(JSON.stringify(after.content));
});

test("Settings → Storage shows what each kind takes after an import and a promotion, and follows each commit", async ({ page, shell }) => {
  test.setTimeout(90_000);
  const dev = largeConfig(3_000, 11);
  await importConfig(page, shell, "development", "dev.json", dev);
  const promote = new PromotePage(page);
  await promote.open("development", "qa");
  await expect(promote.execute).toBeEnabled({ timeout: 30_000 });
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible({ timeout: 30_000 });

  await shell.open("/settings");
  const card = new BackupCard(page);
  await expect(card.usageLines).toHaveCount(6);
  const configs = await card.usageLine("configs");
  const snapshots = await card.usageLine("snapshots");
  const audit = await card.usageLine("audit");
  const backups = await card.usageLine("backups");
  // Development and QA both hold the imported config (record and trees).
  const text = JSON.stringify(dev).length;
  expect(configs.bytes).toBeGreaterThan(2 * text);
  expect(configs.detail).toMatch(/^3 environment\(s\), \d+ tree node\(s\)$/);
  // QA's config from before the promotion is the history's only own cost.
  expect(snapshots.detail).toMatch(/^2 snapshot\(s\)/);
  expect(snapshots.bytes).toBeGreaterThan(0);
  expect(snapshots.bytes).toBeLessThan(configs.bytes / 10);
  await expect(page.getByTestId("usage-shared")).toContainText("counted once under environment configs");
  expect(audit.detail).toMatch(/^[2-9]\d* event\(s\)$/);
  expect(backups.detail).toBe("0 backup(s)");
  const total = (await page.getByTestId("usage-total").locator("td").first().textContent()).trim();
  const sum = (await Promise.all(["configs", "snapshots", "audit", "checklists", "backups", "other"].map((k) => card.usageLine(k)))).reduce((n, l) => n + l.bytes, 0);
  expect(Math.abs(parseSize(total) - sum) / sum).toBeLessThan(0.02);
  await expect(page.getByTestId("usage-estimate")).toContainText("The browser estimates");
  await page.getByTestId("usage-lines").screenshot({ path: "../../target/screenshots/settings-storage.png" });

  // A commit made here shows at once: a longer name grows the settings.
  const other = (await card.usageLine("other")).bytes;
  await page.getByTestId("display-name").fill("N".repeat(2_000));
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await card.usageLine("other")).bytes).toBeGreaterThan(other + 1_500);
});

test("a full disk during a promotion names what takes the space, offers a backup there, and shows no success", async ({ page, shell }) => {
  test.setTimeout(90_000);
  // History that outweighs everything else: a workspace (restored from a
  // backup) whose one snapshot holds a large config that no environment
  // holds any more, with no audit trail to speak of.
  await shell.open("/environments/qa");
  await page.getByTestId("snapshot-description").fill("Before trimming");
  await page.getByTestId("take-snapshot").click();
  await expect(page.getByTestId("snapshot-row")).toHaveCount(1);
  await shell.open("/settings");
  const card = new BackupCard(page);
  const backup = JSON.parse((await card.download()).text);
  const big = largeConfig(3_000, 21);
  // A snapshot of an older QA version, under an id of its own.
  Object.assign(backup.workspace.snapshots[0], { id: "snap-900", env_version: 0, time: "2026-01-02T03:04:05Z", content: big });
  backup.workspace.audit = [];
  await card.choose({ name: "history.json", text: JSON.stringify(backup) });
  await card.replace();
  await expect(card.done).toContainText("was replaced");
  const qaConfig = (await readStored(page)).environments[1].config;

  const promote = new PromotePage(page);
  await promote.open("development", "qa");
  await expect(promote.execute).toBeEnabled({ timeout: 30_000 });
  await simulateQuota(page, 500);
  await promote.execute.click();
  const banner = page.getByTestId("save-error-banner");
  await expect(banner).toContainText("Nothing of this action was saved");
  await expect(banner.getByTestId("quota-space")).toContainText(/^Snapshots take [\d.]+ (KB|MB) of the [\d.]+ (KB|MB) Preflight keeps in this browser \(\d+%\)\./);
  await expect(page.getByTestId("promote-success")).toHaveCount(0);
  await expect(page.getByTestId("promote-not-saved")).toContainText("undone");
  // Seen wherever the page is scrolled to, and focused for screen readers.
  await expect(banner).toBeInViewport();
  await expect(banner).toBeFocused();
  await page.mouse.wheel(0, 4_000);
  await expect(banner).toBeInViewport();
  await page.screenshot({ path: "../../target/screenshots/quota-banner.png" });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    banner.getByTestId("save-error-download").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^preflight-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(file.format).toBe("preflight-backup");
  expect(file.workspace.environments.find((e) => e.id === "qa").config).toEqual(qaConfig);
  expect(file.workspace.snapshots.map((s) => s.content)).toEqual([big]);
  await expect(banner.getByTestId("save-error-downloaded")).toContainText("Downloaded preflight-backup-");
  await expect(banner).toBeVisible();

  await shell.reload();
  const ws = await readStored(page);
  expect(ws.environments[1].config).toEqual(qaConfig);
  expect(ws.audit.filter((e) => e.action === "Promotion")).toHaveLength(0);
  expect(ws.snapshots).toHaveLength(1);
});
