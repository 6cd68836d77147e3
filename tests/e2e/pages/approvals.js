// Page object for signed approvals: the approver's key card, trusting it,
// answering a request, and attaching the answer; plus the pieces a test
// needs to build records of its own (as an attacker would) in Node.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { expect } from "@playwright/test";

/** The envelope inside a link (`#r=`, `#a=` or `#k=`). */
export function decode(link) {
  const payload = link.split("#")[1].replace(/^[rak]=/, "");
  return JSON.parse(inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8"));
}

/** A link holding `body` as a record envelope with a valid checksum. */
export function recordLink(origin, body) {
  const sha256 = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  const envelope = { kind: "preflight-approval-record", version: 1, sha256, body };
  const payload = deflateRawSync(Buffer.from(JSON.stringify(envelope))).toString("base64url");
  return `${origin}/approve#a=${payload}`;
}

/** The bytes Preflight signs for an approval (crates/core approval::signing). */
export function signingBytes(a) {
  const parts = [Buffer.from("preflight/approval-signature/v1\0")];
  const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const put = (s) => { const b = Buffer.from(s, "utf8"); parts.push(u32(b.length), b); };
  put(a.changeset_hash);
  const selected = a.selected ?? [];
  parts.push(u32(selected.length));
  selected.forEach(put);
  put(a.decision === "Approved" ? "approved" : "rejected");
  put(a.approver);
  put(a.comment);
  put((BigInt(Date.parse(a.time)) * 1000000n).toString());
  return Buffer.concat(parts);
}

/** A fresh Ed25519 key in Node: `{ publicKey (base64url raw), sign(bytes) }`. */
export function nodeKey() {
  const pair = generateKeyPairSync("ed25519");
  return {
    publicKey: pair.publicKey.export({ format: "jwk" }).x,
    sign: (bytes) => sign(null, bytes, pair.privateKey).toString("base64url"),
  };
}

/** `approval` signed by `key`, with the digest Preflight records. */
export function signWith(key, approval) {
  const bytes = signingBytes(approval);
  return {
    ...approval,
    signature: {
      public_key: key.publicKey,
      signature: key.sign(bytes),
      signed_digest: createHash("sha256").update(bytes).digest("hex"),
    },
  };
}

/** Makes this browser's signing key on /approve; returns its fingerprint and key card link. */
export async function makeKey(page, name) {
  await page.goto("/approve");
  const card = page.getByTestId("signing-key");
  await card.getByTestId("key-name").fill(name);
  await card.getByTestId("create-key").click();
  await expect(card.getByTestId("my-key-name")).toHaveText(name);
  const fingerprint = await card.getByTestId("my-fingerprint").textContent();
  expect(fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  const link = await card.getByTestId("key-card-link").inputValue();
  expect(link).toMatch(/\/approve#k=[A-Za-z0-9_-]+$/);
  return { fingerprint, link };
}

/** Opens a key card link and trusts it through the confirmation. */
export async function trustCard(page, link, { name, fingerprint }) {
  await page.goto(link);
  const opened = page.getByTestId("key-card-opened");
  await expect(opened.getByTestId("card-name")).toHaveText(name);
  await expect(opened.getByTestId("card-fingerprint")).toHaveText(fingerprint);
  await opened.getByTestId("trust-key").click();
  const dialog = page.getByTestId("confirm-dialog").filter({ has: page.getByTestId("confirm-fingerprint") });
  await expect(dialog.getByTestId("confirm-fingerprint")).toHaveText(fingerprint);
  await dialog.getByTestId("dialog-confirm").click();
  await expect(opened.getByTestId("trust-done")).toContainText(`${name} is now a trusted approver`);
}

/** The approver answers the request at `link`; returns the record link. */
export async function answer(page, link, { decision = "approve", comment = "" } = {}) {
  await page.goto(link);
  await expect(page.getByTestId("signing-as")).toContainText("You answer as");
  if (comment) await page.getByTestId("approver-comment").fill(comment);
  await page.getByTestId(decision).click();
  await expect(page.getByTestId("approval-record")).toBeVisible();
  return page.getByTestId("record-link").inputValue();
}

/** Opens a record link, checks what the confirmation shows, and attaches it. */
export async function attachRecord(page, link, { signer, fingerprint }) {
  await page.goto(link);
  const opened = page.getByTestId("record-opened");
  await expect(opened.getByTestId("preview-signer")).toHaveText(signer);
  await expect(opened.getByTestId("preview-fingerprint")).toHaveText(fingerprint);
  await opened.getByTestId("attach-record").click();
  await expect(opened.getByTestId("record-attached")).toContainText(`by ${signer} (key ${fingerprint})`);
}
