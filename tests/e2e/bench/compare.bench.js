// Browser benchmark for large diffs: time to open a 5k- and a 50k-change
// comparison (structural and text views), and the longest main-thread task
// while scrolling. Figures go to stdout and target/bench/browser.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { test, expect } from "@playwright/test";

const results = [];

async function scrollThrough(page, testid) {
  return page.evaluate(async (id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const tasks = [];
    const obs = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    obs.observe({ type: "longtask" });
    const frames = [];
    let last = performance.now();
    const steps = 120;
    const max = el.scrollHeight - el.clientHeight;
    for (let i = 1; i <= steps; i++) {
      el.scrollTop = (max * i) / steps;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    frames.sort((a, b) => a - b);
    return {
      longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
      longTasks: tasks.length,
      p95FrameMs: frames[Math.floor(frames.length * 0.95)],
      reachedEnd: Math.abs(el.scrollTop - max) < 2,
    };
  }, testid);
}

function measure(page, from, to) {
  return page.evaluate(
    ([a, b]) => {
      const m = performance.measure(`${a}→${b}`, a, b);
      return m.duration;
    },
    [from, to],
  );
}

for (const changes of [5_000, 50_000]) {
  test(`compare with ${changes} changes`, async ({ page }) => {
    await page.goto(`/bench?changes=${changes}`);
    await page.getByTestId("bench-open").click();
    await expect(page.getByTestId("diff-row").first()).toBeVisible({ timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName("compare:rendered").length > 0);
    await expect(page.getByTestId("compare-summary")).toContainText(`${changes} changes`);
    // From the data being in memory to the rows on screen (generating the
    // synthetic pipeline is not part of opening a diff).
    const openMs = await measure(page, "bench:loaded", "compare:rendered");
    // Where the time goes: to the page, the diff itself, the rows.
    const phases = await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN;
      return {
        toPage: Math.round(at("compare:diff-start") - at("bench:loaded")),
        diff: Math.round(at("compare:diffed") - at("compare:diff-start")),
        rows: Math.round(at("compare:rendered") - at("compare:diffed")),
      };
    });
    const scroll = await scrollThrough(page, "structural-diff");

    await page.evaluate(() => performance.mark("bench:text"));
    await page.getByTestId("mode-text").click();
    await expect(page.getByTestId("text-row").first()).toBeVisible({ timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName("compare:text-rendered").length > 0);
    const textMs = await measure(page, "bench:text", "compare:text-rendered");
    const textScroll = await scrollThrough(page, "text-diff");

    // Review and promote the same change set: open, untick all, tick all.
    await page.evaluate(() => performance.mark("bench:promote"));
    await page.getByTestId("compare-review").click();
    await expect(page.getByTestId("promote-row").first()).toBeVisible({ timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName("promote:rendered").length > 0);
    const promoteMs = await measure(page, "bench:promote", "promote:rendered");
    const promoteScroll = await scrollThrough(page, changes >= 300 ? "promote-window" : "promote-rows");
    const toggleMs = await page.evaluate(async () => {
      const box = document.querySelector('[data-testid="select-all"]');
      const t0 = performance.now();
      box.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      box.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return (performance.now() - t0) / 2;
    });
    await expect(page.getByTestId("select-all")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("execute")).toContainText(`(${changes} changes)`);

    const row = {
      changes,
      openMs: Math.round(openMs),
      phases,
      scroll,
      textOpenMs: Math.round(textMs),
      textScroll,
      promoteOpenMs: Math.round(promoteMs),
      promoteScroll,
      selectAllToggleMs: Math.round(toggleMs),
      promoteRowsInDom: await page.getByTestId("promote-row").count(),
    };
    results.push(row);
    console.log(JSON.stringify(row));
    expect(scroll.reachedEnd).toBe(true);
  });
}

test.afterAll(() => {
  mkdirSync("../../target/bench", { recursive: true });
  writeFileSync("../../target/bench/browser.json", JSON.stringify(results, null, 2) + "\n");
  console.log("\nchanges  open(ms)  longest task while scrolling(ms)  text open(ms)  text longest task(ms)  promote open(ms)  promote longest task(ms)  select-all toggle(ms)");
  for (const r of results) {
    console.log(
      `${String(r.changes).padStart(7)}  ${String(r.openMs).padStart(8)}  ${String(Math.round(r.scroll.longestTaskMs)).padStart(33)}  ${String(r.textOpenMs).padStart(13)}  ${String(Math.round(r.textScroll.longestTaskMs)).padStart(21)}  ${String(r.promoteOpenMs).padStart(16)}  ${String(Math.round(r.promoteScroll.longestTaskMs)).padStart(24)}  ${String(r.selectAllToggleMs).padStart(21)}`,
    );
  }
});
