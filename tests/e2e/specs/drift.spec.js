import { writeStored } from "../stored.js";
// Issue: the Drift page. A grid of every leaf path × environment; differing
// cells are highlighted, secrets masked, and paths filterable. The grid is
// windowed: only the rows in view (plus a margin) are in the DOM.
import { test, expect } from "../fixtures.js";
import { DEMO_SECRETS } from "../helpers.js";
import { storedEnv, storedWorkspace } from "../pages/environments.js";

const SECRETS = DEMO_SECRETS;
const SECRET_PATHS = ["/connections/erp/password", "/connections/storefront/apiKey"];
const ENVS = ["development", "qa", "production"];

class DriftPage {
  constructor(page) {
    this.page = page;
    this.grid = page.getByTestId("drift-grid");
    this.rows = page.getByTestId("drift-row");
    this.count = page.getByTestId("drift-count");
    this.filter = page.getByTestId("drift-filter");
    this.onlyDiffering = page.getByTestId("drift-only-differing");
    this.head = page.locator(".drift-head > span");
  }

  row(path) {
    return this.page.locator(`[data-testid="drift-row"][data-path="${path}"]`);
  }

  cells(path) {
    return this.row(path).locator(".drift-cell");
  }

  /** The values shown in a row's cells (without the screen-reader labels). */
  values(path) {
    return this.row(path).locator(".drift-cell .drift-value");
  }

  async scrollToBottom() {
    await this.grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event("scroll"));
    });
  }

  async scrollToTop() {
    await this.grid.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event("scroll"));
    });
  }
}

/** Leaf pointers of a config in document order, as the core walks them. */
function leaves(value, at = "", out = []) {
  const escape = (k) => k.replaceAll("~", "~0").replaceAll("/", "~1");
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => leaves(v, `${at}/${i}`, out));
  } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, `${at}/${escape(k)}`, out);
  } else {
    out.push([at, value]);
  }
  return out;
}

/**
 * The drift grid as the stored workspace implies it: every path once, in
 * the order the environments first mention it, with one value per
 * environment (`undefined` when absent) and whether any two neighbours differ.
 */
function expectedGrid(ws) {
  const rows = new Map();
  ws.environments.forEach((env, i) => {
    for (const [path, v] of leaves(env.config)) {
      if (!rows.has(path)) rows.set(path, new Array(ws.environments.length).fill(undefined));
      rows.get(path)[i] = JSON.stringify(v);
    }
  });
  return [...rows].map(([path, values]) => ({
    path,
    values,
    differs: values.some((v, i) => i > 0 && v !== values[i - 1]),
  }));
}

/**
 * Which cells of a row are highlighted (`cell-differs`), from the row's
 * values (clear, or JSON text; `undefined` = absent).
 *
 * The highlight rule lives here: a cell is highlighted when it differs
 * from the cell of the environment below it (the previous column).
 */
function expectedHighlights(values) {
  // A cell is marked when it differs from the environment below it (the
  // column to its left): what a promotion into it would change.
  return values.map((v, i) => i > 0 && v !== values[i - 1]);
}

/** Asserts the row and cell classes of `path` for its values in ENVS order. */
async function expectRowHighlights(drift, path, values) {
  const highlights = expectedHighlights(values);
  const row = drift.row(path);
  if (highlights.some(Boolean)) await expect(row).toHaveClass(/\bdrift-differs\b/);
  else await expect(row).not.toHaveClass(/\bdrift-differs\b/);
  const cells = drift.cells(path);
  await expect(cells).toHaveCount(values.length);
  for (const [i, on] of highlights.entries()) {
    if (on) await expect(cells.nth(i)).toHaveClass(/\bcell-differs\b/);
    else await expect(cells.nth(i)).not.toHaveClass(/\bcell-differs\b/);
  }
}

/** The value at `pointer` of each environment's stored config. */
async function valuesAt(page, pointer) {
  const out = [];
  for (const id of ENVS) {
    const env = await storedEnv(page, id);
    const found = leaves(env.config).find(([p]) => p === pointer);
    out.push(found ? JSON.stringify(found[1]) : undefined);
  }
  return out;
}

function countText(rows, all) {
  return `${rows.length} of ${all.length} keys`;
}

test("the drift grid: environments, counter, highlights and the path filter", async ({ page, shell }) => {
  const drift = new DriftPage(page);
  await shell.open("/");
  await shell.navLink("Drift").click();
  await expect(page).toHaveURL(/\/drift$/);
  await expect(page.getByRole("heading", { name: "Drift", level: 1 })).toBeVisible();
  await expect(drift.head).toHaveText(["Key", "Development", "QA", "Production"]);

  const grid = expectedGrid(await storedWorkspace(page));
  const differing = grid.filter((r) => r.differs);
  expect(differing.length).toBeGreaterThan(10);
  expect(differing.length).toBeLessThan(grid.length);
  await expect(drift.onlyDiffering).toBeChecked();
  await expect(drift.count).toHaveText(countText(differing, grid));
  await expect(drift.rows.first()).toHaveAttribute("data-path", differing[0].path);

  // A key that differs everywhere: 3.2.0 / 3.1.4 / 3.0.2.
  const version = await valuesAt(page, "/integration/version");
  expect(version).toEqual(['"3.2.0"', '"3.1.4"', '"3.0.2"']);
  await expect(drift.values("/integration/version")).toHaveText(['"3.2.0"', '"3.1.4"', '"3.0.2"']);
  // The header is hidden from screen readers, so each cell names its environment.
  await expect(drift.cells("/integration/version").nth(1)).toHaveText('QA, changed: "3.1.4"');
  await expectRowHighlights(drift, "/integration/version", version);
  // Development and QA agree, Production differs: 20000 / 20000 / 15000.
  await drift.filter.fill("timeoutMs");
  await expect(drift.count).toHaveText(`1 of ${grid.length} keys`);
  const timeout = await valuesAt(page, "/connections/storefront/timeoutMs");
  expect(timeout).toEqual(["20000", "20000", "15000"]);
  await expect(drift.values("/connections/storefront/timeoutMs")).toHaveText(["20000", "20000", "15000"]);
  await expectRowHighlights(drift, "/connections/storefront/timeoutMs", timeout);

  // A key equal everywhere is hidden while "Only keys that differ" is ticked.
  await drift.filter.fill("/integration/name");
  await expect(drift.count).toHaveText(`0 of ${grid.length} keys`);
  await expect(drift.rows).toHaveCount(0);
  await drift.onlyDiffering.uncheck();
  await expect(drift.count).toHaveText(`1 of ${grid.length} keys`);
  await expect(drift.rows).toHaveCount(1);
  const name = await valuesAt(page, "/integration/name");
  expect(new Set(name).size).toBe(1);
  await expect(drift.values("/integration/name")).toHaveText(new Array(3).fill('"Storefront ↔ ERP order sync"'));
  await expectRowHighlights(drift, "/integration/name", name);
  await expect(drift.row("/integration/name").locator(".cell-differs")).toHaveCount(0);

  // The path filter narrows rows to matching paths (case-insensitive) and updates the counter.
  await drift.filter.fill("");
  await expect(drift.count).toHaveText(countText(grid, grid));
  await drift.filter.fill("/connections/ERP");
  const erp = grid.filter((r) => r.path.toLowerCase().includes("/connections/erp"));
  expect(erp.length).toBe(4);
  await expect(drift.count).toHaveText(countText(erp, grid));
  await expect(drift.rows).toHaveCount(erp.length);
  expect(await drift.rows.evaluateAll((rs) => rs.map((r) => r.dataset.path))).toEqual(erp.map((r) => r.path));
  await drift.onlyDiffering.check();
  const erpDiffering = erp.filter((r) => r.differs);
  await expect(drift.count).toHaveText(countText(erpDiffering, grid));
  await expect(drift.rows).toHaveCount(erpDiffering.length);
  await drift.filter.fill("no-such-key");
  await expect(drift.count).toHaveText(`0 of ${grid.length} keys`);
  await expect(drift.rows).toHaveCount(0);

  // The filter is view state: after a reload the grid is whole again, and
  // the stored workspace is the demo's, untouched by looking.
  await shell.reload();
  await expect(drift.filter).toHaveValue("");
  await expect(drift.onlyDiffering).toBeChecked();
  await expect(drift.count).toHaveText(countText(differing, grid));
  expect(expectedGrid(await storedWorkspace(page))).toEqual(grid);
});

test("secrets are masked in every cell and never shown in clear", async ({ page, shell }) => {
  const drift = new DriftPage(page);
  await shell.open("/drift");
  await drift.onlyDiffering.uncheck();
  for (const path of SECRET_PATHS) {
    await drift.filter.fill(path);
    await expect(drift.rows).toHaveCount(1);
    const cells = drift.cells(path);
    await expect(cells).toHaveCount(3);
    for (const cell of await cells.all()) {
      await expect(cell).toContainText("•••");
      await expect(cell).toHaveAttribute("title", /•••/);
    }
    // Three different secrets: three different hashes, and the row differs.
    const shown = await drift.values(path).allTextContents();
    expect(new Set(shown).size).toBe(3);
    await expectRowHighlights(drift, path, await valuesAt(page, path));
  }
  // With every key rendered (a filter that keeps the demo small enough for
  // the window), no clear secret is anywhere in the page.
  await drift.filter.fill("/connections");
  await expect(drift.row("/connections/erp/password")).toBeVisible();
  await expect(drift.row("/connections/storefront/apiKey")).toBeVisible();
  for (const text of [await page.content(), await page.locator("body").innerText()]) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
  await drift.filter.fill("");
  for (const text of [await page.content(), await page.locator("body").innerText()]) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
});

test("a config with 5000 more keys: the grid is windowed and scrolls to the last key", async ({ page, shell }) => {
  test.setTimeout(60_000);
  const drift = new DriftPage(page);
  const BULK = 5000;
  const key = (i) => `key${String(i).padStart(4, "0")}`;
  await shell.open("/");
  // A large section only Development has, written as another tab or an
  // import would: a new revision and a new environment version.
  await writeStored(page, (ws, { n }) => {
    const dev = ws.environments.find((e) => e.id === "development");
    const bulk = {};
    for (let i = 0; i < n; i++) bulk[`key${String(i).padStart(4, "0")}`] = i % 2 === 0 ? i : `value-${i}`;
    dev.config.bulk = bulk;
    dev.version += 1;
  }, { arg: { n: BULK } });
  await shell.reload();
  const ws = await storedWorkspace(page);
  expect(Object.keys(ws.environments[0].config.bulk)).toHaveLength(BULK);
  const grid = expectedGrid(ws);
  const differing = grid.filter((r) => r.differs);
  expect(grid.length).toBeGreaterThan(BULK);

  await shell.navLink("Drift").click();
  await expect(drift.count).toHaveText(countText(differing, grid));
  expect(differing.length).toBeGreaterThan(BULK);
  await expect(drift.rows.first()).toBeVisible();
  const inDom = await drift.rows.count();
  expect(inDom).toBeGreaterThan(10);
  expect(inDom).toBeLessThan(500);
  await expect(drift.row(`/bulk/${key(BULK - 1)}`)).toHaveCount(0);

  // Scrolled to the bottom: the last rows are in the DOM, the first are not.
  await drift.scrollToBottom();
  const last = differing.at(-1).path;
  await expect(drift.row(last)).toBeAttached();
  await expect(drift.row(differing[0].path)).toHaveCount(0);
  expect(await drift.rows.count()).toBeLessThan(500);
  expect(await drift.rows.last().getAttribute("data-path")).toBe(last);

  // Filtered to the bulk section: 5000 keys, the last one reachable.
  await drift.filter.fill("/bulk/");
  await expect(drift.count).toHaveText(`${BULK} of ${grid.length} keys`);
  await drift.scrollToTop();
  await expect(drift.row(`/bulk/${key(0)}`)).toBeAttached();
  await expect(drift.row(`/bulk/${key(BULK - 1)}`)).toHaveCount(0);
  await drift.scrollToBottom();
  const lastBulk = drift.row(`/bulk/${key(BULK - 1)}`);
  await expect(lastBulk).toBeVisible();
  await expect(drift.row(`/bulk/${key(0)}`)).toHaveCount(0);
  expect(await drift.rows.count()).toBeLessThan(500);
  // Only Development has it: the other two cells are absent.
  await expect(drift.values(`/bulk/${key(BULK - 1)}`)).toHaveText(['"value-4999"', "—", "—"]);
  await expect(lastBulk).toHaveClass(/\bdrift-differs\b/);

  // The large config is stored and still there after a reload.
  await shell.reload();
  await expect(drift.count).toHaveText(countText(differing, grid));
  expect(Object.keys((await storedEnv(page, "development")).config.bulk)).toHaveLength(BULK);
});
