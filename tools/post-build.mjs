// Trunk post-build hook (the only one: Trunk runs the hooks of a stage in
// parallel, so the steps that depend on each other run here, in order):
//
// 1. externalize-loader.mjs moves Trunk's inline loader script into a
//    hashed file (the CSP allows no inline script);
// 2. a build id (a hash of every file of the build) goes into index.html as
//    <meta name="preflight-build">, so the app can tell a new release;
// 3. sw.js gets that id and the list of files to precache (relative to its
//    own URL, so it works under any --public-url);
// 4. 404.html, a copy of index.html, makes deep links work on static hosts
//    that serve it for unknown paths (GitHub Pages, Netlify, Cloudflare
//    Pages, S3 website hosting with it as the error document). Its <base
//    href> is absolute, so it loads the app from any depth.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

await import("./externalize-loader.mjs");

const dir = process.env.TRUNK_STAGING_DIR;
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
if (!dir) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}
if (!publicUrl.startsWith("/") && !/^https?:\/\//.test(publicUrl)) {
  // A relative <base href> ("./") resolves against each deep link's own
  // path, so the app could not load from /environments/qa.
  console.error(`post-build: --public-url must be absolute (like /some/sub/path/), not "${publicUrl}"`);
  process.exit(1);
}

// Files the service worker must not precache: itself, and the 404 copy.
const skip = new Set(["sw.js", "404.html"]);
function walk(at) {
  return readdirSync(at).flatMap((name) => {
    if (name.startsWith(".")) return [];
    const path = join(at, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(dir, path).split(sep).join("/")];
  });
}
const files = walk(dir)
  .filter((f) => !skip.has(f))
  .sort();

// The id covers every file but index.html (which will carry it).
const hash = createHash("sha256");
for (const f of files.filter((f) => f !== "index.html")) {
  hash.update(f).update("\0").update(readFileSync(join(dir, f))).update("\0");
}
const build = hash.digest("hex").slice(0, 16);

const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");
if (!html.includes("</head>")) {
  console.error("post-build: index.html has no </head>");
  process.exit(1);
}
html = html.replace("</head>", `<meta name="preflight-build" content="${build}" /></head>`);
writeFileSync(indexPath, html);
writeFileSync(join(dir, "404.html"), html);

const swPath = join(dir, "sw.js");
let sw;
try {
  sw = readFileSync(swPath, "utf8");
} catch {
  console.error("post-build: sw.js is missing (index.html should copy assets/sw.js)");
  process.exit(1);
}
const filled = sw
  .replace(/^const BUILD = ".*";$/m, `const BUILD = ${JSON.stringify(build)};`)
  .replace(/^const PRECACHE = \[\];$/m, `const PRECACHE = ${JSON.stringify(files)};`);
if (!filled.includes(JSON.stringify(build)) || !filled.includes("const PRECACHE = [\"")) {
  console.error("post-build: sw.js lacks the BUILD and PRECACHE lines to fill in");
  process.exit(1);
}
writeFileSync(swPath, filled);
console.log(`post-build: build ${build}, ${files.length} file(s) to precache, 404.html written`);
