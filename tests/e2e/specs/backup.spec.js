import { clearStored, writeStored } from "../stored.js";
// Issue 6, item 5: workspace backup and restore on the settings page.
import { readFile } from "node:fs/promises";
import { test, expect } from "../fixtures.js";
import { WORKSPACE_KEY } from "../pages/app-shell.js";
import { BackupCard, AUTO_BACKUP_PREFIX, LEGACY_BACKUP_PREFIX, storageSnapshot, withoutRevision } from "../pages/backup.js";
import { simulateQuota } from "../stored.js";

/** Gives the demo workspace some history and a checklist, as a user would have. */
async function richWorkspace(page, shell) {
  await shell.open("/environments/qa");
  await page.getByTestId("snapshot-description").fill("Before the go-live");
  await page.getByTestId("take-snapshot").click();
  await expect(page.getByTestId("snapshot-row")).toHaveCount(1);
  await shell.open("/settings");
  await page.getByTestId("display-name").fill("Grace Hopper");
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await shell.storedWorkspace()).settings.display_name).toBe("Grace Hopper");
  // The checklist pages are another issue's: store one directly.
  await writeStored(page, (ws) => {
    ws.checklists.push({ id: "checklist-90", name: "Go-live", timeframes: [], items: [] });
  });
  await shell.reload();
  return shell.storedWorkspace();
}

test("backup, clear storage, restore: the workspace is the same", async ({ page, shell }) => {
  const original = await richWorkspace(page, shell);
  expect(original.snapshots).toHaveLength(1);
  const card = new BackupCard(page);
  await expect(card.usageLines).toHaveCount(6);
  await expect(page.getByTestId("usage-estimate")).toContainText(/Preflight's database uses [\d.]+ [KMG]B of the [\d.]+ [KMG]B/);
  await expect(page.getByTestId("persisted")).toContainText(/browser/);

  const backup = await card.download();
  expect(backup.name).toMatch(/^preflight-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(backup.text);
  expect(file.format).toBe("preflight-backup");
  expect(withoutRevision(file.workspace)).toEqual(withoutRevision(original));

  // A new browser profile, as far as Preflight can tell: the demo again.
  await page.evaluate(() => localStorage.clear());
  await clearStored(page);
  await shell.reload();
  expect((await shell.storedWorkspace()).settings.display_name).not.toBe("Grace Hopper");

  await card.choose({ name: backup.name, text: backup.text });
  await expect(card.preview).toBeVisible();
  await expect(card.counts).toHaveText("3 environments, 1 checklist, 1 snapshot, 1 audit event and 0 approvals.");
  await expect(card.preview).toContainText(backup.name);
  await card.replace();
  await expect(card.done).toContainText("was replaced");

  await expect.poll(async () => withoutRevision(await shell.storedWorkspace())).toEqual(withoutRevision(original));
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Grace Hopper");
  expect(withoutRevision(await shell.storedWorkspace())).toEqual(withoutRevision(original));
  await page.screenshot({ path: "../../target/screenshots/settings-backup.png", fullPage: true });
});

test("replace keeps an automatic backup that can be downloaded and restored", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  await expect(page.getByTestId("no-auto-backups")).toBeVisible();
  const before = await shell.storedWorkspace();

  // Replace the demo with a one-environment workspace.
  const small = { schema_version: 2, environments: [{ id: "solo", name: "Solo", config: { a: 1 }, version: 1 }] };
  await card.choose({ name: "small.json", text: JSON.stringify(small) });
  await expect(card.counts).toHaveText("1 environment, 0 checklists, 0 snapshots, 0 audit events and 0 approvals.");
  await card.replace();
  await expect.poll(async () => (await shell.storedWorkspace()).environments.map((e) => e.id)).toEqual(["solo"]);

  // The replaced workspace is in the database (not localStorage) and in the list.
  const kept = await card.storedAutoBackups();
  expect(await card.legacyAutoBackups()).toEqual([]);
  const keys = Object.keys(kept);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(new RegExp(`^${AUTO_BACKUP_PREFIX.replaceAll(".", "\\.")}\\d+$`));
  expect(withoutRevision(JSON.parse(kept[keys[0]]))).toEqual(withoutRevision(before));
  await expect(card.autoBackups).toHaveCount(1);
  await shell.reload();
  await expect(card.autoBackups).toHaveCount(1);

  // Download it: the very text kept.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    card.autoBackups.first().getByTestId("auto-backup-download").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^preflight-backup-auto-.*\.json$/);
  expect(await readFile(await download.path(), "utf8")).toBe(kept[keys[0]]);

  // Restore it: the demo is back, and the small one is kept in turn.
  await card.autoBackups.first().getByTestId("auto-backup-restore").click();
  await expect(card.counts).toHaveText("3 environments, 0 checklists, 0 snapshots, 0 audit events and 0 approvals.");
  await card.replace();
  await expect.poll(async () => withoutRevision(await shell.storedWorkspace())).toEqual(withoutRevision(before));
  await expect(card.autoBackups).toHaveCount(2);

  // Deleting one asks first.
  await card.autoBackups.first().getByTestId("auto-backup-delete").click();
  await expect(card.dialog).toContainText("Delete this automatic backup?");
  await card.dialog.getByTestId("dialog-confirm").click();
  await expect(card.autoBackups).toHaveCount(1);
  expect(Object.keys(await card.storedAutoBackups())).toHaveLength(1);
});

test("a broken or foreign backup file changes nothing and says why", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  const before = await storageSnapshot(page);
  const cases = [
    ["broken.json", '{\n  "format": "preflight-backup",\n  "workspace": {"schema_version": 2,,\n}', /not valid JSON: .* at line 3, column \d+/],
    ["package.json", '{"name": "left-pad", "version": "1.3.0"}', /not a Preflight backup/],
    ["future.json", '{"format": "preflight-backup", "format_version": 1, "workspace": {"schema_version": 99, "environments": []}}', /newer Preflight \(workspace format 99/],
    ["empty.json", "", /the file is empty/],
    ["damaged.json", '{"schema_version": 2, "environments": [{"id": "qa"}]}', /the backup is damaged: .*name/],
  ];
  for (const [name, text, message] of cases) {
    await card.choose({ name, text });
    await expect(card.error).toContainText(name);
    await expect(card.error).toContainText(message);
    await expect(card.error).toContainText("Nothing was changed.");
    await expect(card.preview).toHaveCount(0);
  }
  expect(await storageSnapshot(page)).toEqual(before);
  // Every load saves the workspace once (bumping its revision), nothing more.
  await shell.reload();
  const after = await storageSnapshot(page);
  expect(Object.keys(after)).toEqual(Object.keys(before));
  expect(withoutRevision(JSON.parse(after[WORKSPACE_KEY]))).toEqual(withoutRevision(JSON.parse(before[WORKSPACE_KEY])));
});

test("an older backup is migrated, and says so", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  const v1 = {
    schema_version: 1,
    environments: [{ id: "dev", name: "Development", config: { url: "http://dev" }, version: 3 }],
    pinned_patterns: ["/url"],
  };
  await card.choose({ name: "old.json", text: JSON.stringify(v1) });
  await expect(page.getByTestId("backup-migrated")).toContainText("workspace format 1");
  await card.replace();
  await expect.poll(async () => (await shell.storedWorkspace())?.settings?.patterns?.pinned).toEqual(["/url"]);
  const stored = await shell.storedWorkspace();
  expect(stored.schema_version).toBe(2);
  expect(stored.environments[0].version).toBe(3);
});

test("merge adds environments and renames the ids already taken", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  const before = await shell.storedWorkspace();
  const backup = JSON.parse((await card.download()).text);
  // Someone else's copy: QA changed, and a staging environment of theirs.
  const qa = backup.workspace.environments.find((e) => e.id === "qa");
  qa.config.features = { theirs: true };
  qa.version += 1;
  backup.workspace.environments.push({ id: "staging", name: "Staging", config: { s: 1 }, version: 1 });
  await card.choose({ name: "theirs.json", text: JSON.stringify(backup) });
  await expect(card.counts).toContainText("4 environments");
  await card.merge();

  await expect(card.done).toContainText("2 environment(s) and 0 checklist(s) added");
  await expect(card.mergeReport).toContainText("qa → qa-2");
  await expect(card.mergeReport).toContainText("QA (imported)");
  const after = await shell.storedWorkspace();
  expect(after.environments.map((e) => e.id)).toEqual(["development", "qa", "production", "qa-2", "staging"]);
  // Nothing that was there changed.
  expect(after.environments.slice(0, 3)).toEqual(before.environments);
  expect(after.environments[3].config.features).toEqual({ theirs: true });
  // Production stays production although environments were added on top.
  expect(after.settings.production_env).toBe("production");
  // The merge is in the audit trail.
  expect(after.audit.at(-1).action).toBe("Import");
  expect(after.audit.at(-1).comment).toContain("qa → qa-2");
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(5);

  // Merging the same file again adds only what is not identical.
  await shell.navLink("Settings").click();
  await card.choose({ name: "theirs.json", text: JSON.stringify(backup) });
  await card.merge();
  await expect(card.done).toContainText("1 environment(s)");
  await expect(card.done).toContainText("already present and skipped");
});

test("when the automatic backup cannot be kept, nothing is replaced", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  const small = { schema_version: 2, environments: [{ id: "solo", name: "Solo", config: {}, version: 1 }] };
  await card.choose({ name: "small.json", text: JSON.stringify(small) });
  await expect(card.preview).toBeVisible();
  // The database refuses the workspace's text, as a full disk would.
  await simulateQuota(page, 1_000);
  const before = await shell.storedWorkspace();
  await card.replace();
  await expect(card.error).toContainText("Nothing was replaced");
  await expect(card.error).toContainText("browser storage is full");
  expect(await shell.storedWorkspace()).toEqual(before);
  expect(Object.keys(await card.storedAutoBackups())).toHaveLength(0);
  await expect(page.getByTestId("pipeline-env")).toHaveCount(0); // still on settings
  await expect(page.getByTestId("no-auto-backups")).toBeVisible();
});

test("automatic backups an older build kept in localStorage move into the database", async ({ page, shell }) => {
  await shell.open("/settings");
  const card = new BackupCard(page);
  const old = { schema_version: 2, environments: [{ id: "old", name: "Old one", config: { o: 1 }, version: 1 }] };
  const key = `${LEGACY_BACKUP_PREFIX}1700000000000`;
  await page.evaluate(([k, text]) => localStorage.setItem(k, text), [key, JSON.stringify(old)]);
  await shell.reload();
  await expect(card.autoBackups).toHaveCount(1);
  // Removed from localStorage only once the database holds it.
  expect(await card.legacyAutoBackups()).toEqual([]);
  expect(await card.storedAutoBackups()).toEqual({ "text/1700000000000": JSON.stringify(old) });
  await card.autoBackups.first().getByTestId("auto-backup-restore").click();
  await expect(card.counts).toHaveText("1 environment, 0 checklists, 0 snapshots, 0 audit events and 0 approvals.");
  await card.replace();
  await expect.poll(async () => (await shell.storedWorkspace()).environments.map((e) => e.id)).toEqual(["old"]);
  await shell.reload();
  await expect(card.autoBackups).toHaveCount(2);
  expect(await card.legacyAutoBackups()).toEqual([]);
});
