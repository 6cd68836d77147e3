// Issue 6, item 7: the app works offline after its first load, and a new
// release is picked up on the next load with the user told.
//
// Each test serves its own copy of dist/ with serve.mjs, so it can stop the
// host (a truly unreachable server, besides context.setOffline) or change
// the copy into a "new release".
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test, expect } from "../fixtures.js";
import { startServer } from "../static-server.js";

const DIST = resolve("../../dist");

let dir;
let server;
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "preflight-dist-"));
  await cp(DIST, dir, { recursive: true });
  server = await startServer(dir, "/");
});
test.afterEach(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Waits until a service worker controls the page. */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener("controllerchange", done, { once: true }));
    }
  });
}

/** Pretends a new release was deployed: a new build id in index.html and sw.js. */
async function deployNewBuild(root) {
  const index = await readFile(join(root, "index.html"), "utf8");
  const old = index.match(/<meta name="preflight-build" content="([0-9a-f]+)"/)[1];
  const next = "feedface" + old.slice(8);
  for (const name of ["index.html", "404.html", "sw.js"]) {
    const text = await readFile(join(root, name), "utf8");
    await writeFile(join(root, name), text.replaceAll(old, next));
  }
  return { old, next };
}

test("after the first load the app works offline, with its data and deep links", async ({ page, context, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  await controlled(page);
  // Data of this browser, saved before going offline.
  await shell.navLink("Settings").click();
  await page.getByTestId("display-name").fill("Offline Olga");
  await page.getByTestId("display-name").blur();
  await expect.poll(async () => (await shell.storedWorkspace()).settings.display_name).toBe("Offline Olga");

  // The host goes away, and the browser is offline too.
  await server.stop();
  await context.setOffline(true);

  const response = await page.reload();
  expect(response.fromServiceWorker()).toBe(true);
  await shell.ready();
  await expect(page.getByTestId("display-name")).toHaveValue("Offline Olga");

  // A deep link opened offline: the cached app routes it.
  const deep = await page.goto(`${server.url}environments/production`);
  expect(deep.fromServiceWorker()).toBe(true);
  await expect(page.getByTestId("environment-name")).toHaveText("Production");
  await expect(page.getByTestId("config-view")).toContainText("pg-primary.prod.internal");
  // Navigation inside the app works too.
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("pipeline-env")).toHaveCount(3);
  await context.setOffline(false);
});

test("the service worker precaches the build and installs the manifest", async ({ page, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  await controlled(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    const res = await fetch(link.href);
    return { href: link.href, type: res.headers.get("content-type"), body: await res.json() };
  });
  expect(manifest.href).toBe(`${server.url}manifest.webmanifest`);
  expect(manifest.body.name).toBe("Preflight");
  expect(manifest.body.start_url).toBe("./");
  expect(manifest.body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname).sort() };
  });
  expect(cached.names).toHaveLength(1);
  const paths = cached.urls;
  for (const expected of [/^\/index\.html$/, /^\/loader-[0-9a-f]+\.js$/, /^\/preflight-[0-9a-f]+\.js$/, /^\/preflight-[0-9a-f]+_bg\.wasm$/,
    /^\/main-[0-9a-f]+\.css$/, /^\/offline-[0-9a-f]+\.css$/, /^\/manifest\.webmanifest$/, /^\/icons\/icon-192\.png$/]) {
    expect(paths.some((p) => expected.test(p)), `${expected} in ${paths.join(", ")}`).toBe(true);
  }
  expect(paths).not.toContain("/sw.js");
  expect(paths).not.toContain("/404.html");
});

test("a new release is picked up on the next load, the user is told, and old caches go", async ({ page, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  await controlled(page);
  await expect(page.getByTestId("update-banner")).toHaveCount(0);
  const { old, next } = await deployNewBuild(dir);

  await page.reload();
  await shell.ready();
  await expect(page.getByTestId("update-banner")).toContainText("Preflight was updated");
  await expect(page.getByTestId("update-banner")).toContainText(`${old.slice(0, 8)} → ${next.slice(0, 8)}`);
  // The new worker takes over and removes the previous build's cache.
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).map((n) => n.split(" ").at(-1))))
    .toEqual([next]);
  await page.getByTestId("update-dismiss").click();
  await expect(page.getByTestId("update-banner")).toHaveCount(0);
  await page.reload();
  await shell.ready();
  await expect(page.getByTestId("update-banner")).toHaveCount(0);
});

test("a release installed while the page is open offers a reload", async ({ page, shell }) => {
  await page.goto(server.url);
  await shell.ready();
  await controlled(page);
  const { next } = await deployNewBuild(dir);
  // The browser checks for a new worker (it does so on loads and now and then).
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await expect(page.getByTestId("update-ready-banner")).toContainText("A new version of Preflight is ready");
  await page.getByTestId("update-reload").click();
  await shell.ready();
  await expect(page.getByTestId("update-banner")).toContainText(next.slice(0, 8));
});
