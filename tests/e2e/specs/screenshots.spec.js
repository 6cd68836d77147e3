// Saves screenshots of key screens to target/screenshots/ for review and
// for the README. Asserts only that the screens rendered.
import { test, expect } from "../fixtures.js";

const dir = "../../target/screenshots";

for (const scheme of ["light", "dark"]) {
  test(`dashboard screenshot (${scheme})`, async ({ page, shell }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await shell.open("/");
    await expect(page.getByTestId("pipeline-env")).toHaveCount(3);
    await page.screenshot({ path: `${dir}/dashboard-${scheme}.png`, fullPage: true });
  });
}

test("environment page screenshot (narrow)", async ({ page, shell }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await shell.open("/environments/qa");
  await expect(page.getByTestId("environment-name")).toHaveText("QA");
  await page.screenshot({ path: `${dir}/environment-narrow.png` });
});
