// Issue 6: several tabs. An edit in one tab appears in the other, and a
// write that would overwrite another tab's newer write is stopped and the
// user is told.
import { test, expect } from "../fixtures.js";
import { storedWorkspace } from "../pages/environments.js";

test("an edit in one tab appears in the other", async ({ page, context, shell }) => {
  await shell.open("/settings");
  const other = await context.newPage();
  await other.goto("/settings");
  await expect(other.getByTestId("display-name")).toHaveValue("Release manager");

  await page.getByTestId("display-name").fill("Margaret Hamilton");
  await page.getByTestId("display-name").blur();
  await expect(other.getByTestId("display-name")).toHaveValue("Margaret Hamilton");

  // And back the other way, on another page of the app.
  await other.goto("/environments");
  await other.getByTestId("new-env-name").fill("Staging");
  await other.getByTestId("add-env").click();
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(4);
  await other.close();
});

test("a conflicting write is detected and the user chooses", async ({ page, shell }) => {
  await shell.open("/settings");
  // Another tab writes a newer revision (a write in this page fires no
  // storage event here, exactly like a tab whose event is still on its way).
  await page.evaluate(() => {
    const ws = JSON.parse(localStorage.getItem("preflight.workspace"));
    ws.settings.display_name = "Written elsewhere";
    ws.revision += 5;
    localStorage.setItem("preflight.workspace", JSON.stringify(ws));
  });
  await page.getByTestId("display-name").fill("Written here");
  await page.getByTestId("display-name").blur();
  const banner = page.getByTestId("tab-conflict-banner");
  await expect(banner).toContainText("Changed in another tab");
  expect((await storedWorkspace(page)).settings.display_name).toBe("Written elsewhere");

  await banner.getByTestId("keep-mine").click();
  await expect(banner).toHaveCount(0);
  expect((await storedWorkspace(page)).settings.display_name).toBe("Written here");

  // The other way: load their version.
  await page.evaluate(() => {
    const ws = JSON.parse(localStorage.getItem("preflight.workspace"));
    ws.settings.display_name = "Theirs again";
    ws.revision += 5;
    localStorage.setItem("preflight.workspace", JSON.stringify(ws));
  });
  await page.getByTestId("display-name").fill("Mine again");
  await page.getByTestId("display-name").blur();
  await expect(banner).toBeVisible();
  await banner.getByTestId("take-theirs").click();
  await expect(page.getByTestId("display-name")).toHaveValue("Theirs again");
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Theirs again");
});

test("two real tabs: a tab holding an unsaved change is told when the other one saves", async ({ page, context, shell }) => {
  await shell.open("/settings");
  const other = await context.newPage();
  await other.goto("/environments");
  await expect(other.getByTestId("env-row")).toHaveCount(3);
  // Nearly fill the origin's storage: a small write still fits, a large one does not.
  await page.evaluate(() => {
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; ; i++) {
      try { localStorage.setItem(`filler.${i}`, chunk); } catch { break; }
    }
    for (let i = 0; i < 3; i++) localStorage.removeItem(`filler.${i}`);
  });
  // This tab's change cannot be saved: it stays here, unsaved.
  await page.getByTestId("display-name").fill("A name far too long to store ".repeat(20_000));
  await page.getByTestId("display-name").blur();
  await expect(page.getByTestId("save-error-banner")).toBeVisible();
  // The other tab saves a small change meanwhile.
  await other.getByTestId("new-env-name").fill("Staging");
  await other.getByTestId("add-env").click();
  await expect.poll(async () => (await storedWorkspace(other)).environments.length).toBe(4);
  // This tab is told instead of silently taking or overwriting it.
  const banner = page.getByTestId("tab-conflict-banner");
  await expect(banner).toContainText("Changed in another tab");
  await banner.getByTestId("take-theirs").click();
  await expect(banner).toHaveCount(0);
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(4);
  await other.close();
});
