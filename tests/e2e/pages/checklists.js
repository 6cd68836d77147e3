import { readStored } from "../stored.js";
// Page objects for /checklists and /checklists/:id.
import { expect } from "@playwright/test";

export class ChecklistsPage {
  constructor(page) {
    this.page = page;
    this.rows = page.getByTestId("checklist-row");
    this.fileInput = page.getByTestId("checklist-import-file");
    this.preview = page.getByTestId("checklist-import-preview");
    this.dialog = page.locator("dialog[open]");
  }

  async open() {
    await this.page.goto("/checklists");
    await expect(this.page.getByRole("heading", { name: "Checklists", level: 1 })).toBeVisible();
  }

  /** Creates a checklist from the template titled `title`; lands on its page. */
  async createFromTemplate(title) {
    await this.page.getByTestId("template-card").filter({ hasText: title }).getByTestId("create-from-template").click();
    await expect(this.page).toHaveURL(/\/checklists\/checklist-\d+$/);
    await expect(this.page.getByTestId("checklist-name")).toHaveText(title);
    return this.page.url().split("/").pop();
  }

  /** Picks a file for import; the preview shows. */
  async importFile(path) {
    await this.fileInput.setInputFiles(path);
    await expect(this.preview).toBeVisible();
  }

  /** Accepts the preview; lands on the new checklist's page and returns its id. */
  async acceptImport() {
    const before = this.page.url();
    await this.page.getByTestId("checklist-import-accept").click();
    await expect(this.page).not.toHaveURL(before);
    await expect(this.page).toHaveURL(/\/checklists\/checklist-\d+$/);
    return this.page.url().split("/").pop();
  }
}

export class ChecklistPage {
  constructor(page) {
    this.page = page;
    this.items = page.getByTestId("item");
    this.list = page.getByTestId("item-list");
    this.goLive = page.getByTestId("go-live-date");
    this.dialog = page.locator("dialog[open]");
  }

  item(code) {
    return this.page.locator(`[data-testid="item"][data-code="${code}"]`);
  }

  heading(name) {
    return this.page.getByTestId("timeframe-heading").filter({ hasText: name });
  }

  timeframeProgress(name) {
    return this.page.locator(`[data-testid="timeframe-progress"][data-name="${name}"]`).getByTestId("progress-count");
  }

  async setGoLive(date) {
    await this.goLive.fill(date);
    await this.goLive.blur();
  }

  async setStatus(code, label) {
    await this.item(code).getByTestId("item-status").selectOption({ label });
  }
}

/** The stored checklist `id`, from the browser database. */
export async function storedChecklist(page, id) {
  const ws = await readStored(page);
  return ws.checklists.find((c) => c.id === id);
}

/** Percent done as the app computes it: Done or N/A, rounded down. */
export function percentDone(items) {
  if (items.length === 0) return 0;
  const done = items.filter((i) => i.status === "Done" || i.status === "NotApplicable").length;
  return Math.floor((done * 100) / items.length);
}

/** A small RFC 4180 CSV parser: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text) {
  // A leading byte order mark (spreadsheets need it) is not part of a cell.
  text = text.replace(/^\uFEFF/, "");
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      // The \n ends the row.
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
