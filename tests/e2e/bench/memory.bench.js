// Browser benchmark for memory: parse + diff of the two 50k-leaf documents
// of the native memory bench, in the app's own wasm heap. The peak is the
// growth of linear memory once the allocator's free space is taken (see
// src/heap_probe.rs). Figures go to stdout and target/bench/browser-memory.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { test, expect } from "@playwright/test";

test("peak memory of parse + diff", async ({ page }) => {
  await page.goto("/bench");
  await page.getByTestId("bench-memory-run").click();
  const result = page.getByTestId("bench-memory-result");
  await expect(result).toBeVisible({ timeout: 120_000 });
  const n = async (attr) => Number(await result.getAttribute(`data-${attr}`));
  const row = {
    inputBytes: await n("input"),
    peakBytes: await n("peak"),
    changes: await n("changes"),
    heapBeforeBytes: await n("heap-before"),
    balloonBytes: await n("balloon"),
    parseAndDiffMs: await n("ms"),
  };
  row.peakTimesInput = Math.round((row.peakBytes / row.inputBytes) * 100) / 100;
  console.log(JSON.stringify(row));
  mkdirSync("../../target/bench", { recursive: true });
  writeFileSync("../../target/bench/browser-memory.json", JSON.stringify(row, null, 2) + "\n");
  expect(row.changes).toBeGreaterThan(0);
});
