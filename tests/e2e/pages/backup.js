import { readStored } from "../stored.js";
// Page object for the "Backup and restore" card of /settings.
import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";

export const AUTO_BACKUP_PREFIX = "preflight.workspace.backup.";

export class BackupCard {
  constructor(page) {
    this.page = page;
    this.card = page.getByTestId("workspace-backup");
    this.preview = page.getByTestId("backup-preview");
    this.counts = page.getByTestId("backup-preview-counts");
    this.error = page.getByTestId("backup-error");
    this.done = page.getByTestId("backup-done");
    this.autoBackups = page.getByTestId("auto-backup");
    this.mergeReport = page.getByTestId("merge-report");
    this.usage = page.getByTestId("storage-usage");
    this.dialog = page.locator("dialog[open]");
  }

  /** Clicks "Download a backup"; returns its file name, text and path. */
  async download() {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("backup-download").click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, "utf8"), path };
  }

  /** Picks a file: a path on disk, or `{ name, text }`. */
  async choose(file) {
    const input = this.page.getByTestId("backup-file");
    if (typeof file === "string") {
      await input.setInputFiles(file);
    } else {
      await input.setInputFiles({ name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });
    }
  }

  async replace() {
    await this.page.getByTestId("backup-replace").click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId("dialog-confirm").click();
    await expect(this.dialog).toBeHidden();
  }

  async merge() {
    await this.page.getByTestId("backup-merge").click();
  }

  /** The automatic backups in localStorage: `{ key: text }`. */
  async storedAutoBackups() {
    return this.page.evaluate((prefix) => {
      const out = {};
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(prefix)) out[key] = localStorage.getItem(key);
      }
      return out;
    }, AUTO_BACKUP_PREFIX);
  }
}

/**
 * Everything stored: every key of localStorage with its value, and the
 * database's workspace (as one document) under "preflight.workspace".
 */
export async function storageSnapshot(page) {
  const local = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).sort().map((k) => [k, localStorage.getItem(k)])));
  return { ...local, "preflight.workspace": JSON.stringify(await readStored(page)) };
}

/** A stored workspace without its revision counter. */
export function withoutRevision(ws) {
  const { revision: _revision, ...rest } = ws;
  return rest;
}
