// Issue 6: several tabs. An edit in one tab appears in the other, and a
// write that would overwrite another tab's newer write is stopped and the
// user is told.
import { test, expect } from "../fixtures.js";
import { storedWorkspace } from "../pages/environments.js";
import { simulateQuota, writeStored } from "../stored.js";

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
  await writeStored(page, (ws) => {
    ws.settings.display_name = "Written elsewhere";
  }, { bump: 5 });
  await page.getByTestId("display-name").fill("Written here");
  await page.getByTestId("display-name").blur();
  const banner = page.getByTestId("tab-conflict-banner");
  await expect(banner).toContainText("Changed in another tab");
  expect((await storedWorkspace(page)).settings.display_name).toBe("Written elsewhere");

  await banner.getByTestId("keep-mine").click();
  await expect(banner).toHaveCount(0);
  expect((await storedWorkspace(page)).settings.display_name).toBe("Written here");

  // The other way: load their version.
  await writeStored(page, (ws) => {
    ws.settings.display_name = "Theirs again";
  }, { bump: 5 });
  await page.getByTestId("display-name").fill("Mine again");
  await page.getByTestId("display-name").blur();
  await expect(banner).toBeVisible();
  await banner.getByTestId("take-theirs").click();
  await expect(page.getByTestId("display-name")).toHaveValue("Theirs again");
  await shell.reload();
  await expect(page.getByTestId("display-name")).toHaveValue("Theirs again");
});

test("two real tabs: a change that could not be stored is undone, and the other tab's save arrives", async ({ page, context, shell }) => {
  await shell.open("/settings");
  const other = await context.newPage();
  await other.goto("/environments");
  await expect(other.getByTestId("env-row")).toHaveCount(3);
  // This page's database refuses large values, as a full disk would.
  await simulateQuota(page, 100_000);
  await page.getByTestId("display-name").fill("A name far too long to store ".repeat(20_000));
  await page.getByTestId("display-name").blur();
  const error = page.getByTestId("save-error-banner");
  await expect(error).toContainText("storage is full");
  await expect(error).toContainText("undone");
  await expect(page.getByTestId("display-name")).toHaveValue("Release manager");
  // The other tab saves a small change meanwhile; it arrives here.
  await other.getByTestId("new-env-name").fill("Staging");
  await other.getByTestId("add-env").click();
  await expect.poll(async () => (await storedWorkspace(other)).environments.length).toBe(4);
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(4);
  expect((await storedWorkspace(page)).settings.display_name).toBe("Release manager");
  await other.close();
});
