// Shared test fixtures: every test fails on a console error, an uncaught
// exception or a Content-Security-Policy violation, and gets page objects.
import { test as base, expect } from "@playwright/test";
import { AppShell } from "./pages/app-shell.js";

export const test = base.extend({
  problems: [
    async ({ page }, use) => {
      const problems = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
      });
      page.on("pageerror", (err) => problems.push(`exception: ${err.message}`));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await use(problems);
      expect(problems, "console errors, exceptions or CSP violations").toEqual([]);
    },
    { auto: true },
  ],
  shell: async ({ page }, use) => {
    await use(new AppShell(page));
  },
});

export { expect };
