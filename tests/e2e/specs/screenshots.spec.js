// Saves screenshots of key screens to target/screenshots/ for review and
// for the README. Asserts only that the screens rendered.
import { test, expect } from "../fixtures.js";

const dir = "../../target/screenshots";

for (const scheme of ["light", "dark"]) {
  test(`dashboard, compare and promote screenshots (${scheme})`, async ({ page, shell }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: scheme });
    await shell.open("/compare/development/qa");
    await page.keyboard.press("j");
    await page.screenshot({ path: `${dir}/compare-structural-${scheme}.png` });
    await page.getByTestId("mode-text").click();
    await expect(page.getByTestId("text-row").first()).toBeVisible();
    await page.keyboard.press("j");
    await page.screenshot({ path: `${dir}/compare-text-${scheme}.png` });

    await shell.open("/promote/development/qa");
    await page.getByTestId("promote-comment").fill("Release 3.2.0 to QA");
    await page.screenshot({ path: `${dir}/promote-${scheme}.png`, fullPage: true });

    // A dashboard with some life in it: a go-live plan under way and a promotion.
    await page.getByTestId("execute").click();
    await expect(page.getByTestId("promote-success")).toBeVisible();
    await shell.open("/");
    await page.getByTestId("start-checklist").click();
    await expect(page.getByTestId("countdown")).toBeVisible();
    for (const code of ["GEN-01", "GEN-02", "INF-01"]) {
      await page.locator(`[data-testid="item"][data-code="${code}"] [data-testid="item-status"]`).selectOption({ label: "Done" });
    }
    await shell.open("/");
    await expect(page.getByTestId("pipeline-env")).toHaveCount(3);
    await expect(page.getByTestId("activity-item")).toHaveCount(1);
    await page.screenshot({ path: `${dir}/dashboard-${scheme}.png`, fullPage: true });
  });
}

test("environment page screenshot (narrow)", async ({ page, shell }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await shell.open("/environments/qa");
  await expect(page.getByTestId("environment-name")).toHaveText("QA");
  await page.screenshot({ path: `${dir}/environment-narrow.png` });
});
