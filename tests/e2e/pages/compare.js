// Page objects for /compare and /promote.
import { expect } from "@playwright/test";

export class ComparePage {
  constructor(page) {
    this.page = page;
    this.summary = page.getByTestId("compare-summary");
    this.counter = page.getByTestId("change-counter");
    this.rows = page.getByTestId("diff-row");
    this.textRows = page.getByTestId("text-row");
    this.current = page.locator('[data-testid="diff-row"].current, [data-testid="text-row"].current');
  }

  async open(from, to) {
    await this.page.goto(`/compare/${from}/${to}`);
    await expect(this.summary).toBeVisible();
  }
}

export class PromotePage {
  constructor(page) {
    this.page = page;
    this.rows = page.getByTestId("promote-row");
    this.selectAll = page.getByTestId("select-all");
    this.execute = page.getByTestId("execute");
    this.comment = page.getByTestId("promote-comment");
  }

  async open(from, to) {
    await this.page.goto(`/promote/${from}/${to}`);
    await expect(this.page.getByTestId("execute-card")).toBeVisible();
  }

  row(path) {
    return this.page.locator(`[data-testid="promote-row"][data-path="${path}"]`);
  }

  checkbox(path) {
    return this.row(path).getByTestId("change-checkbox");
  }

  /** Paths whose checkbox is ticked. */
  async selectedPaths() {
    return this.page.$$eval('[data-testid="promote-row"]', (rows) =>
      rows.filter((r) => r.querySelector('input[type="checkbox"]').checked).map((r) => r.dataset.path),
    );
  }
}
