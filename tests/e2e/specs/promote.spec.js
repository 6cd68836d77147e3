// Issue 4: review and promote.
import { test, expect } from "../fixtures.js";
import { PromotePage } from "../pages/compare.js";
import { EnvironmentPage, storedEnv, storedWorkspace } from "../pages/environments.js";

/** Presses Tab until `locator` has focus (keyboard only), or fails. */
async function tabTo(page, locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("could not reach the element with Tab");
}

async function editConfig(page, shell, envId, edit) {
  const env = new EnvironmentPage(page);
  await shell.open(`/environments/${envId}`);
  await env.edit();
  const config = JSON.parse(await env.editor.inputValue());
  edit(config);
  await env.editor.fill(JSON.stringify(config, null, 2));
  await env.save.click();
  await expect(page.getByTestId("saved-note")).toContainText("Saved");
}

/** Promotes everything into QA (a merge base), then changes /logging/retentionDays on both sides. */
async function divergeRetention(page, shell) {
  await shell.open("/environments/qa");
  await page.getByTestId("promote-now").click();
  await page.locator("dialog[open]").getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("promote-now-done")).toBeVisible();
  await editConfig(page, shell, "development", (c) => (c.logging.retentionDays = 30));
  await editConfig(page, shell, "qa", (c) => (c.logging.retentionDays = 21));
}

test("granular promotion of 2 changes with a comment, audited, snapshotted and revertible", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  const qaBefore = await storedEnv(page, "qa");
  const dev = await storedEnv(page, "development");
  await promote.open("development", "qa");
  await expect(page.getByTestId("promote-title")).toHaveText("Development → QA");

  // Start from nothing, then tick two changes.
  await promote.selectAll.click();
  expect(await promote.selectedPaths()).toEqual([]);
  await expect(promote.execute).toBeDisabled();
  await promote.checkbox("/integration/version").check();
  await promote.checkbox("/logging/level").check();
  await expect(page.getByTestId("select-all")).toHaveAttribute("aria-checked", "mixed");
  // /logging has two changes, one ticked: a bundle warning.
  await expect(page.locator('[data-group="/logging"] [data-testid="bundle-warning"]')).toBeVisible();
  await expect(page.getByTestId("execute-item")).toHaveCount(2);
  await expect(page.getByTestId("execute-items")).toContainText('"3.1.4" → "3.2.0"');
  await expect(page.getByTestId("target-preview")).toContainText('"version": "3.2.0"');
  await promote.comment.fill("Ship 3.2.0 logging to QA");
  await promote.execute.click();
  const summary = page.getByTestId("promote-success");
  await expect(summary).toContainText("Promoted 2 change(s)");
  // The summary is the promotion's record: who, what, the hash, the comment.
  await expect(summary.getByTestId("print-header")).toContainText("Development → QA");
  await expect(summary.getByTestId("print-header")).toContainText("Release manager");
  await expect(summary).toContainText("Ship 3.2.0 logging to QA");
  await expect(summary).toContainText("/logging/level");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("execute-card")).toBeHidden();
  await expect(summary).toBeVisible();
  await page.screenshot({ path: "../../target/screenshots/promotion-summary-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  // Its links land on the snapshot diff and on the audit entry.
  await summary.getByTestId("snapshot-link").click();
  await expect(page).toHaveURL(/\/history\?a=.*&b=.*#snapshot-diff$/);
  await expect(page.getByTestId("snapshot-diff").getByTestId("change-row")).toHaveCount(2);
  await expect(page.getByTestId("snapshot-diff")).toContainText("/integration/version");
  await expect(page.getByTestId("snapshot-diff")).toContainText("/logging/level");
  await page.goBack();
  await expect(page.getByTestId("promote-title")).toBeVisible();

  await shell.reload();
  const qa = await storedEnv(page, "qa");
  const wanted = structuredClone(qaBefore.config);
  wanted.integration.version = dev.config.integration.version;
  wanted.logging.level = dev.config.logging.level;
  expect(JSON.stringify(qa.config)).toBe(JSON.stringify(wanted));
  const ws = await storedWorkspace(page);
  const event = ws.audit.at(-1);
  expect(event.action).toBe("Promotion");
  expect(event.comment).toBe("Ship 3.2.0 logging to QA");
  expect(event.changes.map((c) => c.path)).toEqual(["/integration/version", "/logging/level"]);
  const snaps = ws.snapshots.filter((s) => s.env === "qa");
  expect(snaps.map((s) => s.reason.kind)).toEqual(["BeforePromotion", "AfterPromotion"]);
  expect(event.snapshots).toEqual(snaps.map((s) => s.id));

  // The audit trail shows the comment and the paths.
  await shell.navLink("History").click();
  const entry = page.getByTestId("audit-row").filter({ hasText: "Ship 3.2.0 logging to QA" });
  await expect(entry).toContainText("/integration/version");
  await expect(entry).toContainText("/logging/level");
  // The dashboard lists it among the latest activity.
  await shell.navLink("Dashboard").click();
  const activity = page.getByTestId("activity-item").first();
  await expect(activity).toContainText("Promotion · Development → QA · 2 change(s)");
  await expect(activity).toContainText("Ship 3.2.0 logging to QA");
  await activity.getByRole("link").click();
  await expect(page.locator("tr.highlight")).toContainText("Ship 3.2.0 logging to QA");

  // Reverting to the "before" snapshot restores the exact config.
  await shell.open("/environments/qa");
  await page.getByTestId("snapshot-row").filter({ hasText: "Before promotion" }).getByTestId("revert-snapshot").click();
  await page.locator("dialog[open]").getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("snapshot-message")).toContainText("Reverted");
  await shell.reload();
  expect(JSON.stringify((await storedEnv(page, "qa")).config)).toBe(JSON.stringify(qaBefore.config));
});

test("select all leaves pinned keys out", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  const qaBefore = await storedEnv(page, "qa");
  await promote.open("development", "qa");
  const pinned = promote.row("/database/host");
  await expect(pinned.getByTestId("pinned-badge")).toBeVisible();
  await expect(pinned.getByTestId("change-checkbox")).not.toBeChecked();
  await expect(promote.row("/connections/erp/password").getByTestId("change-checkbox")).not.toBeChecked();
  // Select all (already all non-pinned): untick all, tick all again.
  await promote.selectAll.click();
  await promote.selectAll.click();
  await expect(pinned.getByTestId("change-checkbox")).not.toBeChecked();
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  expect(qa.config.database).toEqual(qaBefore.config.database);
  expect(qa.config.connections.erp.password).toBe(qaBefore.config.connections.erp.password);
  expect(qa.config.connections.storefront.baseUrl).toBe(qaBefore.config.connections.storefront.baseUrl);
  expect(qa.config.logging.level).toBe("debug");
});

test("a conflict keeps Execute disabled until it is resolved", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  await divergeRetention(page, shell);

  await promote.open("development", "qa");
  const row = promote.row("/logging/retentionDays");
  await expect(row.getByTestId("conflict-badge")).toBeVisible();
  await expect(row.getByTestId("conflict-base")).toHaveText("7");
  await expect(row.getByTestId("conflict-source")).toHaveText("30");
  await expect(row.getByTestId("conflict-target")).toHaveText("21");
  await expect(page.getByTestId("unresolved-note")).toContainText("1 conflict");
  await expect(promote.execute).toBeDisabled();
  await row.getByTestId("resolve-target").check();
  await expect(promote.execute).toBeEnabled();
  await row.getByTestId("resolve-source").check();
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  expect((await storedEnv(page, "qa")).config.logging.retentionDays).toBe(30);
});

test("a stale review is refused and can be refreshed", async ({ page, context, shell }) => {
  const promote = new PromotePage(page);
  await shell.open("/");
  await promote.open("development", "qa");
  await expect(promote.checkbox("/features/giftCards")).toBeVisible();

  // Another tab changes the target meanwhile.
  const other = await context.newPage();
  await editConfig(other, { open: async (p) => { await other.goto(p); await expect(other.getByRole("navigation", { name: "Main" })).toBeVisible(); } }, "qa", (c) => (c.features.autoRefunds = true));
  await other.close();

  await promote.execute.click();
  await expect(page.getByTestId("stale-error")).toContainText("changed since the review");
  expect((await storedEnv(page, "qa")).config.features.autoRefunds).toBe(true);
  expect((await storedEnv(page, "qa")).version).toBe(2);
  await page.getByTestId("stale-refresh").click();
  await expect(page.getByTestId("stale-error")).toHaveCount(0);
  await expect(page.getByTestId("promote-versions")).toContainText("qa v2");
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  expect(qa.version).toBe(3);
  expect(qa.config.features.autoRefunds).toBe(false);
});

test("the promote flow can be done with the keyboard only", async ({ page, shell }) => {
  await shell.open("/compare/development/qa");
  const review = page.getByTestId("compare-review");
  await tabTo(page, review);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/promote\/development\/qa$/);
  const selectAll = page.getByTestId("select-all");
  await tabTo(page, selectAll);
  await page.keyboard.press("Space");
  await expect(selectAll).toHaveAttribute("aria-checked", "false");
  const version = page.locator('[data-path="/integration/version"] [data-testid="change-checkbox"]');
  await tabTo(page, version);
  await page.keyboard.press("Space");
  await expect(version).toBeChecked();
  await tabTo(page, page.getByTestId("promote-comment"));
  await page.keyboard.type("Keyboard only");
  await tabTo(page, page.getByTestId("execute"));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("promote-success")).toContainText("Promoted 1 change(s)");
  await shell.reload();
  const ws = await storedWorkspace(page);
  expect(ws.audit.at(-1).comment).toBe("Keyboard only");
});

test("a large review is windowed and still promotes exactly what is ticked", async ({ page }) => {
  // 2000 changes, in memory only (the bench page never touches storage).
  await page.goto("/bench?changes=2000");
  await page.getByTestId("bench-open").click();
  await expect(page.getByTestId("diff-row").first()).toBeVisible();
  await page.getByTestId("compare-review").click();
  const rows = page.getByTestId("promote-row");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(200);
  await expect(page.getByTestId("execute")).toContainText("(2000 changes)");
  // The preview of a large review is built on request.
  await expect(page.getByTestId("target-preview")).toHaveCount(0);
  await page.screenshot({ path: "../../target/screenshots/promote-large.png" });
  await page.getByTestId("show-preview").click();
  await expect(page.getByTestId("target-preview")).toContainText("section00000");
  // Untick all, tick the last change (scrolled into the window), execute.
  await page.getByTestId("select-all").click();
  await expect(page.getByTestId("execute")).toBeDisabled();
  await page.getByTestId("promote-window").evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator('[data-testid="promote-row"][data-path="/section00019/setting99"]');
  await expect(last).toBeVisible();
  // Every line is exactly as tall as the window reckons: the last one ends where the list does.
  const drift = await page.getByTestId("promote-window").evaluate((el) => {
    const row = el.querySelector('[data-path="/section00019/setting99"]');
    const bottom = row.getBoundingClientRect().bottom - el.getBoundingClientRect().top + el.scrollTop;
    return Math.abs(el.scrollHeight - bottom);
  });
  expect(drift).toBeLessThan(2);
  await last.getByTestId("change-checkbox").check();
  await expect(page.getByTestId("execute-item")).toHaveCount(1);
  await expect(page.getByTestId("select-all")).toHaveAttribute("aria-checked", "mixed");
  await page.getByTestId("execute").click();
  await expect(page.getByTestId("promote-success")).toContainText("Promoted 1 change(s)");
});

test("Promote now says why it cannot run, and cannot be confirmed then", async ({ page, shell }) => {
  await divergeRetention(page, shell);
  await shell.open("/environments/qa");
  await page.getByTestId("promote-now").click();
  const dialog = page.locator("dialog[open]");
  await expect(dialog.getByTestId("promote-now-blocked")).toContainText("/logging/retentionDays");
  await expect(dialog.getByTestId("dialog-confirm")).toBeDisabled();
  await shell.reload();
  expect((await storedEnv(page, "qa")).config.logging.retentionDays).toBe(21);
});

test("a conflict over an object with a secret inside masks it everywhere; a custom value keeps the real secret", async ({ page, shell }) => {
  const promote = new PromotePage(page);
  // A merge base, then both sides add the same key: Development an object
  // with a secret inside, QA a plain value (so the conflict is the object).
  await shell.open("/environments/qa");
  await page.getByTestId("promote-now").click();
  await page.locator("dialog[open]").getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("promote-now-done")).toBeVisible();
  await editConfig(page, shell, "development", (c) => (c.connections.payments = { url: "https://pay.dev.test", password: "dev-nested-secret-1" }));
  await editConfig(page, shell, "qa", (c) => (c.connections.payments = "disabled in QA"));

  // Nowhere in a page (text, attributes, input values) is the secret.
  const everything = () => page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll("input, textarea")].map((e) => e.value).join("\n"));
  await shell.open("/compare/development/qa");
  await expect(page.locator('[data-testid="diff-row"][data-path="/connections/payments"]')).toContainText("pay.dev.test");
  expect(await everything()).not.toContain("dev-nested-secret-1");

  await promote.open("development", "qa");
  const row = promote.row("/connections/payments");
  await expect(row.getByTestId("conflict-badge")).toBeVisible();
  await expect(row.getByTestId("conflict-source")).toContainText("pay.dev.test");
  expect(await everything()).not.toContain("dev-nested-secret-1");
  await expect(row.getByTestId("conflict-target")).toContainText("disabled in QA");
  await expect(page.getByTestId("execute-item").filter({ hasText: "/connections/payments" })).toContainText("pay.dev.test");
  // Revealed on request, in clear.
  await page.getByTestId("reveal-secrets").check();
  await expect(page.getByTestId("execute-item").filter({ hasText: "/connections/payments" })).toContainText("dev-nested-secret-1");
  await page.getByTestId("reveal-secrets").uncheck();
  expect(await everything()).not.toContain("dev-nested-secret-1");
  const custom = row.getByTestId("resolve-custom-value");
  await expect(custom).toHaveValue(/••••••• ~/);
  // The custom value edited from the masked start keeps the source's secret.
  await custom.fill((await custom.inputValue()).replace("https://pay.dev.test", "https://pay.custom.test"));
  await row.getByTestId("resolve-custom").check();
  await expect(promote.execute).toBeEnabled();
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  expect(qa.config.connections.payments).toEqual({ url: "https://pay.custom.test", password: "dev-nested-secret-1" });
});
