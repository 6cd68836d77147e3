import { readStored } from "../stored.js";
// Page object for the "Backup and restore" card of /settings.
import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";

// Automatic backups live in the database's "backups" store: the text of
// each under `text/<ms>`, its size and time under `info/<ms>`. Older
// builds kept them in localStorage under `preflight.workspace.backup.<ms>`.
export const AUTO_BACKUP_PREFIX = "text/";
export const LEGACY_BACKUP_PREFIX = "preflight.workspace.backup.";

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
    this.usage = page.getByTestId("database-usage");
    this.usageLines = page.getByTestId("usage-line");
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

  /** The automatic backups in the database: `{ key: text }`. */
  async storedAutoBackups() {
    return this.page.evaluate((prefix) => new Promise((resolve, reject) => {
      const req = indexedDB.open("preflight");
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction("backups", "readonly");
        const store = tx.objectStore("backups");
        const keys = store.getAllKeys();
        const values = store.getAll();
        tx.oncomplete = () => {
          db.close();
          const out = {};
          keys.result.forEach((k, i) => { if (k.startsWith(prefix)) out[k] = values.result[i]; });
          resolve(out);
        };
        tx.onerror = () => reject(tx.error);
      };
      req.onerror = () => reject(req.error);
    }), AUTO_BACKUP_PREFIX);
  }

  /** Automatic backups still in localStorage (older builds kept them there). */
  async legacyAutoBackups() {
    return this.page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), LEGACY_BACKUP_PREFIX);
  }

  /** One line of Settings → Storage: `{ size, bytes, detail }`. */
  async usageLine(kind) {
    const line = this.page.locator(`[data-testid="usage-line"][data-kind="${kind}"]`);
    const size = (await line.getByTestId("usage-size").textContent()).trim();
    const detail = (await line.locator("td").nth(2).textContent()).trim();
    return { size, bytes: parseSize(size), detail };
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

/** "12.3 KB" → about 12595 (bytes). */
export function parseSize(text) {
  const m = text.match(/^([\d.]+) (bytes|KB|MB|GB)$/);
  if (!m) throw new Error(`not a size: ${text}`);
  const unit = { bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2]];
  return Number(m[1]) * unit;
}
