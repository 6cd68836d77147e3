// Shared test fixtures: every test fails on a console error, an uncaught
// exception or a Content-Security-Policy violation, and gets page objects.
import { test as base, expect } from "@playwright/test";
import { AppShell } from "./pages/app-shell.js";

export const test = base.extend({
  problems: [
    async ({ page }, use) => {
      const problems = [];
      // A static host answers a deep link with 404.html and the status 404
      // (GitHub Pages does, and so does serve.mjs): the browser logs that
      // for the page itself. Only that 404 is expected; any other is not.
      // The page's address may carry a #fragment, which is never sent.
      const notFoundPages = new Set();
      const noFragment = (url) => url.split("#")[0];
      page.on("response", (res) => {
        if (res.status() === 404 && res.request().isNavigationRequest()) notFoundPages.add(noFragment(res.url()));
      });
      const pageNotFound = (msg) =>
        msg.text().includes("status of 404") && notFoundPages.has(noFragment(msg.location().url));
      page.on("console", (msg) => {
        if (msg.type() === "error" && !pageNotFound(msg)) problems.push(`console: ${msg.text()}`);
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
