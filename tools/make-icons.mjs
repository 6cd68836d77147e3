// Renders the app icon (assets/favicon.svg) into the PNGs the web app
// manifest lists, with Debian's Chromium through Playwright. Run it after
// changing the icon, and commit the PNGs:
//
//   node tools/make-icons.mjs        (from the repository root)
//
// The maskable icon fills the whole square with the brand colour and keeps
// the mark inside the central safe zone, as platforms crop it to a circle.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "tests/e2e/package.json"));
const { chromium } = require("@playwright/test");

const svg = readFileSync("assets/favicon.svg", "utf8");
const mark = svg.match(/<path[^>]*\/>/)?.[0];
if (!mark) throw new Error("assets/favicon.svg: no <path/> found for the maskable icon");
const maskable =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#2f5bea"/>' +
  `<g transform="translate(16 16) scale(0.62) translate(-16 -17)">${mark}</g></svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage();
for (const [name, source, size] of [
  ["icon-192.png", svg, 192],
  ["icon-512.png", svg, 512],
  ["icon-maskable-512.png", maskable, 512],
]) {
  await page.setViewportSize({ width: size, height: size });
  const data = Buffer.from(source).toString("base64");
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}img{display:block;width:${size}px;height:${size}px}</style>` +
      `<img src="data:image/svg+xml;base64,${data}">`,
  );
  await page.locator("img").screenshot({ path: join("assets/icons", name), omitBackground: true });
  console.log(`assets/icons/${name}`);
}
await browser.close();
