// Issue 4: the environments page and an environment's page.
import { readFile } from "node:fs/promises";
import { test, expect } from "../fixtures.js";
import { dropFile } from "../helpers.js";
import { EnvironmentsPage, EnvironmentPage, storedEnv, storedWorkspace } from "../pages/environments.js";

test("clone QA into a new environment, then edit Development with a syntax error and fix it", async ({ page, shell }) => {
  const envs = new EnvironmentsPage(page);
  await shell.open("/environments");
  await envs.cloneUp("QA", "Staging");
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Staging", "Production"]);
  await shell.reload();
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Staging", "Production"]);
  const staging = await storedEnv(page, "staging");
  expect(staging.cloned_from).toBe("qa");
  expect(staging.config).toEqual((await storedEnv(page, "qa")).config);

  // A syntax error shows line and column, and nothing is saved.
  const env = new EnvironmentPage(page);
  await shell.open("/environments/development");
  await env.edit();
  const original = await env.editor.inputValue();
  const broken = original.replace('"level": "debug",', '"level": "debug"');
  expect(broken).not.toBe(original);
  await env.editor.fill(broken);
  await expect(env.editorError).toContainText(/Line \d+, column \d+/);
  await expect(env.save).toBeDisabled();
  await env.editor.press("Control+s");
  expect((await storedEnv(page, "development")).version).toBe(1);
  await shell.reload();
  expect((await storedEnv(page, "development")).config.logging.level).toBe("debug");

  // Fixed, it is saved.
  await env.edit();
  await env.editor.fill(original.replace('"level": "debug"', '"level": "trace"'));
  await expect(env.editorError).toHaveCount(0);
  await env.save.click();
  await expect(page.getByTestId("saved-note")).toContainText("Saved as version 2");
  await shell.reload();
  const dev = await storedEnv(page, "development");
  expect(dev.version).toBe(2);
  expect(dev.config.logging.level).toBe("trace");
  const ws = await storedWorkspace(page);
  expect(ws.audit.at(-1).action).toBe("ConfigEdit");
});

test("add, rename, reorder with the keyboard and delete with confirmation", async ({ page, shell }) => {
  const envs = new EnvironmentsPage(page);
  await shell.open("/environments");
  await envs.add("Hotfix");
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Production", "Hotfix"]);

  await envs.row("Hotfix").getByTestId("rename").click();
  await page.getByTestId("rename-input").fill("Pre-production");
  await page.getByTestId("rename-input").press("Enter");
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Production", "Pre-production"]);

  // Keyboard only: focus the "lower" button and press Enter.
  const lower = envs.row("Pre-production").getByTestId("move-down");
  await lower.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Pre-production", "Production"]);

  await envs.row("Pre-production").getByTestId("delete").click();
  await expect(envs.dialog).toContainText("Delete Pre-production?");
  await envs.dialog.getByTestId("dialog-cancel").click();
  await expect.poll(() => envs.names()).toHaveLength(4);
  await envs.row("Pre-production").getByTestId("delete").click();
  await envs.dialog.getByTestId("dialog-confirm").click();
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Production"]);
  await shell.reload();
  await expect.poll(() => envs.names()).toEqual(["Development", "QA", "Production"]);
  const ws = await storedWorkspace(page);
  expect(ws.audit.map((e) => e.action)).toEqual([
    "EnvironmentAdded",
    "EnvironmentRenamed",
    "EnvironmentReordered",
    "EnvironmentDeleted",
  ]);
});

test("reorder by dragging", async ({ page, shell }) => {
  const envs = new EnvironmentsPage(page);
  await shell.open("/environments");
  await envs.row("Production").dragTo(envs.row("Development"));
  await expect.poll(() => envs.names()).toEqual(["Production", "Development", "QA"]);
  await shell.reload();
  await expect.poll(() => envs.names()).toEqual(["Production", "Development", "QA"]);
});

test("import a YAML file with a preview, and refuse a bad one", async ({ page, shell }) => {
  await shell.open("/environments/qa");
  const picker = page.getByTestId("import-file");
  await picker.setInputFiles({
    name: "broken.yaml",
    mimeType: "text/yaml",
    buffer: Buffer.from("integration:\n  name: x\n  version: [1, 2\n"),
  });
  await expect(page.getByTestId("import-error")).toContainText(/line \d+, column \d+/);
  await picker.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  await expect(page.getByTestId("import-error")).toContainText(".png files cannot be imported");
  expect((await storedEnv(page, "qa")).version).toBe(1);

  const yaml = "integration:\n  name: Imported\n  version: 9.9.9\nfeatures:\n  giftCards: true\n";
  await picker.setInputFiles({ name: "qa.yaml", mimeType: "text/yaml", buffer: Buffer.from(yaml) });
  await expect(page.getByTestId("import-preview")).toBeVisible();
  await expect(page.getByTestId("import-summary")).toContainText("qa.yaml read as YAML");
  await expect(page.getByTestId("change-row").first()).toBeVisible();
  // Secrets being removed are shown masked, never in clear.
  await expect(page.getByTestId("import-preview")).not.toContainText("qa-erp-pass-37");
  await page.getByTestId("import-accept").click();
  await expect(page.getByTestId("import-done")).toContainText("Imported qa.yaml");
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  expect(qa.config).toEqual({ integration: { name: "Imported", version: "9.9.9" }, features: { giftCards: true } });
  expect(qa.version).toBe(2);
});

test("secrets are masked in the view and revealed on request", async ({ page, shell }) => {
  await shell.open("/environments/production");
  const view = page.getByTestId("config-view");
  await expect(view).toContainText("pg-primary.prod.internal");
  await expect(view).not.toContainText("live-erp-pass-2f8c");
  // Keyed masks (HMAC under this workspace's key), never the old unkeyed
  // `#` digest, and the same after a reload: the key was stored.
  const masks = async () => (await view.textContent()).match(/••••••• ~[A-Za-z0-9_-]{8}/g) ?? [];
  const first = await masks();
  expect(first.length).toBeGreaterThan(0);
  await expect(view).not.toContainText("••••••• #");
  await page.reload();
  await expect(view).toContainText("pg-primary.prod.internal");
  expect(await masks()).toEqual(first);
  await page.getByTestId("reveal-config").check();
  await expect(view).toContainText("live-erp-pass-2f8c");
});

test("take a snapshot, change the config, compare and revert", async ({ page, shell }) => {
  const env = new EnvironmentPage(page);
  await shell.open("/environments/development");
  await page.getByTestId("snapshot-description").fill("Known good");
  await page.getByTestId("take-snapshot").click();
  await expect(page.getByTestId("snapshot-row")).toHaveCount(1);
  const before = await storedEnv(page, "development");

  await env.edit();
  await env.editor.fill(JSON.stringify({ emptied: true }, null, 2));
  await env.save.click();
  await page.getByTestId("close-editor").click();
  await expect(env.view).toContainText("emptied");

  await page.getByTestId("compare-snapshot").click();
  await expect(page.getByTestId("snapshot-compare")).toContainText("/emptied");
  await page.getByTestId("revert-snapshot").click();
  await expect(env.dialog).toContainText("Manual: Known good");
  await env.dialog.getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("snapshot-message")).toContainText("Reverted");
  await shell.reload();
  const after = await storedEnv(page, "development");
  expect(JSON.stringify(after.config)).toBe(JSON.stringify(before.config));
  expect(after.version).toBe(3);
  // Revert took its own before/after snapshots.
  await expect(page.getByTestId("snapshot-row")).toHaveCount(3);
});

test("promote now from the out-of-sync banner, behind its confirmation", async ({ page, shell }) => {
  await shell.open("/");
  await expect(page.getByTestId("out-of-sync-badge")).toHaveCount(2);
  await shell.open("/environments/qa");
  const banner = page.getByTestId("out-of-sync-banner");
  await expect(banner).toContainText("Configuration out of sync with Development");
  await banner.getByTestId("promote-now").click();
  const dialog = page.locator("dialog[open]");
  await expect(dialog).toContainText("applies every non-pinned change from Development to QA at once");
  await dialog.getByTestId("dialog-cancel").click();
  expect((await storedEnv(page, "qa")).version).toBe(1);

  await banner.getByTestId("promote-now").click();
  await page.getByTestId("promote-now-comment").fill("Release 3.2 to QA");
  await dialog.getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("promote-now-done")).toContainText("Promoted");
  await expect(page.getByTestId("out-of-sync-banner")).toHaveCount(0);
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  const dev = await storedEnv(page, "development");
  expect(qa.version).toBe(2);
  expect(qa.config.integration.version).toBe(dev.config.integration.version);
  // Pinned keys stayed.
  expect(qa.config.connections.storefront.baseUrl).toBe("https://qa.store.example.test/api/v2");
  expect(qa.config.database.host).toBe("pg.qa.internal");
  const ws = await storedWorkspace(page);
  const event = ws.audit.at(-1);
  expect(event.action).toBe("Promotion");
  expect(event.comment).toBe("Release 3.2 to QA");
  expect(event.snapshots).toHaveLength(2);
  await expect(page.getByTestId("snapshot-row")).toHaveCount(2);
});


const STAGING_ENV = [
  "# Storefront settings for staging",
  "APP_ENV=staging",
  "CACHE_TTL=300",
  'PAYMENT_API_KEY="sk_test_51HxStaging"',
  "export LOG_LEVEL=debug",
  "",
].join("\n");

test("a dropped .env file is previewed, accepted, and exports back in each format", async ({ page, shell }) => {
  await shell.open("/environments");
  await new EnvironmentsPage(page).add("Staging");
  await shell.open("/environments/staging");
  await dropFile(page, "drop-zone", "staging.env", STAGING_ENV);
  await expect(page.getByTestId("import-summary")).toContainText("staging.env read as .env");
  // The preview masks the secret that is about to arrive.
  await expect(page.getByTestId("import-preview")).not.toContainText("sk_test_51HxStaging");
  await page.getByTestId("import-accept").click();
  await expect(page.getByTestId("import-done")).toContainText("Imported staging.env");
  await shell.reload();
  const stored = await storedEnv(page, "staging");
  expect(stored.config).toEqual({ APP_ENV: "staging", CACHE_TTL: "300", PAYMENT_API_KEY: "sk_test_51HxStaging", LOG_LEVEL: "debug" });

  const exported = async (testid) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
  };
  // Shared exports mask secrets unless asked otherwise.
  const json = await exported("export-json");
  expect(json.name).toMatch(/\.json$/);
  expect(JSON.parse(json.text).APP_ENV).toBe("staging");
  expect(json.text).not.toContain("sk_test_51HxStaging");
  await page.getByTestId("export-secrets").check();
  const env = await exported("export-env");
  expect(env.name).toMatch(/\.env$/);
  expect(env.text).toContain("APP_ENV=staging");
  expect(env.text).toContain("sk_test_51HxStaging");
  const yaml = await exported("export-yaml");
  expect(yaml.name).toMatch(/\.ya?ml$/);
  expect(yaml.text).toContain("LOG_LEVEL: debug");

  // A nested config cannot be a .env: a clear error, no file.
  await shell.open("/environments/qa");
  await page.getByTestId("export-env").click();
  await expect(page.getByTestId("export-error")).toContainText("/integration");
});

test("editing the pinned patterns changes what is promoted; a bad pattern is refused", async ({ page, shell }) => {
  await shell.open("/environments/qa");
  const pinned = page.getByTestId("pinned-patterns");
  const before = await pinned.inputValue();
  await pinned.fill(`${before}\n/bad/[`);
  await page.getByTestId("save-patterns").click();
  await expect(page.getByTestId("patterns-status")).toContainText("/bad/[");
  await shell.reload();
  expect((await storedWorkspace(page)).settings.patterns.pinned.join("\n")).toBe(before);

  await page.getByTestId("pinned-patterns").fill(`${before}\n**/retentionDays`);
  await page.getByTestId("save-patterns").click();
  await expect(page.getByTestId("patterns-status")).toHaveText("Patterns saved.");
  await shell.reload();
  const saved = await storedWorkspace(page);
  expect(saved.settings.patterns.pinned).toContain("**/retentionDays");
  // Patterns decide what reaches production: the change is audited.
  const guardEvent = saved.audit.filter((e) => e.action === "GuardChanged").at(-1);
  expect(guardEvent.comment).toContain("pinned: added `**/retentionDays`");
  // The banner's "Review and promote" opens the review, where the key is now pinned.
  await page.getByTestId("out-of-sync-banner").getByTestId("review-and-promote").click();
  await expect(page).toHaveURL(/\/promote\/development\/qa$/);
  const row = page.locator('[data-testid="promote-row"][data-path="/logging/retentionDays"]');
  await expect(row.getByTestId("pinned-badge")).toBeVisible();
  await expect(row.getByTestId("change-checkbox")).not.toBeChecked();
});

test("default secret patterns missing from the workspace are offered, added and saved", async ({ page, shell }) => {
  await shell.open("/environments/qa");
  const secret = page.getByTestId("secret-patterns");
  const lines = (await secret.inputValue()).split("\n");
  // A list from before "**/pin" and "**/salt" were defaults.
  const old = lines.filter((l) => l !== "**/pin" && l !== "**/salt");
  expect(old.length).toBe(lines.length - 2);
  await secret.fill(old.join("\n"));
  await page.getByTestId("save-patterns").click();
  await expect(page.getByTestId("patterns-status")).toHaveText("Patterns saved.");
  const offer = page.getByTestId("missing-default-secrets");
  await expect(offer).toContainText("2 newer default secret pattern(s)");
  await expect(offer).toContainText("**/pin");
  await page.getByTestId("add-default-secrets").click();
  await expect(offer).toHaveCount(0);
  await page.getByTestId("save-patterns").click();
  await expect(page.getByTestId("patterns-status")).toHaveText("Patterns saved.");
  await shell.reload();
  const stored = (await storedWorkspace(page)).settings.patterns.secret;
  expect(stored).toContain("**/pin");
  expect(stored).toContain("**/salt");
  await expect(page.getByTestId("missing-default-secrets")).toHaveCount(0);
});

test("a masked export imported again keeps the real secrets and says so", async ({ page, shell }) => {
  await shell.open("/environments/qa");
  const before = (await storedEnv(page, "qa")).config;
  // Export as JSON: masked by default.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const file = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(JSON.stringify(file)).toContain("••••••• ~");
  expect(JSON.stringify(file)).not.toContain("qa-erp-pass-37");
  // Change one setting, then import the file.
  file.integration.name = "Renamed in the file";
  await page.getByTestId("import-file").setInputFiles({ name: "qa.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file, null, 2)) });
  await expect(page.getByTestId("import-preview")).toBeVisible();
  // Only the real change is listed; the masked secrets are kept, by path.
  await expect(page.getByTestId("change-row")).toHaveCount(1);
  await expect(page.getByTestId("change-row")).toContainText("/integration/name");
  await expect(page.getByTestId("import-kept")).toContainText("kept (masked in the file)");
  await expect(page.getByTestId("import-kept-path").filter({ hasText: "/connections/erp/password" })).toHaveCount(1);
  await page.getByTestId("import-accept").click();
  await expect(page.getByTestId("import-done")).toContainText("Imported qa.json (1 change(s))");
  await shell.reload();
  const qa = await storedEnv(page, "qa");
  expect(qa.config.connections.erp.password).toBe(before.connections.erp.password);
  expect(qa.config.connections.erp.password).toBe("qa-erp-pass-37");
  expect(qa.config.integration.name).toBe("Renamed in the file");
  expect(JSON.stringify(qa.config)).not.toContain("•••");
});

test("a masked value for a key the environment does not have is refused with its path", async ({ page, shell }) => {
  await shell.open("/environments/qa");
  const file = { ...(await storedEnv(page, "qa")).config, newSecretToken: "••••••• ~AAAAAAAA" };
  await page.getByTestId("import-file").setInputFiles({ name: "qa.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId("import-error")).toContainText("/newSecretToken holds a masked value");
  await expect(page.getByTestId("import-preview")).toHaveCount(0);
  expect((await storedEnv(page, "qa")).version).toBe(1);
});

test("the editor shows secrets masked; saving keeps them, typing over a mask changes it", async ({ page, shell }) => {
  const env = new EnvironmentPage(page);
  await shell.open("/environments/production");
  await env.edit();
  await expect(page.getByTestId("editor-masked-note")).toBeVisible();
  const text = await env.editor.inputValue();
  // No secret in clear in the editor (nor in the DOM around it).
  expect(text).not.toContain("live-erp-pass-2f8c");
  expect(await page.content()).not.toContain("live-erp-pass-2f8c");
  expect(text).toMatch(/••••••• ~[A-Za-z0-9_-]{8}/);
  // An ordinary edit, masks left in place: the real secrets are kept.
  const before = await storedEnv(page, "production");
  await env.editor.fill(text.replace('"level": "warn"', '"level": "error"'));
  await env.save.click();
  await expect(page.getByTestId("saved-note")).toContainText(`Saved as version ${before.version + 1}`);
  await shell.reload();
  let prod = await storedEnv(page, "production");
  expect(prod.config.connections.erp.password).toBe("live-erp-pass-2f8c");
  expect(prod.config.logging.level).toBe("error");
  expect(JSON.stringify(prod.config)).not.toContain("•••");
  // Typing a new value over the mask changes that secret.
  await env.edit();
  const masked = await env.editor.inputValue();
  const mask = masked.match(/"password": "(••••••• ~[A-Za-z0-9_-]{8})"/)[1];
  await env.editor.fill(masked.replace(`"password": "${mask}"`, '"password": "rotated-secret-9"'));
  await env.save.click();
  await expect(page.getByTestId("saved-note")).toContainText("Saved as version");
  await shell.reload();
  prod = await storedEnv(page, "production");
  expect(JSON.stringify(prod.config)).toContain("rotated-secret-9");
  // Revealed, the editor opens in clear.
  await page.getByTestId("reveal-config").check();
  await env.edit();
  await expect(page.getByTestId("editor-masked-note")).toHaveCount(0);
  expect(await env.editor.inputValue()).toContain("rotated-secret-9");
});
