// Issue 17: approvals that cannot be forged. Records built here in Node
// from a real request link, as an attacker would, are refused each with
// its own reason; nothing is attached unasked; storage holds none of them.
import { test, expect } from "../fixtures.js";
import { storedWorkspace } from "../pages/environments.js";
import { answer, decode, makeKey, nodeKey, recordLink, signWith, trustCard } from "../pages/approvals.js";

async function requireApproval(page) {
  await page.goto("/settings");
  await page.getByTestId("require-approval").check();
  await expect.poll(async () => (await storedWorkspace(page)).settings.require_approval).toBe(true);
}

async function requestLink(page) {
  await page.goto("/promote/qa/production");
  await page.getByTestId("request-approval").click();
  return page.getByTestId("request-link").inputValue();
}

/** An approval of the request at `link`, as the approve page would make it, unsigned. */
function approvalFor(link, { approver = "Grace Hopper", decision = "Approved", time = "2026-05-01T12:00:00Z" } = {}) {
  const request = decode(link).body;
  return {
    from: request.from,
    to: request.to,
    approval: {
      changeset_hash: request.changeset_hash,
      decision,
      approver,
      comment: "Approved by the CTO",
      time,
      selected: request.selected,
    },
  };
}

test("forged, untrusted, altered and unsigned records are refused, each saying which", async ({ page, browser, shell }) => {
  await shell.open("/");
  await requireApproval(page);
  const origin = new URL(page.url()).origin;

  // Grace is a trusted approver: her real answer is the one to imitate.
  const context = await browser.newContext();
  const grace = await context.newPage();
  const key = await makeKey(grace, "Grace Hopper");
  await trustCard(page, key.link, { name: "Grace Hopper", fingerprint: key.fingerprint });
  const link = await requestLink(page);
  const real = decode(await answer(grace, link, { comment: "ok" })).body;
  await context.close();

  const mallory = nodeKey();
  const cases = [
    // Signed by a key nobody trusted, in Grace's name.
    ["untrusted", (() => {
      const r = approvalFor(link);
      r.approval = signWith(mallory, r.approval);
      return r;
    })()],
    // No signature at all.
    ["unsigned", approvalFor(link, { approver: "CTO" })],
    // Grace's real record with its decision turned around.
    ["altered", { ...real, approval: { ...real.approval, decision: "Rejected" } }],
    // Grace's public key, Mallory's signature over the same bytes.
    ["forged", (() => {
      const r = approvalFor(link);
      r.approval = signWith(mallory, r.approval);
      r.approval.signature.public_key = real.approval.signature.public_key;
      return r;
    })()],
  ];
  for (const [reason, body] of cases) {
    await page.goto(recordLink(origin, body));
    const error = page.getByTestId("approve-error");
    await expect(error, reason).toContainText(`refused as ${reason}`);
    await expect(page.getByTestId("attach-record")).toHaveCount(0);
    await expect(page.getByTestId("record-preview")).toHaveCount(0);
  }
  await page.screenshot({ path: "../../target/screenshots/approval-forged-refused.png", fullPage: true });

  // The gate stays shut and nothing was stored.
  await shell.reload();
  const ws = await storedWorkspace(page);
  expect(ws.approvals).toEqual([]);
  expect(ws.audit.filter((e) => e.action === "Approval")).toEqual([]);
  await page.goto("/promote/qa/production");
  await page.getByTestId("execute").click();
  await expect(page.getByTestId("promote-error")).toContainText("needs an approval");
});

test("a record link attaches only when confirmed, and a record dated 2099 does not override a later rejection", async ({ page, browser, shell }) => {
  await shell.open("/");
  await requireApproval(page);
  const context = await browser.newContext();
  const grace = await context.newPage();
  const key = await makeKey(grace, "Grace Hopper");
  await trustCard(page, key.link, { name: "Grace Hopper", fingerprint: key.fingerprint });
  const link = await requestLink(page);
  const approvalLink = await answer(grace, link);
  const rejectionLink = await answer(grace, link, { decision: "reject" });
  await context.close();

  // Opened and cancelled: nothing attached, even after a reload.
  await page.goto(approvalLink);
  await expect(page.getByTestId("preview-signer")).toHaveText("Grace Hopper");
  await page.getByTestId("cancel-record").click();
  await expect(page.getByTestId("record-cancelled")).toBeVisible();
  await shell.reload();
  expect((await storedWorkspace(page)).approvals).toEqual([]);

  // The approval is attached first, the rejection after: the rejection decides.
  for (const l of [approvalLink, rejectionLink]) {
    await page.goto(l);
    await page.getByTestId("attach-record").click();
    await expect(page.getByTestId("record-attached")).toBeVisible();
  }
  await page.goto("/promote/qa/production");
  await expect(page.getByTestId("approval-status")).toContainText("Rejected by Grace Hopper");

  // A stored record whose claimed time is moved to 2099 no longer verifies
  // (altered) and cannot win either.
  const { writeStored } = await import("../stored.js");
  await writeStored(page, (ws) => {
    ws.approvals[0].time = "2099-01-01T00:00:00Z";
  });
  await shell.reload();
  await page.goto("/promote/qa/production");
  await expect(page.getByTestId("approval-status")).toContainText("Rejected by Grace Hopper");
  await expect(page.getByTestId("approval-refused")).toContainText("Does not count: Approved by Grace Hopper, altered");
  await page.getByTestId("execute").click();
  await expect(page.getByTestId("promote-error")).toContainText("rejected");
});
