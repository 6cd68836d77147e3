// Browser benchmark for the IndexedDB store (issue "History that fits"):
// three environments of about 50k leaves, then promotions of 10% of the
// leaves from Development into QA, each through the UI. Per promotion: the
// main-thread time of the save (planning the commit: hashing and records;
// then issuing the puts, which converts and clones every record), the
// commit itself, and the growth of the browser's storage estimate against
// the bytes of the changed leaves. Then a cold load to the dashboard and
// the history page. Two sizes: the (50k leaves, about 1.6 MB each,
// short URLs) and a heavier one (long URLs, about 5.6 MB each). Figures go
// to stdout and target/bench/storage.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { test, expect } from "@playwright/test";
import { largeConfig, mutated } from "../large.js";

const ROUNDS = Number(process.env.STORAGE_BENCH_ROUNDS || 10);

async function importConfig(page, env, name, config) {
  await page.goto(`/environments/${env}`);
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(config)) });
  await expect(page.getByTestId("import-preview")).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("import-accept").click();
  await expect(page.getByTestId("import-done")).toBeVisible({ timeout: 60_000 });
}

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage);
const lastMeasure = (page, a, b) => page.evaluate(([a, b]) => {
  const end = performance.getEntriesByName(b).at(-1);
  const start = performance.getEntriesByName(a).filter((e) => e.startTime <= end.startTime).at(-1);
  return end.startTime - start.startTime;
}, [a, b]);

const SIZES = [
  { name: "50k leaves, 1.6 MB", urlLen: "short" },
  { name: "50k leaves, 5.6 MB", urlLen: 80 },
];
const summaries = {};

for (const size of SIZES) test(`storage: three environments of ${size.name} and promotions of 10%`, async ({ page }) => {
  test.setTimeout(1_800_000);
  let dev = largeConfig(50_000, 7, size.urlLen);
  await page.goto("/");
  await importConfig(page, "development", "dev.json", dev);
  await importConfig(page, "qa", "qa.json", largeConfig(50_000, 7, size.urlLen));
  await importConfig(page, "production", "prod.json", largeConfig(50_000, 7, size.urlLen));
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const next = mutated(dev, round);
    dev = next.config;
    await importConfig(page, "development", `dev-${round}.json`, dev);
    await page.goto("/promote/development/qa");
    await expect(page.getByTestId("execute")).toBeEnabled({ timeout: 120_000 });
    const before = await usage(page);
    await page.getByTestId("execute").click();
    await expect(page.getByTestId("promote-success")).toBeVisible({ timeout: 120_000 });
    // The estimate is updated lazily; give it a moment.
    await page.waitForTimeout(300);
    const grown = (await usage(page)) - before;
    const row = {
      round,
      changedBytes: next.bytes,
      planMs: Math.round(await lastMeasure(page, "store:plan-start", "store:planned")),
      stagingMs: Math.round(await lastMeasure(page, "store:staging", "store:staged")),
      commitMs: Math.round(await lastMeasure(page, "store:planned", "store:committed")),
      storageGrowth: grown,
      growthRatio: Number((grown / next.bytes).toFixed(2)),
    };
    row.saveMainThreadMs = row.planMs + row.stagingMs;
    rounds.push(row);
    console.log(JSON.stringify(row));
  }
  // Cold load: a new navigation, to the dashboard's pipeline.
  await page.goto("/");
  await expect(page.getByTestId("pipeline-env")).toHaveCount(3, { timeout: 60_000 });
  const coldLoadMs = Math.round(await page.evaluate(() => performance.getEntriesByName("store:loaded").at(-1).startTime));
  const t0 = Date.now();
  await page.getByRole("link", { name: "History", exact: true }).first().click();
  await expect(page.getByTestId("history-snapshot-row").first()).toBeVisible({ timeout: 60_000 });
  const historyMs = Date.now() - t0;
  const saves = rounds.map((r) => r.saveMainThreadMs).sort((a, b) => a - b);
  const medianSaveMs = saves[Math.floor(saves.length / 2)];
  const summary = { rounds, medianSaveMs, maxSaveMs: saves.at(-1), coldLoadMs, historyMs, usage: await usage(page) };
  console.log(JSON.stringify({ size: size.name, medianSaveMs, maxSaveMs: saves.at(-1), coldLoadMs, historyMs }));
  summaries[size.name] = summary;
  mkdirSync("../../target/bench", { recursive: true });
  writeFileSync("../../target/bench/storage.json", JSON.stringify(summaries, null, 2) + "\n");
});
