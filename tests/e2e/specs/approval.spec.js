import { readStored, writeStored } from "../stored.js";
// Issues 6 and 17: stakeholder approval by link and file, signed by the
// approver's key and counted only from a trusted approver; the print view.
import { readFile } from "node:fs/promises";
import { test, expect } from "../fixtures.js";
import { dropFile } from "../helpers.js";
import { storedWorkspace } from "../pages/environments.js";
import { answer, attachRecord, decode, makeKey, trustCard } from "../pages/approvals.js";

/** Turns on "Require an approval" in Settings, as a release manager would. */
async function requireApproval(page) {
  await page.goto("/settings");
  await page.getByTestId("require-approval").check();
  await expect.poll(async () => (await readStored(page)).settings.require_approval).toBe(true);
}

/** An approver in a browser of their own, whose key card the requester trusts. */
async function trustedApprover(browser, page, name) {
  const context = await browser.newContext();
  const approver = await context.newPage();
  const key = await makeKey(approver, name);
  await trustCard(page, key.link, { name, fingerprint: key.fingerprint });
  return { context, approver, ...key };
}

async function requestLink(page, { secrets = false } = {}) {
  await page.goto("/promote/qa/production");
  await page.getByTestId("promote-comment").fill("Release 3.1.4 to production");
  if (secrets) await page.getByTestId("request-include-secrets").check();
  await page.getByTestId("request-approval").click();
  return page.getByTestId("request-link").inputValue();
}

test("signed approval round trip: key card, trust, request, sign elsewhere, confirm, promote", async ({ page, browser, shell }) => {
  await shell.open("/");
  await requireApproval(page);
  await page.goto("/promote/qa/production");
  await expect(page.getByTestId("approval-status")).toContainText("signed by a trusted approver, is required");
  await page.getByTestId("execute").click();
  await expect(page.getByTestId("promote-error")).toContainText("needs an approval");

  // A stakeholder makes their signing key in a fresh browser with empty storage.
  const other = await browser.newContext();
  const approver = await other.newPage();
  const errors = [];
  // A static host answers the deep link /approve with 404.html (status 404):
  // that one is expected, as in the fixtures; any other error is not.
  const deepLink404 = (m) => m.text().includes("status of 404") && new URL(m.location().url).pathname === "/approve";
  approver.on("console", (m) => m.type() === "error" && !deepLink404(m) && errors.push(m.text()));
  const { fingerprint, link: cardLink } = await makeKey(approver, "Grace Hopper");
  expect(decode(cardLink).kind).toBe("preflight-key-card");
  // The key survives a reload: the same fingerprint, read from IndexedDB.
  await approver.reload();
  await expect(approver.getByTestId("my-fingerprint")).toHaveText(fingerprint);

  // The requester opens the key card: nothing is trusted until confirmed.
  await page.goto(cardLink);
  await expect(page.getByTestId("card-fingerprint")).toHaveText(fingerprint);
  expect((await storedWorkspace(page)).settings.trusted_approvers ?? []).toHaveLength(0);
  await trustCard(page, cardLink, { name: "Grace Hopper", fingerprint });
  await shell.reload();
  let ws = await storedWorkspace(page);
  expect(ws.settings.trusted_approvers.map((t) => [t.name, t.fingerprint])).toEqual([["Grace Hopper", fingerprint.replace(/ /g, "")]]);
  await page.goto("/settings");
  await expect(page.getByTestId("trusted-row")).toContainText("Grace Hopper");
  await expect(page.getByTestId("trusted-fingerprint")).toHaveText(fingerprint);

  const link = await requestLink(page);
  expect(link).toMatch(/\/approve#r=[A-Za-z0-9_-]+$/);
  // The payload holds no secret value unless the requester opted in.
  const envelope = decode(link);
  expect(envelope.kind).toBe("preflight-approval-request");
  const text = JSON.stringify(envelope);
  for (const secret of ["qa-erp-pass-37", "live-erp-pass-2f8c", "qa-sf-0b8e3f5512", "live-sf-e94a20c7b3"]) {
    expect(text).not.toContain(secret);
  }
  const withSecrets = decode(await requestLink(page, { secrets: true }));
  expect(JSON.stringify(withSecrets)).toContain("qa-erp-pass-37");
  const finalLink = await requestLink(page);

  // The approver opens the request and signs an answer.
  await approver.goto(finalLink);
  const request = approver.getByTestId("approval-request");
  await expect(request).toContainText("QA → Production");
  await expect(approver.getByTestId("request-comment")).toHaveText("Release 3.1.4 to production");
  await expect(approver.getByTestId("request-hash")).toHaveText(envelope.body.changeset_hash);
  await expect(request).not.toContainText("qa-erp-pass-37");
  await expect(approver.getByTestId("signing-as")).toContainText(`You answer as Grace Hopper, signed with your key ${fingerprint}`);
  const recordLink = await answer(approver, finalLink, { comment: "Go ahead" });
  await expect(approver.getByTestId("approval-record")).toContainText("Approved by Grace Hopper");
  await expect(approver.getByTestId("record-signer")).toContainText(fingerprint);
  // Print view of the record: signer and fingerprint are on it.
  await approver.emulateMedia({ media: "print" });
  await expect(approver.getByTestId("header-decision")).toContainText("Approved by Grace Hopper");
  await expect(approver.getByTestId("header-fingerprint")).toHaveText(fingerprint);
  await expect(approver.getByTestId("header-fingerprint")).toBeVisible();
  await expect(approver.locator(".print-header")).toContainText("approval record");
  await expect(approver.locator(".print-header")).toContainText(envelope.body.changeset_hash);
  await approver.screenshot({ path: "../../target/screenshots/approval-record-print.png", fullPage: true });
  await expect(approver.getByRole("navigation", { name: "Main" })).toBeHidden();
  await approver.emulateMedia({ media: "screen" });
  const record = decode(recordLink);
  expect(record.kind).toBe("preflight-approval-record");
  expect(record.body.approval.signature.public_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(record.body.approval.signature.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
  expect(errors).toEqual([]);
  await other.close();

  // Back in the requester's browser: the record waits for a confirmation.
  await page.goto(recordLink);
  await expect(page.getByTestId("preview-decision")).toHaveText("Approved");
  await expect(page.getByTestId("preview-scope")).toHaveText(`${envelope.body.selected.length} change(s)`);
  await page.screenshot({ path: "../../target/screenshots/approval-record-confirm.png", fullPage: true });
  expect((await storedWorkspace(page)).approvals).toHaveLength(0);
  await attachRecord(page, recordLink, { signer: "Grace Hopper", fingerprint });
  await page.getByTestId("record-promote-link").click();
  await expect(page.getByTestId("approval-status")).toContainText("Approved by Grace Hopper");
  await expect(page.getByTestId("approval-signer")).toContainText(fingerprint);
  await page.getByTestId("execute").click();
  await expect(page.getByTestId("promote-success")).toBeVisible();
  await expect(page.getByTestId("print-header")).toContainText(`Approved by Grace Hopper (key ${fingerprint})`);
  await shell.reload();
  ws = await storedWorkspace(page);
  expect(ws.approvals).toHaveLength(1);
  expect(ws.approvals[0].signature.public_key).toBe(record.body.approval.signature.public_key);
  expect(ws.approvals[0].attached_at).toBeTruthy();
  expect(ws.audit.map((e) => e.action)).toEqual(["GuardChanged", "GuardChanged", "Approval", "Promotion"]);
  expect(ws.audit[0].comment).toBe("Approval for production: not required → required");
  expect(ws.audit[1].comment).toBe(`Trusted approver added: Grace Hopper (key ${fingerprint})`);
  expect(ws.audit[2].comment).toBe(`Approved by Grace Hopper (key ${fingerprint}): Go ahead`);
  await shell.navLink("History").click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "Approved by Grace Hopper" })).toContainText("Approval");
});

test("tampered and truncated links give a clear error and show nothing", async ({ page, shell }) => {
  await shell.open("/");
  const link = await requestLink(page);
  const [head, payload] = link.split("#r=");
  const i = Math.floor(payload.length / 2);
  const tampered = `${head}#r=${payload.slice(0, i)}${payload[i] === "A" ? "B" : "A"}${payload.slice(i + 1)}`;
  await page.goto(tampered);
  await expect(page.getByTestId("approve-error")).toContainText("cannot be used");
  await expect(page.getByTestId("approval-request")).toHaveCount(0);
  await page.goto(`${head}#r=${payload.slice(0, Math.floor(payload.length * 0.6))}`);
  await expect(page.getByTestId("approve-error")).toContainText(/damaged|cut short|changed/);
  await expect(page.getByTestId("approval-request")).toHaveCount(0);
  await page.goto(`${head}#r=not*a*link`);
  await expect(page.getByTestId("approve-error")).toContainText("character 4");
});

test("a record whose change set moved on is refused", async ({ page, browser, shell }) => {
  await shell.open("/");
  const { context: other, approver } = await trustedApprover(browser, page, "Linus");
  const link = await requestLink(page);
  const recordLink = await answer(approver, link, { decision: "reject" });
  await other.close();
  // The target changes meanwhile.
  await writeStored(page, (ws) => {
    ws.environments[2].config.logging.level = "error";
    ws.environments[2].version += 1;
  });
  await page.goto(recordLink);
  await expect(page.getByTestId("approve-error")).toContainText("no longer matches");
  await expect(page.getByTestId("attach-record")).toHaveCount(0);
  expect((await storedWorkspace(page)).approvals).toHaveLength(0);
});

test("a request file can be dropped on the approve page", async ({ page, shell }) => {
  await shell.open("/");
  await requestLink(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("request-download").click()]);
  expect(download.suggestedFilename()).toBe("approval-request.preflight.json");
  const path = await download.path();
  await page.goto("/approve");
  await page.getByTestId("approve-file").setInputFiles(path);
  await expect(page.getByTestId("approval-request")).toContainText("QA → Production");
  await page.getByTestId("approve-file").setInputFiles({ name: "x.preflight.json", mimeType: "application/json", buffer: Buffer.from('{"kind":"preflight-approval-request","version":1,"sha256":"00","body":{}}') });
  await expect(page.getByTestId("approve-error")).toContainText("checksum does not match");
});


test("the approval record comes back as a dropped file and is attached", async ({ page, browser, shell }) => {
  await shell.open("/");
  const { context: other, approver, fingerprint } = await trustedApprover(browser, page, "Margaret Hamilton");
  const link = await requestLink(page);
  await answer(approver, link);
  const [download] = await Promise.all([approver.waitForEvent("download"), approver.getByTestId("record-download").click()]);
  expect(download.suggestedFilename()).toBe("approval-record.preflight.json");
  const text = await readFile(await download.path(), "utf8");
  expect(JSON.parse(text).kind).toBe("preflight-approval-record");
  await other.close();

  await page.goto("/approve");
  await dropFile(page, "approve-drop", "approval-record.preflight.json", text, "application/json");
  await expect(page.getByTestId("preview-fingerprint")).toHaveText(fingerprint);
  await page.getByTestId("attach-record").click();
  await expect(page.getByTestId("record-attached")).toContainText("Approved by Margaret Hamilton");
  await shell.reload();
  const ws = await storedWorkspace(page);
  expect(ws.approvals.map((a) => a.approver)).toEqual(["Margaret Hamilton"]);
  expect(ws.audit.at(-1).action).toBe("Approval");
  await page.goto("/promote/qa/production");
  await expect(page.getByTestId("approval-status")).toContainText("Approved by Margaret Hamilton");
  // Ticking a change the approver did not see: the approval no longer covers the selection.
  await page.locator('[data-path="/database/host"] [data-testid="change-checkbox"]').check();
  await expect(page.getByTestId("approval-scope")).toContainText("does not cover 1 of the selected changes");
});

test("a link too long to send warns and points to the file", async ({ page, shell }) => {
  await shell.open("/");
  // An ordinary change set makes a link that fits: no warning.
  expect((await requestLink(page)).length).toBeLessThan(8000);
  await expect(page.getByTestId("request-long-warning")).toHaveCount(0);
  // A QA with many new settings makes a large change set.
  await writeStored(page, (ws) => {
    const qa = ws.environments.find((e) => e.id === "qa");
    qa.config.catalog = {};
    for (let i = 0; i < 1500; i++) qa.config.catalog[`item${i}`] = `description of catalog item number ${i} ${Math.random().toString(36)}`;
    qa.version += 1;
  });
  await page.reload();
  const link = await requestLink(page);
  expect(link.length).toBeGreaterThan(8000);
  await expect(page.getByTestId("request-long-warning")).toContainText("Send the file instead");
});
