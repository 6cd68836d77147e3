import { readStored } from "../stored.js";
// Page object for what every page shares: navigation, banners, storage.
import { expect } from "@playwright/test";

export const WORKSPACE_KEY = "preflight.workspace";

export class AppShell {
  constructor(page) {
    this.page = page;
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.main = page.locator("main");
    this.themeToggle = page.getByTestId("theme-toggle");
    this.recoveryBanner = page.getByTestId("recovery-banner");
  }

  /** Opens a path and waits until the app has mounted. */
  async open(path = "/") {
    await this.page.goto(path);
    await this.ready();
  }

  async ready() {
    await expect(this.nav).toBeVisible();
  }

  async reload() {
    await this.page.reload();
    await this.ready();
  }

  navLink(name) {
    return this.nav.getByRole("link", { name, exact: true });
  }

  /** The stored workspace document, parsed. */
  async storedWorkspace() {
    return readStored(this.page);
  }

  async storageKeys() {
    return this.page.evaluate(() => Object.keys(localStorage));
  }
}
