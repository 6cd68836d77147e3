import { clearStored, simulateQuota } from "../stored.js";
// Issue 2: the app shell, first run, routing, persistence, recovery, theme.
import { readFile } from "node:fs/promises";
import { test, expect } from "../fixtures.js";
import { WORKSPACE_KEY } from "../pages/app-shell.js";

test("the app loads the demo workspace on first run", async ({ page, shell }) => {
  await shell.open("/");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  const envs = page.getByTestId("pipeline-env");
  await expect(envs).toHaveCount(3);
  await expect(envs.nth(0)).toContainText("Development");
  await expect(envs.nth(1)).toContainText("QA");
  await expect(envs.nth(2)).toContainText("Production");
  const stored = await shell.storedWorkspace();
  expect(stored.schema_version).toBe(2);
  expect(stored.environments.map((e) => e.name)).toEqual(["Development", "QA", "Production"]);
  await expect(page.getByTestId("no-activity")).toBeVisible();

  // From the empty dashboard, one click starts the go-live plan eight weeks out.
  await expect(page.getByTestId("no-checklists")).toBeVisible();
  await page.getByTestId("start-checklist").click();
  await expect(page).toHaveURL(/\/checklists\/checklist-\d+$/);
  await expect(page.getByTestId("countdown")).toHaveText("56 days to go-live");
  await shell.reload();
  await expect(page.getByTestId("checklist-name")).toHaveText("Go-live preparation");
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("readiness-percent")).toHaveText("0%");
  await expect(page.getByTestId("gate-status")).toHaveText("Production is not gated: no gating checklist chosen");
  expect((await shell.storedWorkspace()).checklists).toHaveLength(1);
});

test("every route is reachable from the navigation", async ({ page, shell }) => {
  await shell.open("/");
  const routes = [
    ["Environments", /\/environments$/, "Environments"],
    ["Compare", /\/compare\/development\/qa$/, "Development → QA"],
    ["Drift", /\/drift$/, "Drift"],
    ["Checklists", /\/checklists$/, "Checklists"],
    ["History", /\/history$/, "History"],
    ["Approve", /\/approve$/, "Approve a change set"],
    ["Settings", /\/settings$/, "Settings"],
    ["Dashboard", /\/$/, "Dashboard"],
  ];
  for (const [link, url, heading] of routes) {
    await shell.navLink(link).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(shell.navLink(link)).toHaveAttribute("aria-current", "page");
  }
  // Environment pages are reached from the pipeline strip.
  await page.getByTestId("pipeline-env").filter({ hasText: "QA" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/environments\/qa$/);
  await expect(page.getByTestId("environment-name")).toHaveText("QA");
});

test("a deep link survives a reload", async ({ page, shell }) => {
  await shell.open("/environments/production");
  await expect(page.getByTestId("environment-name")).toHaveText("Production");
  await shell.reload();
  await expect(page).toHaveURL(/\/environments\/production$/);
  await expect(page.getByTestId("environment-name")).toHaveText("Production");
  await expect(page.getByTestId("config-view")).toContainText("pg-primary.prod.internal");
  await shell.open("/no/such/page");
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("a change saved on one page is still there after a reload", async ({ page, shell }) => {
  await shell.open("/settings");
  const name = page.getByTestId("display-name");
  await name.fill("Grace Hopper");
  await name.press("Enter");
  await name.blur();
  await expect.poll(async () => (await shell.storedWorkspace()).settings.display_name).toBe("Grace Hopper");
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Grace Hopper");
  // An empty name is refused and the last good one kept.
  await page.getByTestId("display-name").fill("   ");
  await page.getByTestId("display-name").blur();
  await expect(page.getByRole("alert")).toContainText("Enter a name");
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Grace Hopper");
});

test("corrupted storage shows the recovery banner and the damaged data can be downloaded", async ({ page, shell }) => {
  await shell.open("/");
  const damaged = '{"schema_version": 2, "environments": [ {"id": "dev", oops';
  // An older build left a damaged document in localStorage, and there is no
  // database yet.
  await clearStored(page);
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [WORKSPACE_KEY, damaged]);
  await shell.reload();
  await expect(shell.recoveryBanner).toBeVisible();
  await expect(shell.recoveryBanner).toContainText("could not be read");
  await expect(shell.recoveryBanner).toContainText("line 1");
  // The app started clean.
  await expect(page.getByTestId("no-environments")).toBeVisible();
  // The original text is kept under a backup key...
  const keys = await shell.storageKeys();
  const backupKey = keys.find((k) => k.startsWith(`${WORKSPACE_KEY}.damaged.`));
  expect(backupKey).toBeTruthy();
  expect(await page.evaluate((k) => localStorage.getItem(k), backupKey)).toBe(damaged);
  // ...and can be downloaded as it was.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("download-damaged").click(),
  ]);
  expect(download.suggestedFilename()).toBe("preflight-damaged-workspace.json");
  expect(await readFile(await download.path(), "utf8")).toBe(damaged);
  // The clean workspace is now the stored one, and a reload no longer warns.
  await shell.reload();
  await expect(shell.recoveryBanner).toHaveCount(0);
  expect(await page.evaluate((k) => localStorage.getItem(k), backupKey)).toBe(damaged);
});

test("when the damaged data cannot be copied, nothing is saved over it until it is downloaded", async ({ page, shell }) => {
  await shell.open("/");
  // A large damaged document and a nearly full storage: no room for a copy.
  const damaged = '{"schema_version": 2, "environments": [' + " ".repeat(1_500_000) + "oops";
  await clearStored(page);
  await page.evaluate(([key, text]) => {
    localStorage.clear();
    localStorage.setItem(key, text);
    const chunk = "x".repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try { localStorage.setItem(`filler.${i}`, chunk); } catch { break; }
    }
  }, [WORKSPACE_KEY, damaged]);
  await shell.reload();
  await expect(shell.recoveryBanner).toContainText("could not be copied");
  // A change made now is not written over the damaged text.
  await shell.navLink("Settings").click();
  await page.getByTestId("display-name").fill("Grace Hopper");
  await page.getByTestId("display-name").blur();
  expect(await page.evaluate((k) => localStorage.getItem(k), WORKSPACE_KEY)).toBe(damaged);
  // Downloading it turns saving back on, and the change is saved.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-damaged").click()]);
  expect(await readFile(await download.path(), "utf8")).toBe(damaged);
  await expect(page.getByTestId("saving-resumed")).toBeVisible();
  await expect.poll(async () => (await shell.storedWorkspace())?.settings?.display_name).toBe("Grace Hopper");
  await shell.reload();
  await expect(shell.recoveryBanner).toHaveCount(0);
  await expect(page.getByTestId("display-name")).toHaveValue("Grace Hopper");
});

test("the dark theme toggle persists", async ({ page, shell }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await shell.open("/");
  const html = page.locator("html");
  await expect(html).not.toHaveAttribute("data-theme", /.*/);
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await shell.themeToggle.click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(shell.themeToggle).toHaveAttribute("aria-pressed", "true");
  const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBg).not.toBe(lightBg);
  await shell.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  expect((await shell.storedWorkspace()).settings.theme).toBe("Dark");
  await shell.themeToggle.click();
  await expect(html).toHaveAttribute("data-theme", "light");
});

test("a full disk undoes the change, says so, and keeps the stored state intact", async ({ page, shell }) => {
  await shell.open("/settings");
  const before = await shell.storedWorkspace();
  await simulateQuota(page, 2_000);
  await page.getByTestId("display-name").fill("A much longer display name that no longer fits ".repeat(100));
  await page.getByTestId("display-name").blur();
  const banner = page.getByTestId("save-error-banner");
  await expect(banner).toContainText("storage is full");
  await expect(banner).toContainText("undone");
  await expect(page.getByTestId("display-name")).toHaveValue("Release manager");
  expect(await shell.storedWorkspace()).toEqual(before);
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Release manager");
});

test("with storage blocked the app works in memory and says so", async ({ page, shell }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException("The operation is insecure.", "SecurityError");
    };
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await shell.open("/settings");
  await expect(page.getByTestId("storage-unavailable-banner")).toContainText("Working in memory only");
  await page.getByTestId("display-name").fill("Only in this tab");
  await page.getByTestId("display-name").blur();
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(3);
  await shell.navLink("Settings").click();
  await expect(page.getByTestId("display-name")).toHaveValue("Only in this tab");
  await expect(page.getByTestId("save-error-banner")).toHaveCount(0);
});

test("the build ships _headers: the page's own CSP plus frame-ancestors 'none', for hosts that read it", async ({ page }) => {
  const html = await readFile(new URL("../../../dist/index.html", import.meta.url), "utf8");
  const headers = await readFile(new URL("../../../dist/_headers", import.meta.url), "utf8");
  const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)[1];
  const header = headers.match(/^\s+Content-Security-Policy: (.+)$/m)[1];
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  expect(headers).toMatch(/^\/\*$/m);
  expect(headers).toMatch(/^\s+X-Frame-Options: DENY$/m);
  // It is part of what gets deployed (served as a plain file here).
  const res = await page.request.get("/_headers");
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("frame-ancestors 'none'");
});
