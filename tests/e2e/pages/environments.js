import { readStored } from "../stored.js";
// Page objects for /environments and /environments/:id.
import { expect } from "@playwright/test";

export class EnvironmentsPage {
  constructor(page) {
    this.page = page;
    this.rows = page.getByTestId("env-row");
    this.dialog = page.locator("dialog[open]");
  }

  row(name) {
    return this.rows.filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async names() {
    return this.rows.locator(".env-row-name").allTextContents();
  }

  async add(name) {
    await this.page.getByTestId("new-env-name").fill(name);
    await this.page.getByTestId("add-env").click();
  }

  async cloneUp(source, name) {
    await this.row(source).getByTestId("clone").click();
    await expect(this.dialog).toBeVisible();
    await this.page.getByTestId("clone-name").fill(name);
    await this.dialog.getByTestId("dialog-confirm").click();
    await expect(this.dialog).toBeHidden();
  }
}

export class EnvironmentPage {
  constructor(page) {
    this.page = page;
    this.editor = page.getByTestId("config-editor");
    this.editorError = page.getByTestId("editor-error");
    this.save = page.getByTestId("save-config");
    this.view = page.getByTestId("config-view");
    this.dialog = page.locator("dialog[open]");
  }

  async edit() {
    await this.page.getByTestId("edit-config").click();
    await expect(this.editor).toBeVisible();
  }
}

/** The stored environment `id`, from the browser database. */
export async function storedEnv(page, id) {
  const ws = await readStored(page);
  return ws.environments.find((e) => e.id === id);
}

export async function storedWorkspace(page) {
  return readStored(page);
}

/** Imports `config` as JSON file `name` into environment `env`, accepted. */
export async function importConfig(page, shell, env, name, config) {
  await shell.open(`/environments/${env}`);
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(config, null, 2)) });
  await expect(page.getByTestId("import-preview")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("import-accept").click();
  await expect(page.getByTestId("import-done")).toContainText(`Imported ${name}`, { timeout: 30_000 });
}
