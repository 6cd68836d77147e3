import { readStored, writeStored } from "../stored.js";
// Issue 5: go-live checklists: templates and dates, statuses and progress,
// import and export, and the production gate.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { test, expect } from "../fixtures.js";
import { dropFile } from "../helpers.js";
import { ChecklistsPage, ChecklistPage, storedChecklist, percentDone, parseCsv } from "../pages/checklists.js";
import { PromotePage } from "../pages/compare.js";
import { storedWorkspace } from "../pages/environments.js";

const SAMPLE = fileURLToPath(new URL("../fixtures/launch-checklist.md", import.meta.url));

test("a checklist from the Go-live preparation template counts its due dates back from go-live", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  await expect(page.getByTestId("template-card")).toHaveCount(2);
  await expect(page.getByTestId("template-card").first()).toContainText("Eight weeks of infrastructure");
  const id = await list.createFromTemplate("Go-live preparation");
  await expect(page.getByTestId("countdown")).toHaveText("No go-live date yet");
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("no go-live date");

  await cl.setGoLive("2027-03-01");
  await expect(cl.goLive).toHaveValue("2027-03-01");
  // Eight weeks (56 days) before 2027-03-01 is 2027-01-04.
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2027-01-04");
  await expect(cl.heading("Eight weeks before").getByTestId("timeframe-range")).toHaveText("2027-01-04 – 2027-01-31");
  await expect(cl.heading("Four weeks before").getByTestId("timeframe-range")).toHaveText("2027-02-01 – 2027-02-14");
  // Crosses the end of February (2027 is not a leap year).
  await expect(cl.heading("Two weeks before").getByTestId("timeframe-range")).toHaveText("2027-02-15 – 2027-02-28");
  await expect(cl.heading("Go-live day").getByTestId("timeframe-range")).toHaveText("2027-03-01");
  const stored = await storedChecklist(page, id);
  expect(stored.go_live).toBe("2027-03-01");
  const lastBefore = stored.items.findIndex((i) => i.timeframe === 3);
  await expect(page.locator(`#item-${lastBefore}`).getByTestId("item-due")).toHaveText("2027-03-01");
  expect(stored.items.length).toBeGreaterThanOrEqual(40);

  // A leap year: two weeks before 2028-03-01 ends on 2028-02-29.
  await cl.setGoLive("2028-03-01");
  await expect(cl.heading("Two weeks before").getByTestId("timeframe-range")).toHaveText("2028-02-16 – 2028-02-29");
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2028-01-05");

  // A due date set by hand, then back to the computed one.
  await cl.item("GEN-01").getByTestId("edit-item").click();
  await cl.dialog.getByTestId("edit-due").fill("2028-02-10");
  await cl.dialog.getByTestId("dialog-confirm").click();
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2028-02-10");
  await expect(cl.item("GEN-01").getByTestId("item-due-manual")).toBeVisible();
  await shell.reload();
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2028-02-10");
  expect((await storedChecklist(page, id)).items[0].due_override).toBe("2028-02-10");
  await cl.item("GEN-01").getByTestId("reset-due").click();
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2028-01-05");
  await expect.poll(async () => (await storedChecklist(page, id)).items[0].due_override).toBeUndefined();

  // A past go-live date makes open items overdue, in words.
  await cl.setGoLive("2020-01-10");
  await expect(cl.item("GEN-01").getByTestId("item-overdue")).toHaveText(/Overdue/);
  await expect(page.getByTestId("countdown")).toContainText("days since go-live");
  await page.screenshot({ path: "../../target/screenshots/checklist.png", fullPage: false });
});

test("a checklist left open past midnight follows the calendar: due today becomes overdue", async ({ page, shell }) => {
  // The page's own clock, set to a few minutes before midnight (local time).
  await page.clock.install({ time: new Date(2027, 0, 4, 23, 57) });
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  const id = await list.createFromTemplate("Go-live preparation");
  await cl.setGoLive("2027-03-01");
  // GEN-01 is due eight weeks before go-live: today.
  await expect(cl.item("GEN-01").getByTestId("item-due")).toHaveText("2027-01-04");
  await expect(page.getByTestId("countdown")).toHaveText("56 days to go-live");
  await expect(cl.item("GEN-01").getByTestId("item-overdue")).toHaveCount(0);
  await expect(page.getByTestId("overdue-count")).toHaveText("Nothing overdue.");

  await page.clock.runFor("05:00");
  await expect(page.getByTestId("countdown")).toHaveText("55 days to go-live");
  await expect(cl.item("GEN-01").getByTestId("item-overdue")).toHaveText(/Overdue/);
  await expect(page.getByTestId("overdue-count")).toHaveText(/item\(s\) overdue/);

  // The date is not stored: the go-live date is, and a reload agrees.
  await shell.reload();
  await expect(cl.item("GEN-01").getByTestId("item-overdue")).toHaveText(/Overdue/);
  await expect(page.getByTestId("countdown")).toHaveText("55 days to go-live");
  expect((await storedChecklist(page, id)).go_live).toBe("2027-03-01");
});

test("a timeframe is renamed and moved in time in place; the checklist prints with a header", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  const id = await list.createFromTemplate("Go-live preparation");
  await cl.setGoLive("2027-03-01");
  const before = await storedChecklist(page, id);
  const tf = before.timeframes.findIndex((t) => t.name.startsWith("Two weeks before"));
  const firstItem = before.items.findIndex((i) => i.timeframe === tf);

  await cl.heading("Two weeks before").getByTestId("timeframe-edit").click();
  const form = page.getByTestId("timeframe-form");
  // A bad offset is refused with a reason, and nothing changes.
  await form.getByTestId("timeframe-offset").fill("");
  await form.getByTestId("timeframe-save").click();
  await expect(page.getByTestId("timeframe-error")).toContainText("not a whole number of days");
  // A timeframe with items cannot be deleted.
  await form.getByTestId("timeframe-delete").click();
  await expect(page.getByTestId("timeframe-error")).toContainText("move or delete them first");
  await form.getByTestId("timeframe-name").fill("Ten days before go-live");
  await form.getByTestId("timeframe-offset").fill("-10");
  await form.getByTestId("timeframe-save").click();
  await expect(cl.heading("Ten days before go-live").getByTestId("timeframe-range")).toHaveText("2027-02-19 – 2027-02-28");
  await expect(page.locator(`#item-${firstItem}`).getByTestId("item-due")).toHaveText("2027-02-19");
  await shell.reload();
  await expect(cl.heading("Ten days before go-live")).toBeVisible();
  const after = await storedChecklist(page, id);
  expect(after.timeframes[tf]).toEqual({ name: "Ten days before go-live", offset_days: -10 });

  // Print: a header saying what, who, when and which content; no controls.
  await page.emulateMedia({ media: "print" });
  const header = page.getByTestId("print-header");
  await expect(header).toBeVisible();
  await expect(header).toContainText("go-live checklist");
  await expect(header).toContainText("Go-live preparation");
  await expect(header).toContainText("2027-03-01");
  await expect(header).toContainText("Release manager");
  await expect(header).toContainText(/Content hash[0-9a-f]{64}/);
  await expect(page.getByTestId("filter-status")).toBeHidden();
  await page.screenshot({ path: "../../target/screenshots/checklist-print.png" });
  await page.emulateMedia({ media: "screen" });
  await expect(header).toBeHidden();
});

test("statuses: one by one, in bulk and from the keyboard; progress follows and survives a reload", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  const id = await list.createFromTemplate("Go-live preparation");
  let stored = await storedChecklist(page, id);
  const total = stored.items.length;
  const firstFrame = stored.items.filter((i) => i.timeframe === 0).length;
  await expect(page.getByTestId("overall-percent")).toHaveText("0%");
  // The keyboard part works on the second and third items; the others
  // are picked away from them.
  const codes = stored.items.map((i) => i.code);
  expect(firstFrame).toBeGreaterThan(6);
  const na = codes[3];
  const bulk = [codes[5], codes[6], codes[total - 1]];

  await cl.setStatus("GEN-01", "Done");
  // The row is rebuilt; focus stays on its status picker.
  await expect(cl.item("GEN-01").getByTestId("item-status")).toBeFocused();
  await cl.setStatus(na, "N/A");
  await expect(page.getByTestId("overall-percent")).toHaveText(`${Math.floor(200 / total)}%`);
  await expect(cl.timeframeProgress("Eight weeks before")).toHaveText(`${Math.floor(200 / firstFrame)}% · 2/${firstFrame}`);

  // Bulk: three items to In progress.
  for (const code of bulk) {
    await cl.item(code).getByTestId("item-select").check();
  }
  await expect(page.getByTestId("selected-count")).toHaveText("3 selected");
  await page.getByTestId("bulk-status").selectOption({ label: "In progress" });
  await page.getByTestId("bulk-apply").click();
  await expect(page.getByTestId("checklist-notice")).toContainText("Set 3 item(s) to In progress");
  await expect(page.getByTestId("selected-count")).toHaveText("0 selected");

  // Keyboard: j moves to the first item, j again to the second, x toggles done.
  await cl.list.focus();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(cl.items.nth(1)).toHaveClass(/current/);
  await page.keyboard.press("x");
  await expect(cl.items.nth(1).getByTestId("item-status")).toHaveValue("done");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press(" ");
  await expect(cl.items.nth(2).getByTestId("item-status")).toHaveValue("done");
  await page.keyboard.press("k");
  await page.keyboard.press("x");
  await expect(cl.items.nth(1).getByTestId("item-status")).toHaveValue("todo");

  await shell.reload();
  stored = await storedChecklist(page, id);
  const byCode = Object.fromEntries(stored.items.map((i) => [i.code, i.status]));
  expect(byCode["GEN-01"]).toBe("Done");
  expect(byCode[na]).toBe("NotApplicable");
  for (const code of bulk) expect(byCode[code]).toBe("InProgress");
  expect(stored.items[1].status).toBe("Todo");
  expect(stored.items[2].status).toBe("Done");
  const percent = percentDone(stored.items);
  await expect(page.getByTestId("overall-percent")).toHaveText(`${percent}%`);
  const frameDone = stored.items.filter((i) => i.timeframe === 0 && ["Done", "NotApplicable"].includes(i.status)).length;
  await expect(cl.timeframeProgress("Eight weeks before")).toHaveText(`${Math.floor((frameDone * 100) / firstFrame)}% · ${frameDone}/${firstFrame}`);
  await expect(page.locator('[data-testid="category-progress"][data-name="General"]')).toBeVisible();

  // Filters: status and text.
  await page.getByTestId("filter-status").selectOption({ label: "In progress" });
  await expect(cl.items).toHaveCount(3);
  await page.getByTestId("filter-text").fill(bulk[0]);
  await expect(cl.items).toHaveCount(1);
  await page.getByTestId("filter-status").selectOption({ label: "Any" });
  await page.getByTestId("filter-text").fill("");
  await expect(cl.items).toHaveCount(total);

  // The list page and the dashboard show the same progress.
  await shell.navLink("Checklists").click();
  await expect(page.getByTestId("checklist-row").first()).toContainText(`${percent}% done`);
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("readiness-percent")).toHaveText(`${percent}%`);
});

test("import the sample Markdown: preview, accept, safe rich text", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  await list.open();
  // An unknown file type is refused with a clear message, and nothing is added.
  await list.fileInput.setInputFiles({ name: "notes.docx", mimeType: "application/octet-stream", buffer: Buffer.from("x") });
  await expect(page.getByTestId("checklist-import-error")).toContainText("notes.docx: unknown file type");
  // A CSV without an ID or NAME column is refused with its line.
  await list.fileInput.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("foo,bar\n1,2\n") });
  await expect(page.getByTestId("checklist-import-error")).toContainText("line 1");
  expect((await storedWorkspace(page)).checklists).toEqual([]);
  // Row-level warnings carry line numbers; cancelling adds nothing.
  const csv = "ID,NAME,STATUS,DUE\nA-01,First,done,\nA-02,Second,maybe,2027-13-45\n";
  await list.fileInput.setInputFiles({ name: "rows.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("checklist-import-summary")).toContainText("2 item(s) in 1 timeframe(s)");
  await expect(page.getByTestId("import-warning").filter({ hasText: "line 3" })).toHaveCount(2);
  await expect(page.getByTestId("checklist-import-warnings")).toContainText('status "maybe" is not known');
  await page.getByTestId("checklist-import-cancel").click();
  await expect(list.preview).toHaveCount(0);
  expect((await storedWorkspace(page)).checklists).toEqual([]);
  // Drag and drop works like the file picker.
  const dropped = await readFile(SAMPLE, "utf8");
  await dropFile(page, "checklist-drop-zone", "dropped.md", dropped, "text/markdown");
  await expect(page.getByTestId("checklist-import-summary")).toContainText("dropped.md read as Markdown: 12 item(s)");
  await page.getByTestId("checklist-import-cancel").click();

  await list.importFile(SAMPLE);
  await expect(page.getByTestId("checklist-import-summary")).toContainText("12 item(s) in 4 timeframe(s)");
  await expect(page.getByTestId("import-timeframe")).toHaveCount(4);
  await expect(page.getByTestId("import-timeframe-count")).toHaveText(["4", "3", "3", "2"]);
  // Offsets are inferred, and editable before accepting.
  await expect(page.getByTestId("import-offset").first()).toHaveValue("-42");
  await page.getByTestId("import-offset").first().fill("-45");
  await page.getByTestId("import-offset").first().blur();
  const id = await list.acceptImport();

  await expect(page.getByTestId("checklist-name")).toHaveText("Launch readiness for the storefront");
  await expect(cl.items).toHaveCount(12);
  await expect(page.getByTestId("timeframe-heading")).toHaveCount(4);
  const desc = cl.item("GEN-01").getByTestId("item-description");
  // <br> in the table cell is a real line break from our renderer.
  await expect(desc.locator("br")).toHaveCount(1);
  await expect(desc).not.toContainText("<br>");
  const link = desc.locator('a[href="https://desk.example.test/new"]');
  await expect(link).toHaveText("service desk");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(link).toHaveAttribute("target", "_blank");

  // HTML typed into a description is shown as text.
  await cl.item("OPS-01").getByTestId("edit-item").click();
  await cl.dialog.getByTestId("edit-description").fill("Before <script>alert(1)</script> after <b>bold</b>");
  await cl.dialog.getByTestId("dialog-confirm").click();
  const typed = cl.item("OPS-01").getByTestId("item-description");
  await expect(typed).toHaveText("Before <script>alert(1)</script> after <b>bold</b>");
  await expect(typed.locator("script, b")).toHaveCount(0);

  // A link labelled with another host's address shows the real host.
  await cl.item("TST-02").getByTestId("edit-item").click();
  await cl.dialog.getByTestId("edit-description").fill("Sign in at [https://bank.example](https://bank.example@evil.example/login) or [the desk](https://desk.example.test/).");
  await cl.dialog.getByTestId("dialog-confirm").click();
  const spoof = cl.item("TST-02").getByTestId("item-description");
  await expect(spoof.locator("a")).toHaveCount(2);
  await expect(spoof.locator("a").first()).toHaveText("https://bank.example");
  await expect(spoof.getByTestId("link-real-host")).toHaveCount(1);
  await expect(spoof.getByTestId("link-real-host")).toHaveText("(goes to evil.example)");

  await shell.reload();
  await expect(cl.item("TST-02").getByTestId("link-real-host")).toHaveText("(goes to evil.example)");
  await expect(cl.item("OPS-01").getByTestId("item-description")).toHaveText("Before <script>alert(1)</script> after <b>bold</b>");
  expect(await page.locator("main script").count()).toBe(0);
  expect(dialogs).toBe(0);
  const stored = await storedChecklist(page, id);
  expect(stored.timeframes.map((t) => t.offset_days)).toEqual([-45, -21, -7, 0]);
  expect(stored.items.map((i) => i.timeframe)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3]);
  expect(stored.items[0].description).toContain("\n");
});

test("export Markdown and import it again gives the same checklist; CSV export parses to the same fields", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  await list.importFile(SAMPLE);
  const id = await list.acceptImport();
  await cl.setGoLive("2027-03-01");
  await cl.setStatus("GEN-01", "Done");
  await cl.setStatus("TST-02", "Blocked");
  await cl.item("DAT-01").getByTestId("edit-item").click();
  await cl.dialog.getByTestId("edit-owner").fill("Ada");
  await cl.dialog.getByTestId("edit-link").fill("https://wiki.example.test/migration");
  await cl.dialog.getByTestId("edit-gates").check();
  await cl.dialog.getByTestId("edit-due").fill("2027-02-20");
  await cl.dialog.getByTestId("dialog-confirm").click();
  await expect(cl.item("DAT-01").getByTestId("item-owner")).toHaveText("Ada");
  await expect(cl.item("DAT-01").getByTestId("item-link")).toHaveAttribute("href", "https://wiki.example.test/migration");

  const [md] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-markdown").click()]);
  expect(md.suggestedFilename()).toBe("launch-readiness-for-the-storefront.md");
  const mdPath = await md.path();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const csvText = await readFile(await csv.path(), "utf8");
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const original = await storedChecklist(page, id);
  expect(JSON.parse(await readFile(await json.path(), "utf8"))).toEqual(original);

  // Markdown round trip.
  await list.open();
  await list.importFile({ name: "again.md", mimeType: "text/markdown", buffer: await readFile(mdPath) });
  await expect(page.getByTestId("checklist-import-summary")).toContainText("12 item(s) in 4 timeframe(s)");
  const copyId = await list.acceptImport();
  expect(copyId).not.toBe(id);
  await shell.reload();
  const copy = await storedChecklist(page, copyId);
  const { id: _a, ...a } = original;
  const { id: _b, ...b } = copy;
  expect(b).toEqual(a);

  // CSV: starts with the byte order mark spreadsheets need; one row per item, every field equal.
  expect(csvText.startsWith("\uFEFF")).toBe(true);
  const rows = parseCsv(csvText);
  const header = rows[0];
  expect(header).toEqual(["TIMEFRAME", "OFFSET", "ID", "CATEGORY", "NAME", "DESCRIPTION", "NOTE", "OWNER", "STATUS", "DUE", "LINK", "GATES"]);
  const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  expect(records).toHaveLength(original.items.length);
  const labels = { Todo: "To do", InProgress: "In progress", Done: "Done", NotApplicable: "N/A", Blocked: "Blocked" };
  original.items.forEach((item, i) => {
    const r = records[i];
    const tf = original.timeframes[item.timeframe];
    expect(r).toEqual({
      TIMEFRAME: tf.name,
      OFFSET: String(tf.offset_days),
      ID: item.code,
      CATEGORY: item.category,
      NAME: item.name,
      DESCRIPTION: item.description,
      NOTE: item.note,
      OWNER: item.owner,
      STATUS: labels[item.status],
      DUE: item.due_override ?? "",
      LINK: item.link,
      GATES: item.gates_promotion ? "yes" : "",
    });
  });
  expect(records.find((r) => r.ID === "GEN-01").DESCRIPTION).toContain("\n");
});

test("list page: rename, duplicate and delete with confirmation; a blank checklist", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  await list.open();
  await expect(page.getByTestId("checklists-empty")).toBeVisible();
  await page.getByTestId("blank-name").fill("Shop relaunch");
  await page.getByTestId("create-blank").click();
  await expect(page.getByTestId("checklist-name")).toHaveText("Shop relaunch");
  await page.getByTestId("add-item").click();
  await expect(page.getByTestId("checklist-error")).toContainText("Add a timeframe first");
  await page.getByTestId("new-timeframe-name").fill("One week before");
  await page.getByTestId("new-timeframe-offset").fill("-7");
  await page.getByTestId("add-timeframe").click();
  await expect(cl.heading("One week before")).toBeVisible();
  await page.getByTestId("add-item").click();
  await cl.dialog.getByTestId("edit-code").fill("GEN-01");
  await cl.dialog.getByTestId("edit-name").fill("Tell support");
  await cl.dialog.getByTestId("dialog-confirm").click();
  await expect(cl.items).toHaveCount(1);
  await expect(cl.item("GEN-01").getByTestId("item-name")).toHaveText("Tell support");
  // Remove asks first.
  await cl.item("GEN-01").getByTestId("remove-item").click();
  await cl.dialog.getByTestId("dialog-cancel").click();
  await expect(cl.items).toHaveCount(1);

  await list.open();
  const row = list.rows.filter({ hasText: "Shop relaunch" });
  await row.getByTestId("rename-checklist").click();
  await list.dialog.getByTestId("rename-input").fill("Shop relaunch 2027");
  await list.dialog.getByTestId("dialog-confirm").click();
  await expect(list.rows.first().getByTestId("checklist-link")).toHaveText("Shop relaunch 2027");
  await list.rows.first().getByTestId("duplicate-checklist").click();
  await expect(list.rows).toHaveCount(2);
  await expect(list.rows.nth(1).getByTestId("checklist-link")).toHaveText("Copy of Shop relaunch 2027");
  await list.rows.nth(1).getByTestId("delete-checklist").click();
  await expect(list.dialog).toContainText("Delete “Copy of Shop relaunch 2027”?");
  await list.dialog.getByTestId("dialog-confirm").click();
  await expect(list.rows).toHaveCount(1);
  await shell.reload();
  const ws = await storedWorkspace(page);
  expect(ws.checklists.map((c) => c.name)).toEqual(["Shop relaunch 2027"]);
  expect(ws.checklists[0].items.map((i) => i.name)).toEqual(["Tell support"]);
});

test("the gate blocks promotion into production until the gating items are done; an override is audited", async ({ page, shell }) => {
  const list = new ChecklistsPage(page);
  const cl = new ChecklistPage(page);
  const promote = new PromotePage(page);
  await list.open();
  const id = await list.createFromTemplate("Go-live preparation");
  const gating = (await storedChecklist(page, id)).items
    .map((item, index) => ({ ...item, index }))
    .filter((i) => i.gates_promotion);
  expect(gating.length).toBeGreaterThan(0);

  await shell.navLink("Settings").click();
  await expect(page.getByTestId("production-env")).toHaveValue("");
  await expect(page.getByTestId("production-env").locator("option").first()).toHaveText("The last environment (Production)");
  await page.getByTestId("production-env").selectOption({ label: "QA" });
  await expect.poll(async () => (await storedWorkspace(page)).settings.production_env).toBe("qa");
  await page.getByTestId("production-env").selectOption("");
  await expect.poll(async () => (await storedWorkspace(page)).settings.production_env).toBeNull();
  await page.getByTestId("gate-checklist").selectOption({ label: "Go-live preparation" });
  await page.getByTestId("require-approval").check();
  await page.getByTestId("require-approval").uncheck();
  await expect.poll(async () => (await storedWorkspace(page)).settings.gate_checklist).toBe(id);
  await shell.reload();
  await expect(page.getByTestId("gate-checklist")).toHaveValue(id);
  expect((await storedWorkspace(page)).settings.require_approval).toBe(false);

  // The dashboard says the gate is blocked.
  await shell.navLink("Dashboard").click();
  await expect(page.getByTestId("gate-status")).toContainText(`blocked: ${gating.length} item(s) open`);

  await promote.open("qa", "production");
  const panel = page.getByTestId("gate-panel");
  await expect(panel).toBeVisible();
  const links = page.getByTestId("gate-items").getByRole("link");
  await expect(links).toHaveCount(gating.length);
  await expect(links.first()).toHaveAttribute("href", `/checklists/${id}#item-${gating[0].index}`);
  await expect(promote.execute).toBeDisabled();
  await page.getByTestId("gate-override-reason").fill("   ");
  await expect(promote.execute).toBeDisabled();
  await page.getByTestId("gate-override-reason").fill("Hotfix approved by the CTO");
  await expect(promote.execute).toBeEnabled();
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  const audit = (await storedWorkspace(page)).audit;
  const event = audit.at(-1);
  expect(event.action).toBe("Promotion");
  expect(event.gate_override).toBe("Hotfix approved by the CTO");
  expect(event.gate_open_items).toEqual(gating.map((g) => g.code));
  // Every change of a production guard was audited, in order.
  expect(audit.filter((e) => e.action === "GuardChanged").map((e) => e.comment)).toEqual([
    "Production environment: the last environment → QA",
    "Production environment: QA → the last environment",
    "Gating checklist: none → Go-live preparation",
    "Approval for production: not required → required",
    "Approval for production: required → not required",
  ]);
  await shell.navLink("History").click();
  const overrideRow = page.getByTestId("audit-row").first();
  await expect(overrideRow).toContainText("gate override");
  await expect(overrideRow.getByTestId("gate-override-reason")).toHaveText("Reason: Hotfix approved by the CTO");
  await expect(overrideRow).toContainText(`Open then: ${gating[0].code}`);

  // A gate link scrolls to its item and highlights it.
  await promote.open("qa", "production");
  await links.first().click();
  await expect(page).toHaveURL(new RegExp(`/checklists/${id}#item-${gating[0].index}$`));
  const anchored = page.locator(`#item-${gating[0].index}`);
  await expect(anchored).toHaveClass(/anchored/);
  await expect(anchored).toBeInViewport();

  // Resolve every gating item in bulk: the gate would open, so it asks
  // first, naming the gating items. Cancelled, nothing changes.
  await expect(cl.items.first()).toBeVisible();
  const selectGating = async () => {
    for (const g of gating) await page.locator(`#item-${g.index}`).getByTestId("item-select").check();
    await page.getByTestId("bulk-status").selectOption({ label: "Done" });
    await page.getByTestId("bulk-apply").click();
  };
  const openGating = async () => (await storedChecklist(page, id)).items.filter((i) => i.gates_promotion && i.status !== "Done").length;
  await selectGating();
  const dialog = page.getByTestId("confirm-dialog").filter({ hasText: "Open the go-live gate?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("gate-confirm-item")).toHaveCount(gating.length);
  await expect(dialog.getByTestId("gate-confirm-item").first()).toContainText(gating[0].code);
  await dialog.getByTestId("dialog-cancel").click();
  await expect(dialog).toBeHidden();
  await shell.reload();
  expect(await openGating()).toBe(gating.length);
  // Confirmed: the gate opens, each gating item's change is audited; the
  // last bulk change can be undone (audited too), which closes it again.
  await selectGating();
  await dialog.getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("checklist-notice")).toContainText(`Set ${gating.length} item(s) to Done`);
  await page.getByTestId("bulk-undo").click();
  await expect(page.getByTestId("checklist-notice")).toContainText(`Undone: ${gating.length} item(s)`);
  await shell.reload();
  expect(await openGating()).toBe(gating.length);
  const [done, undone] = (await storedWorkspace(page)).audit.slice(-2);
  expect(done.action).toBe("GatingItems");
  expect(done.changes.map((c) => c.path)).toEqual(gating.map((g) => `/${g.code}`));
  expect(done.changes[0].new).toBe("Done");
  expect(undone.action).toBe("GatingItems");
  expect(undone.comment).toBe("Undo of the last change");
  expect(undone.changes[0].old).toBe("Done");
  // Done again, for good.
  await selectGating();
  await dialog.getByTestId("dialog-confirm").click();
  await expect(page.getByTestId("checklist-notice")).toContainText(`Set ${gating.length} item(s) to Done`);
  await shell.reload();
  expect(await openGating()).toBe(0);
  await promote.open("qa", "production");
  await expect(page.getByTestId("gate-panel")).toHaveCount(0);
  await shell.open("/");
  await expect(page.getByTestId("gate-status")).toContainText("open");
  // Open now: a promotion into production goes through with no override.
  await setQaGiftCards(page, true);
  await promote.open("qa", "production");
  await expect(page.getByTestId("gate-override-reason")).toHaveCount(0);
  await promote.execute.click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await shell.reload();
  const last = (await storedWorkspace(page)).audit.at(-1);
  expect(last.action).toBe("Promotion");
  expect(last.gate_override).toBeUndefined();
});

/** Changes QA's config in storage, as another tab would, and reloads. */
async function setQaGiftCards(page, on) {
  await writeStored(page, (ws, value) => {
    const qa = ws.environments.find((e) => e.id === "qa");
    qa.config.features.giftCards = value;
    qa.version += 1;
  }, { arg: on });
  await page.reload();
}

for (const scheme of ["light", "dark"]) {
  test(`axe: checklist pages in the ${scheme} theme`, async ({ page, shell }) => {
    const { default: AxeBuilder } = await import("@axe-core/playwright");
    const list = new ChecklistsPage(page);
    const cl = new ChecklistPage(page);
    await page.emulateMedia({ colorScheme: scheme });
    await list.open();
    const id = await list.createFromTemplate("Go-live preparation");
    await cl.setGoLive("2020-01-10");
    await cl.setStatus("GEN-01", "Done");
    await cl.item("GEN-02").getByTestId("item-select").check();
    await cl.list.focus();
    await page.keyboard.press("j");
    const check = async () => {
      await page.waitForTimeout(200);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      return results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    };
    expect(await check()).toEqual([]);
    await page.screenshot({ path: `../../target/screenshots/checklist-${scheme}.png` });
    await list.open();
    await list.importFile(SAMPLE);
    expect(await check()).toEqual([]);
    await page.screenshot({ path: `../../target/screenshots/checklists-import-${scheme}.png`, fullPage: true });
    await shell.open("/settings");
    await page.getByTestId("gate-checklist").selectOption(id);
    await shell.open("/");
    await expect(page.getByTestId("readiness")).toBeVisible();
    expect(await check()).toEqual([]);
    await page.screenshot({ path: `../../target/screenshots/dashboard-readiness-${scheme}.png`, fullPage: true });
  });
}

test("the Spryker go-live page, pasted as copied, imports exactly with a report", async ({ page, shell }) => {
  const text = await readFile(new URL("../../../crates/core/tests/fixtures/spryker-go-live.md", import.meta.url), "utf8");
  await shell.open("/checklists");
  await page.getByText("Or paste a page or table").click();
  await page.getByTestId("checklist-paste").fill(text);
  await page.getByTestId("checklist-paste-read").click();
  const preview = page.getByTestId("checklist-import-preview");
  await expect(preview).toBeVisible();
  await expect(page.getByTestId("checklist-import-summary")).toContainText("84 item(s) in 4 timeframe(s)");
  await expect(page.getByTestId("import-timeframe-count")).toHaveText(["41", "22", "15", "6"]);
  await expect(page.getByTestId("checklist-import-name")).toHaveValue("Preparation for going live");
  const warnings = page.getByTestId("checklist-import-warnings");
  await expect(warnings).toContainText('the row of item "GEN-01" went on in line 29');
  await expect(warnings).toContainText("site-relative links resolved against");
  await expect(warnings).toContainText(/skipped \d+/);
  await page.getByTestId("checklist-import-accept").click();
  await expect.poll(async () => (await readStored(page)).checklists.length).toBeGreaterThan(0);
  await shell.reload();
  const list = (await readStored(page)).checklists.find((c) => c.name === "Preparation for going live");
  expect(list.items).toHaveLength(84);
  const gen = list.items.find((i) => i.id === "GEN-01" || i.code === "GEN-01");
  expect(JSON.stringify(gen)).toContain("Update them if plans change.");
  expect(JSON.stringify(gen)).toContain("hypercare phase");
  // On its page, <br> is a line break and inline code is styled, not markup.
  await shell.open(`/checklists/${list.id}`);
  const item = page.locator("main").getByText("Update them if plans change.").first();
  await expect(item).toBeVisible();
  expect(await page.locator("main br").count()).toBeGreaterThan(0);
  expect(await page.locator("main code").count()).toBeGreaterThan(0);
  await expect(page.locator("main")).not.toContainText("<br>");
});
