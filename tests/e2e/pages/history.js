// Page object for /history: the audit trail (filters, export) and the
// table of every snapshot with a diff between any two.
import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";

export class HistoryPage {
  constructor(page) {
    this.page = page;
    this.rows = page.getByTestId("audit-row");
    this.count = page.getByTestId("audit-count");
    this.noEvents = page.getByTestId("no-audit");
    this.env = page.getByTestId("audit-env");
    this.action = page.getByTestId("audit-action");
    this.actor = page.getByTestId("audit-actor");
    this.since = page.getByTestId("audit-since");
    this.until = page.getByTestId("audit-until");
    this.clearFilters = page.getByRole("button", { name: "Clear filters", exact: true });
    this.snapshotRows = page.getByTestId("history-snapshot-row");
    this.snapshotDiff = page.getByTestId("snapshot-diff");
    // The snapshot table scrolls inside this region; only rows near its
    // viewport are in the DOM.
    this.snapshotRegion = page.getByRole("region", { name: "Snapshots, newest first" });
    this.revertMessage = page.getByTestId("history-revert-message");
  }

  /** The line that counts every snapshot ("120 snapshot(s), newest first."). */
  snapshotTotal(n) {
    return this.page.getByText(`${n} snapshot(s), newest first.`);
  }

  /** Scrolls the snapshot table to its end with the keyboard, as a person would. */
  async scrollSnapshotsToEnd() {
    await this.snapshotRegion.focus();
    await this.page.keyboard.press("End");
  }

  /** Reverts to the snapshot of `row`, confirming the dialog. */
  async revert(row) {
    await row.getByTestId("revert-snapshot").click();
    await this.page.locator("dialog[open]").getByTestId("dialog-confirm").click();
  }

  async open() {
    await this.page.goto("/history");
    await expect(this.page.getByRole("heading", { name: "History", level: 1 })).toBeVisible();
  }

  /** Picks an option of a filter select by its visible label ("All" clears it). */
  async filter(select, label) {
    await select.selectOption({ label });
  }

  /** Sets a date filter (`YYYY-MM-DD`, or "" to clear it); fill fires input and change. */
  async setDate(input, date) {
    await input.fill(date);
  }

  /** Clicks "Export CSV" or "Export JSON"; returns the file's name and text. */
  async export(kind) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId(kind === "csv" ? "export-audit-csv" : "export-audit-json").click(),
    ]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
  }

  /** The snapshot row whose text matches (environment name, reason, …). */
  snapshotRow(...texts) {
    let row = this.snapshotRows;
    for (const t of texts) row = row.filter({ hasText: t });
    return row;
  }

  async pickA(row) {
    await row.getByTestId("snap-a").check();
  }

  async pickB(row) {
    await row.getByTestId("snap-b").check();
  }

  /** The paths the snapshot diff lists, in order. */
  async diffPaths() {
    return this.snapshotDiff.locator('[data-testid="change-row"] .change-path').allTextContents();
  }
}

/**
 * The date of `time` (an ISO timestamp; default now) offset by `days`, in
 * the browser's time zone, as `YYYY-MM-DD`: what a date filter compares with.
 */
export async function browserDate(page, days = 0, time = undefined) {
  return page.evaluate(([days, time]) => {
    const d = time === undefined ? new Date() : new Date(time);
    d.setDate(d.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, [days, time]);
}
