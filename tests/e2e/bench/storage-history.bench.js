// Browser benchmark for a long stored history (issue "History that fits"):
// three environments of 50,000 leaves (about 1.5 MB each) and 200
// promotions of 10% of the leaves from Development into QA. The history is
// built by the app itself on /bench ("Build the history"): every edit and
// every promotion is one action committed through the store, as a person's
// would be, only without re-importing a file each round. Then a reload:
// all 400 snapshots and 200 audit events must still be stored, the cold
// load to the dashboard and the history page are timed, and the bytes each
// promotion added are set against the bytes of the leaves it changed.
// Figures go to stdout and target/bench/storage-200.json.
// STORAGE_HISTORY_ROUNDS and STORAGE_HISTORY_LEAVES make it smaller.
import { mkdirSync, writeFileSync } from "node:fs";
import { test, expect } from "@playwright/test";

const ROUNDS = Number(process.env.STORAGE_HISTORY_ROUNDS || 200);
const LEAVES = Number(process.env.STORAGE_HISTORY_LEAVES || 50_000);

/** Runs in the page: counts and sizes of what the store holds. */
async function storedCounts() {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("preflight");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const sizes = (name) => new Promise((resolve, reject) => {
    const tx = db.transaction(name, "readonly");
    const out = { count: 0, bytes: 0, byPrefix: {} };
    const req = tx.objectStore(name).openCursor();
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return;
      const prefix = name === "records" ? String(c.key).split("/")[0] : name;
      const size = String(c.key).length + String(c.value).length;
      out.count += 1;
      out.bytes += size;
      const p = (out.byPrefix[prefix] ??= { count: 0, bytes: 0 });
      p.count += 1;
      p.bytes += size;
      c.continue();
    };
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
  });
  const records = await sizes("records");
  const nodes = await sizes("nodes");
  const ws = await new Promise((resolve, reject) => {
    const req = db.transaction("records", "readonly").objectStore("records").get("workspace");
    req.onsuccess = () => resolve(JSON.parse(req.result));
    req.onerror = () => reject(req.error);
  });
  db.close();
  return {
    records,
    nodes: { count: nodes.count, bytes: nodes.bytes },
    listedSnapshots: ws.snapshots.length,
    listedAudit: ws.audit.length,
  };
}

const usage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test("storage: 200 promotions of 10% of 50k leaves, all there after a reload", async ({ page }) => {
  test.setTimeout(4 * 3_600_000);
  // A first run stores the demo workspace.
  await page.goto("/");
  await expect(page.getByTestId("pipeline-env")).toHaveCount(3, { timeout: 60_000 });
  await expect.poll(async () => (await page.evaluate(storedCounts)).listedSnapshots >= 0, { timeout: 20_000 }).toBe(true);
  const start = await page.evaluate(storedCounts);

  await page.goto(`/bench?rounds=${ROUNDS}&leaves=${LEAVES}`);
  const usageBefore = await usage(page);
  const t0 = Date.now();
  await page.getByTestId("bench-storage-run").click();
  const result = page.getByTestId("bench-storage-result");
  const error = page.getByTestId("bench-storage-error");
  await expect(result.or(error)).toBeVisible({ timeout: 4 * 3_600_000 });
  await expect(error).toHaveCount(0);
  const buildS = Math.round((Date.now() - t0) / 1000);
  const built = JSON.parse(await result.textContent());
  await page.waitForTimeout(500);
  const usageAfter = await usage(page);

  // A reload: a new navigation, to the dashboard's pipeline.
  await page.goto("/");
  await expect(page.getByTestId("pipeline-env")).toHaveCount(3, { timeout: 120_000 });
  const { coldLoadMs, dashboardMs, phases } = await page.evaluate(() => {
    const at = (name) => Math.round(performance.getEntriesByName(name).at(-1)?.startTime ?? NaN);
    return {
      coldLoadMs: at("store:loaded"),
      dashboardMs: Math.round(performance.now()),
      // Records read (IndexedDB) by store:read, parsed by store:parsed,
      // the promotion bases in by store:loaded.
      phases: { read: at("store:read"), parsed: at("store:parsed"), loaded: at("store:loaded") },
    };
  });

  // The history page, from the navigation, until its snapshot rows show.
  const h0 = Date.now();
  await page.getByRole("link", { name: "History", exact: true }).first().click();
  await expect(page.getByTestId("history-snapshot-row").first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("audit-row").first()).toBeVisible({ timeout: 60_000 });
  const historyMs = Date.now() - h0;
  const snapshotRowsInDom = await page.getByTestId("history-snapshot-row").count();
  const auditRowsInDom = await page.getByTestId("audit-row").count();

  // Everything is stored, and still listed after the reload.
  const end = await page.evaluate(storedCounts);
  const snaps = (c) => c.records.byPrefix.snap?.count ?? 0;
  const audits = (c) => c.records.byPrefix.audit?.count ?? 0;
  expect(snaps(end) - snaps(start)).toBe(2 * ROUNDS);
  expect(audits(end) - audits(start)).toBe(ROUNDS);
  expect(end.listedSnapshots).toBe(snaps(end));
  expect(end.listedAudit).toBe(audits(end));
  await expect(page.getByText(`${end.listedSnapshots} snapshot(s), newest first.`)).toBeVisible();
  await expect(page.getByTestId("audit-count")).toHaveText(`${end.listedAudit} of ${end.listedAudit} events`);
  expect(snapshotRowsInDom).toBeLessThan(100);

  // Growth per promotion against the changed bytes (target: ≤ 3× + 4 KB).
  const rounds = built.rounds;
  const over = rounds.filter((r) => r.promotion_added > 3 * r.changed_bytes + 4096);
  const ratios = rounds.map((r) => r.ratio);
  const summary = {
    rounds: ROUNDS,
    leaves: LEAVES,
    configBytes: built.config_bytes,
    buildSeconds: buildS,
    coldLoadMs,
    coldLoadPhases: phases,
    dashboardMs,
    historyMs,
    snapshotRowsInDom,
    auditRowsInDom,
    stored: {
      snapshots: end.listedSnapshots,
      auditEvents: end.listedAudit,
      recordBytes: end.records.bytes,
      nodeCount: end.nodes.count,
      nodeBytes: end.nodes.bytes,
      byPrefix: end.records.byPrefix,
    },
    growth: {
      medianRatio: median(ratios),
      maxRatio: Math.max(...ratios),
      roundsOverTarget: over.length,
      medianChangedBytes: median(rounds.map((r) => r.changed_bytes)),
      medianPromotionAdded: median(rounds.map((r) => r.promotion_added)),
      storedBytesGrowth: end.records.bytes + end.nodes.bytes - start.records.bytes - start.nodes.bytes,
      estimateGrowth: usageAfter - usageBefore,
    },
    timings: {
      medianEditMs: median(rounds.map((r) => r.edit_ms)),
      medianPromoteMs: median(rounds.map((r) => r.promote_ms)),
      medianPromoteApplyMs: median(rounds.map((r) => r.promote_apply_ms)),
      lastPromoteMs: rounds.at(-1).promote_ms,
    },
    perRound: rounds,
  };
  const { perRound: _, ...short } = summary;
  console.log(JSON.stringify(short, null, 2));
  mkdirSync("../../target/bench", { recursive: true });
  writeFileSync("../../target/bench/storage-200.json", JSON.stringify(summary, null, 2) + "\n");
});
