// Trunk post-build hook: moves Trunk's inline module loader out of
// index.html into a content-hashed file, so the Content-Security-Policy
// can keep `script-src 'self'` without 'unsafe-inline' or a per-build hash.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("externalize-loader: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");

const inline = /<script type="module"(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
let count = 0;
const out = html.replace(inline, (_whole, body) => {
  count += 1;
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const name = `loader-${hash}.js`;
  writeFileSync(join(dir, name), body.trim() + "\n");
  return `<script type="module" src="${publicUrl}${name}"></script>`;
});

if (count === 0) {
  console.error("externalize-loader: no inline module script found in index.html");
  process.exit(1);
}
writeFileSync(indexPath, out);
console.log(`externalize-loader: moved ${count} inline script(s) out of index.html`);
