// Saves screenshots of key screens to target/screenshots/ for review and
// for the README. Asserts only that the screens rendered.
import { test, expect } from "../fixtures.js";

const dir = "../../target/screenshots";

for (const scheme of ["light", "dark"]) {
  test(`dashboard, compare and promote screenshots (${scheme})`, async ({ page, shell }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: scheme });
    await shell.open("/");
    await expect(page.getByTestId("pipeline-env")).toHaveCount(3);
    await page.screenshot({ path: `${dir}/dashboard-${scheme}.png`, fullPage: true });

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
  });
}

test("environment page screenshot (narrow)", async ({ page, shell }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await shell.open("/environments/qa");
  await expect(page.getByTestId("environment-name")).toHaveText("QA");
  await page.screenshot({ path: `${dir}/environment-narrow.png` });
});
