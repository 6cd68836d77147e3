// axe-core on the compare and promote pages (and the other main pages),
// in both themes: no serious or critical violations.
import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "../fixtures.js";

const pages = [
  ["compare (structural)", "/compare/development/qa", null],
  ["compare (text)", "/compare/development/qa", "mode-text"],
  ["promote", "/promote/development/qa", null],
  ["dashboard", "/", null],
  ["environment", "/environments/qa", null],
  ["history", "/history", null],
  ["drift", "/drift", null],
];

for (const scheme of ["light", "dark"]) {
  for (const [name, path, click] of pages) {
    test(`axe: ${name} in the ${scheme} theme`, async ({ page, shell }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await shell.open(path);
      if (click) await page.getByTestId(click).click();
      await page.waitForTimeout(200);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const bad = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      expect(bad).toEqual([]);
    });
  }
}
