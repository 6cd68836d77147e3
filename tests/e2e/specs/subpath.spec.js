// Issue 6, item 8: a release built with --public-url /some/sub/path/
// (make build-subpath, into dist-subpath/) served from that sub-path by a
// plain static server: navigation, deep links, share links, offline.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { test, expect } from "../fixtures.js";
import { startServer } from "../static-server.js";

const DIST = resolve("../../dist-subpath");
const BASE = "/some/sub/path/";

let server;
test.beforeAll(async () => {
  if (!existsSync(resolve(DIST, "index.html"))) {
    throw new Error("dist-subpath/ is missing: run 'make build-subpath' first");
  }
  server = await startServer(DIST, BASE);
});
test.afterAll(async () => {
  await server?.stop();
});

test("the app loads at the sub-path and every link stays under it", async ({ page, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(shell.navLink("Dashboard")).toHaveAttribute("aria-current", "page");
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  for (const href of hrefs.filter((h) => h.startsWith("/"))) {
    expect(href.startsWith(BASE) || `${href}/` === BASE, href).toBe(true);
  }
  const routes = [
    ["Environments", "environments", "Environments"],
    ["Compare", "compare/development/qa", "Development → QA"],
    ["Drift", "drift", "Drift"],
    ["History", "history", "History"],
    ["Approve", "approve", "Approve a change set"],
    ["Settings", "settings", "Settings"],
    ["Dashboard", "", "Dashboard"],
  ];
  for (const [link, path, heading] of routes) {
    await shell.navLink(link).click();
    await expect(page).toHaveURL(`${server.url}${path}`);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(shell.navLink(link)).toHaveAttribute("aria-current", "page");
  }
  await page.getByTestId("pipeline-env").filter({ hasText: "QA" }).getByRole("link").click();
  await expect(page).toHaveURL(`${server.url}environments/qa`);
  await expect(page.getByTestId("environment-name")).toHaveText("QA");
  // The skip link moves focus without leaving the page.
  await page.keyboard.press("Tab");
  await page.getByRole("link", { name: "Skip to content" }).press("Enter");
  await expect(page).toHaveURL(`${server.url}environments/qa`);
});

test("a deep link loads and survives a reload (404.html fallback)", async ({ page, shell }) => {
  const response = await page.goto(`${server.url}environments/production`);
  // The static server answered an unknown path with 404.html, as GitHub Pages does.
  expect(response.status()).toBe(404);
  await shell.ready();
  await expect(page.getByTestId("environment-name")).toHaveText("Production");
  await shell.reload();
  await expect(page).toHaveURL(`${server.url}environments/production`);
  await expect(page.getByTestId("environment-name")).toHaveText("Production");
  await shell.open(`${server.url}no/such/page`);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.getByRole("link", { name: "Back to the dashboard" }).click();
  await expect(page).toHaveURL(server.url);
});

test("approve links work as a deep link and from the root", async ({ page, shell }) => {
  await shell.open(`${server.url}approve`);
  await expect(page.getByRole("heading", { name: "Approve a change set", level: 1 })).toBeVisible();
  // A share link at the root (works on hosts without a 404 page) keeps its
  // fragment and lands on the approve page.
  await shell.open(`${server.url}?to=/approve#v1.payload`);
  await expect(page).toHaveURL(`${server.url}approve#v1.payload`);
  await expect(page.getByRole("heading", { name: "Approve a change set", level: 1 })).toBeVisible();
  await shell.open(`${server.url}#approve=v1.other`);
  await expect(page).toHaveURL(`${server.url}approve#v1.other`);
  await expect(page.getByRole("heading", { name: "Approve a change set", level: 1 })).toBeVisible();
  // Never anywhere else.
  await shell.open(`${server.url}?to=//example.com/`);
  await expect(page).toHaveURL(`${server.url}?to=//example.com/`);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
});

test("an approval link made under the sub-path opens the request, also as a deep link", async ({ page, browser, shell }) => {
  await shell.open(`${server.url}promote/qa/production`);
  await page.getByTestId("promote-comment").fill("Release 3.1.4");
  await page.getByTestId("request-approval").click();
  const link = await page.getByTestId("request-link").inputValue();
  // The share link points at the root of the app, which every static host serves.
  expect(link.startsWith(`${server.url}?to=/approve#r=`), link).toBe(true);
  const payload = link.split("#")[1];
  // A stakeholder opens it in a fresh browser with empty storage.
  const other = await browser.newContext();
  try {
    const approver = await other.newPage();
    await approver.goto(link);
    await expect(approver).toHaveURL(`${server.url}approve#${payload}`);
    await expect(approver.getByTestId("approval-request")).toContainText("QA → Production");
    // The same payload on the deep path (hosts with a 404 page).
    await approver.goto(`${server.url}approve#${payload}`);
    await expect(approver.getByTestId("approval-request")).toContainText("QA → Production");
  } finally {
    await other.close();
  }
});

test("the service worker's scope is the sub-path, and it works offline there", async ({ page, context, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(server.url);
  await page.evaluate(async () => {
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.goto(`${server.url}history`);
  await expect(page.getByRole("heading", { name: "History", level: 1 })).toBeVisible();
  await context.setOffline(false);
});
